"""The CDS Hooks service over real HTTP: discovery, cards that agree with the CLI, /check, bad input.

Each request goes to ``mtus-check serve`` running in its own process on the loopback.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mtus_rules.case.model import read_case
from mtus_rules.cli.main import app
from tests.conftest import EXAMPLES, ROOT
from tests.service.conftest import Server
from tests.service.fhir_cases import bundle, hook_request, medication_request

SEEDS = {
    "seed-000-clonazepam.yaml": (dt.date(2016, 12, 1), {"Clonazepam 2 MG #120"}),
    "seed-001-klonopin-cbc.yaml": (dt.date(2013, 7, 9), {"Klonopin 0.5mg"}),
}
SIGN = "/cds-services/mtus-check-order-sign"


def cli_json(path: Path, day: dt.date) -> dict[str, Any]:
    result = CliRunner().invoke(app, [str(path), "-f", "json", "--date", day.isoformat()], catch_exceptions=False)
    return json.loads(result.stdout)


def test_discovery_lists_one_service_per_hook_with_prefetch(server: Server) -> None:
    with server.client() as client:
        services = client.get("/cds-services").json()["services"]
    assert sorted((s["hook"], s["id"]) for s in services) == [
        ("order-select", "mtus-check-order-select"),
        ("order-sign", "mtus-check-order-sign"),
    ]
    for service in services:
        assert service["prefetch"]["patient"] == "Patient/{{context.patientId}}"
        assert service["prefetch"]["notes"].startswith("DocumentReference?patient={{context.patientId}}")


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_order_sign_cards_give_the_cli_decisions(server: Server, name: str) -> None:
    day, drugs = SEEDS[name]
    case = read_case(EXAMPLES / name)
    with server.client() as client:
        response = client.post(SIGN, json=hook_request(case, day, drugs))
    assert response.status_code == 200, response.text
    cards = response.json()["cards"]
    expected = cli_json(EXAMPLES / name, day)["cases"][0]["requests"]
    assert len(cards) == len(expected) == len(case.requests)
    for card, item in zip(cards, expected):
        assert item["item"] in card["summary"]
        assert card["indicator"] == {"certify": "info", "non-certify": "warning"}[item["decision"]]
        assert card["summary"].startswith({"certify": "Meets", "non-certify": "Does not meet"}[item["decision"]])
        assert card["source"]["topic"]["code"] == item["rule"]
        assert [s["label"] for s in card["suggestions"]] == ["Document: " + "; and ".join(c["says"] for c in o) for o in item["to_approve"]]
        for criterion in item["criteria"]:
            if criterion["status"] != "met":
                assert criterion["says"] in card["detail"] and criterion["references"][0]["guideline"] in card["detail"]


def test_a_certified_order_gets_an_info_card(server: Server) -> None:
    case = read_case(EXAMPLES / "certify-short-lorazepam.yaml")
    with server.client() as client:
        cards = client.post(SIGN, json=hook_request(case, dt.date(2017, 2, 1), {"Lorazepam 0.5mg #14"})).json()["cards"]
    assert [(c["indicator"], "suggestions" in c) for c in cards] == [("info", False), ("info", False)]


def test_order_select_judges_only_the_selected_orders(server: Server) -> None:
    day, drugs = SEEDS["seed-001-klonopin-cbc.yaml"]
    request = hook_request(read_case(EXAMPLES / "seed-001-klonopin-cbc.yaml"), day, drugs, hook="order-select")
    request["context"]["selections"] = ["ServiceRequest/order-1"]
    with server.client() as client:
        cards = client.post("/cds-services/mtus-check-order-select", json=request).json()["cards"]
    assert [c["source"]["topic"]["code"] for c in cards] == ["laboratory_tests"]


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_check_answers_what_the_cli_prints(server: Server, name: str) -> None:
    day, _ = SEEDS[name]
    case = read_case(EXAMPLES / name)
    with server.client() as client:
        response = client.post("/check", params={"date": day.isoformat()}, json=case.model_dump(mode="json"))
    assert response.status_code == 200
    expected = cli_json(EXAMPLES / name, day)
    expected["cases"][0]["file"] = None
    assert response.json() == expected


def test_the_openapi_schema_describes_check(server: Server) -> None:
    with server.client() as client:
        schema = client.get("/openapi.json").json()
    body = schema["paths"]["/check"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("/Case")
    assert "requests" in schema["components"]["schemas"]["Case"]["required"]


def _bad(server: Server, path: str, **kwargs: Any) -> tuple[int, dict[str, Any]]:
    with server.client() as client:
        response = client.post(path, **kwargs)
    assert "Traceback" not in response.text
    return response.status_code, response.json()


def _sign_with(draft_orders: Any) -> dict[str, Any]:
    return {"hook": "order-sign", "hookInstance": "x", "context": {"patientId": "p", "draftOrders": draft_orders}}


def test_malformed_json_is_a_400(server: Server) -> None:
    status, body = _bad(server, SIGN, content=b'{"hook": "order-sign",', headers={"content-type": "application/json"})
    assert (status, body) == (400, {"error": "the body is not valid JSON"})


def test_a_patient_among_the_draft_orders_is_a_422_naming_the_entry(server: Server) -> None:
    status, body = _bad(server, SIGN, json=_sign_with(bundle([{"resourceType": "Patient", "id": "p"}])))
    assert status == 422
    assert body["error"] == "context.draftOrders.entry[0]: a Patient; draft orders are MedicationRequest or ServiceRequest"


def test_draft_orders_that_are_not_a_bundle_or_not_fhir(server: Server) -> None:
    day = dt.date(2016, 1, 1)
    status, body = _bad(server, SIGN, json=_sign_with(medication_request("Valium", day, "1")))
    assert (status, body["error"]) == (422, "context.draftOrders: a MedicationRequest; expected a Bundle")
    status, body = _bad(server, SIGN, json=_sign_with({"resourceType": "Spaceship"}))
    assert (status, body["error"]) == (422, "context.draftOrders: unknown FHIR resource type 'Spaceship'")


def test_an_invalid_resource_is_a_422_saying_what_is_wrong(server: Server) -> None:
    order = medication_request("Valium", dt.date(2016, 1, 1), "1")
    del order["status"]
    status, body = _bad(server, SIGN, json=_sign_with(bundle([order])))
    assert status == 422
    assert body["error"].startswith("context.draftOrders: invalid Bundle: ") and "status" in body["error"]


def test_a_request_without_the_hook_shape_is_a_422_with_problems(server: Server) -> None:
    status, body = _bad(server, SIGN, json={"hook": "patient-view"})
    assert status == 422 and body["error"] == "the request does not have the expected shape"
    assert any(p.startswith("hook:") for p in body["problems"]) and any(p.startswith("context:") for p in body["problems"])


def test_a_case_without_requests_is_a_422(server: Server) -> None:
    status, body = _bad(server, "/check", json={"summary": "x"})
    assert (status, body["problems"]) == (422, ["requests: Field required"])


def test_an_unknown_service_or_the_wrong_hook(server: Server) -> None:
    assert _bad(server, "/cds-services/nope", json=_sign_with(bundle([]))) == (
        404,
        {"error": "no CDS service 'nope'; GET /cds-services lists them"},
    )
    status, body = _bad(server, "/cds-services/mtus-check-order-select", json=_sign_with(bundle([])))
    assert (status, body["error"]) == (400, "service 'mtus-check-order-select' answers the order-select hook, not order-sign")


def test_a_body_over_one_megabyte_is_a_413(server: Server) -> None:
    big = json.dumps({"requests": ["x"], "summary": "a" * 1_100_000}).encode()
    assert _bad(server, "/check", content=big, headers={"content-type": "application/json"}) == (
        413,
        {"error": "the body is larger than 1000000 bytes"},
    )
    chunks = (big[i : i + 65536] for i in range(0, len(big), 65536))  # no Content-Length: chunked
    assert _bad(server, "/check", content=chunks, headers={"content-type": "application/json"})[0] == 413


def test_nothing_a_client_sends_reaches_the_log(server: Server) -> None:
    marker = "Zyxwvut-unique-patient-words"
    with server.client() as client:
        client.post("/check", json={"summary": marker, "requests": ["Valium 5mg"]})
        client.post("/check", json={"summary": marker, "requests": 7})
        client.post(SIGN, json=_sign_with(bundle([{"resourceType": "Patient", "name": [{"text": marker}]}])))
    assert marker not in server.log.read_text()


def _readme_curls() -> list[str]:
    section = (ROOT / "README.md").read_text().split("## The CDS Hooks service", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0].replace("\\\n", " ")
    return [line.split("  #", 1)[0] for line in block.splitlines() if line.startswith("curl ")]


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_readme_curl_examples_answer(server: Server) -> None:
    commands = _readme_curls()
    assert len(commands) == 3
    answers = []
    for command in commands:
        command = command.replace("http://127.0.0.1:8080", server.url)
        done = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        answers.append(json.loads(done.stdout))
    discovery, hook, check = answers
    assert len(discovery["services"]) == 2
    assert [c["indicator"] for c in hook["cards"]] == ["warning"]
    assert [r["decision"] for r in check["cases"][0]["requests"]] == ["non-certify"]


def test_orders_that_do_not_make_a_valid_case_are_a_422(server: Server) -> None:
    orders = [medication_request("Valium 5mg", dt.date(2016, 1, 1), str(i)) for i in range(201)]
    status, body = _bad(server, SIGN, json=_sign_with(bundle(orders)))
    assert (status, body["error"]) == (422, "the resources do not make a valid case")
    assert body["problems"][0].startswith("requests: List should have at most 200 items")
