"""The `moot` command: `moot count` runs without Django; everything else is a Django command."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "count":
        # The counting engine needs no database or settings (moot.core is Django-free).
        from moot.core.tally.cli import main as count_main

        return count_main(args[1:])
    if args and args[0] == "serve":
        return _serve(args[1:])
    if args and args[0] == "worker":
        # The task queue's worker (django-tasks' database backend): run one or more beside the web.
        args = ["db_worker", *args[1:]]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moot.settings")
    from django.core.management import execute_from_command_line

    command = [a.replace("-", "_") if i == 0 else a for i, a in enumerate(args)]
    execute_from_command_line(["moot", *command])
    return 0


def _serve(args: list[str]) -> int:
    """Serve with gunicorn on 127.0.0.1:8000 (or --bind ADDR) with two workers."""
    bind = "127.0.0.1:8000"
    if args[:1] == ["--bind"] and len(args) > 1:
        bind = args[1]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moot.settings")
    print(f"moot is serving at http://{bind}  (Ctrl-C to stop)", flush=True)
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "moot.wsgi:application",
        "--bind",
        bind,
        "--workers",
        os.environ.get("MOOT_WORKERS", "2"),
        "--access-logfile",
        "-",
    ]
    os.execv(sys.executable, argv)  # noqa: S606 — a fixed argv, no shell
    return 0  # not reached: execv replaces this process


if __name__ == "__main__":
    sys.exit(main())
