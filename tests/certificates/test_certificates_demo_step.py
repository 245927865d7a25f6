"""The demo's certificates step on two bundled programmes: twice into one folder, same bytes."""

from __future__ import annotations

import io
import json
from pathlib import Path

from pypdf import PdfReader

from curriculum.content import LIBRARY_FOLDER, bundled_content_root, discover_programmes, load_library, load_programme
from curriculum.model.certificate import CertificateStatus
from curriculum.services.certificate_verify import verify_pdf
from curriculum.services.demo import record_content_versions
from curriculum.services.demo_certificates import demo_key_file, write_demo_certificates
from curriculum.services.demo_context import DemoContext, DemoResult
from curriculum.services.demo_pilot import run_pilots
from curriculum.store import UnitOfWork, open_database, sqlite_url

PROGRAMMES = ("000-different-client", "004-municipal-competence")


def _run(out: Path) -> tuple[DemoResult, list]:
    root = bundled_content_root()
    library = load_library(root / LIBRARY_FOLDER)
    loaded = [load_programme(folder, library) for folder in discover_programmes(root) if folder.name in PROGRAMMES]
    context = DemoContext(out_dir=out, content_root=root, database_url=sqlite_url(out / "curriculum.db"), loaded=loaded, progress=lambda *args: None)
    result = DemoResult(out_dir=out, database_url=context.database_url)
    record_content_versions(context, result)
    run_pilots(context, result)
    return result, write_demo_certificates(context, result)


def test_the_demo_issues_renders_and_rewrites_the_same_certificates(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("CURRICULUM_CONFIG", raising=False)
    out = tmp_path / "demo"
    _, outputs = _run(out)
    assert all(output.path.is_file() for output in outputs)
    pdfs = [output.path for output in outputs if output.path.name.endswith(".pdf") and output.path.name != "all-certificates.pdf"]
    assert len(pdfs) == 6  # one sample per course: 4 courses of 000, 2 of 004
    lithuanian = next(path for path in pdfs if "004-municipal-competence" in str(path))
    record = json.loads(PdfReader(io.BytesIO(lithuanian.read_bytes())).attachments["certificate.json"][0])
    assert record["payload"]["language"] in ("lt", "en") and record["payload"]["serial"].startswith("SPPD-")
    engine = open_database(sqlite_url(out / "curriculum.db"))
    with UnitOfWork(engine) as uow:
        assert all(verify_pdf(uow, path.read_bytes()).status is CertificateStatus.VALID for path in pdfs)
    engine.dispose()
    # the private key stays outside what people zip and share; only the public key is in the output
    assert demo_key_file() == tmp_path / "data" / "curriculum" / "demo-signing-key.pem"
    assert oct(demo_key_file().stat().st_mode & 0o777) == "0o600"
    assert not [path for path in out.rglob("*") if path.is_file() and b"PRIVATE KEY" in path.read_bytes()]
    assert (out / "certificate-public-key.jwk.json").is_file()
    certificates = sorted(path for path in out.rglob("*") if path.is_file() and "certificates" in path.parts)
    assert any(path.suffix == ".jwt" for path in certificates) and any(path.suffix == ".zip" for path in certificates)
    snapshot = {path: path.read_bytes() for path in out.rglob("*") if path.is_file() and path.suffix != ".db"}

    _, again = _run(out)
    assert [output.path for output in again] == [output.path for output in outputs]
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file() and path.suffix != ".db"} == snapshot


def test_the_demo_key_comes_from_the_settings_or_this_users_data_folder(tmp_path: Path, monkeypatch):
    import pytest

    from curriculum.config import CertificateSigningSettings, ConfigError, Settings
    from curriculum.services.demo_certificates import _demo_key

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    out = tmp_path / "out"
    configured = Settings(source=tmp_path / "curriculum.toml", certificates=CertificateSigningSettings(key_file=tmp_path / "keys" / "site.pem"))
    assert demo_key_file(configured) == tmp_path / "keys" / "site.pem"
    assert demo_key_file(Settings()) == tmp_path / "data" / "curriculum" / "demo-signing-key.pem"
    inside = Settings(source=tmp_path / "curriculum.toml", certificates=CertificateSigningSettings(key_file=out / "keys" / "site.pem"))
    with pytest.raises(ConfigError, match="inside the demo's output folder"):
        _demo_key(out, inside)
