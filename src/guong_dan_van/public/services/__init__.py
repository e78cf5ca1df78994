"""The chuyên trang's reads: public models (the library), contest editions with public results, stories.

Nothing here writes; everything returns `public.schemas` Structs, which carry public fields only.
Callers use this package: `from guong_dan_van.public import services`.
"""

from __future__ import annotations

from guong_dan_van.public.services.models import (
    PAGE_SIZE,
    featured_models,
    get_public_model,
    list_library,
    public_conditions,
    public_model_entries,
    recognised_years,
    units_with_public_models,
)
from guong_dan_van.public.services.results import editions_with_public_results, list_public_editions
from guong_dan_van.public.services.search import clean_query, text_condition
from guong_dan_van.public.services.stories import (
    FEED_SIZE,
    PublicStory,
    StoryPage,
    get_story_page,
    latest_stories,
    public_now,
    publication_of,
)

__all__ = [
    "FEED_SIZE",
    "PAGE_SIZE",
    "PublicStory",
    "StoryPage",
    "clean_query",
    "editions_with_public_results",
    "featured_models",
    "get_public_model",
    "get_story_page",
    "latest_stories",
    "list_library",
    "list_public_editions",
    "public_conditions",
    "public_model_entries",
    "public_now",
    "publication_of",
    "recognised_years",
    "text_condition",
    "units_with_public_models",
]
