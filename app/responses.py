"""JSON responses encoded with orjson (many times faster than the stdlib on figure-sized data)."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response


class ORJSON(Response):
    """application/json encoded by orjson; numpy arrays are written as lists."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        """Encode content; orjson refuses NaN and infinities, so none can slip out."""
        return orjson.dumps(content, option=orjson.OPT_SERIALIZE_NUMPY)
