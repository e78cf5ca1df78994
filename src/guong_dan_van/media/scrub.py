"""Copies of attachments without the metadata that names their makers (for judges in blind rounds).

PDF: the pages are copied into a new document with no document information (Author, Title, Creator,
Producer…) and no XMP stream. MP3 and MP4: every tag is deleted (ID3/APE, the MP4 `ilst` atoms).
The bytes stored stay as uploaded; only the copy a blind reader downloads is scrubbed. Pure functions.
"""

from __future__ import annotations

import io

import mutagen
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject


def scrub_pdf(data: bytes) -> bytes:
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter()
    for page in reader.pages:
        added = writer.add_page(page)
        added.pop(NameObject("/Metadata"), None)
        added.pop(NameObject("/PieceInfo"), None)
    writer._info = None  # no document information dictionary at all (pypdf adds Producer otherwise)
    writer._root_object.pop(NameObject("/Metadata"), None)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def scrub_audio_video(data: bytes) -> bytes:
    buffer = io.BytesIO(data)
    found = mutagen.File(buffer)
    if found is not None and found.tags is not None:
        buffer.seek(0)
        found.delete(buffer)
    return buffer.getvalue()


def scrub(data: bytes, content_type: str) -> bytes:
    """The file without its makers' metadata; a file the tools cannot read is refused rather than leaked."""
    if content_type == "application/pdf":
        return scrub_pdf(data)
    return scrub_audio_video(data)
