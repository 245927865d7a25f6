"""certificates: issue, list, revoke, verify, export-badges."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..errors import CurriculumError
from .common import console, console_err, open_records, programme_argument, settings

PROGRAMME_HELP = "PROGRAMME is a programme folder, a bundled folder name (000-different-client) or a programme id (different-client)."
STATUS_STYLE = {"valid": "bold green", "revoked": "bold red", "unknown": "bold yellow", "altered": "bold red"}


def _key(obj: dict):
    """The signing key from the settings; made on first use (its path is said, never its content)."""
    from ..signing import load_or_create_key

    site = settings(obj)
    path = site.certificates.key_file
    existed = path.exists()
    key = load_or_create_key(path)
    if not existed:
        console_err.print(f"A new certificate signing key was created in {path} (readable by you only). Keep it safe and back it up.")
    return key, site


def _bar():
    return Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                    console=console_err, transient=True)


@click.group()
def certificates() -> None:
    """Issue certificates to those who completed a course, print them, check them.

    Each certificate has a serial number from the course's pattern
    (e.g. LCC-2010-0001), a verification code (K7QM-3ZP9-XW2H) and a QR code
    to the verification page (see 'curriculum serve'). Its facts are signed
    with the key named in the settings file ([certificates] key_file; made on
    first use). Besides the PDFs, every certificate is written as an
    Open Badges 3.0 credential that digital wallets accept.
    """


@certificates.command("issue")
@click.argument("programme")
@click.option("--course", "course_id", required=True, help="The course whose participants get certificates.")
@click.option("--participant", "participant_ref", metavar="REF", help="Only this person (their reference, e.g. P-000012).")
@click.option("--override-reason", metavar="TEXT", help="Certify --participant although they did not complete; the reason is recorded.")
@click.option("--issued-on", type=click.DateTime(["%Y-%m-%d"]), help="Issue date, YYYY-MM-DD (default: today).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), help="Folder for the files (default: certificates/PROGRAMME-ID/COURSE-ID).")
@click.pass_obj
def issue(obj: dict, programme: str, course_id: str, participant_ref: str | None, override_reason: str | None, issued_on: dt.datetime | None,
          out_dir: Path | None) -> None:
    """Issue certificates for a course and write them as PDFs and Open Badges.

    Everyone who completed the course (see 'curriculum completion') gets
    one; who already has one keeps it (same serial, same code). Then every
    valid certificate of the course is written: one PDF per person
    (SERIAL.pdf), all-certificates.pdf for printing, certificates.zip, and
    open-badges/SERIAL.json + SERIAL.jwt.

    \b
    Examples:
      curriculum certificates issue 000-different-client --course state-administration-course
      curriculum certificates issue different-client --course state-administration-course \\
        --participant P-000012 --override-reason "missed one session for illness, did the make-up task"
    """
    from ..services.certificate_documents import write_certificates
    from ..services.certificates import issue_certificates, list_certificates
    from ..services.content_versions import register_content_version
    from ..store import UnitOfWork

    if participant_ref and override_reason is not None and not override_reason.strip():
        raise click.BadParameter("the override reason is empty: say why this person is certified", param_hint="--override-reason")
    from ..config import DEFAULT_VERIFICATION_URL

    loaded = programme_argument(programme)
    key, site = _key(obj)
    if site.certificates.verification_url == DEFAULT_VERIFICATION_URL:
        console_err.print(f"Note: the QR codes point at {DEFAULT_VERIFICATION_URL} (this computer only); set [certificates] "
                          "verification_url in the settings file to your public verification address before issuing for real.")
    engine = open_records(obj)
    with UnitOfWork(engine) as uow, _bar() as bar:
        task = bar.add_task("issuing certificates", total=1)
        version_id, _ = register_content_version(uow, loaded.programme, loaded.content_hash)
        summary = issue_certificates(
            uow, loaded.programme, course_id, key, site.certificates.verification_url,
            issued_on=issued_on.date() if issued_on else None, participant_ref=participant_ref, override_reason=override_reason,
            content_version_id=version_id, progress=lambda done, total: bar.update(task, completed=done, total=max(total, 1)),
        )
        uow.commit()
    console.print(f"{course_id}: {len(summary.issued)} certificate(s) issued, {len(summary.existing)} already held")
    if summary.left_out and not participant_ref:
        table = Table("not certified", "why", title="Did not complete")
        for name, reasons in summary.left_out:
            table.add_row(escape(name), escape("; ".join(reasons)))
        console.print(table)
    with UnitOfWork(engine) as uow:
        records = list_certificates(uow, loaded.programme.id, course_id, include_revoked=False)
    folder = out_dir or Path("certificates") / loaded.programme.id / course_id
    with _bar() as bar:
        task = bar.add_task("rendering certificates", total=max(len(records), 1))
        written = write_certificates(records, loaded.programme, loaded.folder, key, folder, progress=lambda done, total: bar.update(task, completed=done, total=max(total, 1)))
    if written.pdfs is not None:
        console.print(f"wrote {len(written.pdfs)} PDF(s), {written.pdfs.combined.name} and {written.pdfs.archive.name} into {folder}")
    console.print(f"wrote {len(written.badges) // 2} Open Badges credential(s) into {folder / 'open-badges'}")


@certificates.command("list")
@click.argument("programme")
@click.option("--course", "course_id", help="Only this course.")
@click.pass_obj
def list_command(obj: dict, programme: str, course_id: str | None) -> None:
    """List the certificates of a programme: serial, code, holder, status.

    \b
    Example:
      curriculum certificates list 000-different-client --course state-administration-course
    """
    from ..services.certificates import list_certificates
    from ..store import UnitOfWork

    loaded = programme_argument(programme)
    if course_id and loaded.programme.course(course_id) is None:
        raise CurriculumError(f"unknown course '{course_id}' in {loaded.programme.id} (courses: {', '.join(c.id for c in loaded.programme.courses)})")
    with UnitOfWork(open_records(obj)) as uow:
        records = list_certificates(uow, loaded.programme.id, course_id)
    table = Table("serial", "code", "holder", "course", "language", "issued", "status")
    for record in records:
        status = f"[red]revoked {record.revoked_at:%Y-%m-%d}[/]: {escape(record.revocation_reason or '')}" if record.revoked else "valid"
        if record.override_reason:
            status += f" (override: {escape(record.override_reason)})"
        table.add_row(record.serial, record.code, escape(record.name or "—"), record.course_id, record.language, f"{record.issued_on:%Y-%m-%d}", status)
    console.print(table)
    console.print(f"{len(records)} certificate(s), {sum(record.revoked for record in records)} revoked")


@certificates.command("revoke")
@click.argument("serial_or_code")
@click.option("--reason", required=True, metavar="TEXT", help="Why it is withdrawn; shown to whoever verifies it.")
@click.pass_obj
def revoke(obj: dict, serial_or_code: str, reason: str) -> None:
    """Withdraw a certificate (by serial or verification code).

    The certificate stays in the register as revoked, with the reason and
    the time; its number is never given to anyone else.

    \b
    Example:
      curriculum certificates revoke LCC-2010-0007 --reason "issued to the wrong person"
    """
    from ..services.certificates import revoke_certificate
    from ..store import UnitOfWork

    with UnitOfWork(open_records(obj)) as uow:
        record = revoke_certificate(uow, serial_or_code, reason)
        uow.commit()
    console.print(f"revoked {record.serial} ({escape(record.name or 'no name kept')}): {escape(reason.strip())}")


@certificates.command("verify")
@click.argument("file_or_code")
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")
@click.pass_context
def verify(context: click.Context, file_or_code: str, as_json: bool) -> None:
    """Check a certificate PDF or a verification code: valid, revoked, unknown or altered.

    A PDF is checked against its signature, the register and its own page:
    a name, hours or dates edited in the file make it "altered". Exit code
    0 when valid, 1 otherwise.

    \b
    Examples:
      curriculum certificates verify LCC-2010-0001.pdf
      curriculum certificates verify K7QM-3ZP9-XW2H
    """
    from ..services.certificate_verify import verify_code, verify_pdf
    from ..store import UnitOfWork

    path = Path(file_or_code)
    with UnitOfWork(open_records(context.obj)) as uow:
        if path.is_file():
            result = verify_pdf(uow, path.read_bytes())
        elif file_or_code.lower().endswith(".pdf"):
            raise CurriculumError(f"the file {path} does not exist")
        else:
            result = verify_code(uow, file_or_code, serial_too=True)  # the register's staff may look up by serial
    if as_json:
        click.echo(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        style = STATUS_STYLE[result.status.value]
        console.print(f"[{style}]{result.status.value.upper()}[/]: {escape(result.message)}")
        facts = result.facts
        for label, key in (("name", "name"), ("course", "course"), ("programme", "programme"), ("issuer", "issuer"), ("hours", "hours"),
                           ("issued on", "issued_on"), ("from", "period_start"), ("to", "period_end"), ("serial", "serial"), ("code", "code")):
            if facts.get(key) is not None:
                value = f"{facts[key]:g}" if isinstance(facts[key], float) else str(facts[key])
                console.print(f"  {label:<10} {escape(value)}")
    if not result.ok:
        sys.exit(1)


@certificates.command("export-badges")
@click.argument("programme")
@click.option("--course", "course_id", help="Only this course.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), required=True, help="Folder for SERIAL.json and SERIAL.jwt.")
@click.pass_obj
def export_badges(obj: dict, programme: str, course_id: str | None, out_dir: Path) -> None:
    """Write every valid certificate as an Open Badges 3.0 credential.

    SERIAL.json is the credential (W3C Verifiable Credentials 2.0);
    SERIAL.jwt is the same credential signed (VC-JOSE, EdDSA) with the
    certificate key, for wallets and employers' systems.

    \b
    Example:
      curriculum certificates export-badges 000-different-client --out badges/
    """
    from ..services.certificate_documents import write_badges
    from ..services.certificates import list_certificates
    from ..store import UnitOfWork

    loaded = programme_argument(programme)
    key, _ = _key(obj)
    with UnitOfWork(open_records(obj)) as uow:
        records = list_certificates(uow, loaded.programme.id, course_id, include_revoked=False)
    if not any(record.printable for record in records):
        raise CurriculumError(f"{loaded.programme.id} has no valid certificates{' in ' + course_id if course_id else ''} yet: issue them first")
    files = write_badges(records, key, out_dir)
    console.print(f"wrote {len(files) // 2} Open Badges credential(s) into {out_dir}")
