"""Putting a package together: plan, pages, manifest, zip."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path

from curriculum.content import LoadResult
from curriculum.files import write_atomically
from curriculum.model import Programme

from ._manifest import build_manifest
from ._pages import render_check_page, render_module_page
from ._plan import CHECK_FILE, DEFAULT_VERSION, SHARED_FOLDER, ScormVersion, plan_package
from ._zip import MANIFEST, reproducible_zip

ASSETS = ("sco.css", "sco.js")


@lru_cache(maxsize=None)
def _asset(name: str) -> bytes:
    return resources.files(__package__).joinpath("assets", name).read_bytes()


def module_folders(result: LoadResult) -> dict[str, Path]:
    """Where each module of a loaded programme lives, so images its prose uses can be packaged."""
    return {module_id: loaded.folder for module_id, loaded in result.modules.items()}


def build_scorm_package(
    programme: Programme,
    course_id: str,
    language: str,
    version: "str | ScormVersion" = DEFAULT_VERSION,
    *,
    pass_mark_percent: float | None = None,
    module_folders: Mapping[str, Path] | None = None,
) -> bytes:
    """The zip of one course in one language as a SCORM 1.2 or 2004 package.

    Each module is a SCO; the knowledge check (every question of the course's
    modules and the course's own) is a scored SCO after them. The pass mark is
    ``pass_mark_percent``, else the course's ``completion.pass_mark_percent``,
    else 80. ``module_folders`` (module id -> folder, see ``module_folders()``)
    lets images and files the prose links to travel in the package.
    """
    plan = plan_package(programme, course_id, language, version, pass_mark_percent, module_folders)
    files: dict[str, bytes] = {}
    by_resource: dict[str, list[str]] = {"": []}
    for name in ASSETS:
        path = f"{SHARED_FOLDER}/{name}"
        files[path] = _asset(name)
        by_resource[""].append(path)
    for sco in plan.modules:
        page = render_module_page(plan, sco)
        files[sco.href] = page.html.encode("utf-8")
        by_resource[sco.resource_id] = [sco.href, *page.media]
        for path, source in page.media.items():
            files[path] = source.read_bytes()
    if plan.has_check:
        files[CHECK_FILE] = render_check_page(plan).encode("utf-8")
        by_resource["RES-CHECK"] = [CHECK_FILE]
    files[MANIFEST] = build_manifest(plan, by_resource)
    return reproducible_zip(files)


def package_filename(programme: Programme, course_id: str, language: str, version: "str | ScormVersion" = DEFAULT_VERSION) -> str:
    """The file name the command and the demo give a package, e.g. different-client-social-workers-course-lv-scorm12.zip."""
    tag = "scorm12" if ScormVersion.parse(version) is ScormVersion.SCORM_12 else "scorm2004"
    return f"{programme.id}-{course_id}-{language}-{tag}.zip"


def write_scorm_package(
    programme: Programme,
    course_id: str,
    language: str,
    version: "str | ScormVersion" = DEFAULT_VERSION,
    *,
    out: Path,
    pass_mark_percent: float | None = None,
    module_folders: Mapping[str, Path] | None = None,
) -> Path:
    """Builds the package and writes it to ``out`` (a new file replaces an old one whole)."""
    data = build_scorm_package(programme, course_id, language, version, pass_mark_percent=pass_mark_percent, module_folders=module_folders)
    return write_atomically(Path(out), data)
