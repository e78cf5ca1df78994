"""Photo ingest, pure and synchronous: bytes in, checked and cleaned renditions out. No I/O, no database.

Callers run `process` in a worker thread (`anyio.to_thread.run_sync`): Pillow never runs on the event loop.

Decisions (documented for API users):
- Allowed: JPEG, PNG, WebP, HEIC/HEIF. The bytes decide, never the file name or the declared type: a PNG
  named .jpg is a PNG; an HTML, SVG, PDF or GIF file is 415, and so is an empty file (nothing in it is an
  image). A file over the byte cap, or whose header declares more pixels than the pixel cap, is 413
  (decompression bombs included) and is refused before any pixel is decoded. Bytes that start like an
  allowed image but do not decode (truncated, corrupt) are 422.
- EXIF orientation is applied: every rendition is upright and `width`/`height` are the upright size.
- Renditions: long edge thumb ~320, medium ~1024, large ~2048 px, never upscaled. A JPEG is decoded with
  DCT scaling (draft mode) to the smallest size whose long edge is still at least 90 % of the large target,
  and that decode *is* the large rendition when it is no bigger than the target (a 4000×3000 photo gives a
  2000×1500 large); each smaller rendition is resized (Lanczos, reducing gap 3) from the previous one.
- Output: JPEG (quality 85) for opaque images; PNG for images with transparency. Colours are converted to
  sRGB when the source carries an ICC profile, and then every metadata block is dropped: no EXIF (no GPS,
  camera serial, owner, orientation), no XMP, no ICC, no comments, in any served file.
"""

from __future__ import annotations

import io
import logging
import math
from dataclasses import dataclass

import pillow_heif
from PIL import Image, ImageCms

from guong_dan_van.core.errors import RuleViolation, TooLarge, UnsupportedType

pillow_heif.register_heif_opener()

log = logging.getLogger("guong_dan_van.media")

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
# (name, long edge), largest first: each one is made from the one before.
RENDITIONS: tuple[tuple[str, int], ...] = (("large", 2048), ("medium", 1024), ("thumb", 320))
DRAFT_TOLERANCE = 0.9
JPEG_QUALITY = 85
RESAMPLE = Image.Resampling.LANCZOS
REDUCING_GAP = 3.0
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1"}

ORIENTATION_TAG = 0x0112
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_pixels: int


@dataclass(frozen=True)
class Rendition:
    name: str
    data: bytes
    ext: str  # "jpg" or "png"
    width: int
    height: int


@dataclass(frozen=True)
class ProcessedImage:
    format: str  # the detected source format: JPEG, PNG, WEBP, HEIF
    width: int  # upright
    height: int
    renditions: tuple[Rendition, ...]  # largest first, as RENDITIONS


def sniff(data: bytes) -> str | None:
    """The allowed format these bytes start like, or None."""
    if data[:3] == b"\xff\xd8\xff":
        return "JPEG"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS:
        return "HEIF"
    return None


def _unsupported() -> UnsupportedType:
    return UnsupportedType("Chỉ nhận ảnh JPEG, PNG, WebP hoặc HEIC (nội dung tệp quyết định, không phải tên tệp).")


def _corrupt() -> RuleViolation:
    return RuleViolation("Tệp ảnh bị hỏng hoặc không đầy đủ; hãy xuất lại ảnh rồi tải lên.")


def _too_many_pixels(limits: Limits) -> TooLarge:
    return TooLarge(f"Ảnh quá lớn: tối đa {limits.max_pixels:,} điểm ảnh.".replace(",", "."))


def check_bytes(data: bytes, limits: Limits) -> str:
    """Byte cap and content sniffing, before Pillow sees anything."""
    if len(data) > limits.max_bytes:
        raise TooLarge(f"Tệp quá lớn: tối đa {limits.max_bytes // 1_000_000} MB.")
    kind = sniff(data)
    if kind is None:
        raise _unsupported()
    return kind


def draft_size(width: int, height: int, target: int) -> tuple[int, int] | None:
    """The size to ask JPEG draft mode for: no smaller than DRAFT_TOLERANCE × target on the long edge."""
    long_edge = max(width, height)
    wanted = target * DRAFT_TOLERANCE
    if long_edge <= wanted:
        return None
    factor = wanted / long_edge
    return max(1, math.ceil(width * factor)), max(1, math.ceil(height * factor))


def fit(size: tuple[int, int], long_edge: int) -> tuple[int, int]:
    """`size` scaled so that its long edge is at most `long_edge` (never up)."""
    width, height = size
    if max(width, height) <= long_edge:
        return width, height
    factor = long_edge / max(width, height)
    return max(1, round(width * factor)), max(1, round(height * factor))


def _open(data: bytes, kind: str, limits: Limits) -> Image.Image:
    try:
        im = Image.open(io.BytesIO(data), formats=[kind])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(limits) from None
    except Exception:
        raise _corrupt() from None
    if im.format not in ALLOWED_FORMATS:
        raise _unsupported()
    if im.width < 1 or im.height < 1:
        raise _corrupt()
    if im.width * im.height > limits.max_pixels:
        raise _too_many_pixels(limits)
    return im


def _normalise_mode(im: Image.Image) -> Image.Image:
    """RGB, L, or RGBA when the image has transparency."""
    mode = im.mode
    if mode in ("RGB", "L", "RGBA"):
        return im
    if mode in ("LA", "PA", "RGBa", "La") or (mode == "P" and "transparency" in im.info):
        return im.convert("RGBA")
    if mode == "1":
        return im.convert("L")
    if mode.startswith("I") or mode == "F":
        return im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    return im.convert("RGB")


def _to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    if not icc or im.mode not in ("RGB", "RGBA"):
        return im
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(im, source, _SRGB, outputMode=im.mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return im  # an unusable profile: keep the pixels as they are
    return converted if converted is not None else im


def _encode(im: Image.Image, name: str) -> Rendition:
    im.info = {}  # nothing of the source's metadata can ride along
    buf = io.BytesIO()
    if im.mode == "RGBA":
        im.save(buf, format="PNG", compress_level=6)
        ext = "png"
    else:
        im.save(buf, format="JPEG", quality=JPEG_QUALITY)
        ext = "jpg"
    return Rendition(name, buf.getvalue(), ext, im.width, im.height)


def process(data: bytes, limits: Limits) -> ProcessedImage:
    """Check, decode, orient, resize and re-encode one uploaded image. Raises 413/415/422 errors."""
    kind = check_bytes(data, limits)
    im = _open(data, kind, limits)
    try:
        orientation = int(im.getexif().get(ORIENTATION_TAG, 1) or 1)
    except Exception:
        orientation = 1
    transpose = _TRANSPOSE.get(orientation)
    icc = im.info.get("icc_profile")
    full_width, full_height = im.size
    if orientation in (5, 6, 7, 8):  # a quarter turn: the upright image is the other way round
        full_width, full_height = full_height, full_width
    try:
        if im.format == "JPEG":
            wanted = draft_size(im.width, im.height, RENDITIONS[0][1])
            if wanted is not None:
                im.draft("RGB" if im.mode == "RGB" else None, wanted)
        im.load()
        current = _normalise_mode(im)
        renditions: list[Rendition] = []
        for index, (name, long_edge) in enumerate(RENDITIONS):
            size = fit(current.size, long_edge)
            if size != current.size:
                current = current.resize(size, RESAMPLE, reducing_gap=REDUCING_GAP)
            if index == 0:
                current = _to_srgb(current, icc)
            served = current.transpose(transpose) if transpose is not None else current
            renditions.append(_encode(served, name))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(limits) from None
    except MemoryError:
        raise TooLarge("Ảnh quá lớn để xử lý.") from None
    except Exception as exc:
        log.debug("image decode failed: %r", exc)
        raise _corrupt() from None
    return ProcessedImage(kind, full_width, full_height, tuple(renditions))
