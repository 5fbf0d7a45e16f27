"""`sse-explainer` (and `python -m app`): serve the explainer with uvicorn."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from types import FrameType

from app import __version__
from app.config import Settings


def parser(settings: Settings) -> argparse.ArgumentParser:
    """The command line: host, port, reload and proxy headers."""
    p = argparse.ArgumentParser(
        prog="sse-explainer",
        description="Serve sse-explainer, the squared-error loss and gradient explainer.",
    )
    p.add_argument("--host", default=settings.host, help="address to bind (default %(default)s)")
    p.add_argument("--port", type=int, default=settings.port, help="port (default %(default)s)")
    p.add_argument("--reload", action="store_true", help="restart when the code changes")
    p.add_argument(
        "--proxy-headers",
        action="store_true",
        help="trust X-Forwarded-* headers (behind a reverse proxy or in Docker)",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def _exit_cleanly(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments, print the address and run uvicorn until stopped."""
    import uvicorn

    args = parser(Settings()).parse_args(argv)
    # uvicorn shuts down gracefully on SIGTERM, then re-raises the signal to the handler that
    # was there before it; ours turns it into exit status 0 (what Docker and systemd expect).
    signal.signal(signal.SIGTERM, _exit_cleanly)
    shown_host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    print(f"sse-explainer {__version__}: serving on http://{shown_host}:{args.port}", flush=True)
    uvicorn.run(
        "app.main:app",
        host=args.host,
        port=args.port,
        reload=args.reload,
        proxy_headers=args.proxy_headers,
        forwarded_allow_ips="*" if args.proxy_headers else None,
        log_level="info",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
