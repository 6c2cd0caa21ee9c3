"""Workflows are tables: (stage, action) -> stage, with guards that return Decisions (no Django)."""
