"""签发: the signed state, who signed and when, and additional signatories per section.

Revision ID: b8c2e4f6a1d3
Revises: a6e1d2c3b4f5
Create Date: 2026-12-01 16:40:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'b8c2e4f6a1d3'
down_revision = 'a6e1d2c3b4f5'
branch_labels = None
depends_on = None

OLD_STATES = ('draft', 'submitted', 'office_review', 'returned', 'attribute_changed', 'disputed', 'approved',
              'issued')
NEW_STATES = OLD_STATES + ('signed',)


def upgrade():
    op.create_table('section_signatory',
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['section_id'], ['section.id'], name=op.f('fk_section_signatory_section_id_section')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_section_signatory_user_id_user')),
    sa.PrimaryKeyConstraint('section_id', 'user_id', name=op.f('pk_section_signatory'))
    )
    with op.batch_alter_table('document') as batch_op:
        batch_op.add_column(sa.Column('signatory_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('signature_date', sa.Date(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_document_signatory_id_user'), 'user', ['signatory_id'], ['id'])
        batch_op.drop_constraint('docstate', type_='check')
        batch_op.create_check_constraint('docstate', sa.column('state').in_(NEW_STATES))


def downgrade():
    # A signed document goes back to approved: the signature is kept in its decisions and audit events.
    op.execute("UPDATE document SET state = 'approved' WHERE state = 'signed'")
    with op.batch_alter_table('document') as batch_op:
        batch_op.drop_constraint('docstate', type_='check')
        batch_op.create_check_constraint('docstate', sa.column('state').in_(OLD_STATES))
        batch_op.drop_constraint(batch_op.f('fk_document_signatory_id_user'), type_='foreignkey')
        batch_op.drop_column('signature_date')
        batch_op.drop_column('signatory_id')
    op.drop_table('section_signatory')
