"""The live commands of the coaching rhythm: tasks' answers, their review, a survey's
summary."""

from __future__ import annotations

from ..live.commands import command
from . import service
from .schemas import (
    Review,
    ReviewOut,
    SubmissionOut,
    SubmissionSave,
    SurveySummaryOut,
    ThemeRef,
)

command("task.submit", SubmissionSave, SubmissionOut, entity="submission")(service.submit)
command("task.review", Review, ReviewOut, entity="review")(service.review)
command("task.summary", ThemeRef, SurveySummaryOut)(service.summary)
