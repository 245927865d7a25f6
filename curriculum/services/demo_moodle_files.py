"""The files a Moodle admin imports, for the demo and the export command: a course
backup, a Common Cartridge and the question banks per course and language, and
per programme the Upload users CSV of the people in the records."""

from __future__ import annotations

from lms_adapters.moodle.backup import write_course_backup
from lms_adapters.moodle.cartridge import write_cartridge
from lms_adapters.moodle.questions import FORMATS, write_question_bank
from lms_adapters.moodle.users_csv import write_upload_users_csv
from lms_adapters.scorm import module_folders

from ..store import UnitOfWork, open_database
from .demo_context import DemoContext, DemoResult, Output
from .moodle_files import upload_users


def write_moodle_files(context: DemoContext, result: DemoResult) -> list[Output]:
    """<programme folder>/moodle/: <course>-<lang>.mbz and .imscc, question banks (.xml, .gift.txt), the users CSV."""
    jobs = [
        (item, course.id, language)
        for item in context.programmes
        for course in item.programme.courses
        for language in item.programme.course_languages(course)
    ]
    outputs: list[Output] = []
    folders: dict = {}
    for index, (item, course_id, language) in enumerate(jobs):
        programme = item.programme
        context.progress(f"Moodle files {course_id} ({language})", index, len(jobs))
        if item.folder not in folders:
            folders[item.folder] = module_folders(item)
        out = context.folder_for(item) / "moodle"
        name = item.folder.name
        backup = write_course_backup(programme, course_id, language, out, module_folders=folders[item.folder])
        outputs.append(Output(f"Moodle course backup ({course_id}, {language})", backup, name))
        cartridge = write_cartridge(programme, course_id, language, out)
        outputs.append(Output(f"Common Cartridge 1.1 ({course_id}, {language})", cartridge, name))
        for format in FORMATS:
            bank = write_question_bank(programme, course_id, language, format, out)
            outputs.append(Output(f"question bank, {'Moodle XML' if format == 'xml' else 'GIFT'} ({course_id}, {language})", bank, name))
    engine = open_database(context.database_url)
    try:
        for item in context.programmes:
            with UnitOfWork(engine) as uow:
                users = upload_users(uow, item.programme)
            if users:
                file = write_upload_users_csv(item.programme, users, context.folder_for(item) / "moodle")
                outputs.append(Output("Moodle Upload users CSV", file, item.folder.name))
    finally:
        engine.dispose()
    return outputs
