"""The demo step for publishing to Moodle: only when a site and token are configured.

Publishing changes a real site, so the demo never publishes; with a site
configured it writes each programme's dry-run plan (what a publish would
create, update or leave alone). Without one it writes nothing.
"""

from __future__ import annotations

from ..config import load_settings
from ..store import UnitOfWork, open_database
from .demo_context import DemoContext, DemoResult, Output
from .moodle_publish import build_publish_request


def write_moodle_publish_plans(context: DemoContext, result: DemoResult) -> list[Output]:
    site = load_settings(context.config_file).moodle
    if not site.configured:
        return []
    from ..files import write_atomically
    from lms_adapters.moodle.publish import plan_publish
    from lms_adapters.moodle.webservice import MoodleClient, MoodleError

    engine = open_database(context.database_url)
    outputs = []
    with MoodleClient(site.url or "", site.token or "") as client:
        for index, item in enumerate(context.programmes):
            assert item.programme is not None
            context.progress(f"Moodle plan for {item.folder.name}", index, len(context.programmes))
            with UnitOfWork(engine) as uow:
                request = build_publish_request(uow, item.programme)
            try:
                plan, _ = plan_publish(client, request)
                lines = [f"{entry.action:<10} {entry.kind:<20} {entry.name}" + (f"  ({entry.detail})" if entry.detail else "") for entry in plan.items]
            except MoodleError as error:
                lines = [f"Moodle could not be read: {error}"]
            out = context.folder_for(item) / "moodle-publish-plan.txt"
            text = "\n".join([f"Dry-run plan of 'curriculum publish moodle {item.folder.name}' against {client.url}", *lines]) + "\n"
            write_atomically(out, text.encode("utf-8"))
            outputs.append(Output("Moodle publish plan (dry run)", out, item.folder.name))
    engine.dispose()
    return outputs

