"""receipts owed to submitters, drawn and mailed outside the submit request

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 07:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pending_receipts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('first_submission', sa.Boolean(), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['nomination_id'], ['nominations.id'], name=op.f('fk_pending_receipts_nomination_id_nominations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_receipts'))
    )
    with op.batch_alter_table('pending_receipts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_receipts_nomination_id'), ['nomination_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pending_receipts_requested_at'), ['requested_at'], unique=False)


def downgrade():
    with op.batch_alter_table('pending_receipts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_receipts_requested_at'))
        batch_op.drop_index(batch_op.f('ix_pending_receipts_nomination_id'))
    op.drop_table('pending_receipts')
