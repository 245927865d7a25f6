"""The signing key: made on first use with mode 0600, reused after, never shown."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from curriculum.signing import SigningKeyError, load_or_create_key, verify_signature


def test_the_key_is_created_once_readable_by_its_owner_only(tmp_path: Path):
    path = tmp_path / "keys" / "signing.pem"
    key = load_or_create_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = load_or_create_key(path)
    assert (again.public_key, again.key_id) == (key.public_key, key.key_id)
    signature = key.sign(b"facts")
    assert verify_signature(again.public_key, b"facts", signature)
    assert not verify_signature(again.public_key, b"other facts", signature)
    assert not verify_signature(again.public_key, b"facts", "not-base64!")
    secret = path.read_text().split("-----")[2].strip()
    assert secret not in repr(key) and "PRIVATE" not in repr(key)
    assert [p.name for p in path.parent.iterdir()] == ["signing.pem"]  # no temporary left behind


def test_a_file_that_is_not_an_ed25519_key_is_refused_without_showing_it(tmp_path: Path):
    path = tmp_path / "signing.pem"
    path.write_text("-----BEGIN PRIVATE KEY-----\nc2VjcmV0LXZhbHVl\n-----END PRIVATE KEY-----\n")
    with pytest.raises(SigningKeyError) as raised:
        load_or_create_key(path)
    assert "c2VjcmV0" not in str(raised.value) and str(path) in str(raised.value)
