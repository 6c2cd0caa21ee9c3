"""Effective-dated rule versions and the rulebook that answers "which rule was in force on …?"."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from itertools import pairwise
from types import MappingProxyType
from typing import TypeAlias

from moot.core.rules.dates import long_date
from moot.core.rules.decision import Decision

# Shares (one third of units, a fifth of members) are Fractions, never floats: a threshold that a
# requisition either meets or misses must not depend on binary rounding.
ParameterValue: TypeAlias = int | bool | str | Fraction | tuple[str, ...]
JsonValue: TypeAlias = int | bool | str | list[str] | dict[str, int]


class RuleNotInForce(LookupError):
    """No version of the rule was in force on the date asked about."""


class RuleParameterError(LookupError):
    """A rule version lacks a parameter, or holds it with another type than the caller needs."""


@dataclass(frozen=True)
class RuleVersion:
    """One version of one named rule, applying from `effective_from` until the next version."""

    key: str
    version: int
    effective_from: date
    title: str
    text: str
    parameters: Mapping[str, ParameterValue] = field(default_factory=dict)
    made_by: str | None = None
    made_on: date | None = None
    reason: str | None = None

    def __post_init__(self) -> None:
        if self.version < 1:
            raise ValueError(f"{self.key}: version numbers start at 1, not {self.version}")
        object.__setattr__(self, "key", str(self.key))  # a RuleKey is stored as its value
        # A read-only copy: a RuleVersion is a historical fact, and a caller mutating the dict it
        # passed in must not change what a past decision was judged by.
        object.__setattr__(self, "parameters", MappingProxyType(dict(self.parameters)))

    @property
    def ref(self) -> str:
        """The form stored in a Decision and in the ledger: "selection-vote@3"."""
        return f"{self.key}@{self.version}"

    @property
    def label(self) -> str:
        """A short label for lists: "selection-vote v3 (in force from 1 January 2021)"."""
        return f"{self.key} v{self.version} (in force from {long_date(self.effective_from)})"

    def cite(self) -> str:
        """How reasons cite the rule: "rule 'selection vote' (version 3, in force from …)"."""
        return f"rule '{self.title}' (version {self.version}, in force from {long_date(self.effective_from)})"

    def __str__(self) -> str:
        return self.ref

    def _get(self, name: str) -> ParameterValue:
        try:
            return self.parameters[name]
        except KeyError:
            raise RuleParameterError(f"{self.ref} has no parameter {name!r}") from None

    def integer(self, name: str) -> int:
        """A whole-number parameter (days, weeks, months, a count)."""
        value = self._get(name)
        # bool is a subclass of int: True must not pass for "1 day".
        if isinstance(value, bool) or not isinstance(value, int):
            raise RuleParameterError(f"{self.ref}: {name!r} is not a whole number")
        return value

    def share(self, name: str) -> Fraction:
        """A share such as one third, held exactly as a Fraction."""
        value = self._get(name)
        if not isinstance(value, Fraction):
            raise RuleParameterError(f"{self.ref}: {name!r} is not a share")
        return value

    def flag(self, name: str) -> bool:
        """A yes/no parameter."""
        value = self._get(name)
        if not isinstance(value, bool):
            raise RuleParameterError(f"{self.ref}: {name!r} is not yes/no")
        return value

    def choices(self, name: str) -> tuple[str, ...]:
        """A list of words, such as the sanctions allowed for a finding."""
        value = self._get(name)
        if not isinstance(value, tuple):
            raise RuleParameterError(f"{self.ref}: {name!r} is not a list")
        return value

    def parameters_json(self) -> dict[str, JsonValue]:
        """The parameters as JSON values for a JSONField; `parameters_from_json` reverses it."""
        return {name: _to_json(value) for name, value in self.parameters.items()}


def _to_json(value: ParameterValue) -> JsonValue:
    if isinstance(value, Fraction):
        return {"numerator": value.numerator, "denominator": value.denominator}
    if isinstance(value, tuple):
        return list(value)
    return value


def parameters_from_json(data: Mapping[str, object]) -> dict[str, ParameterValue]:
    """Parameters read back from JSON: shares come back as Fractions, lists as tuples."""
    result: dict[str, ParameterValue] = {}
    for name, value in data.items():
        if isinstance(value, bool | int | str):
            result[name] = value
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            result[name] = tuple(value)
        elif isinstance(value, dict) and set(value) == {"numerator", "denominator"}:
            result[name] = Fraction(int(value["numerator"]), int(value["denominator"]))
        else:
            raise RuleParameterError(f"parameter {name!r} has an unsupported value {value!r}")
    return result


class Rulebook:
    """Every version of every rule; answers which version was in force on a given date."""

    def __init__(self, versions: Iterable[RuleVersion]) -> None:
        by_key: dict[str, list[RuleVersion]] = {}
        for version in versions:
            by_key.setdefault(str(version.key), []).append(version)
        self._history: dict[str, tuple[RuleVersion, ...]] = {}
        for key, found in by_key.items():
            found.sort(key=lambda v: v.version)
            _check_sequence(key, found)
            self._history[key] = tuple(found)

    def keys(self) -> tuple[str, ...]:
        """Every rule key, in alphabetical order."""
        return tuple(sorted(self._history))

    def history(self, key: str) -> tuple[RuleVersion, ...]:
        """Every version of a rule, oldest first."""
        key = str(key)  # a RuleKey member reads as its plain value in messages
        try:
            return self._history[key]
        except KeyError:
            raise RuleNotInForce(f"the rulebook has no rule {key!r}") from None

    def in_force(self, key: str, on: date) -> RuleVersion:
        """The version of `key` in force on `on`: the latest with effective_from on or before it."""
        key = str(key)
        current: RuleVersion | None = None
        for version in self.history(key):
            if version.effective_from <= on:
                current = version
        if current is None:
            first = self.history(key)[0]
            raise RuleNotInForce(
                f"no version of rule {key!r} was in force on {long_date(on)}; "
                f"its first version took effect on {long_date(first.effective_from)}"
            )
        return current

    def all_in_force(self, on: date) -> dict[str, RuleVersion]:
        """Every rule with a version in force on `on`, keyed by rule key."""
        result: dict[str, RuleVersion] = {}
        for key in self.keys():
            try:
                result[key] = self.in_force(key, on)
            except RuleNotInForce:
                continue  # a rule that did not yet exist on that date is simply absent
        return result

    def version(self, key: str, number: int) -> RuleVersion:
        """A specific version, e.g. to resolve the "selection-vote@3" a decision recorded."""
        for version in self.history(key):
            if version.version == number:
                return version
        raise RuleNotInForce(f"rule {key!r} has no version {number}")

    def resolve(self, ref: str) -> RuleVersion:
        """The version named by a ref such as "selection-vote@3"."""
        key, _, number = ref.rpartition("@")
        if not key or not number.isdigit():
            raise RuleNotInForce(f"{ref!r} is not a rule reference like 'selection-vote@3'")
        return self.version(key, int(number))

    def amended(self, version: RuleVersion) -> Rulebook:
        """A new rulebook with one more version; the old one is left as it was."""
        return Rulebook([*self, version])

    def __iter__(self) -> Iterator[RuleVersion]:
        for key in self.keys():
            yield from self._history[key]

    def __len__(self) -> int:
        return sum(len(versions) for versions in self._history.values())


def _check_sequence(key: str, versions: list[RuleVersion]) -> None:
    """Versions are numbered 1, 2, 3 … and each takes effect strictly after the one before."""
    for expected, version in enumerate(versions, start=1):
        if version.version != expected:
            raise ValueError(f"rule {key!r}: expected version {expected}, found {version.version}")
    for earlier, later in pairwise(versions):
        # Two versions in force from the same day would leave in_force() ambiguous, and a later
        # version taking effect before an earlier one would rewrite history: both are refused.
        if later.effective_from <= earlier.effective_from:
            raise ValueError(
                f"rule {key!r}: version {later.version} takes effect on "
                f"{long_date(later.effective_from)}, not after version {earlier.version} "
                f"({long_date(earlier.effective_from)})"
            )


def amendment_allowed(rulebook: Rulebook, proposed: RuleVersion, made_on: date) -> Decision:
    """An amendment is the next version, not backdated, with the same parameter names and types."""
    refusals: list[str] = []
    try:
        history = rulebook.history(proposed.key)
    except RuleNotInForce:
        history = ()
    expected = len(history) + 1
    if proposed.version != expected:
        refusals.append(f"Refused: the next version of rule '{proposed.title}' is {expected}, not {proposed.version}.")
    if proposed.effective_from < made_on:
        # The heart of the brief: a rule made today cannot reach back to judge yesterday.
        refusals.append(
            f"Refused: a rule made on {long_date(made_on)} cannot take effect earlier, on "
            f"{long_date(proposed.effective_from)}; rules never apply backwards in time."
        )
    if history:
        latest = history[-1]
        if proposed.effective_from <= latest.effective_from:
            refusals.append(
                f"Refused: version {proposed.version} must take effect after version "
                f"{latest.version} ({long_date(latest.effective_from)})."
            )
        refusals.extend(_shape_refusals(latest, proposed))
    if refusals:
        return Decision.refuse(*refusals, rule_version=proposed.ref)
    return Decision.allow(
        f"Rule '{proposed.title}' version {proposed.version} will be in force from "
        f"{long_date(proposed.effective_from)}.",
        rule_version=proposed.ref,
    )


def _shape_refusals(latest: RuleVersion, proposed: RuleVersion) -> list[str]:
    """The code reads parameters by name and type, so an amendment must keep both."""
    refusals = []
    if set(latest.parameters) != set(proposed.parameters):
        refusals.append(
            f"Refused: version {proposed.version} must have the parameters {', '.join(sorted(latest.parameters))}."
        )
    for name, old in latest.parameters.items():
        new = proposed.parameters.get(name)
        if new is not None and type(new) is not type(old):
            refusals.append(f"Refused: parameter {name!r} must keep its type ({type(old).__name__}).")
    return refusals
