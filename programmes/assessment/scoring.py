"""A score sheet's arithmetic, through the evaluation grading engine's pieces: ``checked_scores`` (every indicator
scored once, within [0, its maximum]), exact rationals rounded half up by ``_half_up`` (a proposal of 20 × 1/3 is
6.666…, stored exactly and proposed as 6.67), and ``grade_of`` (the 等次 by threshold). The total is the exact sum of
the indicators' Decimal scores: no float anywhere (0.1 + 0.2 is 0.3 here, and a total of exactly 60 reaches 合格).

The proposal of an indicator mapped to activity kinds comes from the participant's confirmed activity records of the
programme (programmes.records): with the rule "each term", maximum × (the share of the count done in each term,
averaged over the terms); with "in the year", maximum × the share of the count done in the school year; with several
kinds (论文与课题), the shares averaged over the kinds. A 论文 counts only where it was published.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from programmes.assessment.models import Indicator, Rule
from programmes.models import ActivityKind, Participant
from workflows.evaluation.grading import _half_up
from workflows.evaluation.schemes import grade_of
from workflows.evaluation.scoring import checked_scores

PLACES = 2  # a proposal is rounded, from its exact value, as a score is stored: two decimal places, half up


@dataclass(frozen=True)
class Proposal:
    exact: Fraction
    value: Decimal
    records: list  # the records behind it: [{"id", "kind", "date", "summary"}]
    done: str  # in words a person reads: "第一学期 1/1；第二学期 0/1"


def confirmed_records(participant: Participant) -> list:
    """The participant's confirmed activity records of the programme, oldest first ([] while the records part has
    none)."""
    try:
        from programmes.records.models import ActivityRecord
    except ImportError:  # the records part is not there (yet)
        return []
    fields = {f.name for f in ActivityRecord._meta.get_fields()}
    if not {"programme", "person", "kind", "date", "status"} <= fields:
        return []
    return list(
        ActivityRecord.objects.filter(
            programme_id=participant.programme_id, person_id=participant.person_id, status="CONFIRMED"
        ).order_by("date", "pk")
    )


def counts(record) -> bool:
    """Whether a confirmed record counts: a 论文 only where it was published (考核办法 4: 发表一篇专业论文), as the
    records part counts it against its quota."""
    try:
        from programmes.records.kinds import counts as record_counts
    except ImportError:
        return record.kind != ActivityKind.PAPER or bool(str((record.details or {}).get("published_in", "")).strip())
    return record_counts(record.kind, record.details or {})


def _summary(record) -> str:
    return str(getattr(record, "summary", "") or "")


def _share(done: int, count: int) -> Fraction:
    return Fraction(min(done, count), max(count, 1))


def proposal_for(indicator: Indicator, records: list, terms: list) -> Proposal | None:
    """The proposed score of one indicator from the records, or None for an indicator scored by hand."""
    kinds = [k for k in indicator.kinds or [] if k in ActivityKind.values]
    if indicator.rule == Rule.NONE or not kinds:
        return None
    behind = [r for r in records if r.kind in kinds and counts(r)]
    shares, words = [], []
    for kind in kinds:
        mine = [r for r in behind if r.kind == kind]
        label = ActivityKind(kind).label
        if indicator.rule == Rule.EACH_TERM:
            per_term = [sum(1 for r in mine if t.starts <= r.date <= t.ends) for t in terms]
            shares.append(sum((_share(n, indicator.count) for n in per_term), Fraction(0)) / max(len(terms), 1))
            words.append(
                f"{label} "
                + "；".join(
                    _("term %(term)s: %(done)s/%(count)s") % {"term": t.number, "done": n, "count": indicator.count}
                    for t, n in zip(terms, per_term, strict=True)
                )
            )
        else:
            shares.append(_share(len(mine), indicator.count))
            words.append(f"{label} {len(mine)}/{indicator.count}")
    exact = Fraction(indicator.max_score) * sum(shares, Fraction(0)) / len(shares)
    return Proposal(
        exact=exact,
        value=_half_up(exact, PLACES),
        records=[{"id": r.pk, "kind": r.kind, "date": r.date.isoformat(), "summary": _summary(r)[:80]} for r in behind],
        done="，".join(str(w) for w in words),
    )


def proposals(participant: Participant, indicators: list[Indicator]) -> dict[str, Proposal | None]:
    records = confirmed_records(participant)
    terms = list(participant.programme.terms.order_by("number"))
    return {i.code: proposal_for(i, records, terms) for i in indicators}


def exact_string(value: Fraction) -> str:
    """An exact value as a decimal string where it terminates, else as the fraction itself (20/3)."""
    d = value.denominator
    while d % 2 == 0:
        d //= 2
    while d % 5 == 0:
        d //= 5
    if d == 1:
        text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return f"{value.numerator}/{value.denominator}"


def sheet_rows(indicators: list[Indicator], items: list[dict], found: dict[str, Proposal | None]) -> list[dict]:
    """The stored rows of a sheet from the scorer's items ({"indicator", "score", "reason"}), checked by evaluation's
    ``checked_scores`` (raises ApplicationError: indicator_unknown, scores_incomplete, score_out_of_range)."""
    by_code = checked_scores(indicators, items)
    rows = []
    for indicator in indicators:
        item, proposal = by_code[indicator.code], found.get(indicator.code)
        rows.append(
            {
                "indicator": indicator.code,
                "title": indicator.title,
                "max": str(indicator.max_score),
                "score": str(Decimal(item["score"]).quantize(Decimal("0.01"))),
                "proposal": str(proposal.value) if proposal else None,
                "proposal_exact": exact_string(proposal.exact) if proposal else None,
                "done": proposal.done if proposal else "",
                "records": proposal.records if proposal else [],
                "reason": (item.get("reason") or "").strip(),
            }
        )
    return rows


def total_of(rows: list[dict]) -> Decimal:
    """The exact sum of the indicators' scores (Decimal addition of two-place decimals is exact)."""
    return sum((Decimal(r["score"]) for r in rows), Decimal(0))


def grade_for(grades: list[dict], total: Decimal) -> str:
    return grade_of(grades, total)
