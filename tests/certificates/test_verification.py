"""verify: untouched, tampered three ways, revoked, unknown, from another register."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from curriculum.model.certificate import CertificateStatus, canonical_json
from curriculum.render.certificates import printed_fields
from curriculum.services.certificate_documents import record_view, write_certificates
from curriculum.services.certificate_verify import NotACertificateFileError, verify_code, verify_pdf
from curriculum.services.certificates import issue_certificates, revoke_certificate
from curriculum.services.personal_data import anonymise_participant, erase_participant
from curriculum.signing import load_or_create_key
from curriculum.store import UnitOfWork, open_database
from curriculum.store.orm import ParticipantRow
from certificate_records import ISSUED_ON, URL, enrol_mini
from helpers import MINI, mini_programme
from pdf_tampering import drop_last_letter_of, replace_attachment, set_metadata


@pytest.fixture(scope="module")
def issued(tmp_path_factory):
    """Two certificates of the mini course, rendered once for the module (SQLite)."""
    folder = tmp_path_factory.mktemp("verify")
    engine = open_database(f"sqlite:///{folder / 'records.db'}")
    refs, _ = enrol_mini(engine, folder)
    key = load_or_create_key(folder / "key.pem")
    programme = mini_programme()
    with UnitOfWork(engine) as uow:
        summary = issue_certificates(uow, programme, "desk-basics", key, URL, issued_on=ISSUED_ON)
        uow.commit()
    written = write_certificates(summary.certificates, programme, MINI, key, folder / "out")
    records = {record.name: record for record in summary.certificates}
    pdfs = {record.name: (folder / "out" / f"{record.serial}.pdf").read_bytes() for record in summary.certificates}
    return engine, records, pdfs, refs, written


def _verify(engine, pdf: bytes):
    with UnitOfWork(engine) as uow:
        return verify_pdf(uow, pdf)


def test_an_untouched_pdf_and_its_code_are_valid(issued):
    engine, records, pdfs, _, _ = issued
    result = _verify(engine, pdfs["Ģirts Ķēniņš"])
    assert result.status is CertificateStatus.VALID, result.message
    assert (result.facts["name"], result.facts["hours"], result.facts["issued_on"]) == ("Ģirts Ķēniņš", 1.0, "2026-02-06")
    with UnitOfWork(engine) as uow:
        by_code = verify_code(uow, records["Ģirts Ķēniņš"].code.lower())
    assert by_code.status is CertificateStatus.VALID and by_code.facts["name"] == "Ģirts Ķēniņš"


def test_a_name_edited_in_the_page_content_is_altered(issued):
    engine, _, pdfs, _, _ = issued
    forged = drop_last_letter_of(pdfs["Ģirts Ķēniņš"], "Ģirts Ķēniņš")
    text = PdfReader(io.BytesIO(forged)).pages[0].extract_text()
    assert "Ģirts Ķēniņ\n" in text and "Ģirts Ķēniņš" not in text  # the forgery really changed what a reader sees
    result = _verify(engine, forged)
    assert result.status is CertificateStatus.ALTERED
    assert result.problems == ("the name printed is not the signed 'Ģirts Ķēniņš'",)


def test_edited_hours_on_the_page_are_altered(issued):
    engine, records, pdfs, _, _ = issued
    hours = printed_fields(record_view(records["Ģirts Ķēniņš"]))["hours"]
    assert hours == "1 contact hour (1.3 academic hours)"
    forged = drop_last_letter_of(pdfs["Ģirts Ķēniņš"], hours)
    result = _verify(engine, forged)
    assert result.status is CertificateStatus.ALTERED and any("the hours" in problem for problem in result.problems)


def test_an_edited_attachment_is_altered(issued):
    engine, records, pdfs, _, _ = issued
    record = records["Ģirts Ķēniņš"]
    edited = json.loads(record.attachment)
    edited["payload"]["hours"] = 40.0
    result = _verify(engine, replace_attachment(pdfs["Ģirts Ķēniņš"], canonical_json(edited)))
    assert result.status is CertificateStatus.ALTERED and "changed after signing" in result.message
    broken = _verify(engine, replace_attachment(pdfs["Ģirts Ķēniņš"], b"{not json"))
    assert broken.status is CertificateStatus.ALTERED


def test_another_persons_genuine_record_in_my_pdf_is_altered(issued):
    engine, records, pdfs, _, _ = issued
    result = _verify(engine, replace_attachment(pdfs["Ģirts Ķēniņš"], records["Jūratė Žemaitytė"].attachment))
    assert result.status is CertificateStatus.ALTERED
    assert "the name printed is not the signed 'Jūratė Žemaitytė'" in result.problems


def test_edited_metadata_is_altered(issued):
    engine, _, pdfs, _, _ = issued
    title = PdfReader(io.BytesIO(pdfs["Ģirts Ķēniņš"])).metadata["/Title"]
    result = _verify(engine, set_metadata(pdfs["Ģirts Ķēniņš"], {"/Title": title.replace("Ģirts Ķēniņš", "Jānis Bērziņš")}))
    assert result.status is CertificateStatus.ALTERED and result.problems == ("the document title (metadata) was changed",)
    untouched_title = _verify(engine, set_metadata(pdfs["Ģirts Ķēniņš"], {"/Title": title}))
    assert untouched_title.status is CertificateStatus.VALID  # rewriting the file alone is not a forgery


def test_unknown_codes_and_other_registers(issued, tmp_path: Path):
    engine, _, pdfs, _, _ = issued
    with UnitOfWork(engine) as uow:
        assert verify_code(uow, "ABCD-EFGH-JKMN").status is CertificateStatus.UNKNOWN
        with pytest.raises(NotACertificateFileError, match="not a PDF"):
            verify_pdf(uow, b"hello")
    # the same course issued by someone else's register (another database, another key)
    other_engine = open_database(f"sqlite:///{tmp_path / 'other.db'}")
    enrol_mini(other_engine, tmp_path)
    with UnitOfWork(other_engine) as uow:
        verdict = verify_pdf(uow, pdfs["Ģirts Ķēniņš"])
    assert verdict.status is CertificateStatus.UNKNOWN


def test_revoked_erased_and_anonymised(tmp_path: Path):
    engine = open_database(f"sqlite:///{tmp_path / 'records.db'}")
    refs, _ = enrol_mini(engine, tmp_path)
    key = load_or_create_key(tmp_path / "key.pem")
    programme = mini_programme()
    with UnitOfWork(engine) as uow:
        summary = issue_certificates(uow, programme, "desk-basics", key, URL, issued_on=ISSUED_ON)
        uow.commit()
    girts, jurate = sorted(summary.certificates, key=lambda record: record.name, reverse=True)
    assert girts.name == "Ģirts Ķēniņš"
    written = write_certificates(summary.certificates, programme, MINI, key, tmp_path / "out")
    pdfs = {path.stem: path.read_bytes() for path in written.pdfs.pdfs}
    with UnitOfWork(engine) as uow:
        revoke_certificate(uow, girts.serial, "attendance sheet was forged", now=dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc))
        anonymise_participant(uow, refs["Jūratė"])
        uow.commit()
    with UnitOfWork(engine) as uow:
        revoked = verify_pdf(uow, pdfs[girts.serial])
        anonymised_pdf = verify_pdf(uow, pdfs[jurate.serial])
        anonymised_code = verify_code(uow, jurate.code)
    assert revoked.status is CertificateStatus.REVOKED and revoked.revocation_reason == "attendance sheet was forged"
    assert "2026-03-01" in revoked.message
    # anonymised: the holder's PDF still proves itself, the register no longer shows a name
    assert anonymised_pdf.status is CertificateStatus.VALID and anonymised_pdf.facts["name"] == "Jūratė Žemaitytė"
    assert anonymised_code.status is CertificateStatus.VALID and "name" not in anonymised_code.facts
    with UnitOfWork(engine) as uow:
        erase_participant(uow, refs["Ģirts"])
        erase_participant(uow, uow.session.get(ParticipantRow, jurate.participant_id).external_ref)
        uow.commit()
    with UnitOfWork(engine) as uow:
        erased = verify_code(uow, girts.code)
        erased_pdf = verify_pdf(uow, pdfs[jurate.serial])
    assert erased.status is CertificateStatus.REVOKED and "erased" in erased.revocation_reason and erased.facts == {}
    assert erased_pdf.status is CertificateStatus.REVOKED and erased_pdf.facts == {}
    assert "Ģirts" not in json.dumps(erased.as_json(), ensure_ascii=False)


def test_a_code_lookup_never_answers_a_serial(tmp_path: Path):
    """The web page and a code look-up take codes only; the command line (find_certificate) still finds by serial."""
    from curriculum.services.certificates import find_by_code, find_certificate

    engine = open_database(f"sqlite:///{tmp_path / 'records.db'}")
    enrol_mini(engine, tmp_path)
    key = load_or_create_key(tmp_path / "key.pem")
    with UnitOfWork(engine) as uow:
        record = issue_certificates(uow, mini_programme(), "desk-basics", key, URL, issued_on=ISSUED_ON).issued[0]
        uow.commit()
    with UnitOfWork(engine) as uow:
        assert verify_code(uow, record.serial).status is CertificateStatus.UNKNOWN
        assert find_by_code(uow, record.serial) is None
        assert find_by_code(uow, " " + record.code.lower().replace("-", " ") + " ").serial == record.serial
        assert verify_code(uow, record.code).status is CertificateStatus.VALID
        assert find_certificate(uow, record.serial).code == record.code
    engine.dispose()
