"""records base: participants, groups, enrolments, sessions, attendance, certificates, content versions

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 20:53:02.564711
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('content_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.String(length=80), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('registered_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_versions')),
    sa.UniqueConstraint('programme_id', 'content_hash', name=op.f('uq_content_versions_programme_id'))
    )
    with op.batch_alter_table('content_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_versions_programme_id'), ['programme_id'], unique=False)

    op.create_table('course_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.String(length=80), nullable=False),
    sa.Column('course_id', sa.String(length=80), nullable=False),
    sa.Column('code', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_course_groups')),
    sa.UniqueConstraint('programme_id', 'course_id', 'code', name=op.f('uq_course_groups_programme_id'))
    )
    op.create_table('participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('external_ref', sa.String(length=120), nullable=True),
    sa.Column('first_name', sa.String(length=200), nullable=False),
    sa.Column('last_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('organisation', sa.String(length=300), nullable=True),
    sa.Column('position', sa.String(length=300), nullable=True),
    sa.Column('target_group', sa.String(length=80), nullable=True),
    sa.Column('preferred_language', sa.String(length=8), nullable=True),
    sa.Column('is_minor', sa.Boolean(), nullable=False),
    sa.Column('guardian_name', sa.String(length=300), nullable=True),
    sa.Column('guardian_consent_on', sa.Date(), nullable=True),
    sa.Column('dedup_key', sa.String(length=400), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participants')),
    sa.UniqueConstraint('dedup_key', name=op.f('uq_participants_dedup_key')),
    sa.UniqueConstraint('external_ref', name=op.f('uq_participants_external_ref'))
    )
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participants_email'), ['email'], unique=False)

    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('serial', sa.String(length=60), nullable=False),
    sa.Column('verification_code', sa.String(length=40), nullable=False),
    sa.Column('programme_id', sa.String(length=80), nullable=False),
    sa.Column('course_id', sa.String(length=80), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('content_version_id', sa.Integer(), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('signature', sa.Text(), nullable=True),
    sa.Column('override_reason', sa.Text(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revocation_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['content_version_id'], ['content_versions.id'], name=op.f('fk_certificates_content_version_id_content_versions')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_certificates_participant_id_participants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
    sa.UniqueConstraint('programme_id', 'course_id', 'participant_id', name=op.f('uq_certificates_programme_id')),
    sa.UniqueConstraint('serial', name=op.f('uq_certificates_serial')),
    sa.UniqueConstraint('verification_code', name=op.f('uq_certificates_verification_code'))
    )
    op.create_table('check_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.String(length=80), nullable=False),
    sa.Column('course_id', sa.String(length=80), nullable=False),
    sa.Column('score_percent', sa.Double(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_check_results_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_results')),
    sa.UniqueConstraint('participant_id', 'programme_id', 'course_id', name=op.f('uq_check_results_participant_id'))
    )
    op.create_table('enrolments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.String(length=80), nullable=False),
    sa.Column('course_id', sa.String(length=80), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('enrolled_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['course_groups.id'], name=op.f('fk_enrolments_group_id_course_groups')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_enrolments_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolments')),
    sa.UniqueConstraint('participant_id', 'programme_id', 'course_id', name=op.f('uq_enrolments_participant_id'))
    )
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrolments_participant_id'), ['participant_id'], unique=False)

    op.create_table('integration_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.String(length=80), nullable=False),
    sa.Column('template_id', sa.String(length=80), nullable=True),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_integration_plans_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_integration_plans')),
    sa.UniqueConstraint('participant_id', 'programme_id', name=op.f('uq_integration_plans_participant_id'))
    )
    op.create_table('training_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.String(length=80), nullable=False),
    sa.Column('code', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=True),
    sa.Column('headcount', sa.Integer(), nullable=True),
    sa.Column('course_id', sa.String(length=80), nullable=True),
    sa.Column('event_id', sa.String(length=80), nullable=True),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('content_version_id', sa.Integer(), nullable=True),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('start_time', sa.Time(), nullable=False),
    sa.Column('end_time', sa.Time(), nullable=False),
    sa.Column('venue', sa.String(length=300), nullable=True),
    sa.Column('online_url', sa.String(length=500), nullable=True),
    sa.Column('trainers', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['content_version_id'], ['content_versions.id'], name=op.f('fk_training_sessions_content_version_id_content_versions')),
    sa.ForeignKeyConstraint(['group_id'], ['course_groups.id'], name=op.f('fk_training_sessions_group_id_course_groups')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_sessions')),
    sa.UniqueConstraint('programme_id', 'code', name=op.f('uq_training_sessions_programme_id'))
    )
    with op.batch_alter_table('training_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_sessions_programme_id'), ['programme_id'], unique=False)

    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_attendance_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['training_sessions.id'], name=op.f('fk_attendance_session_id_training_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
    sa.UniqueConstraint('session_id', 'participant_id', name=op.f('uq_attendance_session_id'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index('ix_attendance_by_participant', ['participant_id', 'session_id', 'status', 'minutes'], unique=False)

    op.create_table('plan_goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.String(length=80), nullable=False),
    sa.Column('area', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('modules', sa.JSON(), nullable=False),
    sa.Column('events', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['integration_plans.id'], name=op.f('fk_plan_goals_plan_id_integration_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_goals')),
    sa.UniqueConstraint('plan_id', 'goal_id', name=op.f('uq_plan_goals_plan_id'))
    )
    op.create_table('session_modules',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['training_sessions.id'], name=op.f('fk_session_modules_session_id_training_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'module_id', name=op.f('pk_session_modules'))
    )



def downgrade() -> None:

    op.drop_table('session_modules')
    op.drop_table('plan_goals')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index('ix_attendance_by_participant')

    op.drop_table('attendance')
    with op.batch_alter_table('training_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_sessions_programme_id'))

    op.drop_table('training_sessions')
    op.drop_table('integration_plans')
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrolments_participant_id'))

    op.drop_table('enrolments')
    op.drop_table('check_results')
    op.drop_table('certificates')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participants_email'))

    op.drop_table('participants')
    op.drop_table('course_groups')
    with op.batch_alter_table('content_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_versions_programme_id'))

    op.drop_table('content_versions')

