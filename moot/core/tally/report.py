"""Count sheets: text a returning officer could publish, the same as HTML, JSON and CSV."""

from __future__ import annotations

import csv
import html
import io
import json
from typing import Any

from moot.core.tally.arithmetic import fmt
from moot.core.tally.record import CountResult, Stage, Tie


def _v(result: CountResult, value: int | None) -> str:
    """A value as shown on the sheet."""
    return "" if value is None else fmt(value, result.decimals, result.shown_decimals)


def _subject(result: CountResult, stage: Stage) -> str:
    """What a stage did, in words."""
    names = ", ".join(result.candidates[c] for c in stage.subjects)
    text = str(stage.action) + (f": {names}" if names else "")
    if stage.transfer_value is not None and result.decimals:
        text += f" (transfer value {_v(result, stage.transfer_value)})"
    return text


def _tie(result: CountResult, tie: Tie) -> str:
    """One line describing a tie."""
    names = ", ".join(result.candidates[c] for c in tie.candidates)
    looked = f"; stages examined {', '.join(tie.stages_examined)}" if tie.stages_examined else ""
    draw = f"; {tie.draw}" if tie.by_lot else ""
    return f"tie for {tie.purpose} between {names}: {result.candidates[tie.chosen]} by {tie.rule}{looked}{draw}"


def to_dict(result: CountResult) -> dict[str, Any]:
    """The whole record as JSON-ready data; vote values are exact decimal strings."""
    names = result.candidates
    return {
        "method": result.method,
        "method_name": result.method_name,
        "title": result.title,
        "seats": result.seats,
        "candidates": names,
        "withdrawn": [names[c] for c in result.withdrawn],
        "valid": _v(result, result.valid),
        "invalid": result.invalid,
        "quota": _v(result, result.quota) if result.quota is not None else None,
        "decimals": result.decimals if result.shown_decimals is None else result.shown_decimals,
        "elected": result.elected_names,
        "elected_at_stage": {names[c]: s.label for c in result.elected if (s := result.stage_elected(c))},
        "stages": [_stage_dict(result, s) for s in result.stages],
        "ties": [_tie(result, t) for t in result.ties()],
        "seed": result.seed,
        "lot_order": [names[c] for c in result.lot_order] if result.lot_order is not None else None,
        "constraints": result.constraints,
        "notes": result.notes,
    }


def _stage_dict(result: CountResult, s: Stage) -> dict[str, Any]:
    """One stage as JSON-ready data."""
    names = result.candidates
    return {
        "stage": s.label,
        "action": str(s.action),
        "subjects": [names[c] for c in s.subjects],
        "transfer_value": _v(result, s.transfer_value),
        "quota": _v(result, s.quota),
        "totals": {names[c]: _v(result, t) for c, t in enumerate(s.totals)},
        "changes": {names[c]: _v(result, t) for c, t in enumerate(s.changes)},
        "non_transferable": _v(result, s.exhausted),
        "loss_to_fractions": _v(result, s.loss),
        "elected": [names[c] for c in s.elected],
        "excluded": [names[c] for c in s.excluded],
        "ties": [_tie(result, t) for t in s.ties],
        "notes": s.notes,
    }


def to_json(result: CountResult) -> str:
    """JSON text."""
    return json.dumps(to_dict(result), indent=2, ensure_ascii=False)


def to_csv(result: CountResult) -> str:
    """One row per stage: action, each candidate's total, non-transferable, loss, total."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(
        ["stage", "action", *result.candidates, "non-transferable", "loss to fractions", "total", "elected", "excluded"]
    )
    for s in result.stages:
        w.writerow(
            [
                s.label,
                _subject(result, s),
                *(_v(result, t) for t in s.totals),
                _v(result, s.exhausted),
                _v(result, s.loss),
                _v(result, sum(s.totals) + s.exhausted + s.loss),
                "; ".join(result.candidates[c] for c in s.elected),
                "; ".join(result.candidates[c] for c in s.excluded),
            ]
        )
    return out.getvalue()


def _header_lines(result: CountResult) -> list[str]:
    """Lines above the table."""
    lines = [result.title or "Count", f"Method: {result.method_name}", f"Seats: {result.seats}"]
    lines.append(
        f"Valid votes: {_v(result, result.valid)}" + (f"; invalid papers: {result.invalid}" if result.invalid else "")
    )
    if result.quota is not None:
        lines.append(f"Quota: {_v(result, result.quota)}")
    if result.withdrawn:
        lines.append("Withdrawn: " + ", ".join(result.candidates[c] for c in result.withdrawn))
    lines += [f"Constraint: {c}" for c in result.constraints]
    return lines


def _footer_lines(result: CountResult) -> list[str]:
    """Lines below the table: stage actions, ties, the elected, the seed."""
    lines = [f"Stage {s.label}: {_subject(result, s)}" + "".join(f" [{n}]" for n in s.notes) for s in result.stages]
    lines += [f"Stage {s.label}: {_tie(result, t)}" for s in result.stages for t in s.ties]
    lines.append("")
    for i, c in enumerate(result.elected, start=1):
        s = result.stage_elected(c)
        lines.append(f"Elected {i}: {result.candidates[c]} (stage {s.label if s else '?'})")
    lot = "given draw" if result.lot_order is not None else f"seed {result.seed}"
    lines.append(f"Lots: {lot}")
    return lines


def _table(result: CountResult) -> list[list[str]]:
    """Rows: header, each candidate, non-transferable, loss, total; columns: stages."""
    rows = [["Candidate", *(s.label for s in result.stages)]]
    for c, name in enumerate(result.candidates):
        rows.append([name, *(_cell(result, s, c) for s in result.stages)])
    rows.append(["Non-transferable", *(_v(result, s.exhausted) for s in result.stages)])
    rows.append(["Loss to fractions", *(_v(result, s.loss) for s in result.stages)])
    rows.append(["Total", *(_v(result, sum(s.totals) + s.exhausted + s.loss) for s in result.stages)])
    return rows


def _cell(result: CountResult, s: Stage, c: int) -> str:
    """A candidate's total at a stage, marked when elected (*) or excluded (-) there."""
    mark = " *" if c in s.elected else (" -" if c in s.excluded else "")
    return _v(result, s.totals[c]) + mark


def to_text(result: CountResult) -> str:
    """A plain-text count sheet."""
    rows = _table(result)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    body = [
        "  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(r)) for r in rows
    ]
    legend = "(* elected at this stage, - excluded at this stage)"
    return "\n".join([*_header_lines(result), "", *body, legend, "", *_footer_lines(result)]) + "\n"


def to_html(result: CountResult) -> str:
    """A standalone HTML page with the same content as the text sheet."""
    e = html.escape
    rows = _table(result)
    head = "".join(f"<th scope='col'>{e(h)}</th>" for h in rows[0])
    body = "".join(
        "<tr><th scope='row'>" + e(r[0]) + "</th>" + "".join(f"<td>{e(x)}</td>" for x in r[1:]) + "</tr>"
        for r in rows[1:]
    )
    title = e(result.title or "Count")
    parts = [
        "<!doctype html>",
        f"<html lang='en'><head><meta charset='utf-8'><title>{title}</title>",
        "<style>td{text-align:right;padding:0 .5em}table{border-collapse:collapse}</style></head><body>",
        f"<h1>{title}</h1>",
        "".join(f"<p>{e(x)}</p>" for x in _header_lines(result)[1:]),
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>",
        "<p>* elected at this stage, - excluded at this stage</p>",
        "<ul>" + "".join(f"<li>{e(x)}</li>" for x in _footer_lines(result) if x) + "</ul>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


FORMATS = {"text": to_text, "json": to_json, "csv": to_csv, "html": to_html}
