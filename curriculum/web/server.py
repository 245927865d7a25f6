"""Serving the verification app on a local address (stdlib, one thread per request)."""

from __future__ import annotations

import logging
import threading
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from sqlalchemy import Engine

from .app import make_app

log = logging.getLogger("curriculum.web")


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _Handler(WSGIRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's name
        log.info("%s %s", self.address_string(), format % args)


def verification_server(engine: Engine, host: str = "127.0.0.1", port: int = 8765) -> WSGIServer:
    """A server bound to ``host:port`` (port 0: any free one); call serve_forever() or start_in_thread()."""
    return make_server(host, port, make_app(engine), server_class=_ThreadingServer, handler_class=_Handler)


def start_in_thread(server: WSGIServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="verification-server", daemon=True)
    thread.start()
    return thread
