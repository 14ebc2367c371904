"""``mtus-check serve``: the CDS Hooks service under uvicorn, on the loopback by default.

The catalog is loaded before the server starts, so a broken catalog is a one-line error and
exit 2, as for every command. Access logging is off unless asked for: even paths and client
addresses are more than the service needs to keep.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from engine.errors import EngineError
from mtus_rules.check.catalog import load_catalog
from mtus_rules.cli.console import err, fail

__all__ = ["serve"]


def serve(
    host: Annotated[str, typer.Option(help="Address to bind; other than the loopback only behind a TLS proxy.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8080,
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log", help="Log each request's method, path and status.")] = False,
    rules: Annotated[
        Path | None, typer.Option("--rules", help="Rule catalog directory (default: the bundled rules, or $MTUS_RULES).")
    ] = None,
) -> None:
    """Serve CDS Hooks 2.0 (GET /cds-services, POST /cds-services/{id}) and POST /check.

    An EHR registers the discovery URL http://HOST:PORT/cds-services. The OpenAPI schema is
    at /openapi.json, its pages at /docs.
    """
    try:
        import uvicorn

        from mtus_rules.service.app import create_app
    except ImportError as error:
        err.print(f"serve needs the 'serve' extra: pip install 'mtus-check[serve]' ({error.name} is missing)", markup=False)
        raise typer.Exit(2) from None
    try:
        catalog = load_catalog(rules)
    except EngineError as error:
        fail(error)
    err.print(f"mtus-check: CDS Hooks discovery at http://{host}:{port}/cds-services", markup=False)
    uvicorn.run(create_app(catalog), host=host, port=port, access_log=access_log, log_level="warning", server_header=False)
