"""`sse-explainer` (and `python -m app`): serve the explainer, or export it as static files.

sse-explainer [--host H] [--port P] [--workers N|auto] [--reload] [--proxy-headers]
sse-explainer export OUTDIR [--lesson KEY ...] [--images] [NAME=VALUE ...]
sse-explainer image CHART [NAME=VALUE ...] -o FILE
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from app import __version__
from app.config import Settings


def parser(settings: Settings) -> argparse.ArgumentParser:
    """The command line: host, port, reload and proxy headers."""
    p = argparse.ArgumentParser(
        prog="sse-explainer",
        description="Serve sse-explainer, the squared-error loss and gradient explainer.",
        epilog="commands:\n  export OUTDIR [--lesson KEY ...] [--images] [NAME=VALUE ...]\n"
        "                        write every page and embed as static HTML"
        " (sse-explainer export --help)\n"
        "  image CHART [NAME=VALUE ...] -o FILE\n"
        "                        write one chart of a state as SVG, PNG or PDF"
        " (sse-explainer image --help)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--host", default=settings.host, help="address to bind (default %(default)s)")
    p.add_argument("--port", type=int, default=settings.port, help="port (default %(default)s)")
    p.add_argument(
        "--workers",
        type=_workers,
        default=settings.workers,
        help="server processes: a number, or auto for one a CPU (default %(default)s;"
        " SSE_WORKERS). A worker that dies is replaced; SIGTERM lets each finish its requests",
    )
    p.add_argument("--reload", action="store_true", help="restart when the code changes")
    p.add_argument(
        "--proxy-headers",
        action="store_true",
        help="trust X-Forwarded-For/-Proto from the addresses in SSE_FORWARDED_ALLOW_IPS"
        " (default: loopback), as behind a reverse proxy",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def _workers(text: str) -> int | str:
    """--workers: a whole number from 1, or auto."""
    if text == "auto":
        return text
    if text.isdigit() and int(text) >= 1:
        return int(text)
    raise argparse.ArgumentTypeError(f"a number of processes from 1, or auto, not {text!r}")


def port_taken(host: str, port: int) -> str | None:
    """Why `host:port` cannot be listened on, in a sentence that says what to do; None if it can.

    >>> import socket
    >>> with socket.socket() as held:
    ...     held.bind(("127.0.0.1", 0)); held.listen()
    ...     port = held.getsockname()[1]
    ...     port_taken("127.0.0.1", port).startswith(f"port {port} on 127.0.0.1 is taken")
    True
    """
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # as uvicorn binds: SO_REUSEADDR, so a port in TIME_WAIT is not called taken
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return (
                    f"port {port} on {host} is taken by another program. Choose another: "
                    f"sse-explainer --port {port + 1} (or SSE_PORT={port + 1}; with make: "
                    f"make serve SSE_PORT={port + 1})."
                )
            return f"cannot listen on {host}:{port}: {error.strerror}."
    return None


def _exit_cleanly(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def export_parser() -> argparse.ArgumentParser:
    """The `export` command line."""
    from app.nav import NAV

    p = argparse.ArgumentParser(
        prog="sse-explainer export",
        description="Write every page and embed as static HTML that works from file:// "
        "and any static host, with no server and no network.",
    )
    p.add_argument("outdir", type=Path, help="folder to write (created if missing)")
    p.add_argument(
        "--lesson",
        action="append",
        choices=[item.key for item in NAV],
        help="export only this lesson (repeatable; default: all)",
    )
    p.add_argument(
        "--images",
        action="store_true",
        help="also write every chart as SVG and PNG (embed/<chart>.svg, .png; needs Chromium)",
    )
    _state_argument(p, "the state to export, as in the page URL (e.g. t=1 o=0.3 lr=0.5 half=1)")
    return p


def _state_argument(p: argparse.ArgumentParser, text: str) -> None:
    p.add_argument("params", nargs="*", metavar="NAME=VALUE", help=text)


def _state_params(p: argparse.ArgumentParser, items: Sequence[str]) -> dict[str, str]:
    """NAME=VALUE arguments as a query's parameters; anything else is a usage error."""
    params: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            p.error(f"state parameters look like NAME=VALUE, not {item!r}")
        params[name] = value
    return params


def _no_images() -> str | None:
    """Why no image can be drawn here (no Chromium), or None."""
    from app.renderer import HOW_TO_ENABLE, find_chromium

    return None if find_chromium(Settings().chromium) else HOW_TO_ENABLE


def image_parser() -> argparse.ArgumentParser:
    """The `image` command line."""
    from app.pages.charts import EMBEDS
    from app.pages.images import FORMATS

    p = argparse.ArgumentParser(
        prog="sse-explainer image",
        description="Write one chart of a state as an image, drawn by Plotly's static export"
        " (as /embed/<chart>.svg|png|pdf answers it; needs Chromium).",
        epilog="charts: " + ", ".join(EMBEDS),
    )
    p.add_argument("chart", choices=list(EMBEDS), metavar="CHART", help="the chart (see below)")
    _state_argument(
        p,
        "the state and the look, as in the image URL: e.g. t=1 o=0.3 lr=0.5 width=800"
        " scale=2 theme=dark background=transparent title=1",
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        help="file to write; its extension picks the format: "
        + ", ".join(f".{f}" for f in FORMATS),
    )
    return p


def image_main(argv: Sequence[str]) -> int:
    """Run `sse-explainer image`: draw the chart and write the file, or say what is wrong."""
    import asyncio

    from app.i18n import LANGUAGES, use
    from app.pages.images import FORMATS, drawn, image_of
    from app.renderer import ImageError, Renderer, find_chromium

    p = image_parser()
    args = p.parse_intermixed_args(argv)
    fmt = args.output.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        p.error(f"the output's extension picks the format: .svg, .png or .pdf, not {fmt!r}")
    params = _state_params(p, args.params)
    lang = params.get("lang", "en")
    if lang not in LANGUAGES:
        p.error(f"lang is one of {', '.join(LANGUAGES)}, not {lang!r}")
    with use(lang):  # the chart's words in the language asked, as the image URL draws them
        made = image_of(args.chart, params)
    if isinstance(made, dict):
        for field, message in made.items():
            print(f"sse-explainer image: {field}: {message}", file=sys.stderr)
        return 2
    settings = Settings()
    renderer = Renderer(find_chromium(settings.chromium), 1, 0, settings.image_timeout)
    try:
        data = asyncio.run(drawn(renderer, made, fmt))
    except ImageError as error:
        print(f"sse-explainer image: {error}", file=sys.stderr)
        return 2
    finally:
        renderer.stop()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data) / 1024:.0f} KB, {made.alt})")
    return 0


def export_main(argv: Sequence[str]) -> int:
    """Run `sse-explainer export`: write the site with a progress bar, then say where it is."""
    from app.export import export, progress_bar

    p = export_parser()
    args = p.parse_intermixed_args(argv)
    params = _state_params(p, args.params)
    if args.images and (why := _no_images()):
        print(f"sse-explainer export: --images: {why}", file=sys.stderr)
        return 2
    notes: list[str] = []

    def left_out(lesson: str, reasons: dict[str, str]) -> None:
        said = "; ".join(f"{name} ({why})" for name, why in reasons.items())
        notes.append(f"{lesson}: left out {said}")

    written = export(args.outdir, args.lesson, params, progress_bar, left_out, args.images)
    for note in notes:
        print(note)
    pages = [path for path in written if path.suffix == ".html"]
    images = [path for path in written if path.suffix in (".svg", ".png")]
    index = args.outdir / "index.html"
    also = f" and {len(images)} images" if images else ""
    print(f"wrote {len(pages)} pages{also} and their assets to {args.outdir}")
    if index.exists():
        print(f"open {index.resolve().as_uri()}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments, print the address and run uvicorn until stopped."""
    import uvicorn

    from app.head_timeout import HeadTimeoutProtocol
    from app.logs import log_config

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["export"]:
        return export_main(argv[1:])
    if argv[:1] == ["image"]:
        return image_main(argv[1:])
    settings = Settings()
    p = parser(settings)
    args = p.parse_args(argv)
    workers = Settings(workers=args.workers).worker_count()
    if workers > 1 and args.reload:
        p.error("--reload restarts one process: it cannot be used with --workers")
    # uvicorn shuts down gracefully on SIGTERM, then re-raises the signal to the handler that
    # was there before it; ours turns it into exit status 0 (what Docker and systemd expect).
    # With workers, uvicorn's supervisor stops them all on SIGTERM and returns.
    signal.signal(signal.SIGTERM, _exit_cleanly)
    # every process that serves (each worker too: they inherit the environment) logs its
    # requests unless told not to, and applies app.allocator's settings as it starts
    os.environ.setdefault("SSE_ACCESS_LOG", "1")
    os.environ.setdefault("SSE_TUNE", "1")
    problem = port_taken(args.host, args.port)
    if problem is not None:
        print(f"sse-explainer: {problem}", file=sys.stderr)
        return 2
    shown_host = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    processes = f" with {workers} worker processes" if workers > 1 else ""
    print(
        f"sse-explainer {__version__}: serving on http://{shown_host}:{args.port}{processes}",
        flush=True,
    )
    uvicorn.run(
        "app.main:app",
        host=args.host,
        port=args.port,
        # uvicorn's own supervisor (no gunicorn to install): it replaces a worker that dies and
        # stops them all on SIGTERM, each finishing its requests
        workers=workers if workers > 1 else None,
        reload=args.reload,
        proxy_headers=args.proxy_headers,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        http=HeadTimeoutProtocol,
        log_level="info",
        log_config=log_config(),
        access_log=False,  # the app writes its own, without query values (app/logs.py)
        # the HTTP parser refuses a request line + headers above ~64 KB with a bare 400 (h11
        # here; httptools, used when installed, refuses from ~65.5 KB, measured): both above
        # Settings.max_query_bytes, so an over-long query gets LimitURL's 414 and its sentence
        h11_max_incomplete_event_size=64 * 1024,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
