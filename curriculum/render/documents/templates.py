"""Templates and stylesheets of the documents, with an organisation's overrides.

The package's files live in ``curriculum/templates/documents/``. A programme
folder may hold a ``templates/`` folder with files of the same names; each
one found there replaces the package's. ``custom.css`` (not in the package)
is read after ``print.css``, for small changes such as colours and fonts.
``original/<name>`` always names the package's file, so an override can
extend it: ``{% extends "original/guide.html" %}``.
"""

from __future__ import annotations

import traceback
from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader, TemplateError, TemplateNotFound

from ...errors import CurriculumError
from ..environment import template_environment

OVERRIDE_FOLDER = "templates"
CUSTOM_CSS = "custom.css"


class TemplateOverrideError(CurriculumError):
    """A template or stylesheet in a programme's templates/ folder cannot be used."""


def override_folder(programme_folder: Path) -> Path | None:
    folder = programme_folder / OVERRIDE_FOLDER
    return folder if folder.is_dir() else None


@lru_cache(maxsize=32)
def document_environment(programme_folder: Path | None = None) -> Environment:
    """The Jinja environment for documents: the package's templates under
    ``documents/``, replaced file by file by the programme's ``templates/``."""
    base = template_environment()
    package = PackageLoader("curriculum", "templates/documents")
    folder = override_folder(programme_folder) if programme_folder is not None else None
    prefixes = {"original": package}
    if folder is not None:
        prefixes["documents"] = FileSystemLoader(str(folder))
    assert base.loader is not None
    return base.overlay(loader=ChoiceLoader([PrefixLoader(prefixes), base.loader]))


def render_template(environment: Environment, name: str, **context: object) -> str:
    """Render ``documents/<name>``; a broken override becomes a plain error naming its file and line."""
    try:
        return environment.get_template(f"documents/{name}").render(**context)
    except TemplateNotFound as error:
        raise TemplateOverrideError(f"template not found: {error.name}") from None
    except TemplateError as error:
        where, line = getattr(error, "filename", None), getattr(error, "lineno", None)
        if where is None:  # a runtime error: Jinja puts the template's file and line in the traceback
            frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename.endswith((".html", ".css"))]
            if frames:
                where, line = frames[-1].filename, frames[-1].lineno
        location = f"{where or 'documents/' + name}" + (f":{line}" if line else "")
        raise TemplateOverrideError(f"{location}: {error.message or error}") from None


def custom_stylesheet(programme_folder: Path) -> str | None:
    folder = override_folder(programme_folder)
    if folder is None or not (folder / CUSTOM_CSS).is_file():
        return None
    return (folder / CUSTOM_CSS).read_text(encoding="utf-8")
