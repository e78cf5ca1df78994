"""A round's results (kết quả): every entry's score under the chosen method beside the other three, its
rank within its media type, the flags where the method moves it across the shortlist line or a prize
tier, and each judge's statistics. The arithmetic is `judging.arithmetic`; this module reads the rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from guong_dan_van.accounts.tables import User
from guong_dan_van.contest import services as contest
from guong_dan_van.contest.schemas import PrizeOut, PrizeTier
from guong_dan_van.contest.tables import Entry
from guong_dan_van.core.permissions import Actor
from guong_dan_van.judging import arithmetic
from guong_dan_van.judging.labels import STAGE_LABELS, STATUS_LABELS
from guong_dan_van.judging.rubric import review_scorer
from guong_dan_van.judging.schemas import JudgeStatOut, Method, ResultItem, ResultsOut, RoundStatus
from guong_dan_van.judging.services.ledger import stored_values
from guong_dan_van.judging.services.rounds import criteria_of, entries_in_scope, get_round_row, round_row
from guong_dan_van.judging.sheet import SheetData, result_workbook
from guong_dan_van.judging.tables import Award, RoundRow, ShortlistEntry

# Prizes go down a media type's ranking in this order.
TIER_ORDER = [
    PrizeTier.special,
    PrizeTier.first,
    PrizeTier.a,
    PrizeTier.second,
    PrizeTier.b,
    PrizeTier.third,
    PrizeTier.c,
    PrizeTier.consolation,
]


@dataclass(frozen=True)
class Scope:
    """The entries a round judges: id → (title, media type)."""

    entries: dict[int, tuple[str, str]]


async def scope_of(round_: RoundRow) -> Scope:
    ids = [e for e, _ in await entries_in_scope(round_)]
    rows = await Entry.select(Entry.id, Entry.title, Entry.media_type).where(Entry.id.is_in(ids or [-1])).run()
    return Scope({r["id"]: (r["title"], r["media_type"]) for r in rows})


async def round_reviews(round_: RoundRow, scope: Scope) -> list[arithmetic.Review]:
    score = review_scorer(criteria_of(round_))
    return [
        arithmetic.Review(judge, entry, score(values))
        for (judge, entry), values in sorted((await stored_values(round_.id)).items())
        if entry in scope.entries
    ]


def tiers_of(prizes: Sequence[PrizeOut], media_type: str) -> list[tuple[str, int]]:
    """The edition's prize tiers for a media type, in ranking order, with their counts (a prize for every
    media type counts for each when the type has none of that tier of its own)."""
    own = {p.tier.value: p.count for p in prizes if p.media_type is not None and p.media_type.value == media_type}
    shared = {p.tier.value: p.count for p in prizes if p.media_type is None}
    counts = {**shared, **own}
    return [(t.value, counts[t.value]) for t in TIER_ORDER if t.value in counts]


async def shortlist_of(round_id: int) -> list[int]:
    rows = await ShortlistEntry.select(ShortlistEntry.entry).where(ShortlistEntry.round == round_id).run()
    return [r["entry"] for r in rows]


async def judge_names(judge_ids: Sequence[int]) -> dict[int, str]:
    rows = await User.select(User.id, User.full_name).where(User.id.is_in(list(judge_ids) or [-1])).run()
    return {r["id"]: r["full_name"] for r in rows}


async def compute_results(round_: RoundRow, method: Method, line: int | None = None) -> ResultsOut:
    scope = await scope_of(round_)
    reviews = await round_reviews(round_, scope)
    table = arithmetic.tabulate(reviews)
    ranked = arithmetic.results(reviews, scope.entries, method.value, table)
    media = {e: kind for e, (_title, kind) in scope.entries.items()}
    in_group = arithmetic.group_ranks(table, media)
    shortlisted = set(await shortlist_of(round_.id))
    if line is None and shortlisted:
        line = len(shortlisted)
    per_type_line = {m: sum(1 for e in shortlisted if media.get(e) == m) for m in set(media.values())}
    use_per_type = bool(shortlisted) and _shortlisted_per_type(round_, shortlisted, in_group, media, method)
    prizes = (await contest.get_edition(round_.edition)).prizes
    awards = {
        a["entry"]: a["tier"]
        for a in await Award.select(Award.entry, Award.tier).where(Award.round == round_.id).run()
        if a["entry"] is not None
    }
    items = []
    for r in ranked:
        title, kind = scope.entries[r.entry_id]
        crosses, _ = arithmetic.method_moves(
            in_group[r.entry_id] if use_per_type else r.ranks_by_method,
            per_type_line.get(kind) if use_per_type else line,
            [],
        )
        _, moves = arithmetic.method_moves(in_group[r.entry_id], None, tiers_of(prizes, kind))
        items.append(
            ResultItem(
                entry_id=r.entry_id,
                rank=r.rank,
                score=r.score,
                n_scores=r.n_scores,
                mean=r.mean,
                median=r.median,
                stdev=r.stdev,
                ranks_by_method=r.ranks_by_method,
                tied=r.tied,
                title=title,
                media_type=kind,
                rank_in_media_type=in_group[r.entry_id][method.value],
                ranks_in_media_type_by_method=in_group[r.entry_id],
                crosses_line=crosses,
                tier_moves=moves,
                shortlisted=r.entry_id in shortlisted,
                award_tier=awards.get(r.entry_id),
            )
        )
    stats = arithmetic.judge_stats(reviews)
    names = await judge_names([s.judge_id for s in stats])
    return ResultsOut(
        round_id=round_.id,
        method=method,
        status=RoundStatus(round_.status),
        seal=round_.seal,
        line=line,
        items=items,
        judges=[
            JudgeStatOut(
                judge_id=s.judge_id,
                full_name=names.get(s.judge_id, ""),
                n_scores=s.n_scores,
                mean=s.mean,
                stdev=s.stdev,
                distance_from_panel=s.distance_from_panel,
            )
            for s in stats
        ],
    )


def _shortlisted_per_type(
    round_: RoundRow, shortlisted: set[int], in_group: dict[int, dict[str, int]], media: dict[int, str], method: Method
) -> bool:
    """The shortlist was drawn per media type when it is exactly the top of each type under the method."""
    counts = {m: sum(1 for e in shortlisted if media.get(e) == m) for m in set(media.values())}
    return all(in_group[e][method.value] <= counts[media[e]] for e in shortlisted if e in in_group)


async def get_results(actor: Actor, round_id: int, method: Method, line: int | None = None) -> ResultsOut:
    """The committee's results of a round, whatever its state (judges never reach them)."""
    await get_round_row(actor, round_id)
    return await compute_results(await round_row(round_id), method, line)


async def result_sheet(actor: Actor, round_id: int, method: Method) -> tuple[str, bytes]:
    """The result sheet's file name and bytes."""
    await get_round_row(actor, round_id)
    round_ = await round_row(round_id)
    results = await compute_results(round_, method)
    scope = await scope_of(round_)
    edition = await contest.get_edition(round_.edition)
    data = SheetData(
        edition_name=edition.name,
        round_name=round_.name,
        stage_label=STAGE_LABELS.get(round_.stage, round_.stage),
        method=method.value,
        status_label=STATUS_LABELS.get(round_.status, round_.status),
        seal=round_.seal,
        criteria=criteria_of(round_),
        items=results.items,
        judges=results.judges,
        review_scores={(r.judge_id, r.entry_id): r.score for r in await round_reviews(round_, scope)},
    )
    return f"bien-ban-vong-{round_id}-{method.value}.xlsx", result_workbook(data)
