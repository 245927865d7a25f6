"""moodle: modules and courses completed in an LMS, as pulled back

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 23:50:00
"""

from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('lms_completions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.String(length=80), nullable=False),
    sa.Column('course_id', sa.String(length=80), nullable=False),
    sa.Column('module_id', sa.String(length=80), nullable=False),
    sa.Column('completed', sa.Boolean(), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_lms_completions_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lms_completions')),
    sa.UniqueConstraint('participant_id', 'programme_id', 'course_id', 'module_id', name=op.f('uq_lms_completions_participant_id'))
    )
    with op.batch_alter_table('lms_completions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lms_completions_participant_id'), ['participant_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('lms_completions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lms_completions_participant_id'))
    op.drop_table('lms_completions')
