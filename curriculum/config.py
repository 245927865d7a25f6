"""Site settings that do not belong in the content: where Moodle is, its token,
the certificate signing key and the public verification address.

They live in a small TOML file (``curriculum.toml`` in the working folder, or the
file ``--config`` / ``$CURRICULUM_CONFIG`` names) so secrets stay out of the
programme folders, which are shared and versioned. Command-line options and
environment variables override the file. Secrets are kept in fields that never
appear in ``repr`` so a stray print or traceback does not leak them.

Example::

    [moodle]
    url = "https://moodle.example.lv"
    token = "..."            # or CURRICULUM_MOODLE_TOKEN

    [certificates]
    key_file = "keys/certificate-signing.pem"   # relative to this file
    verification_url = "https://verify.example.lv/verify/"
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CurriculumError

CONFIG_ENV = "CURRICULUM_CONFIG"
DEFAULT_CONFIG_FILE = "curriculum.toml"
MOODLE_URL_ENV = "CURRICULUM_MOODLE_URL"
MOODLE_TOKEN_ENV = "CURRICULUM_MOODLE_TOKEN"
DEFAULT_KEY_FILE = "curriculum-signing-key.pem"
DEFAULT_VERIFICATION_URL = "http://127.0.0.1:8765/verify/"


class ConfigError(CurriculumError):
    """The settings file cannot be read or holds a value of the wrong kind."""


@dataclass(frozen=True)
class MoodleSettings:
    url: str | None = None
    token: str | None = field(default=None, repr=False)

    @property
    def configured(self) -> bool:
        return bool(self.url and self.token)


@dataclass(frozen=True)
class CertificateSigningSettings:
    key_file: Path = Path(DEFAULT_KEY_FILE)
    verification_url: str = DEFAULT_VERIFICATION_URL


@dataclass(frozen=True)
class Settings:
    source: Path | None = None
    moodle: MoodleSettings = MoodleSettings()
    certificates: CertificateSigningSettings = CertificateSigningSettings()


def config_path(explicit: str | Path | None = None) -> Path | None:
    """``explicit``, else $CURRICULUM_CONFIG, else ./curriculum.toml if it exists."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(CONFIG_ENV)
    if from_env:
        return Path(from_env)
    default = Path.cwd() / DEFAULT_CONFIG_FILE
    return default if default.exists() else None


def load_settings(explicit: str | Path | None = None) -> Settings:
    """Read the settings file (if any) and apply the environment on top of it."""
    path = config_path(explicit)
    raw: dict = {}
    if path is not None:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"settings file {path} does not exist") from None
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"settings file {path} is not valid TOML: {error}") from None
    base = path.parent if path is not None else Path.cwd()
    moodle = _section(raw, "moodle", path)
    certificates = _section(raw, "certificates", path)
    return Settings(
        source=path,
        moodle=MoodleSettings(
            url=os.environ.get(MOODLE_URL_ENV) or _text(moodle, "url", path),
            token=os.environ.get(MOODLE_TOKEN_ENV) or _text(moodle, "token", path),
        ),
        certificates=CertificateSigningSettings(
            key_file=base / (_text(certificates, "key_file", path) or DEFAULT_KEY_FILE),
            verification_url=_text(certificates, "verification_url", path) or DEFAULT_VERIFICATION_URL,
        ),
    )


def _section(raw: dict, name: str, path: Path | None) -> dict:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"settings file {path}: [{name}] must be a section")
    return value


def _text(section: dict, key: str, path: Path | None) -> str | None:
    value = section.get(key)
    if value is not None and not isinstance(value, str):
        raise ConfigError(f"settings file {path}: '{key}' must be text in quotes")
    return value
