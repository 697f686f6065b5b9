"""Workshops: the co-design space, created from a template, joined with a code."""
