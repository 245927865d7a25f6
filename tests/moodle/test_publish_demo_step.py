"""The demo's Moodle step: a dry-run plan only when a site is configured, nothing otherwise."""

from __future__ import annotations

from pathlib import Path

from curriculum.content import load_valid_programme
from curriculum.services.demo_context import DemoContext, DemoResult
from curriculum.services.demo_moodle_publish import write_moodle_publish_plans


def context_for(tmp_path: Path, url: str) -> DemoContext:
    loaded = load_valid_programme("000-different-client")
    return DemoContext(out_dir=tmp_path / "out", content_root=loaded.folder.parent, database_url=url, loaded=[loaded], progress=lambda *args: None)


def test_without_a_site_the_step_writes_nothing(tmp_path: Path, records, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CURRICULUM_MOODLE_URL", raising=False)
    monkeypatch.delenv("CURRICULUM_MOODLE_TOKEN", raising=False)
    monkeypatch.delenv("CURRICULUM_CONFIG", raising=False)
    context = context_for(tmp_path, records[2])
    assert write_moodle_publish_plans(context, DemoResult(context.out_dir, records[2])) == []
    assert not (tmp_path / "out").exists()


def test_with_a_site_the_step_writes_the_plan_and_changes_nothing(tmp_path: Path, records, moodle_site, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CURRICULUM_MOODLE_URL", moodle_site.url)
    monkeypatch.setenv("CURRICULUM_MOODLE_TOKEN", moodle_site.token)
    context = context_for(tmp_path, records[2])
    outputs = write_moodle_publish_plans(context, DemoResult(context.out_dir, records[2]))
    text = outputs[0].path.read_text(encoding="utf-8")
    assert "create     user" in text and moodle_site.token not in text
    assert moodle_site.write_calls() == []


def test_the_step_reads_the_config_file_the_demo_was_given(tmp_path: Path, records, moodle_site, monkeypatch):
    """--config names a file outside the working folder, no environment: the step still finds the site."""
    monkeypatch.chdir(tmp_path)
    for name in ("CURRICULUM_MOODLE_URL", "CURRICULUM_MOODLE_TOKEN", "CURRICULUM_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path / "elsewhere" / "site.toml"
    config.parent.mkdir()
    config.write_text(f'[moodle]\nurl = "{moodle_site.url}"\ntoken = "{moodle_site.token}"\n', encoding="utf-8")
    context = context_for(tmp_path, records[2])
    context.config_file = str(config)  # what `curriculum --config FILE demo` passes on
    outputs = write_moodle_publish_plans(context, DemoResult(context.out_dir, records[2]))
    assert len(outputs) == 1 and "create     user" in outputs[0].path.read_text(encoding="utf-8")
    assert [path.name for path in outputs[0].path.parent.iterdir() if path.name.startswith(".")] == [], "no temporary file is left"
