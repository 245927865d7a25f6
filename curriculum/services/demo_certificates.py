"""The demo's certificates step: the pilot's certificates, printed and as Open Badges.

For every course that gives a certificate, everyone the pilot made complete
it is certified, dated the day of the course's last session (so a run on
another day gives the same certificates). The signing key is kept in the
output folder (``.keys/``), so a second run into the same folder finds the
same key and the same certificates and writes the same bytes. The QR codes
point at the default verification address: ``curriculum serve --db
sqlite:///OUT/curriculum.db`` answers them.
"""

from __future__ import annotations

from sqlalchemy import func, select

from ..config import DEFAULT_VERIFICATION_URL
from ..model.certificate import canonical_json
from ..signing import load_or_create_key
from ..store import UnitOfWork, open_database
from ..store.orm import TrainingSessionRow
from .certificate_documents import write_atomically, write_certificates
from .certificates import NobodyEligibleError, issue_certificates, list_certificates, publish_key
from .demo_context import DemoContext, DemoResult, Output

KEY_FILE = ".keys/certificate-signing.pem"
PUBLIC_KEY_FILE = "certificate-public-key.jwk.json"


def write_demo_certificates(context: DemoContext, result: DemoResult) -> list[Output]:
    key = load_or_create_key(context.out_dir / KEY_FILE)
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
