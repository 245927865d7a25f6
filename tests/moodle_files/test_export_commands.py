"""`curriculum export moodle-backup | cartridge | questions | moodle-users` as a user runs them."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_runner import run_cli
from lms_adapters.moodle.backup import backup_file_name, build_course_backup
from lms_adapters.moodle.cartridge import build_cartridge
from lms_adapters.moodle.questions import build_question_bank
from lms_adapters.scorm import module_folders
from moodle_files_support import bundled


@pytest.mark.parametrize("command", ["moodle-backup", "cartridge", "questions", "moodle-users"])
def test_help_explains_itself_with_examples(command):
    completed = run_cli("export", command, "--help")
    assert completed.returncode == 0
    assert "Examples:" in completed.stdout and f"curriculum export {command} 000-different-client" in completed.stdout


def test_the_three_content_files_match_the_library(tmp_path: Path):
    result = bundled()["000-different-client"]
    programme = result.programme
    course = "medical-workers-course"
    backup = run_cli("export", "moodle-backup", "000-different-client", "--course", course, "--lang", "ru", "--out", str(tmp_path))
    assert backup.returncode == 0, backup.stderr
    assert "restore_backup.php --file=" in backup.stdout
    written = tmp_path / backup_file_name(programme, course, "ru")
    assert written.read_bytes() == build_course_backup(programme, course, "ru", module_folders=module_folders(result))
    cartridge = run_cli("export", "cartridge", "000-different-client", "--course", course, "--out", str(tmp_path))
    assert cartridge.returncode == 0, cartridge.stderr
    assert (tmp_path / f"{programme.id}-{course}-lv.imscc").read_bytes() == build_cartridge(programme, course, "lv")
    for format_, suffix in (("xml", "xml"), ("gift", "gift.txt")):
        bank = run_cli("export", "questions", "000-different-client", "--course", course, "--lang", "en", "--format", format_, "--out", str(tmp_path))
        assert bank.returncode == 0, bank.stderr
        assert (tmp_path / f"{programme.id}-{course}-en-questions.{suffix}").read_bytes() == build_question_bank(programme, course, "en", format_)


@pytest.mark.parametrize("command", ["moodle-backup", "cartridge", "questions"])
def test_a_wrong_language_is_an_error_in_words_with_nothing_written(tmp_path: Path, command):
    completed = run_cli("export", command, "000-different-client", "--course", "social-workers-course", "--lang", "lt", "--out", str(tmp_path))
    assert completed.returncode == 2
    assert "has no language 'lt'; its languages: lv, en, ru" in completed.stderr and "Traceback" not in completed.stderr
    assert list(tmp_path.iterdir()) == []
