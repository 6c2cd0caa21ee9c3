"""A tiny table-driven workflow engine: (stage, action) -> stage, each move checked by guards."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Generic, TypeVar

from moot.core.rules.decision import Decision, Refused

S = TypeVar("S", bound=StrEnum)
A = TypeVar("A", bound=StrEnum)
F = TypeVar("F")


@dataclass(frozen=True)
class Verb:
    """How an action is said: to do ('serve notice') and done ('served with notice')."""

    do: str
    done: str


@dataclass(frozen=True)
class Transition(Generic[S, A]):
    """An allowed move: from which stage, by which action, to which stage, and why."""

    from_stage: S
    action: A
    to_stage: S
    decision: Decision


class DueKind(StrEnum):
    """What the scheduled job (`moot tick`) must do about a measure today."""

    LAPSE = "lapse"  # its review or sunset date passed without renewal: it lapses
    END = "end"  # what it was waiting for happened (the case was decided): it ends
    ESCALATE = "escalate"  # a limit was reached: end it and tell the body that must act
    REMIND = "remind"  # a deadline is near: tell those who must act and the person affected


@dataclass(frozen=True)
class DueAction(Generic[A]):
    """One thing due today: the transition to apply (none for a reminder), the deadline, and why."""

    kind: DueKind
    action: A | None
    deadline: date
    reason: str
    notify: tuple[str, ...]  # who is told: the member is told at every step


@dataclass(frozen=True)
class Workflow(Generic[S, A, F]):
    """A workflow is a table of moves plus the guards each action must pass; nothing else."""

    noun: str
    transitions: Mapping[tuple[S, A], S]
    verbs: Mapping[A, Verb]
    guards: Mapping[A, Sequence[Callable[[F], Decision]]] = field(default_factory=dict)
    stage_labels: Mapping[S, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A table that names an action nobody can say would produce an unreadable refusal later;
        # fail when the module is imported instead.
        actions = {action for _, action in self.transitions}
        missing = sorted(str(a) for a in actions | set(self.guards) if a not in self.verbs)
        if missing:
            raise ValueError(f"{self.noun} workflow: no wording for actions {missing}")
        unused = sorted(str(a) for a in self.guards if a not in actions)
        if unused:
            raise ValueError(f"{self.noun} workflow: guards for actions never in the table {unused}")

    def label(self, stage: S) -> str:
        """The stage as a person reads it."""
        return self.stage_labels.get(stage, str(stage.value).replace("_", " "))

    def next_actions(self, stage: S) -> list[A]:
        """Actions the table allows from `stage`, in the order the table lists them."""
        return [action for (source, action) in self.transitions if source == stage]

    def is_closed(self, stage: S) -> bool:
        """A stage with no way out: the matter is over."""
        return not self.next_actions(stage)

    def check(self, stage: S, action: A, facts: F) -> Decision:
        """Whether `action` may happen at `stage` on these facts, with the reasons either way."""
        target = self.transitions.get((stage, action))
        if target is None:
            return Decision.refuse(self._not_from_here(stage, action))
        decisions = [guard(facts) for guard in self.guards.get(action, ())]
        if not decisions:
            verb = self.verbs[action].done
            return Decision.allow(f"The {self.noun} is {verb}: '{self.label(stage)}' → '{self.label(target)}'.")
        return Decision.all_of(decisions)

    def attempt(self, stage: S, action: A, facts: F) -> Transition[S, A]:
        """The move `action` makes from `stage`, or Refused carrying every reason it may not."""
        decision = self.check(stage, action, facts)
        if not decision.allowed:
            raise Refused(decision)
        return Transition(stage, action, self.transitions[(stage, action)], decision)

    def _not_from_here(self, stage: S, action: A) -> str:
        verb = self.verbs.get(action)
        head = f"A {self.noun} that is '{self.label(stage)}' cannot be "
        head += f"'{verb.done}'" if verb else f"moved by '{action}'"
        allowed = self.next_actions(stage)
        if not allowed:
            return f"{head}; it is closed and nothing further can happen to it."
        return f"{head}; first: {listed([self.verbs[a].do for a in allowed])}."


def listed(items: Sequence[str]) -> str:
    """'a', 'a or b', 'a, b or c': for sentences that name what may happen next."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
