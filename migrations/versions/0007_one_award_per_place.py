"""one award per position and per recipient in a category

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 06:40:00

"""
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

UNIQUE_COLUMNS = ("position", "nomination_id", "municipality_id")


def upgrade():
    with op.batch_alter_table('awards', schema=None) as batch_op:
        for column in UNIQUE_COLUMNS:
            batch_op.create_unique_constraint(
                batch_op.f(f'uq_awards_category_id_{column}'), ['category_id', column])


def downgrade():
    with op.batch_alter_table('awards', schema=None) as batch_op:
        for column in UNIQUE_COLUMNS:
            batch_op.drop_constraint(batch_op.f(f'uq_awards_category_id_{column}'), type_='unique')
