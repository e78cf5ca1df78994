"""The press contest's operations, one module per subject:

- `contests`: contests over a period;
- `editions`: yearly rounds and the final, with their rules as data;
- `entries`: reading, writing and withdrawing entries, who may see and change them;
- `overview`: the dashboard cards;
- `eligibility`: submitting against the rules, screening (sơ loại), returning to the unit;
- `funnel`: received → eligible → shortlisted → awarded, per media type.

Callers use this package's names (`services.create_entry(...)`), not the modules'.
"""

from guong_dan_van.contest.services.contests import contest_out, create_contest, get_contest, list_contests
from guong_dan_van.contest.services.editions import (
    create_edition,
    edition_history,
    edition_out,
    get_edition,
    list_all_editions,
    list_editions,
    patch_edition,
)
from guong_dan_van.contest.services.eligibility import (
    JudgesOfEdition,
    check_entry,
    edition_rules,
    no_judges,
    return_entry,
    screen_entry,
    submit_entry,
)
from guong_dan_van.contest.services.entries import (
    create_entry,
    delete_entry,
    ensure_can_edit_entry,
    ensure_can_view_entry,
    entries_about_model,
    entry_out,
    get_entry,
    list_entries,
    list_entry_authors,
    patch_entry,
)
from guong_dan_van.contest.services.funnel import JudgedCounts, get_funnel, nothing_judged
from guong_dan_van.contest.services.overview import dashboard_cards

__all__ = [
    "JudgedCounts",
    "JudgesOfEdition",
    "check_entry",
    "contest_out",
    "create_contest",
    "create_edition",
    "create_entry",
    "dashboard_cards",
    "delete_entry",
    "edition_history",
    "edition_out",
    "edition_rules",
    "ensure_can_edit_entry",
    "ensure_can_view_entry",
    "entries_about_model",
    "entry_out",
    "get_contest",
    "get_edition",
    "get_entry",
    "get_funnel",
    "list_all_editions",
    "list_contests",
    "list_editions",
    "list_entries",
    "list_entry_authors",
    "no_judges",
    "nothing_judged",
    "patch_edition",
    "patch_entry",
    "return_entry",
    "screen_entry",
    "submit_entry",
]
