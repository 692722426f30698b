"""Decision kinds without a CHECK constraint: new workflow steps add kinds as data.

Revision ID: a6e1d2c3b4f5
Revises: f0bb5ccc0b17
Create Date: 2026-12-01 16:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'a6e1d2c3b4f5'
down_revision = 'f0bb5ccc0b17'
branch_labels = None
depends_on = None

OLD_KINDS = ('section_confirm', 'approve', 'change_attribute', 'return', 'accept_change', 'object', 'ruling',
             'override_upstream')


def upgrade():
    with op.batch_alter_table('decision') as batch_op:
        batch_op.drop_constraint('decisionkind', type_='check')


def downgrade():
    # Rows of the newer kinds cannot satisfy the old constraint: they are refused, not silently dropped.
    with op.batch_alter_table('decision') as batch_op:
        batch_op.create_check_constraint('decisionkind', sa.column('kind').in_(OLD_KINDS))
