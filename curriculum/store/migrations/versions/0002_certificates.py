"""certificates: numbering and signing

A counter per serial series (locked while numbering), the public keys
certificates were signed with, the key id on each certificate, and
participant_id nullable so an erased person's certificate stays as a
revoked tombstone (its serial is never reused).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 09:00:00
"""

from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'certificate_counters',
        sa.Column('series', sa.String(length=120), nullable=False),
        sa.Column('last_seq', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('series', name=op.f('pk_certificate_counters')),
    )
    op.create_table(
        'signing_keys',
        sa.Column('key_id', sa.String(length=64), nullable=False),
        sa.Column('algorithm', sa.String(length=20), nullable=False),
        sa.Column('public_key', sa.String(length=200), nullable=False),
        sa.Column('added_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint('key_id', name=op.f('pk_signing_keys')),
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key_id', sa.String(length=64), nullable=True))
        batch_op.alter_column('participant_id', existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.alter_column('participant_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('key_id')
    op.drop_table('signing_keys')
    op.drop_table('certificate_counters')
