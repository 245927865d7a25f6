"""Issuing, re-issuing, overriding and revoking on the real databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from curriculum.model.certificate import CODE_ALPHABET, canonical_json, check_serial_pattern, serial_series, SerialPatternError
from curriculum.services.certificates import (
    CertificateError,
    NobodyEligibleError,
    find_certificate,
    issue_certificates,
    list_certificates,
    revoke_certificate,
)
from curriculum.errors import CurriculumError
from curriculum.signing import verify_signature
from curriculum.store import UnitOfWork
from curriculum.store.orm import CertificateCounterRow, CertificateRow, SigningKeyRow
from certificate_records import mini_course  # noqa: F401 - a fixture
from certificate_records import ISSUED_ON, URL


def _issue(course, **options):
    with UnitOfWork(course.engine) as uow:
        summary = issue_certificates(uow, course.programme, "desk-basics", course.key, URL, issued_on=ISSUED_ON, **options)
        uow.commit()
    return summary


def test_only_those_who_completed_get_numbered_signed_certificates(mini_course):
    seen = []
    summary = _issue(mini_course, progress=lambda done, total: seen.append((done, total)))
    assert sorted(record.name for record in summary.issued) == ["Jūratė Žemaitytė", "Ģirts Ķēniņš"]
    assert [name for name, _ in summary.left_out] == ["Ёлка Щукина"]
    assert "attended" in summary.left_out[0][1][0]
    assert sorted(record.serial for record in summary.issued) == ["MINI-2026-0001", "MINI-2026-0002"]
    assert seen[0] == (0, 2) and seen[-1] == (2, 2)
    by_name = {record.name: record for record in summary.issued}
    girts = by_name["Ģirts Ķēniņš"]
    # the mini programme is English only
    assert girts.language == "en" and girts.payload["course"] == "Serving every client well"
    assert girts.payload["period_start"] == "2026-02-02" and girts.payload["period_end"] == "2026-02-03"
    assert girts.payload["hours"] == 1 and girts.payload["issued_on"] == "2026-02-06"
    assert girts.payload["url"] == URL + girts.code
    raw = girts.code.replace("-", "")
    assert len(raw) == 12 and set(raw) <= set(CODE_ALPHABET) and girts.code.count("-") == 2
    assert verify_signature(mini_course.key.public_key, canonical_json(girts.payload), girts.signature)
    with UnitOfWork(mini_course.engine) as uow:
        stored = list_certificates(uow, mini_course.programme.id, "desk-basics")
        key = uow.session.get(SigningKeyRow, mini_course.key.key_id)
    assert [record.payload for record in stored] == [record.payload for record in sorted(summary.issued, key=lambda r: r.serial)]
    assert key.public_key == mini_course.key.public_key


def test_issuing_again_returns_the_same_certificates_and_uses_no_number(mini_course):
    first = _issue(mini_course)
    again = _issue(mini_course)
    assert again.issued == []
    assert [(r.serial, r.code, r.signature) for r in again.existing] == [(r.serial, r.code, r.signature) for r in sorted(first.issued, key=lambda r: r.serial)]
    with UnitOfWork(mini_course.engine) as uow:
        assert uow.session.scalar(select(func.count()).select_from(CertificateRow)) == 2
        assert uow.session.scalar(select(CertificateCounterRow.last_seq)) == 2


def test_an_override_certifies_one_named_person_with_the_reason_recorded(mini_course):
    ref = mini_course.refs["Ёлка"]
    with pytest.raises(CertificateError, match="did not complete desk-basics.*--override-reason"):
        _issue(mini_course, participant_ref=ref)
    with pytest.raises(CertificateError, match="no participant with the reference 'P-999999'"):
        _issue(mini_course, participant_ref="P-999999", override_reason="x")
    with pytest.raises(CertificateError, match="--participant"):
        _issue(mini_course, override_reason="sick")
    summary = _issue(mini_course, participant_ref=ref, override_reason="missed one session for a documented illness; caught up in writing")
    assert [(record.name, record.override_reason) for record in summary.issued] == [("Ёлка Щукина", "missed one session for a documented illness; caught up in writing")]
    assert summary.issued[0].serial == "MINI-2026-0001"
    rest = _issue(mini_course)
    assert sorted(record.serial for record in rest.issued) == ["MINI-2026-0002", "MINI-2026-0003"]
    assert all(record.override_reason is None for record in rest.issued)


def test_nobody_eligible_is_a_clear_error_and_writes_nothing(mini_course):
    from curriculum.services.attendance import record_session
    from curriculum.model import AttendanceStatus

    with UnitOfWork(mini_course.engine) as uow:
        record_session(uow, mini_course.programme, "s2", {ref: (AttendanceStatus.ABSENT, None) for ref in mini_course.refs.values()})
        uow.commit()
    with pytest.raises(NobodyEligibleError, match="nobody has completed desk-basics yet \\(3 enrolled\\)"):
        _issue(mini_course)
    with UnitOfWork(mini_course.engine) as uow:
        assert uow.session.scalar(select(func.count()).select_from(CertificateRow)) == 0
        assert uow.session.scalar(select(func.count()).select_from(SigningKeyRow)) == 0


def test_an_unknown_course_is_named_with_the_ones_that_exist(mini_course):
    with UnitOfWork(mini_course.engine) as uow:
        with pytest.raises(CurriculumError, match="unknown course 'desk-advanced' in demo-mini \\(courses: desk-basics\\)"):
            issue_certificates(uow, mini_course.programme, "desk-advanced", mini_course.key, URL)


def test_revocation_records_reason_and_time_and_needs_a_reason(mini_course):
    summary = _issue(mini_course)
    target = summary.issued[0]
    when = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.timezone.utc)
    with UnitOfWork(mini_course.engine) as uow:
        with pytest.raises(CertificateError, match="say why"):
            revoke_certificate(uow, target.serial, "  ")
        with pytest.raises(CertificateError, match="no certificate has the serial or verification code 'NOPE'"):
            revoke_certificate(uow, "NOPE", "x")
        revoked = revoke_certificate(uow, target.code.lower().replace("-", " "), "issued to the wrong person", now=when)
        uow.commit()
    assert revoked.serial == target.serial
    with UnitOfWork(mini_course.engine) as uow:
        found = find_certificate(uow, target.serial)
        with pytest.raises(CertificateError, match=f"{target.serial} was already revoked on 2026-03-01: issued to the wrong person"):
            revoke_certificate(uow, target.serial, "again")
    assert found.revoked and found.revocation_reason == "issued to the wrong person"
    assert found.revoked_at.replace(tzinfo=dt.timezone.utc) == when
    # a revoked certificate is not issued again: the person keeps the revoked record
    assert _issue(mini_course).issued == []


def test_serial_patterns():
    assert serial_series("{programme_code}-{year}-{seq:04d}", "LCC", 2010).format(seq=7) == "LCC-2010-0007"
    assert serial_series("{programme_code}-KESS-{year}-{seq:04d}", "DM", 2016).format(seq=12) == "DM-KESS-2016-0012"
    assert serial_series("{{x}}{programme_code}/{seq}", "A", 2020).format(seq=3) == "{x}A/3"
    for bad in ("{programme_code}-{year}", "{programme_code}-{seq}-{seq}", "{name}-{seq}", "{seq"):
        with pytest.raises(SerialPatternError):
            check_serial_pattern(bad)


@pytest.mark.parametrize("pattern", ["{programme_code:04d}-{seq}", "X-{seq:q}", "{seq!z}", "{year:s}-{seq}", "{seq[0]}", "{seq.real}"])
def test_a_pattern_that_cannot_be_formatted_is_refused_before_issuing(pattern: str):
    """Field names alone are not enough: a format spec or conversion that fails is refused too, also when content loads."""
    from pydantic import ValidationError

    from curriculum.model.course import CertificateSettings

    with pytest.raises(SerialPatternError, match="serial pattern"):
        check_serial_pattern(pattern)
    with pytest.raises(ValidationError, match="serial pattern"):
        CertificateSettings(serial_pattern=pattern)


def test_issuing_with_a_bad_pattern_says_so_in_words(mini_course):
    """A programme built in code (no loader) with a pattern that fails formatting: a CertificateError, not a ValueError."""
    course = mini_course.programme.courses[0]
    certificate = course.certificate.model_construct(**{**course.certificate.__dict__, "serial_pattern": "X-{seq:q}"})
    bad_course = course.model_construct(**{**course.__dict__, "certificate": certificate})
    programme = mini_course.programme.model_construct(**{**mini_course.programme.__dict__, "courses": (bad_course, *mini_course.programme.courses[1:])})
    with UnitOfWork(mini_course.engine) as uow:
        with pytest.raises(CertificateError, match="serial pattern 'X-"):
            issue_certificates(uow, programme, course.id, mini_course.key, URL, issued_on=ISSUED_ON)
