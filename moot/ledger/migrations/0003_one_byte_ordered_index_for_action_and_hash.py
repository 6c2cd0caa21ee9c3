"""One index each for ledger_event.action and ledger_event.hash, compared byte by byte.

Before: `action` (db_index) and `hash` (unique) each had two btrees, one in the database's
collation and one `varchar_pattern_ops` "_like" index. Nothing orders events by either column;
equality and prefix filters are served by a pattern-ops index alone, and comparing 64-character
hex digests byte by byte is cheaper than by locale. Writing 500,000 events (the members import)
spent about a third of its database time on these four indexes.

The schema is changed by hand rather than by AlterField: on SQLite AlterField rebuilds the table,
and dropping the old table would drop the append-only triggers with it. On SQLite the unique index
that the table's inline UNIQUE made stays (it cannot be dropped without that rebuild); the new
named index sits beside it.
"""

from django.db import migrations, models

TABLE = "ledger_event"
HASH_INDEX = "ledger_event_hash_unique"
ACTION_INDEX = "ledger_event_action"


def _indexes_on(schema_editor, column):
    """Names of the indexes and unique constraints covering exactly `column`, with whether each is a constraint."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, TABLE)
    return [(name, info["unique"] and not info["index"]) for name, info in found.items()
            if info["columns"] == [column] and not info["primary_key"] and name not in (HASH_INDEX, ACTION_INDEX)]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for column in ("hash", "action"):
        for name, is_constraint in _indexes_on(schema_editor, column):
            if vendor == "postgresql" and is_constraint:
                schema_editor.execute(f'ALTER TABLE {TABLE} DROP CONSTRAINT "{name}"')
            elif vendor == "postgresql" or not name.startswith("sqlite_autoindex"):
                schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
    ops = " varchar_pattern_ops" if vendor == "postgresql" else ""
    schema_editor.execute(f"CREATE UNIQUE INDEX {HASH_INDEX} ON {TABLE} (hash{ops})")
    schema_editor.execute(f"CREATE INDEX {ACTION_INDEX} ON {TABLE} (action{ops})")


def backwards(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {HASH_INDEX}")
    schema_editor.execute(f"DROP INDEX IF EXISTS {ACTION_INDEX}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT ledger_event_hash_key UNIQUE (hash)")
        schema_editor.execute(f"CREATE INDEX ledger_event_hash_79a381be_like ON {TABLE} (hash varchar_pattern_ops)")
        schema_editor.execute(f"CREATE INDEX ledger_event_action_aed8d493_like ON {TABLE} (action varchar_pattern_ops)")
    schema_editor.execute(f"CREATE INDEX ledger_event_action_aed8d493 ON {TABLE} (action)")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_append_only_triggers")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name="event", name="action", field=models.CharField(max_length=80)),
                migrations.AlterField(model_name="event", name="hash", field=models.CharField(max_length=64)),
                migrations.AddIndex(
                    model_name="event",
                    index=models.Index(fields=["action"], name=ACTION_INDEX, opclasses=["varchar_pattern_ops"]),
                ),
                migrations.AddConstraint(
                    model_name="event",
                    constraint=models.UniqueConstraint(fields=("hash",), name=HASH_INDEX,
                                                       opclasses=["varchar_pattern_ops"]),
                ),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        ),
    ]
