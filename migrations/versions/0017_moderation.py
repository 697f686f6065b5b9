"""moderation before reveal

A facilitator may read ideas and canvas notes before the room does: a workshop-wide switch
(ideas of every question and every canvas note) and one per how-might-we question. An
idea or note waiting for the facilitator, or returned to its author with a note, carries
its state; NULL is an item the room sees. A facilitator's edit keeps the author's own
words beside it for the author.

Revision ID: e5a7c9d1f3b4
Revises: d4f6b8c0e2a3
Create Date: 2026-12-08 10:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'e5a7c9d1f3b4'
down_revision = 'd4f6b8c0e2a3'
branch_labels = None
depends_on = None


def upgrade():
    # In place ("never"): a batch copy would drop the old table, and with foreign keys on
    # the drop would cascade to everything that hangs on it.
    with op.batch_alter_table('workshop', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('moderated', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    with op.batch_alter_table('hmw_question', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('moderated', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    with op.batch_alter_table('idea', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('moderation', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('moderation_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('original_text', sa.Text(), nullable=True))
    with op.batch_alter_table('challenge_note', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('moderation', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('moderation_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('original_body', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('challenge_note', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('original_body')
        batch_op.drop_column('moderation_note')
        batch_op.drop_column('moderation')
    with op.batch_alter_table('idea', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('original_text')
        batch_op.drop_column('moderation_note')
        batch_op.drop_column('moderation')
    with op.batch_alter_table('hmw_question', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('moderated')
    with op.batch_alter_table('workshop', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('moderated')
