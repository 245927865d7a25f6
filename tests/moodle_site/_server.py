"""HTTP front of the fake site: Moodle's REST endpoint and the draft-file upload.

Only parses and answers; what a call does is up to `MoodleSite.handle_rest`
and `MoodleSite.handle_upload`. It logs nothing (a token must not end up in
any log); the site keeps what it received for tests to read.
"""

from __future__ import annotations

import email.parser
import email.policy
import socket
import sys
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

from ._php import build_php_array

if TYPE_CHECKING:
    from .site import MoodleSite


class Answer:
    """What the site decided: a body with a status, or a dropped connection."""

    def __init__(self, body: str = "", *, status: int = 200, content_type: str = "application/json; charset=utf-8",
                 drop: bool = False) -> None:
        self.body = body
        self.status = status
        self.content_type = content_type
        self.drop = drop


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"
    # Headers and body leave in separate writes: without this, Nagle's algorithm and delayed
    # ACKs add ~40 ms to every answer on a kept-alive connection.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        """Silence the default access log: request lines could carry a token."""

    def do_GET(self) -> None:
        self._serve(b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._serve(self.rfile.read(length))

    def _serve(self, body: bytes) -> None:
        site = self.server.site
        split = urlsplit(self.path)
        headers = {key.lower(): value for key, value in self.headers.items()}
        site.record_request(self.command, split.path, split.query, headers, body)
        content_type = headers.get("content-type", "")
        query_pairs = parse_qsl(split.query, keep_blank_values=True)
        if split.path == "/webservice/rest/server.php":
            # PHP fills $_POST from url-encoded and multipart bodies alike; POST wins over GET.
            if "multipart/form-data" in content_type:
                body_pairs = _parse_multipart(content_type, body)[0]
            else:
                body_pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
            answer = site.handle_rest(build_php_array(query_pairs + body_pairs))
        elif split.path == "/webservice/upload.php":
            fields, files = _parse_multipart(content_type, body)
            answer = site.handle_upload(dict(query_pairs + fields), files)
        else:
            answer = Answer("<html><body><h1>404 Not Found</h1></body></html>", status=404,
                            content_type="text/html; charset=utf-8")
        self._send(answer)

    def _send(self, answer: Answer) -> None:
        if answer.drop:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        payload = answer.body.encode("utf-8")
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "private, must-revalidate, pre-check=0, post-check=0, max-age=0")
        self.end_headers()
        self.wfile.write(payload)


def _parse_multipart(content_type: str, body: bytes) -> tuple[list[tuple[str, str]], list[tuple[str, str, bytes]]]:
    """Split a multipart/form-data body into plain (name, value) fields and (field, filename, content) files."""
    if "multipart/form-data" not in content_type:
        return parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True), []
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    fields: list[tuple[str, str]] = []
    files: list[tuple[str, str, bytes]] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        content = part.get_payload(decode=True) or b""
        if filename is not None:
            files.append((str(name), filename, content))
        elif name is not None:
            fields.append((str(name), content.decode("utf-8", "replace")))
    return fields, files


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, site: "MoodleSite") -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.site = site

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up (timeout) is expected in tests; anything else is a bug in the fake."""
        error = sys.exc_info()[1]
        if isinstance(error, (BrokenPipeError, ConnectionResetError)):
            return
        self.site.server_errors.append(traceback.format_exc())


def start_server(site: "MoodleSite") -> _Server:
    return _Server(site)
