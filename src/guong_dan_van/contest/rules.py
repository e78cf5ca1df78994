"""The eligibility engine of the press contest: one pure function per rule, over plain data.

Each rule takes an `EntryFacts` (the entry as submitted) and an `EditionRules` (the edition's rules as
data) plus whatever it needs from the rest of the contest, already looked up by the service, and returns
the problems it finds (empty when the rule holds). `evaluate` runs them all, so a submission hears about
every broken rule at once. A new rule is one function here, one line in `evaluate`, and its test.

Who is the same person (author counting and excluded people):
- two people with accounts (`user_id`) are the same exactly when their ids are equal;
- otherwise they are the same when their real names are equal after `fold_vietnamese`
  (case, accents, tone marks, đ/d and spacing do not matter).
Pen names (bút danh) are not identities: an author counts by their real name whatever pen name a
work carries, so writing under two pen names does not buy extra entries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from guong_dan_van.core.clock import VN_TZ
from guong_dan_van.core.errors import FieldError
from guong_dan_van.core.text import fold_vietnamese

MEDIA_TYPE_LABELS = {
    "print": "báo in",
    "online": "báo điện tử",
    "radio": "phát thanh",
    "television": "truyền hình",
    "photo": "ảnh báo chí",
}

# A body shorter than this (after folding) is too generic to identify a work by its text.
MIN_TEXT_FOR_HASH = 200


@dataclass(frozen=True)
class Person:
    name: str
    user_id: int | None = None

    @property
    def folded(self) -> str:
        return fold_vietnamese(self.name)


def same_person(a: Person, b: Person) -> bool:
    if a.user_id is not None and b.user_id is not None:
        return a.user_id == b.user_id
    return bool(a.folded) and a.folded == b.folded


@dataclass(frozen=True)
class ExcludedPerson:
    person: Person
    role: str  # organizer | judge | secretariat


@dataclass(frozen=True)
class Declaration:
    prize: str
    date: dt.date
    awarded_by: str


@dataclass(frozen=True)
class EditionRules:
    published_from: dt.date
    published_to: dt.date
    submit_from: dt.date
    submit_to: dt.date
    media_types: frozenset[str]
    genres: frozenset[str]
    max_entries_per_author: int
    max_authors_per_entry: int
    previously_awarded: str  # forbidden | declare
    excluded_people: tuple[ExcludedPerson, ...] = ()


@dataclass(frozen=True)
class EntryFacts:
    media_type: str
    genre: str | None
    published_on: dt.date
    authors: tuple[Person, ...]
    model_ids: tuple[int, ...] = ()
    declaration: Declaration | None = None


@dataclass(frozen=True)
class DuplicateMatch:
    """An earlier entry of the same work: `by` is "url" or "text"."""

    entry_id: int
    edition_name: str
    by: str


@dataclass(frozen=True)
class Context:
    """What the service looked up for the submission."""

    submitted_at: dt.datetime
    # The authors of the edition's other entries that count (submitted or eligible), one tuple per entry.
    other_entries_authors: Sequence[tuple[Person, ...]] = ()
    known_model_ids: frozenset[int] = frozenset()
    already_submitted: bool = False
    duplicates: Sequence[DuplicateMatch] = field(default_factory=tuple)
    # Authors' accounts that belong to the organising committee (role admin): organisers in every edition.
    organiser_user_ids: frozenset[int] = frozenset()
    # Accounts judging any round of the edition: judges of the edition without being listed by hand.
    judge_user_ids: frozenset[int] = frozenset()


def _vn_date(moment: dt.datetime) -> dt.date:
    if moment.tzinfo is None:
        raise ValueError("submission time must carry its time zone")
    return moment.astimezone(VN_TZ).date()


def _d(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


# --- the rules -------------------------------------------------------------------------------------


def publication_window(entry: EntryFacts, rules: EditionRules, ctx: Context) -> list[FieldError]:
    if rules.published_from <= entry.published_on <= rules.published_to:
        return []
    return [
        FieldError(
            f"Tác phẩm đăng, phát ngày {_d(entry.published_on)}, ngoài thời gian quy định "
            f"({_d(rules.published_from)} – {_d(rules.published_to)}).",
            field="published_on",
            rule="publication_window",
        )
    ]


def submission_window(entry: EntryFacts, rules: EditionRules, ctx: Context) -> list[FieldError]:
    """The last day counts until 23:59:59 that day in Việt Nam, whatever the server's clock zone."""
    day = _vn_date(ctx.submitted_at)
    if rules.submit_from <= day <= rules.submit_to:
        return []
    when = "chưa mở" if day < rules.submit_from else "đã hết hạn"
    return [
        FieldError(
            f"Thời gian nhận tác phẩm {when} (nhận từ {_d(rules.submit_from)} đến hết ngày {_d(rules.submit_to)}).",
            rule="submission_window",
        )
    ]


def media_type(entry: EntryFacts, rules: EditionRules, ctx: Context) -> list[FieldError]:
    if entry.media_type in rules.media_types:
        return []
    label = MEDIA_TYPE_LABELS.get(entry.media_type, entry.media_type)
    allowed = ", ".join(MEDIA_TYPE_LABELS.get(m, m) for m in sorted(rules.media_types)) or "không có"
    return [
        FieldError(
            f"Đợt thi này không nhận tác phẩm {label} (chỉ nhận: {allowed}).", field="media_type", rule="media_type"
        )
    ]


def genre(entry: EntryFacts, rules: EditionRules, ctx: Context) -> list[FieldError]:
    """Only when the edition lists genres; an empty list accepts any genre."""
    if not rules.genres:
        return []
    folded = {fold_vietnamese(g) for g in rules.genres}
    if entry.genre is not None and fold_vietnamese(entry.genre) in folded:
        return []
    return [
        FieldError(
            f"Thể loại không thuộc danh sách của đợt thi ({', '.join(sorted(rules.genres))}).",
            field="genre",
            rule="genre",
        )
    ]


def max_authors_per_entry(entry: EntryFacts, rules: EditionRules, ctx: Context) -> list[FieldError]:
    if len(entry.authors) <= rules.max_authors_per_entry:
        return []
    return [
        FieldError(
            f"Tác phẩm có {len(entry.authors)} tác giả; mỗi tác phẩm tối đa {rules.max_authors_per_entry} tác giả.",
            field="authors",
            rule="max_authors_per_entry",
        )
    ]


def max_entries_per_author(entry: EntryFacts, rules: EditionRules, ctx: Context) -> list[FieldError]:
    """Counting this entry, no author may have more than the maximum in the edition."""
    errors: list[FieldError] = []
    for author in entry.authors:
        count = 1 + sum(1 for others in ctx.other_entries_authors if any(same_person(author, o) for o in others))
        if count > rules.max_entries_per_author:
            errors.append(
                FieldError(
                    f"Tác giả {author.name} đã có {count - 1} tác phẩm dự thi trong đợt này; "
                    f"mỗi tác giả tối đa {rules.max_entries_per_author} tác phẩm.",
                    field="authors",
                    rule="max_entries_per_author",
                )
            )
    return errors


EXCLUDED_ROLE_LABELS = {
    "organizer": "thành viên Ban tổ chức",
    "judge": "thành viên Hội đồng giám khảo",
    "secretariat": "thành viên Tổ thư ký",
}


def excluded_role(author: Person, rules: EditionRules, ctx: Context) -> str | None:
    """Why an author may not enter, if they may not: the edition's own list (which also names people
    without accounts), else their account as an organiser or as a judge of the edition's rounds."""
    listed = next((x for x in rules.excluded_people if same_person(author, x.person)), None)
    if listed is not None:
        return listed.role
    if author.user_id in ctx.organiser_user_ids:
        return "organizer"
    if author.user_id in ctx.judge_user_ids:
        return "judge"
    return None


def excluded_person(entry: EntryFacts, rules: EditionRules, ctx: Context) -> list[FieldError]:
    """Organisers, judges and the secretariat may not enter (one problem per such author)."""
    errors: list[FieldError] = []
    for author in entry.authors:
        role = excluded_role(author, rules, ctx)
        if role is not None:
            label = EXCLUDED_ROLE_LABELS.get(role, role)
            errors.append(
                FieldError(
                    f"Tác giả {author.name} là {label} của đợt thi nên không được dự thi.",
                    field="authors",
                    rule="excluded_person",
                )
            )
    return errors


def previously_awarded(entry: EntryFacts, rules: EditionRules, ctx: Context) -> list[FieldError]:
    """`forbidden`: a work that already won a prize is refused. `declare`: it is accepted with its
    declaration (prize, date, awarding body), which must be complete and not dated after submission."""
    declared = entry.declaration
    if declared is None:
        return []
    if rules.previously_awarded == "forbidden":
        return [
            FieldError(
                "Đợt thi này không nhận tác phẩm đã đoạt giải ở cuộc thi khác "
                f"(tác phẩm đã đoạt {declared.prize} do {declared.awarded_by} trao).",
                field="previously_awarded",
                rule="previously_awarded",
            )
        ]
    problems: list[str] = []
    if not declared.prize.strip():
        problems.append("tên giải")
    if not declared.awarded_by.strip():
        problems.append("cơ quan trao giải")
    if declared.date > _vn_date(ctx.submitted_at):
        problems.append("ngày đoạt giải (không được sau ngày gửi)")
    if not problems:
        return []
    return [
        FieldError(
            "Kê khai giải thưởng đã đoạt chưa đầy đủ: " + ", ".join(problems) + ".",
            field="previously_awarded",
            rule="previously_awarded",
        )
    ]


def unknown_model(entry: EntryFacts, rules: EditionRules, ctx: Context) -> list[FieldError]:
    missing = sorted(set(entry.model_ids) - ctx.known_model_ids)
    if not missing:
        return []
    return [
        FieldError(
            "Mô hình không tồn tại: " + ", ".join(f"#{m}" for m in missing) + ".",
            field="model_ids",
            rule="unknown_model",
        )
    ]


def duplicate(entry: EntryFacts, rules: EditionRules, ctx: Context) -> list[FieldError]:
    """Submitting an entry twice is refused (nothing changes), and so is a work entered before."""
    errors: list[FieldError] = []
    if ctx.already_submitted:
        errors.append(FieldError("Tác phẩm này đã được gửi dự thi trước đó.", rule="duplicate"))
    for match in ctx.duplicates:
        how = "cùng đường dẫn" if match.by == "url" else "cùng nội dung"
        errors.append(
            FieldError(
                f"Tác phẩm trùng với tác phẩm #{match.entry_id} đã dự thi ở {match.edition_name} ({how}).",
                rule="duplicate",
            )
        )
    return errors


RULES = (
    publication_window,
    submission_window,
    media_type,
    genre,
    max_entries_per_author,
    max_authors_per_entry,
    previously_awarded,
    excluded_person,
    unknown_model,
    duplicate,
)


def evaluate(entry: EntryFacts, rules: EditionRules, ctx: Context) -> list[FieldError]:
    """Every broken rule, in a stable order; empty means the entry may be submitted."""
    return [error for rule in RULES for error in rule(entry, rules, ctx)]


# --- identifying a work ------------------------------------------------------------------------------

_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|zarsrc|zbclid)$")


def normalize_url(url: str | None) -> str | None:
    """The same page whatever the scheme, `www.`, case of the host, trailing slash, fragment or
    tracking parameters: "https://WWW.Bao.vn/a/?utm_source=x#top" → "bao.vn/a"."""
    if not url or not url.strip():
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    path = parts.path.rstrip("/")
    query = "&".join(sorted(p for p in parts.query.split("&") if p and not _TRACKING.match(p.split("=", 1)[0])))
    return urlunsplit(("", host + port, path, query, "")).removeprefix("//")


def text_fingerprint(body: str | None) -> str | None:
    """SHA-256 of the folded, whitespace-collapsed text; None when the text is too short to tell works apart."""
    if not body:
        return None
    folded = fold_vietnamese(body)
    if len(folded) < MIN_TEXT_FOR_HASH:
        return None
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def people(names: Iterable[tuple[str, int | None]]) -> tuple[Person, ...]:
    return tuple(Person(name=n, user_id=u) for n, u in names)
