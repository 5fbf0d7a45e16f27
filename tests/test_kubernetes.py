"""deploy/kubernetes/: the manifests validate against the Kubernetes schemas (kubernetes-validate,
offline, strict: an unknown field fails), say what the README's "Deploy" section says they say,
agree with the Dockerfile, and pass checkov with no finding left but those skipped with a reason
in the manifests' annotations.

checkov runs from its own virtual environment (scripts/bootstrap --test makes it and links
.venv/bin/checkov): its pins would move the app's dependencies. Missing: a skip, or a failure
under CI=true.
"""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from dockerfile_parse import DockerfileParser

from app.config import Settings
from tests.conftest import missing_tool

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "deploy" / "kubernetes"
# the oldest Kubernetes the manifests are for (preStop's sleep action: 1.29+), and the newest
# kubernetes-validate knows
VERSIONS = ("1.30.0", kubernetes_validate.latest_version())
SKIP = re.compile(r"^checkov\.io/skip\d+$")

Doc = dict[str, Any]


def _documents() -> list[tuple[str, Doc]]:
    docs = []
    for path in sorted(FOLDER.glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc:
                docs.append((path.name, doc))
    return docs


DOCS = _documents()


def _one(kind: str) -> Doc:
    found = [doc for _, doc in DOCS if doc["kind"] == kind]
    assert len(found) == 1, f"one {kind} in deploy/kubernetes, not {len(found)}"
    return found[0]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("name", "doc"), DOCS, ids=[f"{n}:{d['kind']}" for n, d in DOCS])
def test_manifest_validates(name: str, doc: Doc, version: str) -> None:
    kubernetes_validate.validate(doc, version, strict=True)


def test_validation_catches_a_misspelled_field() -> None:
    """Not a vacuous check: strict validation refuses a field the schema does not have."""
    broken = copy.deepcopy(_one("Deployment"))
    container = broken["spec"]["template"]["spec"]["containers"][0]
    container["readinessProbes"] = container.pop("readinessProbe")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, VERSIONS[-1], strict=True)


def _dockerfile() -> DockerfileParser:
    parser = DockerfileParser()
    parser.content = (ROOT / "Dockerfile").read_text()
    return parser


def test_deployment_says_what_the_readme_says() -> None:
    deployment = _one("Deployment")
    pod = deployment["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    # probes on /healthz, at the container's port
    (port,) = container["ports"]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/healthz", "port": port["name"]}
    # resources requested and bounded
    for bound in ("requests", "limits"):
        assert set(container["resources"][bound]) == {"cpu", "memory"}
    # non-root as the image's user, read-only root, /tmp the only writable folder
    docker = _dockerfile()
    user = re.search(r"^USER (\d+):(\d+)$", docker.content, re.M)
    assert user is not None
    for context in (pod["securityContext"], container["securityContext"]):
        assert context["runAsNonRoot"] is True
        assert context["runAsUser"] == int(user[1]) == 10001
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert container["securityContext"]["capabilities"]["drop"] == ["ALL"]
    (mount,) = container["volumeMounts"]
    assert mount["mountPath"] == "/tmp"
    (volume,) = pod["volumes"]
    assert volume["name"] == mount["name"] and "emptyDir" in volume
    # the image's port and its compressed static files (built in the image, read here)
    env = {item["name"]: item["value"] for item in container["env"]}
    assert str(port["containerPort"]) == env["SSE_PORT"] == docker.envs["SSE_PORT"]
    assert env["SSE_STATIC_CACHE"] == docker.envs["SSE_STATIC_CACHE"]
    assert "--proxy-headers" in container["args"]
    # every SSE_ setting named is one the app has (a typo would be ignored silently)
    fields = {f"SSE_{name.upper()}" for name in Settings.model_fields}
    assert {name for name in env if name.startswith("SSE_")} <= fields
    for name, value in env.items():
        if name.startswith("SSE_"):
            Settings(**{name.removeprefix("SSE_").lower(): value})  # a value it takes


def test_service_and_autoscaler_point_at_the_deployment() -> None:
    deployment, service, hpa = _one("Deployment"), _one("Service"), _one("HorizontalPodAutoscaler")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    names = {port["name"] for port in container["ports"]}
    assert {port["targetPort"] for port in service["spec"]["ports"]} <= names
    assert hpa["apiVersion"] == "autoscaling/v2"
    target = hpa["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    assert hpa["spec"]["minReplicas"] >= 2  # one pod failing leaves one answering
    namespaces = {doc["metadata"].get("namespace") for _, doc in DOCS if doc["kind"] != "Namespace"}
    assert namespaces == {_one("Namespace")["metadata"]["name"]}


def _checkov() -> str:
    found = shutil.which("checkov") or str(Path(sys.executable).parent / "checkov")
    if not os.access(found, os.X_OK):
        message = (
            "checkov not found: scripts/bootstrap --test installs it in an environment of its"
            " own and links .venv/bin/checkov"
        )
        missing_tool(message)
    return found


def _scan(checkov: str, folder: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [checkov, "--directory", str(folder), "--framework", "kubernetes", "--skip-download"]
        + ["--compact", "--quiet", "--output", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE"},  # offline: no policy metadata fetched
    )


def _report(scan: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = scan.communicate(timeout=300)
    assert out.strip(), err[-2000:]
    report: dict[str, Any] = json.loads(out)
    return report


def test_checkov_finds_nothing_but_what_is_skipped_with_a_reason(tmp_path: Path) -> None:
    checkov = _checkov()
    # and a copy with a writable root filesystem, which it must catch (the scan is not empty)
    (tmp_path / "deployment.yaml").write_text(
        (FOLDER / "deployment.yaml")
        .read_text()
        .replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false")
    )
    scans = [_scan(checkov, FOLDER), _scan(checkov, tmp_path)]  # side by side
    ours, broken = (_report(scan) for scan in scans)
    failed = [
        (c["check_id"], c["check_name"], c["file_path"]) for c in ours["results"]["failed_checks"]
    ]
    assert failed == [], failed
    summary = ours["summary"]
    assert summary["parsing_errors"] == 0
    assert summary["resource_count"] == len(DOCS) + 1  # the Deployment's pod too
    assert summary["passed"] > 50
    # each skip names a check and gives its reason, and is the only way a finding is left
    skips = [
        value
        for _, doc in DOCS
        for key, value in doc["metadata"].get("annotations", {}).items()
        if SKIP.match(key)
    ]
    for value in skips:
        check, _, reason = value.partition("=")
        assert re.fullmatch(r"CKV2?_K8S_\d+", check) and len(reason.split()) >= 5, value
    assert summary["skipped"] == len(skips)
    caught = {c["check_id"] for c in broken["results"]["failed_checks"]}
    assert "CKV_K8S_22" in caught  # "Use read-only filesystem for containers where possible"
