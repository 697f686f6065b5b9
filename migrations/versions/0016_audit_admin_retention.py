"""the audit log, instance administrators and retention

An audit entry per security-relevant act (no foreign key to the workshop: the entry of a
deletion outlives it); an administrator flag on accounts; a workshop's archiving time, its
own retention period and how far its event log was compacted; instance-wide settings; and
the claim row that lets one process at a time run a scheduled job.

Revision ID: d4f6b8c0e2a3
Revises: c3e5a7b9d1f2
Create Date: 2026-12-04 10:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'd4f6b8c0e2a3'
down_revision = 'c3e5a7b9d1f2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'audit_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('action', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('username', sa.String(length=80), nullable=True),
        sa.Column('workshop_id', sa.String(length=36), nullable=True),
        sa.Column('target_kind', sa.String(length=32), nullable=True),
        sa.Column('target_id', sa.String(length=64), nullable=True),
        sa.Column('address', sa.String(length=45), nullable=True),
        sa.Column('details', sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_audit_entry_user_id_user_account'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry')),
    )
    op.create_index(op.f('ix_audit_entry_at'), 'audit_entry', ['at'])
    op.create_index(op.f('ix_audit_entry_action'), 'audit_entry', ['action'])
    op.create_index(op.f('ix_audit_entry_user_id'), 'audit_entry', ['user_id'])
    op.create_index('ix_audit_entry_workshop_id_at', 'audit_entry', ['workshop_id', 'at'])
    op.create_table(
        'instance_setting',
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('value', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_instance_setting')),
    )
    op.create_table(
        'job_claim',
        sa.Column('name', sa.String(length=32), nullable=False),
        sa.Column('holder', sa.String(length=64), nullable=True),
        sa.Column('claimed_until', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_job_claim')),
    )
    # In place ("never"): a batch copy would drop the old table, and with foreign keys on
    # the drop would cascade to everything that hangs on a workshop or an account.
    with op.batch_alter_table('user_account', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('is_admin', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    with op.batch_alter_table('workshop', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('retention_months', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('events_compacted_to', sa.Integer(),
                                      server_default='0', nullable=False))
    # A workshop archived before this migration counts as archived now: its deletion is
    # then its full retention period away, never sooner than anyone could be warned.
    op.execute(sa.text(
        "UPDATE workshop SET archived_at = CURRENT_TIMESTAMP WHERE status = 'archived'"))


def downgrade():
    with op.batch_alter_table('workshop', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('events_compacted_to')
        batch_op.drop_column('retention_months')
        batch_op.drop_column('archived_at')
    with op.batch_alter_table('user_account', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('is_admin')
    op.drop_table('job_claim')
    op.drop_table('instance_setting')
    op.drop_index('ix_audit_entry_workshop_id_at', table_name='audit_entry')
    op.drop_index(op.f('ix_audit_entry_user_id'), table_name='audit_entry')
    op.drop_index(op.f('ix_audit_entry_action'), table_name='audit_entry')
    op.drop_index(op.f('ix_audit_entry_at'), table_name='audit_entry')
    op.drop_table('audit_entry')
