"""``mtus-check serve``: the CDS Hooks service under uvicorn, on the loopback by default.

The catalog is loaded and the port bound before the server starts, so a broken catalog or a
port in use is a one-line error and exit 2, as for every command. Access logging is off unless asked for: even paths and client
addresses are more than the service needs to keep.
"""

from __future__ import annotations

import datetime as dt
import socket
from typing import Annotated

import typer

from engine.errors import InputError
from mtus_rules.cli.console import err, fail
from mtus_rules.cli.options import RulesOption, catalog_or_exit

__all__ = ["serve"]


def serve(
    host: Annotated[str, typer.Option(help="Address to bind; other than the loopback only behind a TLS proxy.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8080,
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log", help="Log each request's method, path and status.")] = False,
    rules: RulesOption = None,
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
    catalog = catalog_or_exit(rules)
    listening = _listen(host, port)
    err.print(f"mtus-check: CDS Hooks discovery at http://{host}:{port}/cds-services", markup=False)
    config = uvicorn.Config(
        create_app(catalog, today=dt.date.today), access_log=access_log, log_level="warning", server_header=False
    )
    uvicorn.Server(config).run(sockets=[listening])


def _listen(host: str, port: int) -> socket.socket:
    """The bound socket the server will listen on; an address that cannot be had (a port in
    use, a host not of this machine) is one line and exit 2 rather than uvicorn's log line."""
    listening = None
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
        listening = socket.socket(family, kind, proto)
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
        return listening
    except OSError as error:
        if listening is not None:
            listening.close()
        fail(InputError.one(f"{host}:{port}", None, f"cannot listen on this address: {error.strerror or error}"))
