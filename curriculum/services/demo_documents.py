"""The demo's documents step: every course's guide and handbook, in every language."""

from __future__ import annotations

from ..render.documents import DocumentBuilder
from ..render.documents.batch import default_workers, plan_jobs, run_jobs, shared_writer, use_builder
from .demo_context import DemoContext, DemoResult, Output


_NAMES = {("guide", "pdf"): "trainer's guide PDF", ("guide", "html"): "trainer's guide site", ("handbook", "pdf"): "participant handbook PDF", ("handbook", "html"): "participant handbook site"}


def write_documents(context: DemoContext, result: DemoResult) -> list[Output]:
    """PDF and HTML site of the guide and the handbook into <programme>/documents/<course>/<lang>/."""

    jobs = []
    for item in context.programmes:
        builder = DocumentBuilder(item, shared_writer())
        use_builder(builder)  # the workers start from this process's copy
        jobs += plan_jobs(builder, context.folder_for(item) / "documents")

    def progress(job, built, done, total) -> None:  # noqa: ANN001
        context.progress(f"documents: {job.course_id} {job.kind} ({job.language})", done, total)

    built = run_jobs(jobs, default_workers(), progress)
    outputs = []
    for file in built:
        programme = file.path.relative_to(context.out_dir).parts[0]  # <programme folder>/documents/...
        label = f"{_NAMES[(file.kind, file.format)]} ({file.course_id}, {file.language}"
        label += f", {file.pages} pages)" if file.pages else ")"
        outputs.append(Output(label, file.path, programme))
    return outputs
