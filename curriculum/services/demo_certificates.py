"""The demo's certificates step: the pilot's certificates, printed and as Open Badges.

For every course that gives a certificate, everyone the pilot made complete
it is certified, dated the day of the course's last session (so a run on
another day gives the same certificates). The private signing key is never
written into the output folder (people zip and share it): the demo signs with
the key file the settings name, if there is a settings file, otherwise with a
demo key of this user's own (``$XDG_DATA_HOME/curriculum/demo-signing-key.pem``).
A second run finds the same key and the same certificates and writes the same
bytes. Only the public key (a JWK) goes into the output. The QR codes point at
the default verification address: ``curriculum serve --db
sqlite:///OUT/curriculum.db`` answers them.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import func, select

from ..config import DEFAULT_VERIFICATION_URL, ConfigError, Settings, load_settings
from ..files import write_atomically
from ..model.certificate import canonical_json
from ..signing import SigningKey, load_or_create_key
from ..store import UnitOfWork, open_database
from ..store.orm import TrainingSessionRow
from .certificate_documents import write_certificates
from .certificates import NobodyEligibleError, issue_certificates, list_certificates, publish_key
from .demo_context import DemoContext, DemoResult, Output

DEMO_KEY_NAME = "demo-signing-key.pem"
PUBLIC_KEY_FILE = "certificate-public-key.jwk.json"


def demo_key_file(settings: Settings | None = None) -> Path:
    """The key the demo signs with: the settings file's key file if there is a settings file, else this user's demo key."""
    settings = settings if settings is not None else load_settings()
    if settings.source is not None:
        return settings.certificates.key_file
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "curriculum" / DEMO_KEY_NAME


def _demo_key(out_dir: Path, settings: Settings | None) -> SigningKey:
    """Load (or make) the demo key, which must live outside the output folder people share."""
    path = demo_key_file(settings)
    if path.resolve().is_relative_to(out_dir.resolve()):
        raise ConfigError(f"the certificate signing key {path} would be inside the demo's output folder {out_dir}, which people share; "
                          "point [certificates] key_file somewhere else")
    return load_or_create_key(path)


def write_demo_certificates(context: DemoContext, result: DemoResult, settings: Settings | None = None) -> list[Output]:
    key = _demo_key(context.out_dir, settings if settings is not None else load_settings(context.config_file))
    public = context.out_dir / PUBLIC_KEY_FILE
    write_atomically(public, canonical_json(key.jwk) + b"\n")
    outputs = [Output("public key that checks every certificate signature (JWK)", public)]
    engine = open_database(context.database_url)
    for index, item in enumerate(context.programmes):
        programme = item.programme
        assert programme is not None
        name = item.folder.name
        context.progress(f"certificates of {name}", index, len(context.programmes))
        for course in programme.courses:
            if not course.certificate.enabled:
                continue
            with UnitOfWork(engine) as uow:
                last_day = uow.session.scalar(select(func.max(TrainingSessionRow.date)).where(
                    TrainingSessionRow.programme_id == programme.id, TrainingSessionRow.course_id == course.id))
                publish_key(uow, key)
                try:
                    issue_certificates(uow, programme, course.id, key, DEFAULT_VERIFICATION_URL, issued_on=last_day or programme.period.end,
                                       content_version_id=context.version_ids.get(programme.id))
                except NobodyEligibleError:
                    continue
                uow.commit()
            with UnitOfWork(engine) as uow:
                records = list_certificates(uow, programme.id, course.id, include_revoked=False)
            folder = context.folder_for(item) / "certificates" / course.id
            written = write_certificates(records, programme, item.folder, key, folder)
            if written.pdfs is not None:
                outputs += [
                    Output(f"certificates of {course.id}, all {len(written.pdfs)} for printing (PDF)", written.pdfs.combined, name),
                    Output(f"certificates of {course.id}, one PDF per person (ZIP)", written.pdfs.archive, name),
                    Output(f"certificate {records[0].serial} ({records[0].language}) (PDF)", written.pdfs.pdfs[0], name),
                ]
            if written.badges:
                outputs += [
                    Output(f"Open Badges 3.0 credential {records[0].serial} (JSON)", written.badges[0], name),
                    Output(f"Open Badges 3.0 credential {records[0].serial}, signed (JWT)", written.badges[1], name),
                ]
    engine.dispose()
    return outputs
