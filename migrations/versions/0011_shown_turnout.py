"""members shown to the room; a workshop's turnout, counted and sent coalesced

Revision ID: e2f0a9b1c3d4
Revises: d1e9f8a0b2c3
Create Date: 2026-12-04 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e2f0a9b1c3d4'
down_revision = 'd1e9f8a0b2c3'
branch_labels = None
depends_on = None


def upgrade():
    # Plain added columns: SQLite's own ADD COLUMN, never a copy of the table.
    with op.batch_alter_table('member', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('shown', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    with op.batch_alter_table('workshop', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('participant_count', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('turnout_rev', sa.Integer(), server_default='0',
                                      nullable=False))
    # Everyone already in a workshop was on every participant's screen before: they stay.
    op.execute("UPDATE member SET shown = true")
    op.execute("UPDATE workshop SET participant_count = (SELECT count(*) FROM member"
               " WHERE member.workshop_id = workshop.id AND member.role = 'participant'"
               " AND member.removed_at IS NULL)")


def downgrade():
    with op.batch_alter_table('workshop', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('turnout_rev')
        batch_op.drop_column('participant_count')
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_column('shown')
