"""a session's focus and projector following; participants' "I'm done" per phase

Revision ID: d1e9f8a0b2c3
Revises: c0d8e7f9a1b2
Create Date: 2026-12-03 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd1e9f8a0b2c3'
down_revision = 'c0d8e7f9a1b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('phase_done',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('workshop_id', sa.String(length=36), nullable=False),
    sa.Column('phase_id', sa.String(length=36), nullable=False),
    sa.Column('member_id', sa.String(length=36), nullable=False),
    sa.Column('done', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('rev', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_phase_done_member_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['phase_id'], ['phase.id'], name=op.f('fk_phase_done_phase_id_phase'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_phase_done_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phase_done')),
    sa.UniqueConstraint('phase_id', 'member_id', name=op.f('uq_phase_done_phase_id'))
    )
    with op.batch_alter_table('phase_done', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phase_done_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_phase_done_phase_id'), ['phase_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_phase_done_workshop_id'), ['workshop_id'], unique=False)

    # Plain added columns: SQLite's own ADD COLUMN, never a copy of the table (dropping the
    # old copy would cascade to the phases and everything else that points at a session).
    with op.batch_alter_table('workshop_session', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('focus_view', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('focus_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('focus_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('focus_seq', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('projector_follows', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('workshop_session', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('projector_follows')
        batch_op.drop_column('focus_seq')
        batch_op.drop_column('focus_at')
        batch_op.drop_column('focus_id')
        batch_op.drop_column('focus_view')
    with op.batch_alter_table('phase_done', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phase_done_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_phase_done_phase_id'))
        batch_op.drop_index(batch_op.f('ix_phase_done_member_id'))
    op.drop_table('phase_done')
