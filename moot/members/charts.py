"""The membership dashboard: joins, leavers and net by month, and members by region and local party.

Every figure comes from the register's membership periods (no hand-entered numbers), scoped to the
viewer by the caller's queryset. `svg_chart` is pure: data in, accessible SVG out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.html import escape

from moot.members.models import Member, MembershipPeriod


@dataclass(frozen=True)
class Month:
    month: date  # the first of the month
    joins: int
    leavers: int
    members: int  # at the month's end

    @property
    def net(self) -> int:
        return self.joins - self.leavers


@dataclass(frozen=True)
class Area:
    region: str
    local_party: str
    members: int
    joins: int
    leavers: int


def month_starts(today: date, months: int) -> list[date]:
    first, out = today.replace(day=1), []
    for _ in range(months):
        out.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return out[::-1]


def membership_by_month(members: QuerySet[Member], *, today: date, months: int = 24) -> list[Month]:
    """Joins, leavers, net and the total at each month's end, for the last `months` months."""
    starts = month_starts(today, months)
    periods = MembershipPeriod.objects.filter(member__in=members.values("pk"))
    joins = _by_month(periods.filter(joined_on__gte=starts[0], joined_on__lte=today), "joined_on")
    leavers = _by_month(periods.filter(ended_on__gte=starts[0], ended_on__lte=today), "ended_on")
    total = periods.filter(Q(joined_on__lt=starts[0]) & (Q(ended_on__isnull=True) | Q(ended_on__gte=starts[0]))).count()
    out = []
    for start in starts:
        total += joins.get(start, 0) - leavers.get(start, 0)
        out.append(Month(start, joins.get(start, 0), leavers.get(start, 0), total))
    return out


def _by_month(periods: QuerySet[MembershipPeriod], field: str) -> dict[date, int]:
    rows = periods.annotate(m=TruncMonth(field)).values("m").annotate(n=Count("id")).values_list("m", "n")
    return {(m.date() if hasattr(m, "date") else m): n for m, n in rows}


_CURRENT = ("provisional", "active", "arrears", "suspended")


def membership_by_area(members: QuerySet[Member], *, today: date) -> list[Area]:
    """Current members by local party (with its region), and joins and leavers in the last 12 months."""
    since = today - timedelta(days=365)
    counts = (
        members.values("local_party__name", "local_party__parent__name")
        .annotate(
            current=Count("id", filter=Q(status__in=_CURRENT), distinct=True),
            joins=Count("periods", filter=Q(periods__joined_on__gte=since, periods__joined_on__lte=today)),
            leavers=Count("periods", filter=Q(periods__ended_on__gte=since, periods__ended_on__lte=today)),
        )
        .order_by("local_party__parent__name", "local_party__name")
    )
    return [
        Area(r["local_party__parent__name"] or "", r["local_party__name"], r["current"], r["joins"], r["leavers"])
        for r in counts
    ]


def by_region(areas: list[Area]) -> list[Area]:
    totals: dict[str, list[int]] = {}
    for a in areas:
        t = totals.setdefault(a.region, [0, 0, 0])
        t[0], t[1], t[2] = t[0] + a.members, t[1] + a.joins, t[2] + a.leavers
    return [Area(region, "", *t) for region, t in sorted(totals.items())]


def svg_chart(months: list[Month], *, title: str, width: int = 720, height: int = 260) -> str:
    """Joins above the axis, leavers below, per month; the data table beside it carries the same figures."""
    pad, n = 40, max(len(months), 1)
    peak = max([m.joins for m in months] + [m.leavers for m in months] + [1])
    mid, half = height / 2, height / 2 - 20
    step = (width - 2 * pad) / n
    bar = max(step * 0.7, 1)
    shapes: list[str] = []
    for i, m in enumerate(months):
        x = pad + i * step
        up, down = half * m.joins / peak, half * m.leavers / peak
        label = f"{m.month:%B %Y}: {m.joins} joined, {m.leavers} left, net {m.net:+d}"
        shapes.append(
            f"<g><title>{escape(label)}</title>"
            f'<rect class="joins" x="{x:.1f}" y="{mid - up:.1f}" width="{bar:.1f}" height="{up:.1f}"/>'
            f'<rect class="leavers" x="{x:.1f}" y="{mid:.1f}" width="{bar:.1f}" height="{down:.1f}"/></g>'
        )
        if i % 3 == 0:
            shapes.append(f'<text x="{x:.1f}" y="{height - 4}" font-size="10">{m.month:%b %y}</text>')
    first, last = (months[0], months[-1]) if months else (None, None)
    desc = (
        "No membership data."
        if first is None or last is None
        else (
            f"From {first.month:%B %Y} to {last.month:%B %Y}: {sum(m.joins for m in months)} joined and "
            f"{sum(m.leavers for m in months)} left; {last.members} members at the end. "
            f"The busiest month had {peak} joins or leavers. Bars above the line are joins, below are leavers."
        )
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title chart-desc" '
        f'viewBox="0 0 {width} {height}" class="chart">'
        f'<title id="chart-title">{escape(title)}</title><desc id="chart-desc">{escape(desc)}</desc>'
        f'<line x1="{pad}" y1="{mid}" x2="{width - pad}" y2="{mid}" class="axis"/>'
        f'<text x="2" y="14" font-size="10">{peak}</text>'
        f"{''.join(shapes)}</svg>"
    )


def as_json(months: list[Month], areas: list[Area]) -> dict[str, Any]:
    return {
        "months": [
            {
                "month": m.month.isoformat()[:7],
                "joins": m.joins,
                "leavers": m.leavers,
                "net": m.net,
                "members": m.members,
            }
            for m in months
        ],
        "regions": [
            {"region": a.region, "members": a.members, "joins": a.joins, "leavers": a.leavers} for a in by_region(areas)
        ],
        "local_parties": [
            {
                "region": a.region,
                "local_party": a.local_party,
                "members": a.members,
                "joins": a.joins,
                "leavers": a.leavers,
            }
            for a in areas
        ],
    }
