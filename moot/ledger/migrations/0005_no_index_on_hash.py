"""No index on ledger_event.hash.

Nothing looks an event up by its hash: checkpoints name a seq, and the verifier compares each hash
with the one it recomputes. Nor does uniqueness add anything: each hash covers the previous one
and the event's own seq, so two equal hashes would be a SHA-256 collision. Keeping the index up to
date cost about 2 s of a 500,000-member import, its entries landing at random across 1,000,000.

By hand rather than RemoveConstraint: on SQLite that rebuilds the table, which would drop the
append-only triggers (0002). On SQLite the unique index made by 0001's inline UNIQUE stays, as
0003 explains.
"""

from django.db import migrations

INDEX = "ledger_event_hash_unique"


def recreate(apps, schema_editor):
    ops = " varchar_pattern_ops" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"CREATE UNIQUE INDEX {INDEX} ON ledger_event (hash{ops})")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0004_subject_index_byte_ordered_no_actor_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveConstraint(model_name="event", name=INDEX)],
            database_operations=[migrations.RunSQL(f"DROP INDEX IF EXISTS {INDEX}", migrations.RunSQL.noop),
                                 migrations.RunPython(migrations.RunPython.noop, recreate)],
        ),
    ]
