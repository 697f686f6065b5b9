"""how-might-we questions in several languages: the text becomes a {language: text} map

A question was one text, written in the workshop's language; it becomes the map of the
languages it is written in, like a phase's title. An old question's text is the map of its
workshop's language.

Revision ID: a1c3e5f7b9d2
Revises: f3a1b2c4d5e6
Create Date: 2026-12-03 08:30:00

"""
import json

import sqlalchemy as sa
from alembic import op

revision = 'a1c3e5f7b9d2'
down_revision = 'f3a1b2c4d5e6'
branch_labels = None
depends_on = None

# The languages a downgraded question falls back to when its workshop's has no text.
FALLBACK = ('fi', 'en', 'sv')


def _rows(bind):
    question = sa.table('hmw_question', sa.column('id', sa.String),
                        sa.column('workshop_id', sa.String), sa.column('text'))
    workshop = sa.table('workshop', sa.column('id', sa.String),
                        sa.column('language', sa.String))
    return bind.execute(sa.select(question.c.id, question.c.text, workshop.c.language)
                        .select_from(question.join(
                            workshop, workshop.c.id == question.c.workshop_id))).all()


def _replace(new_type, values, server_default):
    """Put ``values(text, language)`` of every question in a new column of ``new_type`` and
    let it take the old one's place.

    Added, dropped and renamed in place ("never": SQLite's own ADD, DROP and RENAME COLUMN)
    rather than changed in batch mode: that copies the table and drops the old copy, and
    with foreign keys enforced the drop would cascade to every idea under a question."""
    bind = op.get_bind()
    rows = _rows(bind)
    with op.batch_alter_table('hmw_question', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('text_new', new_type, nullable=False,
                                      server_default=server_default))
    table = sa.table('hmw_question', sa.column('id', sa.String), sa.column('text_new', new_type))
    for question_id, text, language in rows:
        bind.execute(table.update().where(table.c.id == question_id)
                     .values(text_new=values(text, language)))
    with op.batch_alter_table('hmw_question', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('text')
    op.execute('ALTER TABLE hmw_question RENAME COLUMN text_new TO text')


def _decoded(value):
    # PostgreSQL's driver decodes JSON itself; SQLite's gives the text.
    return json.loads(value) if isinstance(value, str) else (value or {})


def upgrade():
    _replace(sa.JSON(), lambda text, language: {language or 'fi': text} if text else {},
             sa.text("'{}'"))


def downgrade():
    def one(value, language):
        texts = _decoded(value)
        for lang in (language, *FALLBACK, *texts):
            if texts.get(lang):
                return texts[lang]
        return ''

    _replace(sa.Text(), one, '')
