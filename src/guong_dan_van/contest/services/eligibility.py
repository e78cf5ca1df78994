"""Eligibility: submitting an entry against its edition's rules, screening (sơ loại), returning it.

Entry statuses (see README, "Cuộc thi báo chí"):

    draft ──submit──▶ submitted ──screen──▶ eligible | ineligible
      ▲                    │                      │
      └──── return (committee, with a reason) ────┘

Submitting runs every rule of `contest.rules` and either moves the entry to `submitted` or answers 422
listing each broken rule; submitting an entry that is no longer a draft is refused as `duplicate` and
changes nothing. Screening happens only from `submitted` (409 otherwise). The committee may return any
non-draft entry to `draft` so its unit can correct it; every such move is audited.

The rules are pure; this module looks up the facts they need: the entry, its edition's rules, the
edition's other entries, earlier entries of the same work, and who counts as an organiser or a judge.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Collection, Mapping
from typing import Any

import msgspec

from guong_dan_van.accounts.tables import User
from guong_dan_van.contest import rules
from guong_dan_van.contest.schemas import DeclarationOut, EditionOut, EntryStatus, ReturnIn, ScreenIn, StatusOut
from guong_dan_van.contest.services.editions import edition_out, get_edition_row
from guong_dan_van.contest.services.entries import get_entry_row, list_entry_authors
from guong_dan_van.contest.tables import (
    Edition,
    Entry,
    EntryAuthor,
    EntryAuthorRow,
    EntryModel,
    EntryRow,
    PriorEntryRow,
)
from guong_dan_van.core import audit
from guong_dan_van.core.clock import now
from guong_dan_van.core.errors import Conflict, FieldError, RuleViolation
from guong_dan_van.core.permissions import Actor, Role
from guong_dan_van.core.repository import typed_all, update_versioned
from guong_dan_van.core.text import nfc
from guong_dan_van.registry.tables import Model
from guong_dan_van.search.outbox import enqueue

# The entries that count towards an author's maximum in an edition.
COUNTED_STATUSES = (EntryStatus.submitted.value, EntryStatus.eligible.value)


def edition_rules(edition: EditionOut) -> rules.EditionRules:
    return rules.EditionRules(
        published_from=edition.published_from,
        published_to=edition.published_to,
        submit_from=edition.submit_from,
        submit_to=edition.submit_to,
        media_types=frozenset(m.value for m in edition.media_types),
        genres=frozenset(edition.genres),
        max_entries_per_author=edition.max_entries_per_author,
        max_authors_per_entry=edition.max_authors_per_entry,
        previously_awarded=edition.previously_awarded.value,
        excluded_people=tuple(
            rules.ExcludedPerson(rules.Person(name=p.name or "", user_id=p.user_id), p.role.value)
            for p in edition.excluded_people
        ),
    )


async def _entry_facts(entry: EntryRow) -> rules.EntryFacts:
    authors = (await list_entry_authors([entry.id]))[entry.id]
    model_ids = (
        await EntryModel.select(EntryModel.model)
        .where(EntryModel.entry == entry.id)
        .order_by(EntryModel.id)
        .output(as_list=True)
        .run()
    )
    declared = entry.previously_awarded
    decl = msgspec.json.decode(declared, type=DeclarationOut) if declared else None
    return rules.EntryFacts(
        media_type=entry.media_type,
        genre=entry.genre,
        published_on=entry.published_on,
        authors=tuple(rules.Person(a.name, a.user) for a in authors),
        model_ids=tuple(model_ids),
        declaration=rules.Declaration(decl.prize, decl.date, decl.awarded_by) if decl else None,
    )


async def _other_entries_authors(entry: EntryRow) -> list[tuple[rules.Person, ...]]:
    """The authors of each of the edition's other entries that count."""
    rows = (
        await EntryAuthor.select(*EntryAuthor.all_columns())
        .where(EntryAuthor.entry.edition == entry.edition)
        .where(EntryAuthor.entry.status.is_in(list(COUNTED_STATUSES)))
        .where(EntryAuthor.entry != entry.id)
        .run()
    )
    grouped: dict[int, list[rules.Person]] = defaultdict(list)
    for author in typed_all(rows, EntryAuthorRow):
        grouped[author.entry].append(rules.Person(author.name, author.user))
    return [tuple(v) for v in grouped.values()]


async def _prior_entries(entry: EntryRow) -> list[rules.DuplicateMatch]:
    """Entries of the same work entered before, in any edition: same normalised link or same text."""
    keys = []
    if entry.url_key:
        keys.append(Entry.url_key == entry.url_key)
    if entry.text_hash:
        keys.append(Entry.text_hash == entry.text_hash)
    if not keys:
        return []
    where = keys[0] if len(keys) == 1 else keys[0] | keys[1]
    rows = (
        await Entry.select(Entry.id, Entry.url_key, Entry.text_hash, Entry.edition.name.as_alias("edition_name"))
        .where(where)
        .where(Entry.id != entry.id)
        .where(Entry.status != EntryStatus.draft.value)
        .order_by(Entry.id)
        .limit(10)
        .run()
    )
    return [
        rules.DuplicateMatch(
            entry_id=prior.id,
            edition_name=prior.edition_name,
            by="url" if entry.url_key and prior.url_key == entry.url_key else "text",
        )
        for prior in typed_all(rows, PriorEntryRow)
    ]


async def _known_model_ids(model_ids: Collection[int]) -> frozenset[int]:
    if not model_ids:
        return frozenset()
    return frozenset(await Model.select(Model.id).where(Model.id.is_in(list(model_ids))).output(as_list=True).run())


async def organiser_accounts(user_ids: Collection[int]) -> frozenset[int]:
    """Which of these accounts belong to the organising committee (Ban Dân vận: the `admin` role)."""
    if not user_ids:
        return frozenset()
    found = (
        await User.select(User.id)
        .where(User.id.is_in(list(user_ids)))
        .where(User.role == Role.admin.value)
        .output(as_list=True)
        .run()
    )
    return frozenset(found)


# The accounts judging any round of an edition (they may not enter it). Judging knows its rounds; the app
# passes its answer in, so the contest never depends on judging.
JudgesOfEdition = Callable[[int], Awaitable[frozenset[int]]]


async def no_judges(edition_id: int) -> frozenset[int]:
    """Where no judging is composed in (scripts, the demo): nobody judges."""
    return frozenset()


async def _evaluate(entry: EntryRow, judges_of_edition_rounds: JudgesOfEdition) -> list[FieldError]:
    edition = edition_out(await get_edition_row(entry.edition))
    facts = await _entry_facts(entry)
    ctx = rules.Context(
        submitted_at=now(),
        other_entries_authors=await _other_entries_authors(entry),
        known_model_ids=await _known_model_ids(facts.model_ids),
        already_submitted=entry.status != EntryStatus.draft.value,
        duplicates=await _prior_entries(entry),
        organiser_user_ids=await organiser_accounts({a.user_id for a in facts.authors if a.user_id is not None}),
        judge_user_ids=await judges_of_edition_rounds(entry.edition),
    )
    return rules.evaluate(facts, edition_rules(edition), ctx)


async def check_entry(
    actor: Actor, entry_id: int, judges_of_edition_rounds: JudgesOfEdition = no_judges
) -> list[FieldError]:
    """Every rule the entry would break if submitted now (nothing changes)."""
    return await _evaluate(await get_entry_row(actor, entry_id), judges_of_edition_rounds)


async def _lock_edition(edition_id: int) -> None:
    """Serialise submissions to one edition, so author counts cannot race past the maximum.

    SQLite already has a single writer (BEGIN IMMEDIATE); PostgreSQL takes the edition's row lock.
    """
    if Edition._meta.db.engine_type == "postgres":
        await Edition.select(Edition.id).where(Edition.id == edition_id).lock_rows().run()


async def _move(
    actor: Actor,
    entry: EntryRow,
    status: EntryStatus,
    values: Mapping[str, Any],
    *,
    action: str,
    changes: dict[str, Any],
) -> StatusOut:
    """Give the entry its new status (with the columns that go with it) and audit the move, both in the
    caller's transaction; a concurrent change to the entry makes it a 409."""
    moved = await update_versioned(Entry, EntryRow, entry.id, entry.version, {"status": status.value, **values})
    await audit.record(actor, action, "entry", entry.id, changes)
    await enqueue("entry", entry.id)
    return StatusOut(id=entry.id, status=status, version=moved.version)


async def submit_entry(actor: Actor, entry_id: int, judges_of_edition_rounds: JudgesOfEdition = no_judges) -> StatusOut:
    async with Entry._meta.db.transaction():
        entry = await get_entry_row(actor, entry_id)
        await _lock_edition(entry.edition)
        entry = await get_entry_row(actor, entry_id)  # re-read under the lock
        errors = await _evaluate(entry, judges_of_edition_rounds)
        if errors:
            raise RuleViolation("Tác phẩm chưa đáp ứng thể lệ đợt thi.", errors)
        return await _move(
            actor,
            entry,
            EntryStatus.submitted,
            {"submitted_at": now()},
            action="entry.submit",
            changes={"status": ["draft", "submitted"]},
        )


async def screen_entry(actor: Actor, entry_id: int, data: ScreenIn) -> StatusOut:
    """Sơ loại: the committee marks a submitted entry eligible or ineligible (the latter with a reason)."""
    reason = data.reason.strip() if data.reason else None
    if not data.eligible and not reason:
        raise RuleViolation(
            "Cần ghi lý do không hợp lệ.", [FieldError("Cần ghi lý do tác phẩm không hợp lệ.", field="reason")]
        )
    async with Entry._meta.db.transaction():
        entry = await get_entry_row(actor, entry_id)
        if entry.status != EntryStatus.submitted.value:
            raise Conflict("Chỉ sơ loại được tác phẩm đã gửi và chưa sơ loại.", entry_status=entry.status)
        status = EntryStatus.eligible if data.eligible else EntryStatus.ineligible
        return await _move(
            actor,
            entry,
            status,
            {"screened_at": now(), "screening_reason": reason},
            action="entry.screen",
            changes={"status": [entry.status, status.value], "reason": reason},
        )


async def return_entry(actor: Actor, entry_id: int, data: ReturnIn) -> StatusOut:
    """The committee sends a submitted or screened entry back to its unit as a draft, saying why."""
    async with Entry._meta.db.transaction():
        entry = await get_entry_row(actor, entry_id)
        if entry.status == EntryStatus.draft.value:
            raise Conflict("Tác phẩm đang ở trạng thái soạn thảo.", entry_status=entry.status)
        reason = nfc(data.reason).strip()
        return await _move(
            actor,
            entry,
            EntryStatus.draft,
            {"screened_at": None, "screening_reason": reason, "submitted_at": None},
            action="entry.return",
            changes={"status": [entry.status, "draft"], "reason": reason},
        )
