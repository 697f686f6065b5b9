"""entered with help, and when members were last here

An idea, a canvas note or a task's answer a facilitator typed in for a participant who has
no device names who typed it (no foreign key: a plain id, like an idea's "builds on"); a
member keeps when their live connection last opened or closed, and which facilitator
added them (someone without a device, who may come in later by their own link); a +1 keeps
when it was given. All three feed the facilitators' participation view.

Revision ID: f6b8d0e2a4c5
Revises: e5a7c9d1f3b4
Create Date: 2026-12-08 12:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'f6b8d0e2a4c5'
down_revision = 'e5a7c9d1f3b4'
branch_labels = None
depends_on = None

HELPED = ('idea', 'challenge_note', 'submission')


def upgrade():
    # In place ("never"): a batch copy would drop the old table, and with foreign keys on
    # the drop would cascade to everything that hangs on it.
    for table in HELPED:
        with op.batch_alter_table(table, schema=None, recreate='never') as batch_op:
            batch_op.add_column(sa.Column('entered_by_member_id', sa.String(length=36),
                                          nullable=True))
    with op.batch_alter_table('member', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('last_seen_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('added_by_member_id', sa.String(length=36),
                                      nullable=True))
    with op.batch_alter_table('idea_plus', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('created_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('idea_plus', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('created_at')
    with op.batch_alter_table('member', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('added_by_member_id')
        batch_op.drop_column('last_seen_at')
    for table in reversed(HELPED):
        with op.batch_alter_table(table, schema=None, recreate='never') as batch_op:
            batch_op.drop_column('entered_by_member_id')
