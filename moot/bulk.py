"""Writing hundreds of thousands of rows at once on PostgreSQL: COPY, and foreign keys checked once.

Used by the members import (docs/benchmarks.md): of a 500,000-member import, the row-by-row checks
of the foreign keys from the membership periods and status history to the new members took 11 s,
each check locking the member's row again and logging the lock; checked once, by one join, they
take 1.5 s.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from psycopg import Copy


@contextmanager
def copy_into(cursor: Any, model: type[Model], columns: Sequence[str]) -> Iterator[Copy]:
    """COPY rows into the model's table, these columns in this order."""
    quote = connection.ops.quote_name
    with cursor.copy(f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN") as copy:
        yield copy


class RegisterBusy(Exception):
    """The tables could not be locked for a bulk write in time: someone else is using them."""


@contextmanager
def foreign_keys_checked_at_end(
    referenced: type[Model], referencing: Sequence[type[Model]], *, lock_timeout_s: int = 10
) -> Iterator[None]:
    """Inside the current transaction, check the foreign keys from `referencing` to `referenced` once, at the end.

    Each constraint is dropped and added again with its own name and definition before the block
    ends, which checks every row with one join; a row that breaks it raises IntegrityError and
    the transaction rolls back with the constraint intact. Dropping a constraint locks both
    tables against readers and writers until commit: this is for bulk loads only. Waiting longer
    than `lock_timeout_s` for the lock raises RegisterBusy rather than queueing every reader
    behind the load.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("foreign_keys_checked_at_end needs a transaction: the constraints must come back")
    tables = [m._meta.db_table for m in referencing]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE contype = 'f' AND confrelid = %s::regclass AND conrelid::regclass::text = ANY(%s)"
            " ORDER BY 1, 2",
            [referenced._meta.db_table, tables],
        )
        constraints = cursor.fetchall()
        quote = connection.ops.quote_name
        try:
            with transaction.atomic():
                # ALTER TABLE refuses a table with checks still pending from earlier in the
                # transaction: run them now, then defer again as Django's constraints are.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                cursor.execute(f"SET LOCAL lock_timeout = '{int(lock_timeout_s)}s'")
                for table, name, _ in constraints:
                    cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
                cursor.execute("SET LOCAL lock_timeout = DEFAULT")
        except Exception as exc:
            if getattr(exc.__cause__, "sqlstate", None) == "55P03":  # lock_not_available
                raise RegisterBusy(f"{', '.join(tables)} stayed in use for {lock_timeout_s} s") from exc
            raise
        try:
            yield
        except BaseException:
            # Never let a caller that swallows the error commit the tables without their constraints.
            transaction.set_rollback(True)
            raise
        # The load's other keys (to units, to accounts) are checked here rather than at commit, for
        # the same reason as above.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table, name, definition in constraints:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
