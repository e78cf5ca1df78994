"""What an attachment is, told by its content (PDF scripts, MP3 audio, MP4 video), and safe names. Pure functions.

The bytes decide the kind, never the name or the declared type. The offered download name is rebuilt
from the user's name: an ASCII fallback (Vietnamese letters folded, anything risky replaced) and the
NFC UTF-8 name in RFC 5987 form; the extension always matches the detected kind.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from guong_dan_van.core.errors import TooLarge, UnsupportedType
from guong_dan_van.core.text import fold_vietnamese, nfc
from guong_dan_van.media.schemas import AttachmentKind

MAX_NAME = 120


@dataclass(frozen=True)
class Detected:
    kind: AttachmentKind
    content_type: str
    ext: str


PDF = Detected(AttachmentKind.pdf, "application/pdf", "pdf")
MP3 = Detected(AttachmentKind.audio, "audio/mpeg", "mp3")
MP4 = Detected(AttachmentKind.video, "video/mp4", "mp4")
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash", b"MSNV"}


def _mp3_frame_sync(data: bytes) -> bool:
    """An MPEG audio frame header: 11 sync bits, a valid version, layer III, a valid bitrate and rate."""
    if len(data) < 4 or data[0] != 0xFF or (data[1] & 0xE0) != 0xE0:
        return False
    version = (data[1] >> 3) & 0x03
    layer = (data[1] >> 1) & 0x03
    bitrate = (data[2] >> 4) & 0x0F
    sample_rate = (data[2] >> 2) & 0x03
    return version != 0x01 and layer == 0x01 and bitrate not in (0x00, 0x0F) and sample_rate != 0x03


def detect(data: bytes) -> Detected | None:
    if data[:5] == b"%PDF-":
        return PDF
    if (data[:3] == b"ID3" and len(data) >= 10) or _mp3_frame_sync(data):
        return MP3
    if len(data) >= 12 and data[4:8] == b"ftyp" and data[8:12] in MP4_BRANDS:
        return MP4
    return None


def check(data: bytes, max_bytes: int) -> Detected:
    if len(data) > max_bytes:
        raise TooLarge(f"Tệp đính kèm quá lớn: tối đa {max_bytes // 1_000_000} MB.")
    found = detect(data)
    if found is None:
        raise UnsupportedType("Chỉ nhận tệp đính kèm PDF, MP3 hoặc MP4 (nội dung tệp quyết định, không phải tên tệp).")
    return found


def display_name(filename: str | None, detected: Detected) -> str:
    """The user's name, made safe to show and offer: NFC, no path, no control characters, right extension."""
    name = nfc(filename or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = re.sub(r'[<>:"|?*;]', "_", name).strip(" .")
    stem = name.rsplit(".", 1)[0].strip(" .") if "." in name else name
    stem = stem[:MAX_NAME] or "tep-dinh-kem"
    return f"{stem}.{detected.ext}"


def ascii_name(name: str) -> str:
    folded = fold_vietnamese(name) if name else ""
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", folded).strip("._") or "tep-dinh-kem"
    return safe[: MAX_NAME + 10]


def content_disposition(name: str) -> str:
    """`attachment` always (never inline), an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987)."""
    return f"attachment; filename=\"{ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"
