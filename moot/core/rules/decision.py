"""A Decision is the answer to "may this happen?" together with why."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Decision:
    """Allowed or not, with the reasons a person can read and the rule version applied."""

    allowed: bool
    reasons: tuple[str, ...] = field(default_factory=tuple)
    rule_version: str | None = None

    @classmethod
    def allow(cls, *reasons: str, rule_version: str | None = None) -> Decision:
        return cls(True, tuple(reasons), rule_version)

    @classmethod
    def refuse(cls, *reasons: str, rule_version: str | None = None) -> Decision:
        return cls(False, tuple(reasons), rule_version)

    @classmethod
    def all_of(cls, decisions: Iterable[Decision]) -> Decision:
        """Allowed only if every decision is; a refusal keeps the refusing reasons only."""
        decisions = list(decisions)
        refusals = [d for d in decisions if not d.allowed]
        chosen = refusals or decisions
        versions = [d.rule_version for d in chosen if d.rule_version]
        return cls(
            not refusals,
            tuple(r for d in chosen for r in d.reasons),
            "; ".join(dict.fromkeys(versions)) or None,
        )

    def __bool__(self) -> bool:
        return self.allowed

    def explain(self) -> str:
        return " ".join(self.reasons)


class Refused(Exception):  # the organisation's word, not "RefusedError"
    """Raised by a service when a Decision refuses; carries the Decision for the person."""

    def __init__(self, decision: Decision | str) -> None:
        if isinstance(decision, str):
            decision = Decision.refuse(decision)
        self.decision = decision
        super().__init__(decision.explain())
