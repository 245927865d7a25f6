"""The verification web app: what the QR code on a certificate opens.

``GET /verify/<code>`` answers with the certificate's status in the
certificate's language (``?lang=`` switches), ``GET /verify/<code>.json``
with the same as JSON, ``GET /`` and ``GET /verify?code=...`` with a form to
type a code, ``GET /keys.json`` with the public keys (JWK set) that check
the signatures in PDFs and Open Badges. A plain WSGI application (stdlib only), so it runs under
``curriculum serve`` or any WSGI server. It only reads the register: no
request can change anything.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs, quote

from babel.dates import format_date
from babel.numbers import format_decimal
from sqlalchemy import Engine

from ..model.certificate import CertificateStatus, normalise_code
from ..render.environment import template_environment
from ..store import UnitOfWork
from .labels import HOURS_UNIT, LABELS, pick_language

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
HEADERS = [
    ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),  # a revocation must show at once
]
VERIFY_PATH = re.compile(r"^/verify/([^/]{1,80}?)(\.json)?$")


def _date(value: str | None, language: str) -> str:
    import datetime as dt

    return format_date(dt.date.fromisoformat(value), format="long", locale=language) if value else ""


def _hours(value: Any, language: str) -> str:
    return format_decimal(float(value), locale=language) if value is not None else ""


def make_app(engine: Engine) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """The WSGI application answering from the register in ``engine``."""
    from ..services.certificate_verify import verify_code
    from ..services.certificates import public_keys
    from ..signing import public_jwk

    environment = template_environment()

    def page(start: StartResponse, status: str, context: dict[str, Any]) -> list[bytes]:
        body = environment.get_template("verify/page.html").render(**context).encode("utf-8")
        start(status, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body))), *HEADERS])
        return [body]

    def app(environ: dict[str, Any], start: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "/")
        query = parse_qs(environ.get("QUERY_STRING", ""))
        requested = (query.get("lang") or [None])[0]
        browser = environ.get("HTTP_ACCEPT_LANGUAGE")
        if method not in ("GET", "HEAD"):
            start("405 Method Not Allowed", [("Allow", "GET, HEAD"), ("Content-Type", "text/plain; charset=utf-8"), *HEADERS])
            return [b"only GET"]
        if path in ("/", "/verify", "/verify/"):
            typed = (query.get("code") or [""])[0].strip()
            if typed:
                target = "/verify/" + quote(normalise_code(typed) or typed, safe="-")
                if requested:
                    target += "?lang=" + quote(requested)
                start("303 See Other", [("Location", target), ("Content-Length", "0"), *HEADERS])
                return [b""]
            language = pick_language(requested, browser)
            return page(start, "200 OK", {"labels": LABELS[language], "language": language, "result": None, "code": ""})
        if path == "/keys.json":
            with UnitOfWork(engine) as uow:
                keys = public_keys(uow)
            body = json.dumps({"keys": [{**public_jwk(value), "kid": kid, "alg": "EdDSA", "use": "sig"} for kid, value in sorted(keys.items())]},
                              indent=2).encode("utf-8")
            start("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body))), *HEADERS])
            return [body]
        match = VERIFY_PATH.match(path)
        if match is None:
            language = pick_language(requested, browser)
            return page(start, "404 Not Found", {"labels": LABELS[language], "language": language, "result": None, "code": "", "not_found": True})
        code, as_json = match.group(1), bool(match.group(2))
        with UnitOfWork(engine) as uow:
            result = verify_code(uow, code)
        if as_json:
            body = json.dumps(result.as_json(), ensure_ascii=False, indent=2).encode("utf-8")
            http = "200 OK" if result.status is not CertificateStatus.UNKNOWN else "404 Not Found"
            start(http, [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(body))), *HEADERS])
            return [body]
        # the certificate's own language, unless the reader asked for another
        language = requested if requested in LABELS else result.language if result.language in LABELS else pick_language(None, browser)
        facts = result.facts
        labels = LABELS[language]
        context = {
            "labels": labels,
            "language": language,
            "code": code,
            "result": result,
            "status": result.status.value,
            "status_text": labels[result.status.value],
            "explanation": (labels["anonymised_text"] if result.ok and "name" not in facts
                            else labels[f"{result.status.value}_text"].format(issuer=facts.get("issuer", ""))),
            "facts": facts,
            "hours": _hours(facts.get("hours"), language),
            "hours_unit": HOURS_UNIT[language],
            "academic_hours": _hours(facts.get("academic_hours"), language),
            "issued_on": _date(facts.get("issued_on"), language),
            "period": " – ".join(part for part in (_date(facts.get("period_start"), language), _date(facts.get("period_end"), language)) if part),
            "revoked_on": format_date(result.revoked_at, format="long", locale=language) if result.revoked_at else "",
            "languages": [code for code in LABELS if code != language],
        }
        http = "404 Not Found" if result.status is CertificateStatus.UNKNOWN else "200 OK"
        return page(start, http, context)

    return app
