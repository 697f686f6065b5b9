"""pilots' progress and milestones, and the outcomes page's share link

A pilot gets its team's own progress figure (none: its status's) and a weight in the
programme's progress; a pilot's plan gets dated milestones; a workshop gets the token of the
read-only outcomes link, none until a facilitator makes one.

Revision ID: c3e5a7b9d1f2
Revises: b2d4f6a8c0e1
Create Date: 2026-12-03 19:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'c3e5a7b9d1f2'
down_revision = 'b2d4f6a8c0e1'
branch_labels = None
depends_on = None


def upgrade():
    # In place ("never"): a batch copy would drop the old table, and with foreign keys on
    # the drop would cascade to everything that hangs on a pilot or a workshop.
    with op.batch_alter_table('pilot', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('progress', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('weight', sa.Integer(), server_default='1',
                                      nullable=False))
    with op.batch_alter_table('workshop', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('outcomes_token', sa.String(length=32), nullable=True))
    op.create_index(op.f('ix_workshop_outcomes_token'), 'workshop', ['outcomes_token'],
                    unique=True)
    op.create_table(
        'pilot_milestone',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('workshop_id', sa.String(length=36), nullable=False),
        sa.Column('pilot_id', sa.String(length=36), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('done_on', sa.Date(), nullable=True),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('rev', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['pilot_id'], ['pilot.id'],
                                name=op.f('fk_pilot_milestone_pilot_id_pilot'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'],
                                name=op.f('fk_pilot_milestone_workshop_id_workshop'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pilot_milestone')),
    )
    op.create_index(op.f('ix_pilot_milestone_pilot_id'), 'pilot_milestone', ['pilot_id'])
    op.create_index(op.f('ix_pilot_milestone_workshop_id'), 'pilot_milestone', ['workshop_id'])


def downgrade():
    op.drop_index(op.f('ix_pilot_milestone_workshop_id'), table_name='pilot_milestone')
    op.drop_index(op.f('ix_pilot_milestone_pilot_id'), table_name='pilot_milestone')
    op.drop_table('pilot_milestone')
    op.drop_index(op.f('ix_workshop_outcomes_token'), table_name='workshop')
    with op.batch_alter_table('workshop', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('outcomes_token')
    with op.batch_alter_table('pilot', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('weight')
        batch_op.drop_column('progress')
