"""pilot updates: the day each tells of, and blockers that stay open until resolved

An update gets the day it tells of (a team entering last month's news gives last month's
day); an existing one tells of the day it was written. Its blockers and help needed get a
resolved mark (when, and by whom: a member's id without a foreign key, which SQLite cannot
add to a table in place).

Revision ID: b2d4f6a8c0e1
Revises: a1c3e5f7b9d2
Create Date: 2026-12-03 13:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'b2d4f6a8c0e1'
down_revision = 'a1c3e5f7b9d2'
branch_labels = None
depends_on = None


def upgrade():
    # Added in place ("never": SQLite's own ADD COLUMN): a batch copy of the table would drop
    # the old one, and with foreign keys on, the drop would cascade to the measure values.
    with op.batch_alter_table('pilot_update', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('happened_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('resolved_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('resolved_by_id', sa.String(length=36), nullable=True))
    update = sa.table('pilot_update', sa.column('id', sa.String),
                      sa.column('created_at', sa.DateTime), sa.column('happened_on', sa.Date))
    bind = op.get_bind()
    for update_id, created_at in bind.execute(sa.select(update.c.id, update.c.created_at)).all():
        if created_at is not None:
            bind.execute(update.update().where(update.c.id == update_id)
                         .values(happened_on=created_at.date()))


def downgrade():
    with op.batch_alter_table('pilot_update', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('resolved_by_id')
        batch_op.drop_column('resolved_at')
        batch_op.drop_column('happened_on')
