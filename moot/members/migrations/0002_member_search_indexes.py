"""Indexes for officers' member search on PostgreSQL: case-insensitive prefix lookups on names and postcodes.

Django's istartswith becomes UPPER(col::text) LIKE 'SMI%'; a btree on that expression with
text_pattern_ops serves it whatever the database collation. membership_number already has
Django's own varchar_pattern_ops "_like" index (it is unique). pg_trgm was considered for
substring search and left out: search is by prefix, and a GIN index would slow bulk imports.
SQLite (tests, small deployments) keeps the ordinary indexes from 0001.
"""

from django.db import migrations

INDEXES = {
    "member_last_first_upper_prefix":
        "ON members_member (UPPER(last_name::text) text_pattern_ops, UPPER(first_name::text) text_pattern_ops)",
    "member_first_upper_prefix": "ON members_member (UPPER(first_name::text) text_pattern_ops)",
    "member_postcode_prefix": "ON members_member (postcode varchar_pattern_ops)",
    "member_paid_up_to": "ON members_member (paid_up_to)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
