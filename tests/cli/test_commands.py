"""The `curriculum` command as a user runs it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from cli_runner import run_cli

COMMANDS = [[], ["validate"], ["show"], ["schema"], ["db"], ["db", "upgrade"], ["db", "current"], ["demo"]]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(command) or "curriculum" for command in COMMANDS])
def test_every_help_explains_itself(command):
    completed = run_cli(*command, "--help")
    assert completed.returncode == 0
    assert "Usage:" in completed.stdout
    description = completed.stdout.split("Options:")[0]
    assert len(description.split()) > 12, completed.stdout


def test_schema_writes_three_schemas(tmp_path: Path):
    completed = run_cli("schema", "--out", str(tmp_path))
    assert completed.returncode == 0, completed.stderr
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == ["module.schema.json", "programme.schema.json", "target-groups.schema.json"]
    assert json.loads((tmp_path / "programme.schema.json").read_text())["$schema"].endswith("2020-12/schema")


def test_db_upgrade_creates_the_default_database_in_the_working_folder(tmp_path: Path):
    completed = run_cli("db", "current", cwd=tmp_path)
    assert "none (new database)" in completed.stdout
    completed = run_cli("db", "upgrade", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert (tmp_path / "curriculum.db").exists()
    assert "up to date" in run_cli("db", "current", cwd=tmp_path).stdout


def test_db_upgrade_on_postgresql_by_url(postgres_cluster):
    url = postgres_cluster.create_database("cli_upgrade")
    completed = run_cli("--db", url, "db", "upgrade")
    assert completed.returncode == 0, completed.stderr
    assert "up to date" in run_cli("--db", url, "db", "current").stdout


def test_a_bad_database_url_is_a_plain_error(tmp_path: Path):
    completed = run_cli("--db", "not a url", "db", "upgrade", cwd=tmp_path)
    assert completed.returncode == 2
    assert "is not a database URL" in completed.stderr
    assert "Traceback" not in completed.stderr


def _index_links(out: Path) -> list[str]:
    return re.findall(r'href="([^"]+)"', (out / "index.html").read_text(encoding="utf-8"))


def test_demo_makes_everything_and_a_second_run_gives_the_same_result(tmp_path: Path):
    out = tmp_path / "demo"
    data = {"XDG_DATA_HOME": str(tmp_path / "data")}  # the demo's signing key goes here, not into the output
    first = run_cli("demo", "--out", str(out), env=data)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "index.html" in first.stdout
    links = _index_links(out)
    assert links and all((out / link).is_file() for link in links)
    assert any(link.endswith("overview.lv.html") for link in links)
    assert any(link.endswith("overview.lt.html") for link in links)
    snapshot = {path.relative_to(out): path.read_bytes() for path in out.rglob("*") if path.is_file() and path.suffix != ".db"}

    assert not [path for path in out.rglob("*") if path.is_file() and b"PRIVATE KEY" in path.read_bytes()]
    second = run_cli("demo", "--out", str(out), env=data)
    assert second.returncode == 0, second.stderr
    assert "0 new content version(s)" in second.stdout
    again = {path.relative_to(out): path.read_bytes() for path in out.rglob("*") if path.is_file() and path.suffix != ".db"}
    assert again == snapshot
    engine = create_engine(f"sqlite:///{out / 'curriculum.db'}")
    with engine.connect() as connection:
        versions = connection.execute(text("select programme_id, count(*) from content_versions group by programme_id")).all()
    assert versions and all(count == 1 for _, count in versions)


def test_error_text_with_brackets_is_printed_as_written(tmp_path: Path):
    """Names from content or Moodle (courses[0][fullname], [/path]) reach the user intact, never as markup."""
    result = run_cli("export", "scorm", "000-different-client", "--course", "[/oops][bold]x", "--out", str(tmp_path / "x.zip"), cwd=tmp_path)
    assert result.returncode == 2
    assert "no course '[/oops][bold]x'" in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr
