"""Officers search by name, number or postcode, and filter by status, arrears and branch."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from moot.conftest import Org, make_person
from moot.members.models import Member
from moot.members.search import MemberQuery, capped_count, name_order, search_members
from moot.members.services import NewMember, register_members

pytestmark = pytest.mark.django_db
TODAY = date(2025, 6, 1)


@pytest.fixture
def register(org: Org) -> None:
    people = [
        ("S1", "Sally", "Smith", "SW1A 1AA", org.branch_a1, "active", date(2099, 1, 1)),
        ("S2", "John", "Smithson", "SW1A 2BB", org.branch_a2, "active", date(2025, 1, 1)),
        ("S3", "Joan", "Jones", "M1 1AE", org.branch_a1, "lapsed", None),
        ("S4", "Sam", "Smith", "EH1 1YZ", org.branch_b1, "active", date(2099, 1, 1)),
    ]
    register_members(
        new_members=[
            NewMember(
                membership_number=f"X{n[1:]:0>7}",
                first_name=first,
                last_name=last,
                postcode=postcode,
                branch=branch,
                status=status,
                paid_up_to=paid,
                periods=[
                    (
                        date(2020, 1, 1),
                        date(2024, 1, 1) if status == "lapsed" else None,
                        "lapsed" if status == "lapsed" else "",
                    )
                ],
            )
            for n, first, last, postcode, branch, status, paid in people
        ],
        by=None,
    )


def names(viewer: Any, **query: Any) -> list[str]:
    return [m.name for m in search_members(viewer, MemberQuery(**query), today=TODAY)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "smi"}, ["Sally Smith", "John Smithson"]),
        ({"q": "SMITH"}, ["Sally Smith", "John Smithson"]),
        ({"q": "jo"}, ["Joan Jones", "John Smithson"]),
        ({"q": "jo smi"}, ["John Smithson"]),
        ({"q": "X0000002"}, ["John Smithson"]),
        ({"q": "x000000"}, ["Joan Jones", "Sally Smith", "John Smithson"]),
        ({"q": "sw1a"}, ["Sally Smith", "John Smithson"]),
        ({"q": "SW1A 2"}, ["John Smithson"]),
        ({"status": "lapsed"}, ["Joan Jones"]),
        ({"arrears": True}, ["John Smithson"]),
        ({"q": "s", "status": "active"}, ["Sally Smith", "John Smithson"]),
    ],
)
def test_national_staff_find_by_name_number_and_postcode(
    register: None, org: Org, regional_staff_a: Any, query: dict[str, Any], expected: list[str]
) -> None:
    assert names(regional_staff_a, **query) == expected


def test_branch_filter_stays_inside_scope(register: None, org: Org, local_officer_a: Any) -> None:
    assert names(local_officer_a, q="smi", branch_id=org.branch_a2.pk) == ["John Smithson"]
    assert names(local_officer_a, q="sam") == []
    assert names(local_officer_a, branch_id=org.branch_b1.pk) == []


def test_the_page_updates_in_place_with_htmx(register: None, org: Org, local_officer_a: Any) -> None:
    client = Client()
    client.force_login(local_officer_a)
    full = client.get(reverse("member_search"), {"q": "smi"}).content.decode()
    assert "<h1>Members</h1>" in full and "Smith, Sally" in full
    partial = client.get(reverse("member_search"), {"q": "smi", "arrears": "1"}, HTTP_HX_REQUEST="true")
    text = partial.content.decode()
    assert "<h1>" not in text and "Smithson, John" in text and "Smith, Sally" not in text
    assert "1 member found" in text


def test_the_api_paginates(register: None, org: Org, national_staff: Any) -> None:
    client = Client()
    client.force_login(national_staff)
    body = client.get("/api/v1/members", {"q": "smi", "limit": "1", "offset": "1"}).json()
    assert body["count"] == 3 and [m["last_name"] for m in body["items"]] == ["Smith"]
    assert Member.objects.filter(last_name__startswith="Smith").count() == 3


def test_the_dashboard_counts_joins_and_leavers_from_the_periods(register: None, org: Org, national_staff: Any) -> None:
    from moot.members import charts
    from moot.members.search import scoped_members

    months = charts.membership_by_month(scoped_members(national_staff), today=date(2024, 2, 10), months=3)
    assert [(m.month, m.joins, m.leavers, m.members) for m in months] == [
        (date(2023, 12, 1), 0, 0, 4),
        (date(2024, 1, 1), 0, 1, 3),
        (date(2024, 2, 1), 0, 0, 3),
    ]
    svg = charts.svg_chart(months, title="Joins & leavers")
    assert '<title id="chart-title">Joins &amp; leavers</title>' in svg and "<desc" in svg
    assert "January 2024: 0 joined, 1 left, net -1" in svg
    client = Client()
    client.force_login(national_staff)
    page = client.get(reverse("member_dashboard")).content.decode()
    assert "<svg" in page and "Local Party B" in page and "Region A" in page


def test_a_broad_search_counts_only_up_to_the_cap(org: Any, national_staff: Any, monkeypatch: Any) -> None:
    """Beyond COUNT_CAP matches the page says "more than" instead of counting them all."""
    from django.test import Client

    from moot.members import search

    monkeypatch.setattr(search, "COUNT_CAP", 2)
    for i in range(4):
        make_person(f"Sam Sample{i}", branch=org.branch_a1)
    client = Client()
    client.force_login(national_staff)
    page = client.get("/members/?q=sample").content.decode()
    assert "More than" in page and "narrow the search" in page
    assert client.get("/api/v1/members?q=sample").json()["count"] == 3
    monkeypatch.setattr(search, "COUNT_CAP", 10)
    assert client.get("/api/v1/members?q=sample").json()["count"] == 4


FIRSTS = ["Jo", "Joan", "John", "Sam", "Sally", "Will", "Amy", "Jon"]
LASTS = ["Jones", "Johnson", "Smith", "Wilson", "Abbott", "Zeller", "Jo", "Smithson"]


@pytest.fixture
def many(org: Org) -> list[Member]:
    """Every first name with every last name, in two branches: both parts of a name search have many rows."""
    register_members(
        new_members=[
            NewMember(
                membership_number=f"M{i:07d}",
                first_name=first,
                last_name=last,
                branch=org.branch_a1 if i % 2 else org.branch_a2,
                periods=[(date(2020, 1, 1), None, "")],
            )
            for i, (first, last) in enumerate((f, la) for f in FIRSTS for la in LASTS)
        ],
        by=None,
    )
    return list(Member.objects.filter(membership_number__startswith="M"))


@pytest.mark.parametrize("q", ["jo", "s", "smi", "jo smi", "w", "zz", "JO J"])
def test_every_page_of_a_name_search_is_the_matches_in_name_order(
    many: list[Member], national_staff: Any, q: str
) -> None:
    """On PostgreSQL the two parts of a name search are merged page by page; pages must still be exact."""
    first, _, rest = q.upper().partition(" ")
    matches = [
        m
        for m in many
        if m.last_name.upper().startswith(q.upper())
        or (rest and m.first_name.upper().startswith(first) and m.last_name.upper().startswith(rest))
        or (not rest and m.first_name.upper().startswith(first))
    ]
    expected = [m.pk for m in sorted(matches, key=lambda m: (m.last_name.upper(), m.first_name.upper(), m.pk))]
    found = search_members(national_staff, MemberQuery(q=q), today=TODAY)
    for size in (1, 7, 25):
        pages = [[m.pk for m in found[start : start + size]] for start in range(0, len(expected) + size, size)]
        assert [pk for page in pages for pk in page] == expected, size
    assert capped_count(found) == len(expected)
    assert [m.branch.code for m in found[:3]] == [
        m.branch.code
        for m in Member.objects.filter(pk__in=expected[:3]).select_related("branch").order_by(*name_order())
    ]


def test_a_capped_count_of_a_name_search_stops_at_the_cap(
    many: list[Member], national_staff: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from moot.members import search

    monkeypatch.setattr(search, "COUNT_CAP", 5)
    assert capped_count(search_members(national_staff, MemberQuery(q="jo"), today=TODAY)) == 6
    assert capped_count(search_members(national_staff, MemberQuery(q="zz"), today=TODAY)) == 0
