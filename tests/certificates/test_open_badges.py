"""Open Badges 3.0: the credential's required fields, and its JWS checked with the public key."""

from __future__ import annotations

import json
from pathlib import Path

from curriculum.model.certificate import canonical_json
from curriculum.services.certificate_badges import OB_CONTEXT, VC_CONTEXT, issuer_did, read_jws
from curriculum.services.certificate_documents import write_badges
from curriculum.services.certificates import issue_certificates, list_certificates, revoke_certificate
from curriculum.signing import b64url_decode, load_or_create_key, verify_signature
from curriculum.store import UnitOfWork, open_database
from certificate_records import ISSUED_ON, URL, enrol_mini
from helpers import mini_programme


def test_each_certificate_becomes_a_signed_open_badge_credential(tmp_path: Path):
    engine = open_database(f"sqlite:///{tmp_path / 'records.db'}")
    enrol_mini(engine, tmp_path)
    key = load_or_create_key(tmp_path / "key.pem")
    programme = mini_programme()
    with UnitOfWork(engine) as uow:
        summary = issue_certificates(uow, programme, "desk-basics", key, URL, issued_on=ISSUED_ON)
        revoke_certificate(uow, summary.certificates[1].serial, "duplicate")
        uow.commit()
    with UnitOfWork(engine) as uow:
        records = list_certificates(uow, programme.id, "desk-basics")
    files = write_badges(records, key, tmp_path / "badges")
    serial = records[0].serial
    assert [path.name for path in files] == [f"{serial}.json", f"{serial}.jwt"]  # the revoked one gets no badge

    credential = json.loads((tmp_path / "badges" / f"{serial}.json").read_text(encoding="utf-8"))
    assert credential["@context"] == [VC_CONTEXT, OB_CONTEXT]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == URL + records[0].code
    assert credential["validFrom"] == "2026-02-06T00:00:00Z"
    issuer = credential["issuer"]
    assert issuer["type"] == ["Profile"] and issuer["name"] == "City of Example" and issuer["id"].startswith("did:jwk:")
    assert json.loads(b64url_decode(issuer["id"][len("did:jwk:"):])) == {"crv": "Ed25519", "kty": "OKP", "x": key.public_key}
    subject = credential["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"] == [{"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": records[0].name}]
    assert (subject["activityStartDate"], subject["activityEndDate"]) == ("2026-02-02T00:00:00Z", "2026-02-03T00:00:00Z")
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"] and achievement["achievementType"] == "Certificate"
    assert achievement["name"] == "Serving every client well" and achievement["description"] == "Welcome to the service desk"
    assert achievement["id"].startswith("urn:") and "The first minute at the desk" in achievement["criteria"]["narrative"]

    token = (tmp_path / "badges" / f"{serial}.jwt").read_text(encoding="ascii").strip()
    header_part, payload_part, signature = token.split(".")
    header = json.loads(b64url_decode(header_part))
    assert header == {"alg": "EdDSA", "typ": "vc+jwt", "kid": issuer_did(key) + "#0"}
    assert b64url_decode(payload_part) == canonical_json(credential)
    assert verify_signature(key.public_key, f"{header_part}.{payload_part}".encode("ascii"), signature)
    assert read_jws(token, key.public_key) == credential
    other = load_or_create_key(tmp_path / "other.pem")
    assert read_jws(token, other.public_key) is None
    tampered = header_part + "." + payload_part[:-2] + ("A" if payload_part[-2] != "A" else "B") + payload_part[-1] + "." + signature
    assert read_jws(tampered, key.public_key) is None


def test_a_token_that_is_not_a_signed_credential_gets_a_clear_error(tmp_path: Path):
    """A non-object header or non-ASCII text is a malformed token, said in words, not an AttributeError."""
    import pytest

    from curriculum.errors import CurriculumError
    from curriculum.services.certificate_badges import BadgeTokenError
    from curriculum.signing import b64url

    key = load_or_create_key(tmp_path / "key.pem")
    payload = b64url(b'{"a":1}')
    for token in (b64url(b"[1,2]") + "." + payload + ".c2ln", b64url(b'"text"') + "." + payload + ".c2ln",
                  "ēē." + payload + ".c2ln", "not a token", b64url(b"{") + "." + payload + ".c2ln"):
        with pytest.raises(BadgeTokenError, match="Open Badges") as error:
            read_jws(token, key.public_key)
        assert isinstance(error.value, CurriculumError)
