"""SCORM 1.2 and SCORM 2004 (4th edition) packages of a course, for Moodle and every other LMS.

    from curriculum import load_programme, bundled_content_root
    from lms_adapters.scorm import build_scorm_package, write_scorm_package

    result = load_programme(bundled_content_root() / "000-different-client")
    programme = result.require()
    write_scorm_package(programme, "social-workers-course", "lv", "1.2", out=Path("course.zip"))

One SCO per module (tracked on its own, resumed where the learner left), the
knowledge check as a scored SCO that reports every answer as an interaction,
the manifest validated against the official schemas in the tests. SCORM 1.2
is the default: Moodle's player is certified for it.
"""

from ._build import build_scorm_package, module_folders, package_filename, write_scorm_package
from ._errors import ScormExportError, UnknownCourseError, UnsupportedLanguageError, UnsupportedVersionError
from ._plan import DEFAULT_PASS_MARK_PERCENT, DEFAULT_VERSION, PackagePlan, ScormVersion, plan_package

VERSIONS = tuple(version.value for version in ScormVersion)

__all__ = [
    "DEFAULT_PASS_MARK_PERCENT",
    "DEFAULT_VERSION",
    "VERSIONS",
    "PackagePlan",
    "ScormExportError",
    "ScormVersion",
    "UnknownCourseError",
    "UnsupportedLanguageError",
    "UnsupportedVersionError",
    "build_scorm_package",
    "module_folders",
    "package_filename",
    "plan_package",
    "write_scorm_package",
]
