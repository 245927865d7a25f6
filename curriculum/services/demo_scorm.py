"""The demo step that writes SCORM packages: every course, language and version of every programme."""

from __future__ import annotations

from lms_adapters.scorm import VERSIONS, module_folders, package_filename, write_scorm_package
from .demo_context import DemoContext, DemoResult, Output



def write_scorm_packages(context: DemoContext, result: DemoResult) -> list[Output]:
    """<programme folder>/scorm/<programme>-<course>-<lang>-scorm12.zip (and scorm2004), for each course and language."""

    jobs = [
        (item, course.id, language, version)
        for item in context.programmes
        for course in item.programme.courses
        for language in item.programme.course_languages(course)
        for version in VERSIONS
    ]
    outputs = []
    folders: dict = {}
    for index, (item, course_id, language, version) in enumerate(jobs):
        context.progress(f"SCORM {version} {course_id} ({language})", index, len(jobs))
        if item.folder not in folders:
            folders[item.folder] = module_folders(item)
        out = context.folder_for(item) / "scorm" / package_filename(item.programme, course_id, language, version)
        write_scorm_package(item.programme, course_id, language, version, out=out, module_folders=folders[item.folder])
        outputs.append(Output(f"SCORM {version} package ({course_id}, {language})", out, item.folder.name))
    return outputs
