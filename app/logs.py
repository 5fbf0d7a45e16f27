"""Access logs with one line per request and no query values (they can be anything typed)."""

from __future__ import annotations

import copy
import logging
from typing import Any


class DropQuery(logging.Filter):
    """Cut the query string from uvicorn's access records: `GET /samples?t=... ` -> `/samples`.

    uvicorn's access record has args (client, method, full path, HTTP version, status); the
    path keeps a `?` marker so a reader can still tell that a query was sent.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's path argument in place; never drop a record."""
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            path, sep, _ = args[2].partition("?")
            record.args = (args[0], args[1], path + ("?…" if sep else ""), args[3], args[4])
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's default logging config with DropQuery on the access log."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["drop_query"] = {"()": "app.logs.DropQuery"}
    config["handlers"]["access"]["filters"] = ["drop_query"]
    return config
