"""serve: the certificate verification page the QR codes point at."""

from __future__ import annotations

import click

from ..store import safe_url
from .common import console, open_records


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every network interface).")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.pass_obj
def serve(obj: dict, host: str, port: int) -> None:
    """Serve the certificate verification page until Ctrl+C.

    GET /verify/CODE shows whether a certificate is valid, revoked or
    unknown, in the certificate's language; /verify/CODE.json gives the
    same as JSON; / has a form to type a code. Set [certificates]
    verification_url in the settings file to the public address of this
    page (behind your web server) before issuing, since the QR codes carry it.

    \b
    Example:
      curriculum serve --port 8765    then open http://127.0.0.1:8765/
    """
    from ..web import verification_server

    engine = open_records(obj)
    server = verification_server(engine, host, port)
    bound_host, bound_port = server.server_address[:2]
    console.print(f"Verification page on http://{bound_host}:{bound_port}/ (records: {safe_url(str(engine.url))}); Ctrl+C stops it.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        console.print("Stopped.")
