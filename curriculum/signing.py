"""The Ed25519 key that signs certificates and Open Badges credentials.

The private key lives in one PEM file named by the settings
(``[certificates] key_file``); it is created on first use, readable by its
owner only (0600), and never printed, logged or written anywhere else. What
the world needs to check a signature is the public key: it is published as a
JWK and stored in the records database, so verifying never needs the private
key.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .errors import CurriculumError


class SigningKeyError(CurriculumError):
    """The signing key file cannot be created or read."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_jwk(public_key: str) -> dict[str, str]:
    """The public key (raw, base64url) as a JSON Web Key (RFC 8037)."""
    return {"kty": "OKP", "crv": "Ed25519", "x": public_key}


def key_id(public_key: str) -> str:
    """The JWK thumbprint (RFC 7638): a stable name for the key, derived from it."""
    members = json.dumps(public_jwk(public_key), sort_keys=True, separators=(",", ":")).encode("ascii")
    return b64url(hashlib.sha256(members).digest())


@dataclass(frozen=True)
class SigningKey:
    """An Ed25519 private key with its public half; ``repr`` never shows the secret."""

    _private: Ed25519PrivateKey = field(repr=False)
    public_key: str  # raw 32 bytes, base64url
    key_id: str

    @classmethod
    def from_private(cls, private: Ed25519PrivateKey) -> "SigningKey":
        raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        public = b64url(raw)
        return cls(private, public, key_id(public))

    def sign(self, data: bytes) -> str:
        """The signature of ``data``, base64url (Ed25519 is deterministic: same data, same signature)."""
        return b64url(self._private.sign(data))

    @property
    def jwk(self) -> dict[str, str]:
        return {**public_jwk(self.public_key), "kid": self.key_id}


def verify_signature(public_key: str, data: bytes, signature: str) -> bool:
    """Whether ``signature`` (base64url) was made over ``data`` by ``public_key``'s owner."""
    try:
        Ed25519PublicKey.from_public_bytes(b64url_decode(public_key)).verify(b64url_decode(signature), data)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def load_or_create_key(path: Path) -> SigningKey:
    """The key in ``path``; a new one is generated there (mode 0600) if the file does not exist."""
    path = Path(path)
    if not path.exists():
        return _create(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SigningKeyError(f"cannot read the certificate signing key {path}: {error.strerror}") from None
    try:
        private = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise SigningKeyError(f"{path} is not an unencrypted PEM private key; point [certificates] key_file at the signing key "
                              "or at a file that does not exist yet (a new key is made there)") from None
    if not isinstance(private, Ed25519PrivateKey):
        raise SigningKeyError(f"{path} holds a key of another kind; certificates are signed with Ed25519")
    return SigningKey.from_private(private)


def _create(path: Path) -> SigningKey:
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=".key-", dir=path.parent)  # mkstemp creates it 0600
        try:
            os.fchmod(descriptor, 0o600)
            os.write(descriptor, pem)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        try:
            os.link(temporary, path)  # fails if another process made the key meanwhile: then use theirs
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    except OSError as error:
        raise SigningKeyError(f"cannot create the certificate signing key {path}: {error.strerror}") from None
    return load_or_create_key(path)
