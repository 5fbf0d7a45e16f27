"""API fuzzing against our own OpenAPI schema (schemathesis, in-process ASGI, no network).

Every operation in /openapi.json (the /api/v1 endpoints, the pages' JSON and CSV twins,
/healthz, /oembed) gets a bounded, derandomized set of generated requests, valid and invalid.
Checks: schemathesis's defaults (no 5xx, status code, content type and body conform to the
schema, invalid input rejected) plus ours: every 422 names the field in `detail[].field`.
"""

from __future__ import annotations

from typing import Any

import orjson
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, positive_data_acceptance

from app.main import create_app

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())

# The pages themselves (HTML) take their state leniently (bad values become inline messages,
# never 422), so they are fuzzed by tests/test_input_fuzz.py, not here.
API = schema.exclude(path_regex=r"^/(samples|batches|weights|descent|losses|why|exercise)?$")


def every_422_names_its_field(ctx: Any, response: Any, case: Any) -> bool | None:
    """A 422 says which parameter is wrong, in plain words, for every error it lists."""
    if response.status_code != 422:
        return None
    body = orjson.loads(response.content)
    assert body["detail"], "a 422 with no detail"
    for item in body["detail"]:
        assert item["field"], f"a 422 error names no field: {item}"
        assert item["msg"], f"a 422 error has no message: {item}"
    assert "Traceback" not in response.text
    return True


def no_server_error(ctx: Any, response: Any, case: Any) -> bool | None:
    """No 5xx, except the 501 that the oEmbed spec prescribes for a format it does not serve."""
    if case.path == "/oembed" and response.status_code == 501:
        assert (case.query or {}).get("format") == "xml", response.text
        return True
    assert response.status_code < 500, f"{response.status_code}: {response.text[:300]}"
    return True


@API.parametrize()
@settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema(case: schemathesis.Case) -> None:
    # not_a_server_error is replaced by no_server_error (the oEmbed 501 above);
    # positive_data_acceptance is off: OpenAPI cannot say "t and o have the same length" or
    # "t needs x", so a schema-valid request can rightly get a 422 (which our check still reads)
    case.call_and_validate(
        additional_checks=[every_422_names_its_field, no_server_error],
        excluded_checks=[positive_data_acceptance, not_a_server_error],
    )
