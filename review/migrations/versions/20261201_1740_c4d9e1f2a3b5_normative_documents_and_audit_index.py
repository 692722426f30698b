"""规范性文件 flag and repeal date on documents; an index for the yearly audit

Revision ID: c4d9e1f2a3b5
Revises: c4848f00863f
Create Date: 2026-12-01 17:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4d9e1f2a3b5'
down_revision = 'c4848f00863f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_normative', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('repealed_on', sa.Date(), nullable=True))
        batch_op.create_index('ix_document_audit', ['state', 'signed_on', 'section_id', 'attribute'], unique=False)


def downgrade():
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_index('ix_document_audit')
        batch_op.drop_column('repealed_on')
        batch_op.drop_column('is_normative')
