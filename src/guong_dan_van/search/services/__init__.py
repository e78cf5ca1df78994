"""The search domain's operations: searching as a caller, the outbox indexer, the full rebuild, health."""

from guong_dan_van.search.services.indexer import Indexer
from guong_dan_van.search.services.querying import judge_entry_ids, search_items, visibility_of

__all__ = ["Indexer", "judge_entry_ids", "search_items", "visibility_of"]
