"""Fixed-point arithmetic: integers counting units of 10**-decimals, with explicit truncation.

No binary floats anywhere in a count: every value is an `int` holding a number of units, so
5 decimal places (Scottish STV) means 1 vote = 100000 units.
"""

from __future__ import annotations


def unit(decimals: int) -> int:
    """Units in one vote."""
    return int(10**decimals)


def muldiv_down(a: int, b: int, c: int) -> int:
    """a*b/c truncated towards zero (all non-negative): "any remainder being ignored"."""
    return a * b // c


def muldiv_up(a: int, b: int, c: int) -> int:
    """a*b/c rounded up (all non-negative)."""
    return -(-(a * b) // c)


def div_up(a: int, b: int) -> int:
    """a/b rounded up."""
    return -(-a // b)


def fmt(value: int, decimals: int, shown: int | None = None) -> str:
    """Decimal text for a fixed-point value, truncated to `shown` places (default: all)."""
    shown = decimals if shown is None else min(shown, decimals)
    sign = "-" if value < 0 else ""
    whole, frac = divmod(abs(value), 10**decimals)
    if shown == 0:
        return f"{sign}{whole}"
    digits = str(frac).rjust(decimals, "0")[:shown]
    return f"{sign}{whole}.{digits}"


def parse_fixed(text: str, decimals: int) -> int:
    """Fixed-point value from decimal text (for tests and given figures)."""
    sign = -1 if text.startswith("-") else 1
    whole, _, frac = text.lstrip("-").partition(".")
    if len(frac) > decimals:
        raise ValueError(f"{text} has more than {decimals} decimal places")
    return sign * (int(whole or "0") * unit(decimals) + int(frac.ljust(decimals, "0") or "0"))
