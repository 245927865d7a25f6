"""The main job: every capability run on the bundled programmes into one folder.

Each capability adds one step to ``STEPS`` (a function taking the DemoContext
and returning what it wrote), so `curriculum demo` always shows everything the
project can do. Steps report progress through a callback so the CLI can draw
a progress bar and tests can run it silently.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..content import LIBRARY_FOLDER, bundled_content_root, discover_programmes, load_library, load_programme
from ..content.loader import LoadResult
from ..content.schema import content_schemas
from ..render.overview import render_index, render_programme_overview
from ..store import UnitOfWork, open_database, sqlite_url
from .content_versions import register_content_version
from .demo_certificates import write_demo_certificates
from .demo_context import DemoContext, DemoResult, Output, Progress, Step
from .demo_documents import write_documents
from .demo_moodle_files import write_moodle_files
from .demo_moodle_publish import write_moodle_publish_plans
from .demo_pilot import run_pilots
from .demo_reports import write_reports
from .demo_scorm import write_scorm_packages
from .validation import completeness

def record_content_versions(context: DemoContext, result: DemoResult) -> list[Output]:
    engine = open_database(context.database_url)
    with UnitOfWork(engine) as uow:
        for item in context.programmes:
            assert item.programme is not None
            version_id, created = register_content_version(uow, item.programme, item.content_hash)
            context.version_ids[item.programme.id] = version_id
            result.new_versions += created
        uow.commit()
    engine.dispose()
    return []


def write_schemas(context: DemoContext, result: DemoResult) -> list[Output]:
    schema_dir = context.out_dir / "schemas"
    schema_dir.mkdir(exist_ok=True)
    outputs = []
    for name, body in content_schemas().items():
        (schema_dir / name).write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        outputs.append(Output(f"JSON Schema {name}", schema_dir / name))
    return outputs


def write_validation_and_overviews(context: DemoContext, result: DemoResult) -> list[Output]:
    outputs = []
    for index, item in enumerate(context.loaded):
        name = item.folder.name
        context.progress(f"overview of {name}", index, len(context.loaded))
        folder = context.folder_for(item)
        result.problems[name] = len(item.problems)
        validation = folder / "validation.txt"
        lines = [problem.describe(relative_to=context.content_root) for problem in item.problems] or ["no problems"]
        validation.write_text("\n".join(lines) + "\n", encoding="utf-8")
        outputs.append(Output("validation report", validation, name))
        if item.programme is None:
            continue
        summary = folder / "summary.json"
        summary.write_text(json.dumps(_summary(item), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        outputs.append(Output("summary (JSON)", summary, name))
        for language in item.programme.languages:
            overview = folder / f"overview.{language}.html"
            overview.write_text(render_programme_overview(item.programme, language, item.problems), encoding="utf-8")
            outputs.append(Output(f"programme overview ({language})", overview, name))
    return outputs


# (what the progress bar says, the step). New capabilities add their step here.
STEPS: list[tuple[str, Step]] = [
    ("recording content versions", record_content_versions),
    ("running a pilot of every programme", run_pilots),
    ("issuing certificates", write_demo_certificates),  # before the reports, which count certificates
    ("writing funder reports and sign-in sheets", write_reports),
    ("writing JSON Schemas", write_schemas),
    ("writing overviews", write_validation_and_overviews),
    ("building SCORM packages", write_scorm_packages),
    ("writing Moodle backups, cartridges, question banks and user lists", write_moodle_files),
    ("planning a Moodle publish (only with a Moodle site configured)", write_moodle_publish_plans),
    ("rendering guides and handbooks", write_documents),
]


def run_demo(out_dir: Path, database_url: str | None = None, content_root: Path | None = None, progress: Progress | None = None,
             config_file: str | None = None) -> DemoResult:
    out_dir = out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    root = (content_root or bundled_content_root()).resolve()
    url = database_url or sqlite_url(out_dir / "curriculum.db")
    report = progress or (lambda step, done, total: None)
    result = DemoResult(out_dir=out_dir, database_url=url)

    folders = discover_programmes(root)
    library = load_library(root / LIBRARY_FOLDER)
    loaded: list[LoadResult] = []
    for index, folder in enumerate(folders):
        report(f"loading {folder.name}", index, len(folders))
        loaded.append(load_programme(folder, library))
    context = DemoContext(out_dir=out_dir, content_root=root, database_url=url, loaded=loaded, progress=report,
                          config_file=config_file)

    for index, (label, step) in enumerate(STEPS):
        report(label, index, len(STEPS))
        result.outputs += step(context, result)

    index_file = out_dir / "index.html"
    index_file.write_text(render_index(result.outputs, out_dir, [item.programme for item in loaded if item.programme]), encoding="utf-8")
    result.outputs.insert(0, Output("index of everything", index_file))
    return result


def _summary(item: LoadResult) -> dict:
    programme = item.programme
    assert programme is not None
    return {
        "id": programme.id,
        "title": programme.title.root,
        "content_hash": item.content_hash,
        "languages": list(programme.languages),
        "period": {"start": programme.period.start.isoformat(), "end": programme.period.end.isoformat()},
        "courses": [
            {
                "id": course.id,
                "contact_hours": course.hours.contact,
                "self_study_hours": course.hours.self_study,
                "academic_hours": course.hours.academic_hours,
                "modules": [ref.module for ref in course.modules],
                "questions": len(programme.knowledge_check(course)),
            }
            for course in programme.courses
        ],
        "events": [{"id": event.id, "kind": event.kind.value, "occurrences": event.occurrences} for event in programme.events],
        "completeness": {code: {"present": present, "expected": expected} for code, (present, expected) in completeness(programme).items()},
        "problems": len(item.problems),
    }
