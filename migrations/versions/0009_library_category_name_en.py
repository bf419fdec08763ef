"""library entries keep the English name of their category

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 09:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('library_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('category_name_en', sa.String(length=200), server_default='',
                                      nullable=False))
    op.execute("UPDATE library_entries SET category_name_en = COALESCE((SELECT categories.name_en "
               "FROM awards JOIN categories ON categories.id = awards.category_id "
               "WHERE awards.id = library_entries.award_id), '') WHERE award_id IS NOT NULL")


def downgrade():
    with op.batch_alter_table('library_entries', schema=None) as batch_op:
        batch_op.drop_column('category_name_en')
