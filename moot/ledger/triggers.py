"""Database triggers that refuse UPDATE and DELETE on the ledger, on SQLite and PostgreSQL.

Triggers stop accidents and careless scripts; someone who can drop them can rewrite history, which
is why the chain is verified and its head published as checkpoints outside the database.
Payloads may be deleted (erasure) but never changed.
"""

from __future__ import annotations

from typing import Any

_MESSAGE = "the ledger is append-only"

SQLITE_INSTALL = [
    f"CREATE TRIGGER IF NOT EXISTS ledger_event_no_update BEFORE UPDATE ON ledger_event "
    f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}: events cannot be changed'); END",
    f"CREATE TRIGGER IF NOT EXISTS ledger_event_no_delete BEFORE DELETE ON ledger_event "
    f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}: events cannot be deleted'); END",
    f"CREATE TRIGGER IF NOT EXISTS ledger_payload_no_update BEFORE UPDATE ON ledger_payload "
    f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}: payloads cannot be changed, only erased'); END",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS ledger_event_no_update",
    "DROP TRIGGER IF EXISTS ledger_event_no_delete",
    "DROP TRIGGER IF EXISTS ledger_payload_no_update",
]

POSTGRES_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '{_MESSAGE}: % on % refused', TG_OP, TG_TABLE_NAME; END $$""",
    "DROP TRIGGER IF EXISTS ledger_event_no_change ON ledger_event",
    "CREATE TRIGGER ledger_event_no_change BEFORE UPDATE OR DELETE ON ledger_event "
    "FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()",
    "DROP TRIGGER IF EXISTS ledger_event_no_truncate ON ledger_event",
    "CREATE TRIGGER ledger_event_no_truncate BEFORE TRUNCATE ON ledger_event "
    "FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()",
    "DROP TRIGGER IF EXISTS ledger_payload_no_update ON ledger_payload",
    "CREATE TRIGGER ledger_payload_no_update BEFORE UPDATE ON ledger_payload "
    "FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()",
]
POSTGRES_REMOVE = [
    "DROP TRIGGER IF EXISTS ledger_event_no_change ON ledger_event",
    "DROP TRIGGER IF EXISTS ledger_event_no_truncate ON ledger_event",
    "DROP TRIGGER IF EXISTS ledger_payload_no_update ON ledger_payload",
]


def _run(connection: Any, statements: dict[str, list[str]]) -> None:
    sql = statements.get(connection.vendor)
    if sql is None:
        raise RuntimeError(f"moot's ledger triggers support SQLite and PostgreSQL, not {connection.vendor}")
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)


def install(connection: Any) -> None:
    _run(connection, {"sqlite": SQLITE_INSTALL, "postgresql": POSTGRES_INSTALL})


def remove(connection: Any) -> None:
    _run(connection, {"sqlite": SQLITE_REMOVE, "postgresql": POSTGRES_REMOVE})
