"""What can go wrong when a package is asked for: catchable, specific, in the one family."""

from __future__ import annotations

from curriculum.errors import CurriculumError


class ScormExportError(CurriculumError):
    """A SCORM package cannot be built as asked."""


class UnknownCourseError(ScormExportError):
    """The programme has no course with that id."""

    def __init__(self, programme_id: str, course_id: str, known: list[str]) -> None:
        self.course_id = course_id
        self.known = known
        super().__init__(f"the programme '{programme_id}' has no course '{course_id}'; its courses: {', '.join(known) or 'none'}")


class UnsupportedLanguageError(ScormExportError):
    """The course is not taught in that language."""

    def __init__(self, course_id: str, language: str, known: list[str]) -> None:
        self.language = language
        self.known = known
        super().__init__(f"the course '{course_id}' has no language '{language}'; its languages: {', '.join(known)}")


class UnsupportedVersionError(ScormExportError):
    """Only SCORM 1.2 and SCORM 2004 4th edition are built."""

    def __init__(self, version: object) -> None:
        self.version = version
        super().__init__(f"'{version}' is not a SCORM version this exports: use 1.2 or 2004")
