"""The HTTP service: CDS Hooks for EHRs and ``POST /check`` for other clients.

It has no logic of its own: requests become a ``Case`` (``fhir``), the check judges it, and
the answer is the CLI's JSON or CDS Hooks cards. The catalog is loaded once, before the app
is made. Bad input is a 400 or 422 with a JSON message, a body over ``MAX_BODY`` bytes a 413;
nothing a client sends is logged. Checks run one at a time on the event loop: the rule
engine is not thread-safe, and a check takes milliseconds.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from engine.errors import EngineError
from mtus_rules.case.model import Case
from mtus_rules.check.approval import approval, result_dict
from mtus_rules.check.catalog import Catalog
from mtus_rules.check.judge import check_case
from mtus_rules.service.fhir import FhirError, case_of, orders_of
from mtus_rules.service.hooks import SERVICES, HookRequest, card, discovery

__all__ = ["create_app", "Service", "MAX_BODY"]

MAX_BODY = 1_000_000
_log = logging.getLogger("mtus_rules.service")
Today = Callable[[], dt.date]


def create_app(catalog: Catalog, *, today: Today, max_body: int = MAX_BODY) -> Service:
    """The service for one loaded catalog; every rule is registered with the rule engine now,
    so no request pays for it. ``today`` dates a request whose orders carry no date: the
    caller's clock (the CLI's), never one of the service's own."""
    for loaded in catalog.book.rules:
        catalog.evaluator.statuses(loaded.rule, {})
    app = FastAPI(
        title="mtus-check",
        summary="Check treatment requests against the California MTUS: CDS Hooks 2.0 and a plain JSON check.",
        version="1",
    )
    _errors(app)

    @app.get("/cds-services", summary="CDS Hooks discovery: one service per hook")
    async def services() -> dict[str, Any]:
        return discovery()

    @app.post("/cds-services/{service_id}", summary="Cards for the draft orders of a CDS Hooks request")
    async def hook(service_id: str, request: HookRequest) -> JSONResponse:
        if service_id not in SERVICES:
            raise HTTPException(404, f"no CDS service {service_id!r}; GET /cds-services lists them")
        if request.hook != SERVICES[service_id]:
            raise HTTPException(400, f"service {service_id!r} answers the {SERVICES[service_id]} hook, not {request.hook}")
        orders = orders_of(request.context.draftOrders)
        if request.hook == "order-select" and request.context.selections:
            orders = [order for order in orders if order.reference in set(request.context.selections)]
        if not orders:
            return JSONResponse({"cards": []})
        day = max((o.authored for o in orders if o.authored), default=None) or today()
        case = case_of(orders, request.prefetch, day)
        result = check_case(catalog, case, day)
        return JSONResponse({"cards": [card(o, item, approval(catalog, item, result)) for o, item in zip(orders, result.items)]})

    @app.post("/check", summary="Judge a case (the case.yaml shape, as JSON); the answer is `mtus-check --format json`")
    async def check(case: Case, date: dt.date | None = None) -> JSONResponse:
        day = date or case.request_date or today()
        return JSONResponse({"cases": [result_dict(catalog, check_case(catalog, case, day))]})

    return Service(app, max_body)


def _errors(app: FastAPI) -> None:
    """Every error a JSON ``{"error": ...}``; the client's input is never echoed or logged."""

    def answer(status: int, message: str, problems: list[str] | None = None) -> JSONResponse:
        return JSONResponse({"error": message, **({"problems": problems} if problems else {})}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        problems = error.errors()
        if any(p.get("type") == "json_invalid" for p in problems):
            return answer(400, "the body is not valid JSON")
        return answer(422, "the request does not have the expected shape", [_where(p) for p in problems[:20]])

    @app.exception_handler(FhirError)
    async def fhir(_: Request, error: FhirError) -> JSONResponse:
        return answer(422, str(error))

    @app.exception_handler(ValidationError)
    async def case(_: Request, error: ValidationError) -> JSONResponse:
        return answer(422, "the resources do not make a valid case", [_where(p) for p in error.errors()[:20]])

    @app.exception_handler(EngineError)
    async def engine(_: Request, error: EngineError) -> JSONResponse:
        return answer(422, str(error).splitlines()[0])

    @app.exception_handler(HTTPException)
    async def http(_: Request, error: HTTPException) -> JSONResponse:
        return answer(error.status_code, str(error.detail))

    @app.exception_handler(Exception)
    async def unexpected(_: Request, error: Exception) -> JSONResponse:
        return answer(500, "internal error")


def _where(problem: dict[str, Any]) -> str:
    loc = ".".join(str(part) for part in problem.get("loc", ()) if part != "body")
    return f"{loc or '(body)'}: {problem.get('msg', 'invalid')}"


Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class Service:
    """The ASGI app uvicorn runs: the FastAPI app behind a body limit (declared or chunked
    bodies over ``limit`` bytes get a 413), whose unexpected errors are logged by type only
    (a message or a traceback may quote the input)."""

    def __init__(self, app: FastAPI, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            return await self._too_large(send)
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body += message.get("body", b"")
            if len(body) > self.limit:
                return await self._too_large(send)
            if not message.get("more_body"):
                break
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        try:
            await self.app(scope, replay, send)
        except Exception as error:  # the app has answered 500 already
            _log.error("internal error: %s", type(error).__name__)

    async def _too_large(self, send: Send) -> None:
        content = json.dumps({"error": f"the body is larger than {self.limit} bytes"}).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(content)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": content})
