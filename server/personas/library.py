"""The persona library: ready persona and customer-profile cards in ``personas/``.

One YAML file per card, every text in Finnish, Swedish and English. The library loads whole
or not at all: the first file that fails validation (a text missing a language, say) is
reported with its path, line and problem, and no card of the library is used (a half-loaded
library would hide cards a facilitator expects).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from marshmallow import fields, validate

from ..schemas import PajaSchema, Text, multilingual, multilingual_list
from ..yamlfiles import ContentFileError, folder_stamp, load_yaml

LIBRARY_DIR = Path(__file__).resolve().parents[2] / "personas"
KINDS = ("persona", "profile")


class PersonaFileError(ContentFileError):
    """A persona or customer-profile file that cannot be used."""


def library_dir() -> Path:
    """``personas/`` in the project, or the folder named by ``PAJA_PERSONA_DIR``."""
    return Path(os.environ.get("PAJA_PERSONA_DIR") or LIBRARY_DIR)


ShortText = multilingual(200)
LongText = multilingual(2000)
TextList = multilingual_list(300, 12)


class PersonaCard(PajaSchema):
    kind = fields.String(required=True, validate=validate.Equal("persona"))
    name = Text(max_length=80, required=True)
    age_range = Text(max_length=20, required=True)
    role = fields.Nested(ShortText, required=True)
    quote = fields.Nested(ShortText, required=True)
    situation = fields.Nested(LongText, required=True)
    goals = fields.Nested(TextList, required=True)
    frustrations = fields.Nested(TextList, required=True)
    digital_skills = fields.Nested(LongText, required=True)
    devices = fields.Nested(ShortText, required=True)
    motivation = fields.Nested(LongText, required=True)
    services_used = fields.Nested(TextList, required=True)
    what_helps = fields.Nested(TextList, required=True)


class ProfileCard(PajaSchema):
    kind = fields.String(required=True, validate=validate.Equal("profile"))
    segment = fields.Nested(ShortText, required=True)
    description = fields.Nested(LongText, required=True)
    needs = fields.Nested(TextList, required=True)
    channels = fields.Nested(TextList, required=True)
    values = fields.Nested(TextList, required=True)
    blockers = fields.Nested(TextList, required=True)


class KindOnly(PajaSchema):
    class Meta:
        unknown = "include"

    kind = fields.String(required=True, validate=validate.OneOf(KINDS))


@dataclass(frozen=True)
class Card:
    key: str
    kind: str
    data: dict

    def title(self, language: str) -> str:
        if self.kind == "persona":
            return self.data["name"]
        return self.data["segment"].get(language) or self.data["segment"]["fi"]


def load_card(path: Path) -> Card:
    kind = load_yaml(path, KindOnly(), PersonaFileError, "a mapping with kind: persona or profile")
    schema = PersonaCard() if kind["kind"] == "persona" else ProfileCard()
    data = load_yaml(path, schema, PersonaFileError, f"a {kind['kind']} card")
    return Card(key=path.stem, kind=data["kind"], data=data)


def load_library(directory: Path | None = None) -> dict[str, Card]:
    """Every card in the library by key (file name without ``.yaml``), personas first."""
    return dict(_load(folder_stamp(directory or library_dir())))


@lru_cache(maxsize=8)
def _load(stamp: tuple) -> tuple[tuple[str, Card], ...]:
    directory = Path(stamp[0])
    cards = [load_card(path) for path in sorted(directory.glob("*.yaml"))]
    cards.sort(key=lambda card: KINDS.index(card.kind))
    return tuple((card.key, card) for card in cards)
