"""links: link tables instead of JSON id lists

The personas of challenges, questions, concepts and pilots, a concept's ideas and a vote
round's ballot move from JSON columns to link tables with foreign keys.

Revision ID: b9c7d6e8f0a1
Revises: a8b6c5d7e9f0
Create Date: 2026-12-02 08:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'b9c7d6e8f0a1'
down_revision = 'a8b6c5d7e9f0'
branch_labels = None
depends_on = None

# (link table, parent table, parent key, old JSON column, target table, target key,
#  the parent's target column and value when the list is only for some parents)
LINKS = [
    ('challenge_persona', 'challenge', 'challenge_id', 'persona_ids', 'persona', 'persona_id',
     None),
    ('hmw_persona', 'hmw_question', 'hmw_id', 'persona_ids', 'persona', 'persona_id', None),
    ('concept_idea', 'concept', 'concept_id', 'idea_ids', 'idea', 'idea_id', None),
    ('concept_persona', 'concept', 'concept_id', 'persona_ids', 'persona', 'persona_id', None),
    ('pilot_persona', 'pilot', 'pilot_id', 'persona_ids', 'persona', 'persona_id', None),
    ('vote_round_concept', 'vote_round', 'round_id', 'item_ids', 'concept', 'concept_id',
     ('target', 'concepts')),
    ('vote_round_idea', 'vote_round', 'round_id', 'item_ids', 'idea', 'idea_id',
     ('target', 'ideas')),
]
# The JSON columns that go, per table.
COLUMNS = {'challenge': ['persona_ids'], 'hmw_question': ['persona_ids'],
           'concept': ['idea_ids', 'persona_ids'], 'pilot': ['persona_ids'],
           'vote_round': ['item_ids']}


def _link_table(name, parent_key, target_key):
    return sa.Table(
        name, sa.MetaData(),
        sa.Column(parent_key, sa.String(length=36), nullable=False),
        sa.Column(target_key, sa.String(length=36), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
    )


def _parent_table(parent, column, condition):
    columns = [sa.column('id', sa.String), sa.column('workshop_id', sa.String),
               sa.column(column, sa.JSON)]
    if condition:
        columns.append(sa.column(condition[0], sa.String))
    return sa.table(parent, *columns)


def upgrade():
    for name, parent, parent_key, _column, target, target_key, _condition in LINKS:
        op.create_table(name,
        sa.Column(parent_key, sa.String(length=36), nullable=False),
        sa.Column(target_key, sa.String(length=36), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint([parent_key], [f'{parent}.id'], name=op.f(f'fk_{name}_{parent_key}_{parent}'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint([target_key], [f'{target}.id'], name=op.f(f'fk_{name}_{target_key}_{target}'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint(parent_key, target_key, name=op.f(f'pk_{name}'))
        )
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f'ix_{name}_{target_key}'), [target_key], unique=False)

    # Every list becomes rows, in its order. An id whose row is gone (or is another
    # workshop's), a repeat or a value that is no id at all was never shown as a link, so it
    # is left behind.
    bind = op.get_bind()
    for name, parent, parent_key, column, target, target_key, condition in LINKS:
        targets = dict(bind.execute(sa.select(
            sa.column('id', sa.String), sa.column('workshop_id', sa.String))
            .select_from(sa.table(target))).all())
        table = _parent_table(parent, column, condition)
        query = sa.select(*table.c)
        if condition:
            query = query.where(table.c[condition[0]] == condition[1])
        rows = []
        for row in bind.execute(query).mappings():
            ids = row[column] if isinstance(row[column], list) else []
            kept = [i for i in dict.fromkeys(i for i in ids if isinstance(i, str))
                    if targets.get(i) == row['workshop_id']]
            rows += [{parent_key: row['id'], target_key: target_id, 'position': position}
                     for position, target_id in enumerate(kept)]
        if rows:
            op.bulk_insert(_link_table(name, parent_key, target_key), rows)

    # "never": an ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later) instead of batch
    # mode's copy-and-rename. Paja's SQLite connections enforce foreign keys, and dropping
    # the old copy of a table would then cascade to every row that points at it - pilots,
    # ballots and the links just made.
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None, recreate='never') as batch_op:
            for column in columns:
                batch_op.drop_column(column)


def downgrade():
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None, recreate='never') as batch_op:
            for column in columns:
                batch_op.add_column(sa.Column(column, sa.JSON(), nullable=False,
                                              server_default=sa.text("'[]'")))

    bind = op.get_bind()
    for name, parent, parent_key, column, target, target_key, _condition in LINKS:
        links = _link_table(name, parent_key, target_key)
        lists = {}
        for row in bind.execute(sa.select(links).order_by(
                links.c[parent_key], links.c.position)).mappings():
            lists.setdefault(row[parent_key], []).append(row[target_key])
        table = sa.table(parent, sa.column('id', sa.String), sa.column(column, sa.JSON))
        for parent_id, ids in lists.items():
            bind.execute(table.update().where(table.c.id == parent_id).values({column: ids}))

    for name, _parent, _parent_key, _column, _target, target_key, _condition in reversed(LINKS):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{name}_{target_key}'))
        op.drop_table(name)
