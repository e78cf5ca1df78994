"""Publishing: the media center's queue of stories for the website, radio, television and social pages."""
