"""The pure image and attachment logic, without a database: sniffing, sizes, orientation, clean output."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from guong_dan_van.core.errors import RuleViolation, TooLarge, UnsupportedType
from guong_dan_van.media import filetypes, images

LIMITS = images.Limits(max_bytes=5_000_000, max_pixels=20_000_000)


def _jpeg(size: tuple[int, int], orientation: int | None = None) -> bytes:
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, size[0] // 5, size[1] // 5))
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=92, exif=exif.tobytes())
    return buf.getvalue()


def test_sniff_decides_by_content() -> None:
    assert images.sniff(b"\xff\xd8\xff\xe0....") == "JPEG"
    assert images.sniff(b"\x89PNG\r\n\x1a\n....") == "PNG"
    assert images.sniff(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "WEBP"
    assert images.sniff(b"\x00\x00\x00\x18ftypheic\x00\x00") == "HEIF"
    for other in (b"", b"GIF89a", b"<svg", b"%PDF-1.4", b"\x00\x00\x00\x18ftypisom", b"RIFF\x00\x00\x00\x00WAVE"):
        assert images.sniff(other) is None


def test_fit_never_upscales() -> None:
    assert images.fit((4000, 3000), 1024) == (1024, 768)
    assert images.fit((3000, 4000), 320) == (240, 320)
    assert images.fit((500, 400), 2048) == (500, 400)


def test_draft_size_keeps_at_least_the_tolerance() -> None:
    assert images.draft_size(1000, 800, 2048) is None
    wanted = images.draft_size(4000, 3000, 2048)
    assert wanted is not None and max(wanted) >= 2048 * images.DRAFT_TOLERANCE


@given(st.integers(1, 20_000), st.integers(1, 20_000), st.sampled_from([320, 1024, 2048]))
def test_fit_properties(width: int, height: int, edge: int) -> None:
    w, h = images.fit((width, height), edge)
    assert 1 <= w <= width and 1 <= h <= height
    assert max(w, h) <= max(edge, 1) or (w, h) == (width, height)


def test_twelve_megapixel_jpeg_uses_draft_and_cascade() -> None:
    result = images.process(_jpeg((4000, 3000)), LIMITS)
    sizes = {r.name: (r.width, r.height) for r in result.renditions}
    assert sizes == {"large": (2000, 1500), "medium": (1024, 768), "thumb": (320, 240)}
    assert (result.width, result.height) == (4000, 3000)


@pytest.mark.parametrize("orientation", [1, 2, 3, 4, 5, 6, 7, 8])
def test_every_orientation_comes_out_upright(orientation: int) -> None:
    # The reference: what ImageOps.exif_transpose shows for the same file.
    from PIL import ImageOps

    data = _jpeg((600, 400), orientation)
    expected = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB")
    result = images.process(data, LIMITS)
    assert (result.width, result.height) == expected.size
    large = Image.open(io.BytesIO(result.renditions[0].data)).convert("RGB")
    assert large.size == expected.size
    for xy in ((2, 2), (expected.width - 3, 2), (2, expected.height - 3), (expected.width - 3, expected.height - 3)):
        got, want = large.getpixel(xy), expected.getpixel(xy)
        assert all(abs(a - b) < 40 for a, b in zip(got, want, strict=True)), (orientation, xy, got, want)  # type: ignore[arg-type]
    assert len(large.getexif()) == 0


def test_icc_profile_is_converted_then_dropped() -> None:
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    for icc in (srgb, profile, b"not a profile"):
        buf = io.BytesIO()
        Image.new("RGB", (300, 200), (10, 200, 10)).save(buf, format="JPEG", icc_profile=icc)
        result = images.process(buf.getvalue(), LIMITS)
        for rendition in result.renditions:
            assert "icc_profile" not in Image.open(io.BytesIO(rendition.data)).info


def test_refusals() -> None:
    with pytest.raises(UnsupportedType):
        images.process(b"", LIMITS)
    with pytest.raises(UnsupportedType):
        images.process(b"<svg xmlns='http://www.w3.org/2000/svg'/>", LIMITS)
    with pytest.raises(TooLarge):
        images.process(b"\xff\xd8\xff" + b"\x00" * LIMITS.max_bytes, LIMITS)
    with pytest.raises(RuleViolation):
        images.process(_jpeg((800, 600))[:700], LIMITS)
    buf = io.BytesIO()
    Image.new("1", (5000, 5000)).save(buf, format="PNG")
    with pytest.raises(TooLarge):
        images.process(buf.getvalue(), LIMITS)


def test_attachment_detection() -> None:
    assert filetypes.detect(b"%PDF-1.7 ...") is filetypes.PDF
    assert filetypes.detect(b"ID3\x03\x00\x00\x00\x00\x00\x00") is filetypes.MP3
    assert filetypes.detect(b"\xff\xfb\x90\x64\x00") is filetypes.MP3
    assert filetypes.detect(b"\x00\x00\x00\x20ftypmp42\x00") is filetypes.MP4
    for other in (b"", b"\xff\xfb", b"\xff\xff\xff\xff", b"<html>", b"\x00\x00\x00\x18ftypheic", b"PK\x03\x04"):
        assert filetypes.detect(other) is None


@given(st.text(max_size=300))
def test_download_names_are_always_safe(name: str) -> None:
    shown = filetypes.display_name(name, filetypes.PDF)
    assert shown.endswith(".pdf") and "/" not in shown and "\\" not in shown and '"' not in shown
    assert not any(ord(ch) < 32 or ord(ch) == 127 for ch in shown)
    header = filetypes.content_disposition(shown)
    assert header.startswith('attachment; filename="')
    assert header.isascii() and "\r" not in header and "\n" not in header
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    assert fallback and all(ch.isalnum() or ch in "._-" for ch in fallback)


def test_vietnamese_name_fallback() -> None:
    shown = filetypes.display_name("C:\\Users\\an\\Đường điện thôn Đông.PDF", filetypes.PDF)
    assert shown == "Đường điện thôn Đông.pdf"
    assert filetypes.ascii_name(shown) == "duong_dien_thon_dong.pdf"
