"""Copies of attachments without the metadata that names their makers (for judges in blind rounds).

PDF: the pages are copied into a new document with no document information (Author, Title, Creator,
Producer…) and no XMP stream. MP3 and MP4: every tag is deleted (ID3/APE, the MP4 `ilst` atoms).
The bytes stored stay as uploaded; only the copy a blind reader downloads is scrubbed. Pure functions.
"""

from __future__ import annotations

import io
import re

import mutagen
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import NameObject

# For files the tools cannot read: blank the values in place (same length, so offsets stay right).
_PDF_INFO = re.compile(rb"/(Author|Title|Creator|Producer|Subject|Keywords)\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)")
_XMP = re.compile(rb"<x:xmpmeta.*?</x:xmpmeta>", re.DOTALL)


def _blank(match: re.Match[bytes]) -> bytes:
    return b" " * len(match.group(0))


def _blank_pdf_in_place(data: bytes) -> bytes:
    data = _PDF_INFO.sub(lambda m: b"/" + m.group(1) + b" " * (len(m.group(0)) - len(m.group(1)) - 3) + b"()", data)
    return _XMP.sub(_blank, data)


def _blank_tags_in_place(data: bytes) -> bytes:
    """ID3v2 at the start (its size is in the header) and ID3v1 at the end, zeroed."""
    out = bytearray(data)
    if out[:3] == b"ID3" and len(out) >= 10:
        size = 10 + ((out[6] & 0x7F) << 21 | (out[7] & 0x7F) << 14 | (out[8] & 0x7F) << 7 | (out[9] & 0x7F))
        out[3:size] = bytes(len(out[3:size]))
    if len(out) >= 128 and out[-128:-125] == b"TAG":
        out[-125:] = bytes(125)
    return bytes(out)


def scrub_pdf(data: bytes) -> bytes:
    try:
        reader = PdfReader(io.BytesIO(data))
        return _rewrite_pdf(reader)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return _blank_pdf_in_place(data)


def _rewrite_pdf(reader: PdfReader) -> bytes:
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
    try:
        found = mutagen.File(buffer)
        if found is not None and found.tags is not None:
            buffer.seek(0)
            found.delete(buffer)
    except (mutagen.MutagenError, ValueError, OSError):
        return _blank_tags_in_place(data)
    return buffer.getvalue()


def scrub(data: bytes, content_type: str) -> bytes:
    """The file without its makers' metadata; one the tools cannot read has the values blanked in place."""
    if content_type == "application/pdf":
        return scrub_pdf(data)
    return scrub_audio_video(data)
