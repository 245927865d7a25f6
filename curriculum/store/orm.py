"""Tables for records: who came, what was held, which certificate was issued.

Content (what is taught) is not stored here: it lives in files. Records point
at content by stable ids (programme, course, module slugs) and at the content
version (hash) they were made with.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Index, Date, DateTime, ForeignKey, Integer, MetaData, String, Text, Time, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class ContentVersionRow(Base):
    """A version of a programme's content, identified by the hash of its files."""

    __tablename__ = "content_versions"
    __table_args__ = (UniqueConstraint("programme_id", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[str] = mapped_column(String(80), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(500))
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ParticipantRow(Base):
    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_ref: Mapped[str | None] = mapped_column(String(120), unique=True)
    first_name: Mapped[str] = mapped_column(String(200))
    last_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    organisation: Mapped[str | None] = mapped_column(String(300))
    position: Mapped[str | None] = mapped_column(String(300))
    target_group: Mapped[str | None] = mapped_column(String(80))
    preferred_language: Mapped[str | None] = mapped_column(String(8))
    is_minor: Mapped[bool] = mapped_column(Boolean, default=False)
    # Minors: no e-mail needed; a guardian's consent is recorded before any record is kept.
    guardian_name: Mapped[str | None] = mapped_column(String(300))
    guardian_consent_on: Mapped[dt.date | None] = mapped_column(Date)
    dedup_key: Mapped[str] = mapped_column(String(400), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    anonymised_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class CourseGroupRow(Base):
    """A group of participants taking one course together (e.g. 'Riga spring')."""

    __tablename__ = "course_groups"
    __table_args__ = (UniqueConstraint("programme_id", "course_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[str] = mapped_column(String(80))
    course_id: Mapped[str] = mapped_column(String(80))
    code: Mapped[str] = mapped_column(String(80))


class EnrolmentRow(Base):
    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("participant_id", "programme_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    programme_id: Mapped[str] = mapped_column(String(80))
    course_id: Mapped[str] = mapped_column(String(80))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("course_groups.id"))
    enrolled_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    participant: Mapped[ParticipantRow] = relationship()


class TrainingSessionRow(Base):
    """A scheduled session of a course or an event, on one day.

    ``code`` is the stable name people use for it ("latvian-a1/g1/03"); a
    round table attended by people who are not enrolled anywhere records a
    ``headcount`` instead of attendance rows.
    """

    __tablename__ = "training_sessions"
    __table_args__ = (UniqueConstraint("programme_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[str] = mapped_column(String(80), index=True)
    code: Mapped[str] = mapped_column(String(120))
    title: Mapped[str | None] = mapped_column(String(300))
    headcount: Mapped[int | None] = mapped_column(Integer)
    course_id: Mapped[str | None] = mapped_column(String(80))
    event_id: Mapped[str | None] = mapped_column(String(80))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("course_groups.id"))
    content_version_id: Mapped[int | None] = mapped_column(ForeignKey("content_versions.id"))
    date: Mapped[dt.date] = mapped_column(Date)
    start_time: Mapped[dt.time] = mapped_column(Time)
    end_time: Mapped[dt.time] = mapped_column(Time)
    venue: Mapped[str | None] = mapped_column(String(300))
    online_url: Mapped[str | None] = mapped_column(String(500))
    trainers: Mapped[list[Any]] = mapped_column(default=list)


class SessionModuleRow(Base):
    """Which modules a session covers: completion joins on it in SQL."""

    __tablename__ = "session_modules"

    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id", ondelete="CASCADE"), primary_key=True)
    module_id: Mapped[str] = mapped_column(String(80), primary_key=True)


class AttendanceRow(Base):
    """One mark per session and person. The covering index lets completion sum
    everyone's minutes in one pass over the index, without touching the table."""

    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("session_id", "participant_id"),
        Index("ix_attendance_by_participant", "participant_id", "session_id", "status", "minutes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    minutes: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class CheckResultRow(Base):
    """A participant's knowledge-check score for a course (from the LMS or on paper)."""

    __tablename__ = "check_results"
    __table_args__ = (UniqueConstraint("participant_id", "programme_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    programme_id: Mapped[str] = mapped_column(String(80))
    course_id: Mapped[str] = mapped_column(String(80))
    score_percent: Mapped[float] = mapped_column()
    source: Mapped[str] = mapped_column(String(20))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class IntegrationPlanRow(Base):
    """A person's individual integration plan (seed 002), started from a template."""

    __tablename__ = "integration_plans"
    __table_args__ = (UniqueConstraint("participant_id", "programme_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    programme_id: Mapped[str] = mapped_column(String(80))
    template_id: Mapped[str | None] = mapped_column(String(80))
    language: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class PlanGoalRow(Base):
    __tablename__ = "plan_goals"
    __table_args__ = (UniqueConstraint("plan_id", "goal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("integration_plans.id", ondelete="CASCADE"))
    goal_id: Mapped[str] = mapped_column(String(80))
    area: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20))
    due: Mapped[dt.date | None] = mapped_column(Date)
    modules: Mapped[list[Any]] = mapped_column(default=list)
    events: Mapped[list[Any]] = mapped_column(default=list)


class CertificateRow(Base):
    """An issued certificate. ``payload`` is the signed record (everything
    printed) and ``signature`` its Ed25519 signature by the key ``key_id``.

    Erasing a participant keeps a tombstone (no person, no payload, revoked)
    so the serial is never reused and a verifier learns it was withdrawn.
    """

    __tablename__ = "certificates"
    __table_args__ = (UniqueConstraint("programme_id", "course_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(60), unique=True)
    verification_code: Mapped[str] = mapped_column(String(40), unique=True)
    programme_id: Mapped[str] = mapped_column(String(80))
    course_id: Mapped[str] = mapped_column(String(80))
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id"))
    content_version_id: Mapped[int | None] = mapped_column(ForeignKey("content_versions.id"))
    language: Mapped[str] = mapped_column(String(8))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    signature: Mapped[str | None] = mapped_column(Text)
    key_id: Mapped[str | None] = mapped_column(String(64))
    override_reason: Mapped[str | None] = mapped_column(Text)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revocation_reason: Mapped[str | None] = mapped_column(Text)


class LmsCompletionRow(Base):
    """A module (or, with module_id '', the whole course) completed in an LMS, as the last pull found it.

    Kept apart from attendance: e-learning is not a session. Completion
    counts a module completed here as covered.
    """

    __tablename__ = "lms_completions"
    __table_args__ = (UniqueConstraint("participant_id", "programme_id", "course_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    programme_id: Mapped[str] = mapped_column(String(80))
    course_id: Mapped[str] = mapped_column(String(80))
    module_id: Mapped[str] = mapped_column(String(80))  # '' for the course as a whole
    completed: Mapped[bool] = mapped_column(Boolean, default=False)
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    source: Mapped[str] = mapped_column(String(20))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class CertificateCounterRow(Base):
    """The last number used in a serial series ('LCC-2010-{seq:04d}').

    Issuing locks this row (an UPDATE) before numbering, so two processes
    issuing at once get consecutive numbers instead of the same ones.
    """

    __tablename__ = "certificate_counters"

    series: Mapped[str] = mapped_column(String(120), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)


class SigningKeyRow(Base):
    """A public key certificates were signed with: what verification checks against."""

    __tablename__ = "signing_keys"

    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    algorithm: Mapped[str] = mapped_column(String(20))
    public_key: Mapped[str] = mapped_column(String(200))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
