"""Publishing's operations, one module per subject:

- `items`: which stories may be published (recognised models, awarded entries), the awards seam
  (`AwardedEntryIds`, default `no_awards`), and the "stories to publish" view;
- `queue`: queue, schedule, publish (never before the embargo), withdraw; the queue list;
- `content`: a story's words, facts and photos, read for the kit and the public site;
- `kit`: the story kit (.zip with .docx, photos, credits);
- `public`: what the public site shows (`list_public_stories(now)`, `get_public_story(id, now)`);
- `overview`: the media center's dashboard cards.
"""

from guong_dan_van.publishing.services.items import (
    AwardedEntryIds,
    ensure_publishable,
    list_stories,
    no_awards,
    publishable_among,
)
from guong_dan_van.publishing.services.kit import Kit, story_kit
from guong_dan_van.publishing.services.overview import cards_for
from guong_dan_van.publishing.services.public import get_public_story, list_public_stories
from guong_dan_van.publishing.services.queue import (
    PublicationFilters,
    create_publication,
    get_publication,
    list_publications,
    patch_publication,
    published_ids,
)

__all__ = [
    "AwardedEntryIds",
    "Kit",
    "PublicationFilters",
    "cards_for",
    "create_publication",
    "ensure_publishable",
    "get_public_story",
    "get_publication",
    "list_public_stories",
    "list_publications",
    "list_stories",
    "no_awards",
    "patch_publication",
    "publishable_among",
    "published_ids",
    "story_kit",
]
