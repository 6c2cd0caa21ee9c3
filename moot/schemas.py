"""Schemas every part of the JSON API shares."""

from ninja import Schema


class Problem(Schema):
    """The body of every refusal: one sentence a person understands."""

    detail: str
