"""The certificates commands and `curriculum serve`, run as a user would."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from curriculum.store import open_database
from certificate_records import enrol_mini
from helpers import MINI


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real `curriculum` command in its own process, as a user runs it."""
    environment = {**os.environ, "COLUMNS": "200"}
    for name in ("CURRICULUM_DATABASE_URL", "CURRICULUM_CONFIG"):
        environment.pop(name, None)
    return subprocess.run([sys.executable, "-m", "curriculum", *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=600)


@pytest.fixture
def site(tmp_path: Path):
    """A working folder with records of the mini course and a settings file."""
    engine = open_database(f"sqlite:///{tmp_path / 'records.db'}")
    refs, _ = enrol_mini(engine, tmp_path)
    engine.dispose()
    (tmp_path / "curriculum.toml").write_text('[certificates]\nkey_file = "keys/signing.pem"\nverification_url = "https://verify.example.lv/v/"\n', encoding="utf-8")
    return tmp_path, refs


def _cli(folder: Path, *args: str):
    return run_cli("--db", f"sqlite:///{folder / 'records.db'}", *args, cwd=folder)


def test_issue_list_verify_revoke_from_the_command_line(site):
    folder, refs = site
    issued = _cli(folder, "certificates", "issue", str(MINI), "--course", "desk-basics", "--issued-on", "2026-02-06", "--out", "out")
    assert issued.returncode == 0, issued.stderr
    assert "desk-basics: 2 certificate(s) issued, 0 already held" in issued.stdout
    assert "Ёлка Щукина" in issued.stdout and "attended 0.5 of 1 contact hours" in issued.stdout
    assert "new certificate signing key was created" in issued.stderr
    secret = (folder / "keys" / "signing.pem").read_text().split("-----")[2].strip()
    assert secret[:20] not in issued.stdout + issued.stderr
    out = folder / "out"
    assert sorted(path.name for path in out.iterdir()) == ["MINI-2026-0001.pdf", "MINI-2026-0002.pdf", "all-certificates.pdf", "certificates.zip", "open-badges"]
    assert sorted(zipfile.ZipFile(out / "certificates.zip").namelist()) == ["MINI-2026-0001.pdf", "MINI-2026-0002.pdf"]
    assert sorted(path.name for path in (out / "open-badges").iterdir()) == ["MINI-2026-0001.json", "MINI-2026-0001.jwt", "MINI-2026-0002.json", "MINI-2026-0002.jwt"]
    badge = json.loads((out / "open-badges" / "MINI-2026-0001.json").read_text(encoding="utf-8"))
    assert badge["id"].startswith("https://verify.example.lv/v/")

    valid = _cli(folder, "certificates", "verify", str(out / "MINI-2026-0001.pdf"))
    assert valid.returncode == 0 and valid.stdout.startswith("VALID") and "2026-02-06" in valid.stdout
    code = json.loads(_cli(folder, "certificates", "verify", str(out / "MINI-2026-0001.pdf"), "--json").stdout)["certificate"]["code"]
    assert _cli(folder, "certificates", "verify", code).returncode == 0

    missing_reason = _cli(folder, "certificates", "revoke", "MINI-2026-0001")
    assert missing_reason.returncode == 2 and "--reason" in missing_reason.stderr
    revoked = _cli(folder, "certificates", "revoke", "MINI-2026-0001", "--reason", "wrong person")
    assert revoked.returncode == 0 and "revoked MINI-2026-0001" in revoked.stdout
    after = _cli(folder, "certificates", "verify", code)
    assert after.returncode == 1 and after.stdout.startswith("REVOKED") and "wrong person" in after.stdout
    unknown = _cli(folder, "certificates", "verify", "ABCD-EFGH-JKMN")
    assert unknown.returncode == 1 and unknown.stdout.startswith("UNKNOWN")
    listed = _cli(folder, "certificates", "list", str(MINI))
    assert listed.returncode == 0 and "revoked" in listed.stdout and "2 certificate(s), 1 revoked" in listed.stdout

    badges = _cli(folder, "certificates", "export-badges", str(MINI), "--out", "badges")
    assert badges.returncode == 0 and sorted(path.name for path in (folder / "badges").iterdir()) == ["MINI-2026-0002.json", "MINI-2026-0002.jwt"]


def test_clear_errors(site):
    folder, refs = site
    cases = [
        (("--course", "desk-advanced"), "unknown course 'desk-advanced' in demo-mini"),
        (("--course", "desk-basics", "--participant", "P-000099", "--override-reason", "x"), "no participant with the reference 'P-000099'"),
        (("--course", "desk-basics", "--participant", refs["Ёлка"]), "did not complete desk-basics"),
        (("--course", "desk-basics", "--override-reason", "because"), "name them with --participant REF"),
    ]
    for options, message in cases:
        result = _cli(folder, "certificates", "issue", str(MINI), *options)
        assert result.returncode == 2, result.stdout
        assert message in " ".join(result.stderr.split()), result.stderr
        assert "Traceback" not in result.stderr
    assert _cli(folder, "certificates", "verify", "missing.pdf").returncode == 2
    (folder / "not.pdf").write_text("hello")
    not_pdf = _cli(folder, "certificates", "verify", "not.pdf")
    assert not_pdf.returncode == 2 and "not a PDF" in not_pdf.stderr
    override = _cli(folder, "certificates", "issue", str(MINI), "--course", "desk-basics", "--participant", refs["Ёлка"],
                    "--override-reason", "made up the session", "--out", "one")
    assert override.returncode == 0 and "1 certificate(s) issued" in override.stdout
    assert "(override: made up the session)" in _cli(folder, "certificates", "list", str(MINI)).stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_answers_on_the_port_given(site):
    folder, _ = site
    assert _cli(folder, "certificates", "issue", str(MINI), "--course", "desk-basics", "--out", "out").returncode == 0
    code = json.loads(_cli(folder, "certificates", "verify", str(folder / "out" / "MINI-2026-0002.pdf"), "--json").stdout)["certificate"]["code"]
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "curriculum", "--db", f"sqlite:///{folder / 'records.db'}", "serve", "--port", str(port)],
                              cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "COLUMNS": "200"})
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/verify/{code}.json", timeout=5) as response:
                    answer = json.loads(response.read())
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read() if server.poll() is not None else "server did not start"
                time.sleep(0.2)
        assert answer["status"] == "valid" and answer["certificate"]["code"] == code
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_an_anonymised_holder_does_not_stop_issuing_or_exporting(site):
    """Anonymising keeps the signature but not the facts: that certificate is no longer printed or exported, the others are."""
    folder, refs = site
    first = _cli(folder, "certificates", "issue", str(MINI), "--course", "desk-basics", "--issued-on", "2026-02-06", "--out", "out")
    assert first.returncode == 0, first.stderr
    anonymised = _cli(folder, "personal-data", "erase", refs["Jūratė"], "--anonymise", "--yes")
    assert anonymised.returncode == 0, anonymised.stderr
    again = _cli(folder, "certificates", "issue", str(MINI), "--course", "desk-basics", "--issued-on", "2026-02-06", "--out", "again")
    assert again.returncode == 0, again.stderr
    assert "0 certificate(s) issued, 2 already held" in again.stdout
    assert sorted(path.name for path in (folder / "again").iterdir()) == ["MINI-2026-0001.pdf", "all-certificates.pdf", "certificates.zip", "open-badges"]
    badges = _cli(folder, "certificates", "export-badges", str(MINI), "--out", "badges")
    assert badges.returncode == 0, badges.stderr
    assert sorted(path.name for path in (folder / "badges").iterdir()) == ["MINI-2026-0001.json", "MINI-2026-0001.jwt"]
    # the PDF the holder was given still proves itself; the register shows no name for it
    held = _cli(folder, "certificates", "verify", str(folder / "out" / "MINI-2026-0002.pdf"), "--json")
    assert held.returncode == 0 and json.loads(held.stdout)["certificate"]["name"] == "Jūratė Žemaitytė"
    code = json.loads(held.stdout)["certificate"]["code"]
    looked_up = json.loads(_cli(folder, "certificates", "verify", code, "--json").stdout)
    assert looked_up["status"] == "valid" and "name" not in looked_up["certificate"]
