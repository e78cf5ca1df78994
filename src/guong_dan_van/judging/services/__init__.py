"""The judging room's operations, one module per subject:

- `rounds`: rounds of an edition, their rubric and states (setup → open → closed), entries in scope;
- `panels`: who judges a round and which media types;
- `conflicts`: declared conflicts and those found in the data;
- `assignment`: the round's plan and the committee's single adjustments;
- `scoring`: a judge's scores, checked and chained in the ledger;
- `ledger`: appending events and reading the chain;
- `views`: what a judge may see of an entry, blind or not;
- `overview`: progress and dashboard cards;
- `results`: the results under each method, judges' statistics, method flags;
- `shortlist`: sending entries on to the next round;
- `awards`: prizes within the edition's counts, collective prizes to units;
- `finalize`: sealing a round;
- `public`: an edition's published results (no login).
- `workspace`: the committee's set-up view (entries with their judges, loads, judge accounts).
"""

from guong_dan_van.judging.services.assignment import add_assignment, assign_round, remove_assignment
from guong_dan_van.judging.services.awards import (
    awarded_counts,
    awarded_entry_ids,
    deciding_round,
    give_award,
    list_awards,
    take_back_award,
)
from guong_dan_van.judging.services.conflicts import declare_conflict, list_conflicts, round_conflicts_out
from guong_dan_van.judging.services.finalize import finalize_round
from guong_dan_van.judging.services.funnel import judged_counts
from guong_dan_van.judging.services.ledger import get_ledger, round_events, verify_round
from guong_dan_van.judging.services.overview import dashboard_cards, round_progress, to_score_count
from guong_dan_van.judging.services.panels import add_judge, judges_of_edition_rounds, list_panel, remove_judge
from guong_dan_van.judging.services.results import compute_results, get_results, result_sheet
from guong_dan_van.judging.services.rounds import (
    close_round,
    create_round,
    get_round,
    get_round_row,
    list_rounds,
    open_round,
)
from guong_dan_van.judging.services.scoring import get_own_score, put_score
from guong_dan_van.judging.services.shortlist import get_shortlist, shortlist_round
from guong_dan_van.judging.services.views import blind_for, ensure_can_view_entry, entry_view, list_assignments
from guong_dan_van.judging.services.workspace import Workspace, entry_titles, round_workspace

__all__ = [
    "Workspace",
    "add_assignment",
    "add_judge",
    "assign_round",
    "awarded_counts",
    "awarded_entry_ids",
    "blind_for",
    "close_round",
    "compute_results",
    "create_round",
    "dashboard_cards",
    "deciding_round",
    "declare_conflict",
    "ensure_can_view_entry",
    "entry_titles",
    "entry_view",
    "finalize_round",
    "get_ledger",
    "get_own_score",
    "get_results",
    "get_round",
    "get_round_row",
    "get_shortlist",
    "give_award",
    "judged_counts",
    "judges_of_edition_rounds",
    "list_assignments",
    "list_awards",
    "list_conflicts",
    "list_panel",
    "list_rounds",
    "open_round",
    "put_score",
    "remove_assignment",
    "remove_judge",
    "result_sheet",
    "round_conflicts_out",
    "round_events",
    "round_progress",
    "round_workspace",
    "shortlist_round",
    "take_back_award",
    "to_score_count",
    "verify_round",
]
