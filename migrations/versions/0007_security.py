"""security: login sessions, member join keys, expiring invitations, team invitations

Revision ID: a8b6c5d7e9f0
Revises: f7a5b4c6d8e9
Create Date: 2026-12-02 05:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'a8b6c5d7e9f0'
down_revision = 'f7a5b4c6d8e9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_session',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_login_session_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_session'))
    )
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_session_user_id'), ['user_id'], unique=False)

    # Every login made before this revision ends: logins now live in login_session.
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_user_account_login_token'), type_='unique')
        batch_op.drop_column('login_token')

    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key_digest', sa.String(length=64), nullable=True))

    with op.batch_alter_table('live_connection', schema=None) as batch_op:
        batch_op.add_column(sa.Column('login_session', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_live_connection_login_session'), ['login_session'], unique=False)

    with op.batch_alter_table('pilot', schema=None) as batch_op:
        batch_op.add_column(sa.Column('invite_expires_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('teams_may_invite', sa.Boolean(), server_default=sa.false(), nullable=False))

    # Links made before expiry existed would work for ever: retire them.
    op.execute("UPDATE pilot SET invite_token = NULL")

    # A theme's task or material stored as JSON null means none: make it SQL NULL, which
    # is what every query for "has a task" looks for.
    cast = "::text" if op.get_bind().dialect.name == "postgresql" else ""
    for column in ("task", "material"):
        op.execute(f"UPDATE workshop_session SET {column} = NULL WHERE {column}{cast} = 'null'")


def downgrade():
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_column('teams_may_invite')

    with op.batch_alter_table('pilot', schema=None) as batch_op:
        batch_op.drop_column('invite_expires_at')

    with op.batch_alter_table('live_connection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_connection_login_session'))
        batch_op.drop_column('login_session')

    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_column('key_digest')

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('login_token', sa.String(length=64), nullable=True))
    op.execute("UPDATE user_account SET login_token = 'ended-' || CAST(id AS VARCHAR(20))")
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.alter_column('login_token', nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_user_account_login_token'), ['login_token'])

    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_session_user_id'))

    op.drop_table('login_session')
