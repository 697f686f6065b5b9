"""The words of the browser views, one module per area so each view's words live beside
the others of its area; every page gets all of them (``view_strings``)."""

from __future__ import annotations

from importlib import import_module

AREAS = ("cockpit", "board", "phone", "sections", "work", "voting", "audit", "privacy",
         "moderation", "personal",
         "participation")


def view_strings() -> dict:
    merged: dict = {}
    for area in AREAS:
        merged.update(import_module(f"{__name__}.{area}").strings())
    return merged
