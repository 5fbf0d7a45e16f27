"""A real reverse proxy in front: Debian's nginx, run with deploy/nginx.conf, as a caching load
balancer in front of two replicas (`python -m app --proxy-headers` on loopback, each with
SSE_SHARED_MAX_AGE so nginx may keep answers, trusting X-Forwarded-* from 127.0.0.1 only).

Under load from CONNECTIONS client threads (a third of the URLs never asked before, the rest a
few repeated ones, all with a public Host):
- a rolling restart (SIGTERM one replica, start it again on its port, wait until nginx sends it
  requests, then the other) fails no request;
- a crash (SIGKILL of a replica) fails at most the requests in flight when it died, none from a
  second after it;
- nginx answers repeated URLs itself: the replicas' access logs (one line per request) see each
  repeated URL about once, and the clients see X-Cache-Status: HIT;
- links and oEmbed answers carry the public host, never the replica's address.

The figures are printed (pytest -s shows them; the README quotes them). nginx missing: a skip,
or a failure under CI=true (scripts/bootstrap --test installs it as root).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

from app.assets import manifest
from tests.conftest import missing_tool
from tests.serving import free_port

ROOT = Path(__file__).resolve().parents[1]
CONF = ROOT / "deploy" / "nginx.conf"
PUBLIC = "course.example.edu"
ALIAS = "www.course.example.edu"  # a second public name: its own links, its own cache entries
CONNECTIONS = 24
SHARED_MAX_AGE = 300  # longer than the test: nothing expires while it runs

# asked again and again: nginx should answer these itself after the first time
REPEATED = [
    "/?t=1&o=0.3&lr=0.5",
    "/samples?t=1,2,3&o=2,2,2",
    "/weights?x=1,2,3&t=2,4,6&w=0.5&b=0",
    "/descent?mode=single&t=1&o=-2&lr=1.5&steps=50",
    "/index.json?t=2&o=-1&lr=0.25&half=0",
    "/embed/loss?t=1&o=0.3&controls=o",
    "/oembed?url=" + quote(f"http://{PUBLIC}/?t=1&o=0.3", safe=""),
    "/api/v1/figures/loss?t=1&o=0.3&lr=0.5",
    "/api/v1/samples?t=1,2,3&o=2,2,2",
    "/why",
    "/static/" + manifest()["css/site.css"],
]
# never asked twice (a parameter the app ignores makes each URL new), on paths REPEATED does not
# use, so the replicas' logs (which keep the path, not the query) tell the two kinds apart
FRESH = ["/losses?t=1&o=0.4&loss=huber", "/api/v1/loss?t=1&o=0.3&lr=0.5"]
FRESH_PATHS = {url.split("?")[0] for url in FRESH}
HEADERS = {"Host": PUBLIC, "Accept-Encoding": "gzip", "Accept-Language": "en"}


def _nginx() -> str:
    """Debian's nginx, or a skip (a failure under CI=true)."""
    found = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )
    if found is None:
        message = (
            "nginx not found: the reverse-proxy test needs Debian's nginx"
            " (apt-get install nginx; scripts/bootstrap --test installs it when run as root)"
        )
        missing_tool(message)
    return found


def _get(port: int, target: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", target, headers=headers or {})
        answer = conn.getresponse()
        return answer.status, answer.read()
    finally:
        conn.close()


def _wait(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    """Poll another process's state (no event to wait on) until `condition()` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _answers(port: int) -> bool:
    try:
        return _get(port, "/healthz")[0] == 200
    except OSError:  # not listening yet
        return False


class Replica:
    """`python -m app --port P --proxy-headers`, its output appended to a log file across
    restarts (the access log: one line per request it answered)."""

    def __init__(self, name: str, port: int, folder: Path) -> None:
        self.name, self.port = name, port
        self.log = folder / f"{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self.env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "SSE_ACCESS_LOG": "1",
            "SSE_SHARED_MAX_AGE": str(SHARED_MAX_AGE),
            "SSE_FORWARDED_ALLOW_IPS": "127.0.0.1",
        }

    def start(self) -> None:
        with self.log.open("ab") as out:  # the child keeps its own descriptor
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "app", "--port", str(self.port), "--proxy-headers"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def ready(self) -> None:
        def up() -> bool:
            assert self.proc is not None and self.proc.poll() is None, self.text()[-2000:]
            return _answers(self.port)

        _wait(up, f"{self.name} to answer")

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> int:
        """Signal it (by its PID) and wait for it to exit; its exit status."""
        assert self.proc is not None
        self.proc.send_signal(sig)
        return self.proc.wait(timeout=30)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def proxied(self) -> list[str]:
        """The access lines of requests that came through the proxy: uvicorn took their
        client from X-Forwarded-For (port 0), unlike the test's own /healthz checks."""
        return [line for line in self.text().splitlines() if '127.0.0.1:0 - "' in line]


@dataclass
class Outcome:
    """One client request through the proxy."""

    start: float
    end: float
    fresh: bool
    url: str
    status: int = 0  # 0: no answer (a transport error)
    cache: str = ""
    error: str = ""

    @property
    def failed(self) -> bool:
        return self.status != 200


@dataclass
class Load:
    """CONNECTIONS threads, each on one keep-alive connection to nginx, looping over the mix
    until stopped; every request's outcome kept."""

    port: int
    outcomes: list[Outcome] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    progress: threading.Condition = field(default_factory=threading.Condition)
    threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        for k in range(CONNECTIONS):
            thread = threading.Thread(target=self._client, args=(k,), daemon=True)
            thread.start()
            self.threads.append(thread)

    def _client(self, k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        i = 0
        while not self.stopping.is_set():
            i += 1
            fresh = i % 3 == 0
            if fresh:
                url = f"{FRESH[(i // 3) % len(FRESH)]}&fresh={k}-{i}"
            else:
                url = REPEATED[(k * 5 + i) % len(REPEATED)]
            outcome = Outcome(time.monotonic(), 0.0, fresh, url)
            try:
                conn.request("GET", url, headers=HEADERS)
                answer = conn.getresponse()
                answer.read()  # raises IncompleteRead on a cut body
                outcome.status = answer.status
                outcome.cache = answer.getheader("X-Cache-Status", "")
                if answer.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException) as error:
                outcome.error = f"{type(error).__name__}: {error}"
                conn.close()  # the next request opens a new connection
            outcome.end = time.monotonic()
            with self.progress:
                self.outcomes.append(outcome)
                self.progress.notify_all()
        conn.close()

    def done(self) -> int:
        with self.progress:
            return len(self.outcomes)

    def more(self, count: int, seconds: float, timeout: float = 90.0) -> None:
        """Wait until the clients have finished `count` more requests and `seconds` have passed
        (each finished request wakes this up to look again)."""
        until = time.monotonic() + seconds
        with self.progress:
            target = len(self.outcomes) + count
            assert self.progress.wait_for(
                lambda: len(self.outcomes) >= target and time.monotonic() >= until, timeout
            ), f"the clients did not finish {count} requests in {timeout} s"

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(30)
        assert not any(thread.is_alive() for thread in self.threads)


def nginx_config(prefix: Path, listen: int, replicas: list[Replica]) -> str:
    """deploy/nginx.conf with its @NAMES@ filled in, as its header says."""
    text = CONF.read_text()
    for name, value in {
        "@PREFIX@": str(prefix),
        "@LISTEN@": f"127.0.0.1:{listen}",
        "@SERVER_NAMES@": f"{PUBLIC} {ALIAS}",
        "@REPLICA_1@": f"127.0.0.1:{replicas[0].port}",
        "@REPLICA_2@": f"127.0.0.1:{replicas[1].port}",
    }.items():
        assert name in text, name
        text = text.replace(name, value)
    settings = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert not re.search(r"@[A-Z0-9_]+@", settings), "a name of deploy/nginx.conf left unfilled"
    return text


@dataclass
class Site:
    port: int
    prefix: Path
    replicas: list[Replica]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """Two replicas and nginx in front; every process stopped by its PID at the end."""
    nginx = _nginx()
    replicas = [Replica(f"replica{n}", free_port(), tmp_path) for n in (1, 2)]
    port = free_port()
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_config(prefix, port, replicas))
    # in the foreground (its PID is ours to stop); as root its workers run as root too, since
    # they write the cache inside this private folder
    globals_ = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
    command = [nginx, "-c", str(conf), "-p", str(prefix), "-e", str(prefix / "error.log")]
    proxy: subprocess.Popen[bytes] | None = None
    try:
        for replica in replicas:
            replica.start()
        proxy = subprocess.Popen([*command, "-g", globals_])  # its errors: error.log
        for replica in replicas:
            replica.ready()

        def listening() -> bool:
            assert proxy is not None and proxy.poll() is None, (prefix / "error.log").read_text()
            return _answers_at_all(port)

        _wait(listening, "nginx to listen", 20)
        yield Site(port, prefix, replicas)
    finally:
        if proxy is not None and proxy.poll() is None:
            proxy.send_signal(signal.SIGQUIT)  # graceful: its workers finish and exit with it
            try:
                proxy.wait(20)
            except subprocess.TimeoutExpired:
                proxy.kill()
                proxy.wait(5)
        for replica in replicas:
            if replica.proc is not None and replica.proc.poll() is None:
                replica.proc.kill()
                replica.proc.wait(10)


def _answers_at_all(port: int) -> bool:
    try:  # a Host nginx refuses itself (421): nothing reaches a replica
        return _get(port, "/healthz", {"Host": "elsewhere.example"})[0] == 421
    except OSError:
        return False


ABSOLUTE = re.compile(r"https?://[^\"'<>\s&]+")


def _links(body: bytes) -> set[str]:
    return {url for url in ABSOLUTE.findall(body.decode()) if "w3.org" not in url}


def check_public_host(site: Site) -> int:
    """The page's and oEmbed's absolute URLs name the Host the client used, per name, and
    neither a replica's address nor a scheme or address the client forged. How many requests
    it sent to the replicas."""
    forged = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    for name in (PUBLIC, ALIAS):
        status, page = _get(site.port, "/samples?t=1,2&o=3,4", {"Host": name, **forged})
        assert status == 200
        links = _links(page)
        assert links and all(url.startswith(f"http://{name}/") for url in links), links
        target = quote(f"http://{name}/?t=1&o=0.3", safe="")
        status, body = _get(site.port, f"/oembed?url={target}", {"Host": name})
        assert status == 200, body
        answer = json.loads(body)
        assert answer["provider_url"] == f"http://{name}/"
        assert f'src="http://{name}/embed/loss?t=1&amp;o=0.3&amp;height=' in answer["html"]
        for replica in site.replicas:
            assert f":{replica.port}" not in page.decode() + answer["html"]
    # a Host that is not the site's: refused by the proxy, no page built for it
    assert _get(site.port, "/samples", {"Host": "elsewhere.example"})[0] == 421
    logs = "".join(replica.text() for replica in site.replicas)
    assert "203.0.113.9" not in logs  # the proxy overwrote the client's X-Forwarded-For
    return 4  # a page and an oEmbed answer for each name


def _share(part: int, whole: int) -> str:
    return f"{part} ({part / whole:.1%})" if whole else str(part)


@pytest.mark.proxy
def test_nginx_in_front_of_two_replicas(site: Site) -> None:
    sent = check_public_host(site)
    # a replica writes its line just after it answers: wait for those lines before counting
    _wait(lambda: sum(len(r.proxied()) for r in site.replicas) == sent, "the access lines")
    before = {replica.name: len(replica.proxied()) for replica in site.replicas}
    load = Load(site.port)
    began = time.monotonic()
    load.start()
    marks: dict[str, float] = {}
    took: dict[str, float] = {}  # from SIGTERM to answering again, per replica
    try:
        load.more(300, 2.0)  # warm: every repeated URL is in the cache by now
        marks["rolling"] = time.monotonic()
        for replica in site.replicas:
            stopping = time.monotonic()
            assert replica.stop(signal.SIGTERM) == 0  # drained its requests and exited 0
            seen = len(replica.proxied())
            replica.start()
            replica.ready()
            took[replica.name] = time.monotonic() - stopping
            # back in nginx's rotation (it is tried again fail_timeout after it failed) before
            # the next one goes down: a rolling restart waits for that
            _wait(lambda r=replica, n=seen: len(r.proxied()) > n + 5, f"{replica.name} in use")
        marks["steady"] = time.monotonic()
        load.more(300, 3.0)
        victim = site.replicas[0]
        marks["crash"] = time.monotonic()
        victim.stop(signal.SIGKILL)
        dead = time.monotonic()  # reaped: nothing starts on it after this
        marks["after"] = marks["crash"] + 1.0
        load.more(300, 3.0)  # the other replica alone
        victim.start()
        victim.ready()
        load.more(300, 3.0)
    finally:
        load.stop()
    ended = time.monotonic()
    for replica in site.replicas:
        assert replica.stop(signal.SIGTERM) == 0
        assert "Traceback" not in replica.text()

    outcomes = load.outcomes
    windows = [
        ("warm-up", began, marks["rolling"]),
        ("rolling restart", marks["rolling"], marks["steady"]),
        ("steady", marks["steady"], marks["crash"]),
        ("crash (first second)", marks["crash"], marks["after"]),
        ("after the crash", marks["after"], ended),
    ]
    phase = {name: [o for o in outcomes if lo <= o.start < hi] for name, lo, hi in windows}
    # through nginx when the replica died: an upper bound on what it had. The kill may cut
    # those (an answer it had begun to send cannot be passed on), whatever phase they began in
    in_flight = [o for o in outcomes if o.start < dead and o.end > marks["crash"]]
    cut = [o for o in in_flight if o.failed]
    failures = {
        name: [o for o in got if o.failed and all(o is not c for c in cut)]
        for name, got in phase.items()
    }

    repeated = [o for o in outcomes if not o.fresh]
    fresh = [o for o in outcomes if o.fresh]
    hits = [o for o in repeated if o.cache == "HIT"]
    served = {r.name: r.proxied()[before[r.name] :] for r in site.replicas}  # under load
    upstream = {name: len(lines) for name, lines in served.items()}
    upstream_total = sum(upstream.values())
    upstream_lines = [line for lines in served.values() for line in lines]
    upstream_fresh = sum(
        1 for line in upstream_lines if line.split('"GET ')[1].split("?")[0] in FRESH_PATHS
    )
    upstream_repeated = upstream_total - upstream_fresh
    nginx_log = (site.prefix / "access.log").read_text().splitlines()
    passed_on = sum(1 for line in nginx_log if re.search(r"upstream=\S+, ", line))
    seconds = ended - began

    print(f"\nnginx in front of two replicas, {CONNECTIONS} connections, {seconds:.1f} s of load")
    print(
        f"  client requests: {len(outcomes)} ({len(outcomes) / seconds:.0f}/s), "
        f"{len(repeated)} repeated URLs, {len(fresh)} fresh"
    )
    for name, lo, hi in windows:
        got = phase[name]
        print(f"  {name}: {hi - lo:.1f} s, {len(got)} requests, {len(failures[name])} failed")
    print(
        "  restarted (SIGTERM to answering): "
        + ", ".join(f"{n} in {s:.1f} s" for n, s in took.items())
    )
    print(
        f"  in flight through nginx when the replica was killed: {len(in_flight)},"
        f" of which failed: {len(cut)}"
    )
    print(
        f"  upstream requests: {_share(upstream_total, len(outcomes))} of the client's; "
        + ", ".join(f"{n} {_share(c, upstream_total)}" for n, c in upstream.items())
    )
    print(
        f"  upstream for repeated URLs: {upstream_repeated} for {len(repeated)} requests "
        f"({len(REPEATED)} URLs); for fresh URLs: {upstream_fresh} for {len(fresh)}"
    )
    print(f"  X-Cache-Status HIT on repeated URLs: {_share(len(hits), len(repeated))}")
    print(f"  requests nginx passed on to the other replica: {passed_on}")
    for name, got in [*failures.items(), ("in flight at the kill", cut)]:
        for o in got[:5]:
            print(f"  failed ({name}): {o.status or o.error} {o.url[:60]}")

    # a rolling restart, and everything but what was in flight when the replica was killed: no
    # failure (none from a second after the kill, nor in that second itself)
    for name, got in failures.items():
        assert not got, (name, got[:5])
    # every phase had load to lose: more requests than connections (the waits above make the
    # others hundreds; the crash's first second is a second, however slow the machine)
    assert all(len(got) > CONNECTIONS for got in phase.values()), {
        n: len(g) for n, g in phase.items()
    }
    # the proxy answers repeated URLs itself: each reached a replica a few times at most (its
    # first miss, per public name asked), while every fresh one reached a replica once
    assert upstream_repeated <= 2 * len(REPEATED), upstream_repeated
    assert len(hits) >= 0.95 * len(repeated)
    assert all(o.cache == "MISS" for o in fresh if not o.failed)
    # (the killed replica may have sent an answer and died before writing its line)
    ok_fresh = sum(1 for o in fresh if not o.failed)
    assert ok_fresh - len(in_flight) <= upstream_fresh <= len(fresh)
    # both replicas took their share of what went upstream
    assert all(count >= 0.15 * upstream_total for count in upstream.values()), upstream
