from datetime import date

import pytest

from moot.core.rules import default_rulebook
from moot.core.rules.deadlines import (
    NoticeKind,
    add_days,
    appeal_by,
    appeal_in_time,
    convene_by,
    interim_suspension_lapsed,
    maximum_end,
    notice_given_in_time,
    notice_in_time,
    quorum_met,
    quorum_required,
    readmission_from,
    readmission_may_be_considered,
    renewal_allowed,
    requisition_threshold_met,
    respond_by,
    response_window_closed,
    review_by,
    send_notice_by,
)
from moot.core.rules.tests.helpers import amend

RULES = default_rulebook()


def test_add_days() -> None:
    assert add_days(date(2024, 2, 28), 2) == date(2024, 3, 1)
    assert add_days(date(2024, 3, 1), -1) == date(2024, 2, 29)


class TestNotice:
    @pytest.mark.parametrize(
        ("sent_on", "in_time"),
        [(date(2024, 3, 7), True), (date(2024, 3, 8), True), (date(2024, 3, 9), False)],
        ids=["before", "of", "after"],
    )
    def test_seven_days_notice_of_an_ordinary_meeting(self, sent_on: date, in_time: bool) -> None:
        decision = notice_in_time(NoticeKind.ORDINARY_MEETING, sent_on, date(2024, 3, 15), RULES)
        assert decision.allowed is in_time
        assert decision.rule_version == "meeting-notice@1"

    @pytest.mark.parametrize(
        ("kind", "latest"),
        [
            (NoticeKind.AGM_TO_UNITS, date(2024, 2, 16)),  # 28 days before 15 March 2024
            (NoticeKind.AGM_TO_MEMBERS, date(2024, 3, 8)),
            (NoticeKind.ORDINARY_MEETING, date(2024, 3, 8)),
        ],
    )
    def test_the_day_before_of_and_after_the_latest_sending_date(self, kind: NoticeKind, latest: date) -> None:
        meeting = date(2024, 3, 15)
        assert send_notice_by(kind, meeting, RULES, today=date(2024, 1, 1)).on == latest
        assert notice_in_time(kind, add_days(latest, -1), meeting, RULES).allowed
        assert notice_in_time(kind, latest, meeting, RULES).allowed
        assert not notice_in_time(kind, add_days(latest, 1), meeting, RULES).allowed

    def test_a_late_notice_explains_itself(self) -> None:
        decision = notice_in_time(NoticeKind.AGM_TO_UNITS, date(2024, 3, 1), date(2024, 3, 15), RULES)
        assert decision.reasons == (
            "Too late: notice sent on 1 March 2024 for the meeting on 15 March 2024 gives 14 "
            "days; at least 28 days are required under rule 'annual general meeting notice' "
            "(version 1, in force from 1 January 2010), so notice had to be sent by "
            "16 February 2024.",
        )

    def test_without_a_rule(self) -> None:
        decision = notice_given_in_time(date(2024, 3, 14), date(2024, 3, 15), 1)
        assert decision.allowed
        assert decision.reasons == (
            "In time: notice sent on 14 March 2024 for the meeting on 15 March 2024 gives 1 day; "
            "at least 1 day is required, so notice had to be sent by 14 March 2024.",
        )

    def test_notice_is_judged_by_the_rule_in_force_when_sent(self) -> None:
        longer = amend(RULES, "meeting-notice", date(2024, 3, 10), days=14)
        # Sent on 8 March under the 7-day rule: in time, though the meeting falls under the new one.
        assert notice_in_time(NoticeKind.ORDINARY_MEETING, date(2024, 3, 8), date(2024, 3, 15), longer)
        sent_later = notice_in_time(NoticeKind.ORDINARY_MEETING, date(2024, 3, 10), date(2024, 3, 20), longer)
        assert not sent_later.allowed and sent_later.rule_version == "meeting-notice@2"


class TestInterimSuspension:
    IMPOSED = date(2024, 1, 10)

    def test_review_by_is_28_days_after_imposition(self) -> None:
        deadline = review_by(self.IMPOSED, RULES)
        assert deadline.on == date(2024, 2, 7)
        assert deadline.rule_version == "interim-suspension@1"
        assert deadline.reason == (
            "An interim suspension imposed on 10 January 2024 must be reviewed by 7 February "
            "2024 or it lapses under rule 'interim suspension' (version 1, in force from "
            "1 January 2010)."
        )

    def test_a_renewal_sets_the_next_review_from_the_renewal(self) -> None:
        assert review_by(self.IMPOSED, RULES, renewed_on=date(2024, 2, 7)).on == date(2024, 3, 6)

    def test_maximum_end_is_six_months(self) -> None:
        assert maximum_end(self.IMPOSED, RULES).on == date(2024, 7, 10)
        assert maximum_end(date(2024, 8, 31), RULES).on == date(2025, 2, 28)

    def test_review_by_never_passes_the_maximum_end(self) -> None:
        deadline = review_by(self.IMPOSED, RULES, renewed_on=date(2024, 6, 20))
        assert deadline.on == date(2024, 7, 10)
        assert "(its maximum end)" in deadline.reason

    @pytest.mark.parametrize(
        ("today", "lapsed"),
        [(date(2024, 2, 6), False), (date(2024, 2, 7), False), (date(2024, 2, 8), True)],
        ids=["before", "of", "after"],
    )
    def test_it_lapses_the_day_after_its_review_date(self, today: date, lapsed: bool) -> None:
        assert interim_suspension_lapsed(date(2024, 2, 7), today).allowed is lapsed

    @pytest.mark.parametrize(
        ("renewed_on", "allowed"),
        [(date(2024, 2, 6), True), (date(2024, 2, 7), True), (date(2024, 2, 8), False)],
        ids=["before", "of", "after"],
    )
    def test_a_lapsed_suspension_cannot_be_renewed(self, renewed_on: date, allowed: bool) -> None:
        decision = renewal_allowed(self.IMPOSED, date(2024, 2, 7), renewed_on, RULES)
        assert decision.allowed is allowed

    @pytest.mark.parametrize(
        ("renewed_on", "allowed"),
        [(date(2024, 7, 9), True), (date(2024, 7, 10), False), (date(2024, 7, 11), False)],
        ids=["before", "of", "after"],
    )
    def test_no_renewal_at_or_past_the_maximum(self, renewed_on: date, allowed: bool) -> None:
        decision = renewal_allowed(self.IMPOSED, date(2024, 7, 20), renewed_on, RULES)
        assert decision.allowed is allowed
        if not allowed:
            assert "reached its maximum end on 10 July 2024" in decision.explain()

    def test_limits_stay_those_in_force_when_it_was_imposed(self) -> None:
        longer = amend(RULES, "interim-suspension", date(2024, 2, 1), maximum_months=12)
        assert maximum_end(self.IMPOSED, longer).on == date(2024, 7, 10)
        assert maximum_end(date(2024, 2, 1), longer).on == date(2025, 2, 1)


class TestResponseAndAppeal:
    SERVED = date(2024, 4, 1)

    def test_respond_by_is_14_days_after_service(self) -> None:
        assert respond_by(self.SERVED, RULES).on == date(2024, 4, 15)

    @pytest.mark.parametrize(
        ("today", "closed"),
        [(date(2024, 4, 14), False), (date(2024, 4, 15), False), (date(2024, 4, 16), True)],
        ids=["before", "of", "after"],
    )
    def test_no_decision_while_the_member_may_still_respond(self, today: date, closed: bool) -> None:
        decision = response_window_closed(self.SERVED, today, RULES)
        assert decision.allowed is closed
        if not closed:
            assert decision.reasons[0].startswith(
                "Refused: the member may respond until 15 April 2024; no decision may be taken "
                "before the response window closes."
            )

    def test_a_response_received_opens_the_way_to_a_decision(self) -> None:
        decision = response_window_closed(self.SERVED, date(2024, 4, 5), RULES, responded_on=date(2024, 4, 4))
        assert decision.allowed
        assert decision.reasons == ("The member responded on 4 April 2024.",)

    @pytest.mark.parametrize(
        ("lodged_on", "in_time"),
        [(date(2024, 6, 14), True), (date(2024, 6, 15), True), (date(2024, 6, 16), False)],
        ids=["before", "of", "after"],
    )
    def test_appeal_within_14_days_of_the_decision(self, lodged_on: date, in_time: bool) -> None:
        assert appeal_by(date(2024, 6, 1), RULES).on == date(2024, 6, 15)
        decision = appeal_in_time(date(2024, 6, 1), lodged_on, RULES)
        assert decision.allowed is in_time
        assert decision.rule_version == "appeal@1"


def test_a_requisitioned_meeting_is_convened_within_28_days() -> None:
    deadline = convene_by(date(2024, 5, 6), RULES)
    assert deadline.on == date(2024, 6, 3)
    assert deadline.rule_version == "requisition@1"


class TestReadmission:
    @pytest.mark.parametrize(
        ("applied_on", "allowed"),
        [(date(2026, 3, 14), False), (date(2026, 3, 15), True), (date(2026, 3, 16), True)],
        ids=["before", "of", "after"],
    )
    def test_not_before_five_years_after_expulsion(self, applied_on: date, allowed: bool) -> None:
        assert readmission_from(date(2021, 3, 15), RULES).on == date(2026, 3, 15)
        decision = readmission_may_be_considered(date(2021, 3, 15), applied_on, RULES)
        assert decision.allowed is allowed
        if not allowed:
            assert decision.reasons[0].startswith(
                "Too early: applied on 14 March 2026; applications open on 15 March 2026."
            )


class TestQuorum:
    RULE = RULES.in_force("quorum", date(2024, 1, 1))

    @pytest.mark.parametrize(
        ("eligible", "required"),
        [(0, 0), (1, 1), (9, 1), (10, 1), (11, 2), (95, 10), (100, 10), (300, 30), (5000, 30)],
    )
    def test_one_tenth_rounded_up_or_30_whichever_is_fewer(self, eligible: int, required: int) -> None:
        assert quorum_required(eligible, self.RULE) == required

    @pytest.mark.parametrize(("present", "met"), [(9, False), (10, True), (11, True)])
    def test_boundary(self, present: int, met: bool) -> None:
        decision = quorum_met(present, 95, self.RULE)
        assert decision.allowed is met
        prefix = "Quorate" if met else "Not quorate"
        assert decision.reasons == (
            f"{prefix}: {present} present of 95 entitled to attend; the quorum under rule "
            "'general meeting quorum' (version 1, in force from 1 January 2010) is 10.",
        )


class TestRequisitionThreshold:
    RULE = RULES.in_force("requisition", date(2024, 1, 1))

    @pytest.mark.parametrize(
        ("signatures", "members", "units", "units_total", "met"),
        [
            (0, 1000, 216, 650, False),  # 216/650 < 1/3
            (0, 1000, 217, 650, True),  # 217*3 = 651 >= 650
            (199, 1000, 0, 650, False),  # one fifth of members is 200
            (200, 1000, 0, 650, True),
            (201, 1000, 0, 650, True),
            (0, 0, 0, 0, False),  # nobody to requisition
            (5, 0, 1, 3, True),  # units alone suffice
        ],
    )
    def test_one_third_of_units_or_one_fifth_of_members(
        self, signatures: int, members: int, units: int, units_total: int, met: bool
    ) -> None:
        decision = requisition_threshold_met(signatures, members, units, units_total, self.RULE)
        assert decision.allowed is met

    def test_the_reason_shows_both_routes(self) -> None:
        decision = requisition_threshold_met(150, 1000, 100, 650, self.RULE)
        assert decision.reasons == (
            "Not enough support: 100 of 650 units support it (needed: 1/3 of units, 217); "
            "150 valid signatures of 1000 members entitled to sign (needed: 1/5 of members, 200); "
            "under rule 'requisition of a special meeting' (version 1, in force from "
            "1 January 2010).",
        )
