"""The commands as a user runs them: publish, dry run, check, errors; the token never in the output."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import run_cli, run_cli_with_site


def test_publish_dry_run_prints_the_plan_and_writes_nothing(moodle_site, records, tmp_path: Path):
    result = run_cli_with_site(moodle_site, records, tmp_path, "publish", "moodle", "000-different-client", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "Plan" in result.stdout and "create" in result.stdout and "Dry run" in result.stdout
    assert moodle_site.write_calls() == []
    assert moodle_site.token not in result.stdout + result.stderr


def test_publish_then_publish_again(moodle_site, records, tmp_path: Path):
    first = run_cli_with_site(moodle_site, records, tmp_path, "publish", "moodle", "000-different-client", "--lang", "lv", "--no-backups")
    assert first.returncode == 0, first.stderr
    assert "Created" in first.stdout and "restore_backup.php --file=" in first.stdout and "--categoryid=" in first.stdout
    moodle_site.reset_log()
    second = run_cli_with_site(moodle_site, records, tmp_path, "publish", "moodle", "000-different-client", "--lang", "lv", "--no-backups")
    assert second.returncode == 0, second.stderr
    assert "nothing was written" in second.stdout
    assert moodle_site.write_calls() == []
    assert moodle_site.token not in first.stdout + first.stderr + second.stdout + second.stderr


def test_a_wrong_token_is_a_clear_error_without_the_token(moodle_site, records, tmp_path: Path):
    result = run_cli_with_site(moodle_site, records, tmp_path, "publish", "moodle", "000-different-client", token="wrong-secret-4242")
    assert result.returncode == 2
    assert "Error:" in result.stderr and "does not accept the token" in result.stderr
    assert "Traceback" not in result.stderr
    assert "wrong-secret-4242" not in result.stdout + result.stderr


def test_missing_functions_are_listed_before_any_write(moodle_site, records, tmp_path: Path):
    token = moodle_site.add_token(["core_webservice_get_site_info", "core_course_get_categories"])
    result = run_cli_with_site(moodle_site, records, tmp_path, "publish", "moodle", "000-different-client", token=token)
    assert result.returncode == 2
    assert "core_user_create_users" in result.stderr and "External services" in result.stderr
    assert moodle_site.write_calls() == []
    assert token not in result.stdout + result.stderr


def test_check_reports_the_site_and_what_is_missing(moodle_site, records, tmp_path: Path):
    result = run_cli_with_site(moodle_site, records, tmp_path, "moodle", "check")
    assert result.returncode == 0, result.stderr
    assert "publish: ready" in result.stdout and "pull: ready" in result.stdout and "mod_attendance: present" in result.stdout


def test_no_site_configured_says_how_to_configure_one(records, tmp_path: Path):


    _, _, url = records
    result = run_cli("--db", url, "publish", "moodle", "000-different-client", cwd=tmp_path,
                     env={"CURRICULUM_MOODLE_URL": "", "CURRICULUM_MOODLE_TOKEN": ""})
    assert result.returncode == 2 and "CURRICULUM_MOODLE_TOKEN" in result.stderr


def test_publish_writes_the_backups_it_tells_the_admin_to_restore(moodle_site, records, tmp_path: Path):
    result = run_cli_with_site(moodle_site, records, tmp_path, "publish", "moodle", "000-different-client", "--lang", "lv", "--backups", "out")
    assert result.returncode == 0, result.stderr
    written = sorted(path.name for path in (tmp_path / "out").glob("*.mbz"))
    assert len(written) == 4
    for name in written:
        assert f"--file={(tmp_path / 'out' / name).resolve()}" in result.stdout.replace("\n", "")


def test_check_names_what_the_token_lacks(moodle_site, records, tmp_path: Path):
    token = moodle_site.add_token(["core_webservice_get_site_info", "core_course_get_categories"])
    result = run_cli_with_site(moodle_site, records, tmp_path, "moodle", "check", token=token)
    assert result.returncode == 0, result.stderr
    assert "publish: missing" in result.stdout and "core_user_create_users" in result.stdout
    assert "mod_attendance: not available" in result.stdout
