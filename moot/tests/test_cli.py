"""The `moot` command as a person runs it: a fresh SQLite database, the demo, a tampered row."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest


def moot(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "moot", *args], capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def fresh_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env["MOOT_VAR_DIR"] = str(tmp_path)
    return env


def test_a_row_changed_with_sqlite3_makes_audit_verify_exit_1_naming_it(
    fresh_env: dict[str, str], tmp_path: Path
) -> None:
    assert moot("migrate", "-v0", env=fresh_env).returncode == 0
    demo = moot("demo", "--members", "200", "--seed", "5", env=fresh_env)
    assert demo.returncode == 0, demo.stderr
    assert "member@demo.moot.test" in demo.stdout and "auditor@demo.moot.test" in demo.stdout
    intact = moot("audit", "verify", env=fresh_env)
    assert intact.returncode == 0 and "events verified" in intact.stdout

    database = sqlite3.connect(tmp_path / "moot.sqlite3")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        database.execute("UPDATE ledger_event SET action = 'member.expelled' WHERE seq = 42")
    database.execute("DROP TRIGGER ledger_event_no_update")
    database.execute("UPDATE ledger_event SET action = 'member.expelled' WHERE seq = 42")
    database.commit()
    database.close()

    for workers in ("1", "2"):
        broken = moot("audit", "verify", "--workers", workers, env=fresh_env)
        assert broken.returncode == 1
        assert "ledger broken at event 42" in broken.stderr
        assert "Traceback" not in broken.stderr


def test_re_running_the_demo_reuses_it(fresh_env: dict[str, str]) -> None:
    moot("migrate", "-v0", env=fresh_env)
    assert moot("demo", "--members", "150", env=fresh_env).returncode == 0
    again = moot("demo", "--members", "150", env=fresh_env)
    assert again.returncode == 0 and "already exists; reusing it" in again.stdout


def test_bad_arguments_are_a_clear_error_not_a_traceback(fresh_env: dict[str, str]) -> None:
    result = moot("demo", "--members", "5", env=fresh_env)
    assert result.returncode != 0
    assert "--members must be at least 100" in result.stderr and "Traceback" not in result.stderr


def test_check_deploy_is_clean_with_production_settings(fresh_env: dict[str, str]) -> None:
    env = {
        **fresh_env,
        "MOOT_PRODUCTION": "1",
        "SECRET_KEY": "k" * 60 + "-production-test-key",
        "ALLOWED_HOSTS": "moot.example.org",
    }
    result = moot("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr
