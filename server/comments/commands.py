"""The live commands about comments, on whatever a feature lets people comment on."""

from __future__ import annotations

from ..live.commands import command
from . import service
from .schemas import CommentAdd, CommentOut, CommentRef

command("comment.add", CommentAdd, CommentOut, dump=service.dump_comment)(service.add_comment)
command("comment.delete", CommentRef, CommentOut, dump=service.dump_comment)(
    service.delete_comment)
