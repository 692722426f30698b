"""Office settings table; users flagged to change their password at next login.

Revision ID: b7c8d9e0f1a2
Revises: a7e3d2c19b40
Create Date: 2026-12-01 17:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'b7c8d9e0f1a2'
down_revision = 'a7e3d2c19b40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('office_setting',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_office_setting'))
    )
    with op.batch_alter_table('user') as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('user') as batch_op:
        batch_op.drop_column('must_change_password')
    op.drop_table('office_setting')
