"""Moodle course backups (.mbz) that an admin restores (admin/cli/restore_backup.php or
the web restore page), one per course and language.

    from lms_adapters.moodle.backup import write_course_backup
    write_course_backup(programme, "social-workers-course", "lv", Path("out"))

The backup holds a section per module, named after it, in order (section 0 has the
course summary and the whole course as a SCORM activity with completion); in each
section the module's learner text as a page and the trainer notes as a page hidden
from students. Web services cannot create activities, so this is how content
reaches a Moodle course. The knowledge check travels inside the SCORM package; the
question bank files (lms_adapters.moodle.questions) carry it for Moodle's quiz.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from curriculum.files import write_atomically
from curriculum.model import Course, Programme

from .._common import MoodleExportError
from ._archive import reproducible_tgz
from ._documents import backup_documents
from ._plan import BackupPlan, backup_file_name, plan_backup


def build_course_backup(
    programme: Programme,
    course: "Course | str",
    language: str,
    *,
    scorm_version: str = "1.2",
    module_folders: Mapping[str, Path] | None = None,
) -> bytes:
    """The .mbz bytes (tar.gz) of one course in one language; same input, same bytes."""
    plan = plan_backup(programme, course, language, scorm_version=scorm_version, module_folders=module_folders)
    return reproducible_tgz(backup_documents(plan))


def write_course_backup(
    programme: Programme,
    course: "Course | str",
    language: str,
    out_dir: Path,
    *,
    scorm_version: str = "1.2",
    module_folders: Mapping[str, Path] | None = None,
) -> Path:
    """Writes ``<out_dir>/<backup_file_name(...)>`` whole (temporary name, then rename) and returns its path."""
    plan = plan_backup(programme, course, language, scorm_version=scorm_version, module_folders=module_folders)
    return write_planned_backup(plan, out_dir)


def write_planned_backup(plan: BackupPlan, out_dir: Path) -> Path:
    """The same for a plan already made (a caller that reports on the plan does not make it twice)."""
    data = reproducible_tgz(backup_documents(plan))
    return write_atomically(Path(out_dir) / backup_file_name(plan.programme, plan.course, plan.language), data)


__all__ = ["BackupPlan", "MoodleExportError", "backup_file_name", "build_course_backup", "plan_backup", "write_course_backup", "write_planned_backup"]
