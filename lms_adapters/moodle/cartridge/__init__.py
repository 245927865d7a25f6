"""IMS Common Cartridge 1.1 of a course in one language: the version Moodle 4.5
imports (1.2 and 1.3 are "unknown format" there); Canvas, Blackboard,
Brightspace and Sakai import it too.

    from lms_adapters.moodle.cartridge import write_cartridge
    write_cartridge(programme, "social-workers-course", "lv", Path("out"))

One organisation item per module, in order, each holding the module's learner
text as a web page; the knowledge check as a QTI 1.2 assessment (Moodle turns it
into a quiz). Trainer notes stay out: a cartridge has no "hidden from learners".
The manifest is validated in the tests against the CC 1.1 schemas Moodle uses.
"""

from __future__ import annotations

from pathlib import Path

from curriculum.files import write_atomically
from curriculum.model import Programme

from ._build import CC_NAMESPACE, build_cartridge, cartridge_file_name, cartridge_files

__all__ = ["CC_NAMESPACE", "build_cartridge", "cartridge_file_name", "cartridge_files", "write_cartridge"]


def write_cartridge(programme: Programme, course_id: str, language: str, out_dir: Path) -> Path:
    """Writes ``<out_dir>/<cartridge_file_name(...)>`` whole and returns its path."""
    return write_atomically(Path(out_dir) / cartridge_file_name(programme, course_id, language), build_cartridge(programme, course_id, language))
