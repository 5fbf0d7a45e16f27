# sse-explainer: FastAPI app served by uvicorn on port 8000.
#
#   docker build -t sse-explainer .
#   docker run --rm -p 8000:8000 sse-explainer
#
# The base image is pinned to an exact Python patch release and Debian suite. Bump it on
# purpose (and regenerate requirements.lock with Python 3.12 if the minor version changes).
FROM python:3.12.15-slim-bookworm

LABEL org.opencontainers.image.title="sse-explainer" \
      org.opencontainers.image.description="A visual explainer of the squared-error loss and its signed gradient." \
      org.opencontainers.image.version="0.1.0" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.base.name="docker.io/library/python:3.12.15-slim-bookworm"

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

WORKDIR /app

# Unprivileged runtime user with a fixed numeric UID/GID (no login shell, no home).
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid 10001 --no-create-home \
       --home-dir /nonexistent --shell /usr/sbin/nologin app

# Debian's Chromium, which Plotly's static export (kaleido) drives to draw the chart images
# (/embed/<chart>.svg|png|pdf, app/renderer.py finds /usr/bin/chromium), and a font to draw
# their text with. Before the lock's layer: it changes far less often. No version pins: Debian's
# security archive keeps only the current Chromium, so a pinned version stops building within
# weeks; the base image's pinned suite (bookworm) is what fixes the release.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first: this layer is rebuilt only when requirements.lock changes.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock

# Then the project itself (its dependencies are already installed from the lock).
COPY pyproject.toml README.md ./
COPY app/ ./app/
COPY templates/ ./templates/
COPY static/ ./static/
RUN pip install --no-cache-dir --no-deps .

# Static files compressed once, here (gzip and brotli): the server only serves stored bytes.
ENV SSE_STATIC_CACHE=/app/static-compressed
# -P: the installed package (what the server runs), not the checkout copied into /app
RUN python -P -m app.precompressed /app/static-compressed

USER 10001:10001

# The user has no home (/nonexistent) and may write only to /tmp. Chromium keeps its profile in
# a fresh folder under /tmp (choreographer's --user-data-dir), but its crash handler's database
# and fontconfig's cache go under XDG_CONFIG_HOME and XDG_CACHE_HOME, by default in the home:
# there, every start logged "chrome_crashpad_handler: --database is required" and "Fontconfig
# error: No writable cache directories" (fonts scanned anew each time). Both point into /tmp,
# which stays writable with `docker run --read-only --tmpfs /tmp` too (podman's --read-only
# mounts that tmpfs itself).
ENV XDG_CONFIG_HOME=/tmp/.config XDG_CACHE_HOME=/tmp/.cache

# the address and port the server listens on (docker run -e SSE_PORT=9000 -p 9000:9000 ...);
# the health check asks the same port
ENV SSE_HOST=0.0.0.0 SSE_PORT=8000
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request; r = urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('SSE_PORT', '8000'), timeout=4); sys.exit(0 if r.status == 200 else 1)"]

# --proxy-headers believes X-Forwarded-For/-Proto only from SSE_FORWARDED_ALLOW_IPS (default
# 127.0.0.1,::1): set it to your reverse proxy's address (docker run -e ...), or a client could
# choose the address the log shows.
CMD ["sse-explainer", "--proxy-headers"]
