"""A certificate as an Open Badges 3.0 credential, for employers' and Europass wallets.

The credential follows the W3C Verifiable Credentials data model 2.0 with the
Open Badges 3.0 context: an ``OpenBadgeCredential`` whose subject is an
``AchievementSubject`` holding the ``Achievement`` (the course). It is
secured as a VC-JOSE compact JWS (``alg`` EdDSA, ``typ`` vc+jwt) with the
same Ed25519 key as the PDF. The issuer is identified as ``did:jwk`` (the
public key itself), so a wallet can check the signature without fetching
anything; the credential's ``id`` is the verification page, which says
whether it has been revoked since.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import CurriculumError
from ..model.certificate import canonical_json
from ..signing import SigningKey, b64url, b64url_decode, verify_signature
from .certificates import CertificateRecord

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
JWS_TYPE = "vc+jwt"

# What the person did, said in the certificate's language.
CRITERIA = {
    "lv": "Apmeklēja kursu ({hours} stundas) un izpildīja tā noslēguma nosacījumus. Moduļi: {modules}.",
    "lt": "Dalyvavo kurse ({hours} val.) ir įvykdė jo baigimo sąlygas. Moduliai: {modules}.",
    "ru": "Прошёл(а) курс ({hours} ч.) и выполнил(а) условия его завершения. Модули: {modules}.",
    "en": "Attended the course ({hours} hours) and met its completion requirements. Modules: {modules}.",
}


def issuer_did(key: SigningKey) -> str:
    """``did:jwk``: the public key as the issuer's identifier (no registry needed)."""
    jwk = {"crv": "Ed25519", "kty": "OKP", "x": key.public_key}
    return "did:jwk:" + b64url(json.dumps(jwk, sort_keys=True, separators=(",", ":")).encode("ascii"))


def _datetime(day: str | None) -> str | None:
    return f"{day}T00:00:00Z" if day else None


def badge_credential(record: CertificateRecord, key: SigningKey) -> dict[str, Any]:
    """The OpenBadgeCredential for one certificate, built from its signed record."""
    payload = record.payload
    language = payload["language"]
    hours = f"{payload['hours']:g}"
    issuer: dict[str, Any] = {"id": issuer_did(key), "type": ["Profile"], "name": payload["issuer"]}
    if payload.get("issuer_url"):
        issuer["url"] = payload["issuer_url"]
    achievement: dict[str, Any] = {
        "id": f"urn:curriculum:achievement:{payload['programme_id']}:{payload['course_id']}",
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": payload["course"],
        "description": payload["programme"],
        "criteria": {"narrative": CRITERIA.get(language, CRITERIA["en"]).format(hours=hours, modules="; ".join(payload.get("modules", ())))},
        "humanCode": payload["serial"],
        "inLanguage": language,
    }
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "identifier": [{"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": payload["name"]}],
        "achievement": achievement,
    }
    if payload.get("period_start"):
        subject["activityStartDate"] = _datetime(payload["period_start"])
    if payload.get("period_end"):
        subject["activityEndDate"] = _datetime(payload["period_end"])
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": payload["url"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": payload["course"],
        "description": f"{payload['programme']} – {payload['serial']}",
        "issuer": issuer,
        "validFrom": _datetime(payload["issued_on"]),
        "credentialSubject": subject,
    }


def sign_credential(credential: dict[str, Any], key: SigningKey) -> str:
    """The credential as a compact JWS: header.payload.signature, each base64url."""
    header = {"alg": "EdDSA", "typ": JWS_TYPE, "kid": f"{issuer_did(key)}#0"}
    signing_input = b64url(canonical_json(header)) + "." + b64url(canonical_json(credential))
    return signing_input + "." + key.sign(signing_input.encode("ascii"))


class BadgeTokenError(CurriculumError):
    """A text given as a signed Open Badges credential is not one (not a compact JWS of JSON objects)."""


def read_jws(token: str, public_key: str) -> dict[str, Any] | None:
    """The credential inside ``token`` if the signature holds for ``public_key``; None if it does not.

    A token that is not a compact JWS at all (not three base64url parts of
    JSON objects, or not ASCII) raises ``BadgeTokenError``.
    """
    def malformed(why: str) -> BadgeTokenError:
        return BadgeTokenError(f"this is not a signed Open Badges credential (a .jwt file of three parts separated by dots): {why}")

    text = token.strip()
    if not text.isascii():
        raise malformed("it contains characters other than letters, digits, '-', '_' and '.'")
    parts = text.split(".")
    if len(parts) != 3:
        raise malformed(f"it has {len(parts)} part(s) instead of 3")
    header_part, payload_part, signature = parts
    try:
        header = json.loads(b64url_decode(header_part))
    except (ValueError, UnicodeDecodeError):
        raise malformed("its header is not base64url-encoded JSON") from None
    if not isinstance(header, dict):
        raise malformed("its header must be a JSON object")
    if header.get("alg") != "EdDSA" or not verify_signature(public_key, f"{header_part}.{payload_part}".encode("ascii"), signature):
        return None  # a changed credential or another issuer's: not ours
    try:
        credential = json.loads(b64url_decode(payload_part))
    except (ValueError, UnicodeDecodeError):
        raise malformed("its credential is not base64url-encoded JSON") from None
    if not isinstance(credential, dict):
        raise malformed("its credential must be a JSON object")
    return credential
