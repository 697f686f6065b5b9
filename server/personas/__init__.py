"""Personas and customer profiles."""
