"""Members benchmarks: make a CSV for the import, and time officers' searches (p50/p95, EXPLAIN ANALYZE).

python bench/members/bench.py csv 500000 /tmp/members-500k.csv   # branch codes from the database
python bench/members/bench.py search [--rounds 20]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moot.settings")

import django

django.setup()

from django.db import connection  # noqa: E402

from moot.accounts.models import User  # noqa: E402
from moot.members.search import CappedPaginator, MemberQuery, search_members  # noqa: E402
from moot.organisation.models import Unit  # noqa: E402

FIRST = [
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Noah",
    "Oliver",
    "George",
    "Arthur",
    "Leo",
    "Jack",
    "Harry",
    "Sophie",
    "Grace",
    "Freya",
    "Lily",
    "Mohammed",
    "Aisha",
    "Priya",
    "Tomasz",
    "Siobhan",
    "Rhys",
    "Callum",
]
LAST = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Robinson",
    "Wright",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Wood",
    "Jackson",
    "Clarke",
    "Khan",
    "Murphy",
    "Kowalski",
    "O'Brien",
    "MacDonald",
    "Hughes",
    "Edwards",
    "Lewis",
    "Harris",
]
AREAS = ["SW", "SE", "N", "E", "W", "NW", "M", "B", "LS", "L", "G", "EH", "CF", "BS", "NE", "S", "NG", "LE"]


def make_csv(rows: int, out: Path, seed: int = 1) -> None:
    rng = random.Random(seed)
    branches = list(Unit.objects.filter(kind=Unit.Kind.BRANCH).order_by("code").values_list("code", flat=True))
    if not branches:
        sys.exit("No branches in the database: run `moot demo` first.")
    today = date(2025, 6, 1)
    with out.open("w", encoding="utf-8", newline="") as f:
        f.write(
            "membership_number,first_name,last_name,email,phone,postcode,date_of_birth,branch,joined_on,"
            "status,paid_up_to,left_on\n"
        )
        for n in range(1, rows + 1):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            joined = today - timedelta(days=rng.randint(0, 3650))
            status, left, paid = "active", "", (today + timedelta(days=rng.randint(-200, 365))).isoformat()
            if rng.random() < 0.2:
                status = rng.choice(("lapsed", "resigned"))
                left, paid = min(joined + timedelta(days=rng.randint(30, 900)), today).isoformat(), ""
            born = today - timedelta(days=rng.randint(16 * 365, 90 * 365))
            letters = "ABDEFGHJLNPQRSTUWXYZ"
            postcode = (
                f"{rng.choice(AREAS)}{rng.randint(1, 20)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
            )
            f.write(
                f"I{n:07d},{first},{last},{first.lower()}.{n}@example.org,07700 {n % 1000000:06d},{postcode},"
                f"{born.isoformat()},{rng.choice(branches)},{joined.isoformat()},{status},{paid},{left}\n"
            )
    print(f"wrote {rows} rows to {out}")


def viewers() -> dict[str, User]:
    """The demo's national staff, regional staff and local party officer personas."""
    from moot.demo.personas import PERSONAS

    emails = {p.key: p.email for p in PERSONAS}
    return {
        name: User.objects.get(email=emails[key])
        for name, key in (
            ("national", "national-staff"),
            ("regional", "regional-staff"),
            ("local party", "local-officer"),
        )
    }


QUERIES = [
    MemberQuery(q="smith"),
    MemberQuery(q="jo"),
    MemberQuery(q="john smi"),
    MemberQuery(q="wil"),
    MemberQuery(q="A0012345"),
    MemberQuery(q="A00123"),
    MemberQuery(q="SW1"),
    MemberQuery(q="M1 1"),
    MemberQuery(status="lapsed"),
    MemberQuery(arrears=True),
    MemberQuery(q="s", status="active"),
    MemberQuery(),
    MemberQuery(q="taylor", arrears=True),
]


def label(query: MemberQuery) -> str:
    """A query as the docs write it: `jo`, `s` + active, arrears, empty."""
    parts = [f"`{query.q}`"] if query.q else []
    parts += [query.status] if query.status else []
    parts += ["arrears"] if query.arrears else []
    return " + ".join(parts) or "empty query"


def search(rounds: int) -> None:
    today = date.today()
    for name, viewer in viewers().items():
        timings: list[float] = []
        worst: dict[str, float] = {}
        for _ in range(rounds):
            for query in QUERIES:
                viewer.__dict__.pop("_moot_holdings", None)  # as in a fresh request
                started = time.perf_counter()
                page = CappedPaginator(search_members(viewer, query, today=today), 25).get_page(1)
                list(page.object_list)
                _ = page.paginator.count
                timings.append((time.perf_counter() - started) * 1000)
                worst[label(query)] = max(worst.get(label(query), 0), timings[-1])
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"{name:<12} {len(timings)} searches: p50 {statistics.median(timings):.1f} ms, "
            f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms"
        )
        slowest = sorted(worst.items(), key=lambda kv: -kv[1])[:3]
        print("   slowest: " + "; ".join(f"{q} {t:.0f} ms" for q, t in slowest))
    national = viewers()["national"]
    for query in (
        MemberQuery(q="s", status="active"),
        MemberQuery(q="jo"),
        MemberQuery(q="smith"),
        MemberQuery(q="SW1"),
        MemberQuery(q="jo smi"),
    ):
        qs = search_members(national, query, today=today)[:25]
        sql, params = qs.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, params)
            print(f"\nEXPLAIN ANALYZE for {query}:")
            print("\n".join(row[0] for row in cursor.fetchall()))


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("csv")
    c.add_argument("rows", type=int)
    c.add_argument("out", type=Path)
    s = sub.add_parser("search")
    s.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    if args.command == "csv":
        make_csv(args.rows, args.out)
    else:
        search(args.rounds)


if __name__ == "__main__":
    main()
