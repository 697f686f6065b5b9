"""tombstones for removed items; a submission's review has its own revision

Revision ID: c0d8e7f9a1b2
Revises: b9c7d6e8f0a1
Create Date: 2026-12-02 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c0d8e7f9a1b2'
down_revision = 'b9c7d6e8f0a1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('removed_item',
    sa.Column('workshop_id', sa.String(length=36), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('entity_id', sa.String(length=36), nullable=False),
    sa.Column('removed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_removed_item_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id', 'entity', 'entity_id', name=op.f('pk_removed_item'))
    )
    # Items deleted before this revision have their delete events: they become tombstones.
    op.execute("INSERT INTO removed_item (workshop_id, entity, entity_id, removed_at) "
               "SELECT workshop_id, entity, entity_id, MAX(created_at) FROM event "
               "WHERE op = 'delete' GROUP BY workshop_id, entity, entity_id")
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_rev', sa.Integer(), nullable=False,
                                      server_default='0'))


def downgrade():
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_column('review_rev')
    op.drop_table('removed_item')
