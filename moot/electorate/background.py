"""Compiling runs after the request that started it: the returning officer watches its progress."""

from __future__ import annotations

import logging
import threading

from django.db import connection, transaction

from moot.electorate.models import Electorate
from moot.electorate.services import compile_electorate

logger = logging.getLogger(__name__)
_running: list[threading.Thread] = []


def compile_after_commit(electorate: Electorate) -> None:
    """Start compiling once the transaction that recorded the request has committed."""
    transaction.on_commit(lambda: _start(electorate.pk))


def _start(electorate_id: int) -> None:
    thread = threading.Thread(target=_run, args=(electorate_id,), daemon=True)
    _running.append(thread)
    thread.start()


def wait_for_compiling(timeout: float = 60) -> None:
    """Block until every compile started by this process has finished (shutdown, tests)."""
    while _running:
        _running.pop().join(timeout)


def _run(electorate_id: int) -> None:
    try:
        compile_electorate(Electorate.objects.get(pk=electorate_id))
    except Exception:  # recorded on the electorate as failed; the log keeps the detail
        logger.exception("compiling electorate %s failed", electorate_id)
    finally:
        connection.close()
