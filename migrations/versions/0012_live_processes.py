"""live sockets belong to a server process with a heartbeat, so a crashed one's are cleaned

Revision ID: f3a1b2c4d5e6
Revises: e2f0a9b1c3d4
Create Date: 2026-12-04 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'f3a1b2c4d5e6'
down_revision = 'e2f0a9b1c3d4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'live_process',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('host', sa.String(length=255), nullable=False),
        sa.Column('pid', sa.Integer(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('seen_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_live_process')),
    )
    with op.batch_alter_table('live_process', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_process_seen_at'), ['seen_at'], unique=False)
    # A plain added column: SQLite's own ADD COLUMN, never a copy of the table. Rows from
    # before have no process; the first process to start removes them.
    with op.batch_alter_table('live_connection', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('process_id', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_live_connection_process_id'), ['process_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('live_connection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_connection_process_id'))
        batch_op.drop_column('process_id')
    with op.batch_alter_table('live_process', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_process_seen_at'))
    op.drop_table('live_process')
