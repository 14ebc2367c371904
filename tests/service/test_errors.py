"""An unexpected failure inside the service: a 500 with no detail, and a log line naming only its type.

A message or a traceback may quote what the client sent (a patient's note), so neither may
reach the log or the answer.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import httpx
import pytest

from mtus_rules.check.catalog import Catalog
from mtus_rules.service.app import create_app

MARKER = "Zyxwvut-unique-patient-words"


def test_an_unexpected_error_is_a_bare_500_logged_by_its_type(catalog: Catalog, caplog: pytest.LogCaptureFixture) -> None:
    service = create_app(catalog, today=lambda: dt.date(2017, 1, 1))

    @service.app.post("/boom")
    async def boom(body: dict[str, str]) -> None:
        raise ValueError(body["note"])

    async def call() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=service), base_url="http://test") as client:
            return await client.post("/boom", json={"note": MARKER})

    with caplog.at_level(logging.DEBUG):
        response = asyncio.run(call())
    assert (response.status_code, response.json()) == (500, {"error": "internal error"})
    assert MARKER not in caplog.text
    assert "internal error: ValueError" in caplog.text
