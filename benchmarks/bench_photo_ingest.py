"""Photo ingest: a 12-megapixel photo-like JPEG into all three renditions, ours vs a naive pipeline.

    .venv/bin/python benchmarks/bench_photo_ingest.py [--runs 15]

"ours" is `guong_dan_van.media.images.process` exactly as uploads run it (sniffing, pixel cap, EXIF
orientation, JPEG draft mode, each rendition resized from the one before, metadata-free JPEG encodes).
"naive" decodes the full image and makes each rendition from it with a LANCZOS resize, then encodes the
same way. Both run on one core (one thread, pinned when the OS allows). Prints medians and the ratio.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import time

from PIL import Image, ImageChops, ImageOps

from guong_dan_van.media import images

WIDTH, HEIGHT = 4000, 3000


def photo_like_jpeg(width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """Smooth gradients (sky, ground, vignette) plus sensor-like noise, saved as a camera would (quality 90)."""
    size = (width, height)
    red = Image.linear_gradient("L").rotate(90).resize(size, Image.Resampling.BILINEAR)
    green = Image.linear_gradient("L").resize(size, Image.Resampling.BILINEAR)
    blue = ImageOps.invert(Image.radial_gradient("L").resize(size, Image.Resampling.BILINEAR))
    channels = [
        ImageChops.add(channel, Image.effect_noise(size, 18), scale=1.0, offset=-128) for channel in (red, green, blue)
    ]
    image = Image.merge("RGB", channels)
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "EOS 90D"
    buf = io.BytesIO()
    image.save(buf, format="JPEG", quality=90, exif=exif.tobytes())
    return buf.getvalue()


def naive(data: bytes) -> list[bytes]:
    full = Image.open(io.BytesIO(data))
    full.load()
    out = []
    for _, long_edge in images.RENDITIONS:
        resized = full.resize(images.fit(full.size, long_edge), Image.Resampling.LANCZOS)
        buf = io.BytesIO()
        resized.save(buf, format="JPEG", quality=images.JPEG_QUALITY)
        out.append(buf.getvalue())
    return out


def full_decode(data: bytes) -> None:
    Image.open(io.BytesIO(data)).load()


def timed(fn: object, data: bytes, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(data)  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    data = photo_like_jpeg()
    limits = images.Limits(max_bytes=50_000_000, max_pixels=60_000_000)
    result = images.process(data, limits)
    ours_fn = lambda d: images.process(d, limits)  # noqa: E731
    for fn in (ours_fn, naive, full_decode):  # warm-up
        fn(data)
    ours = timed(ours_fn, data, args.runs)
    base = timed(naive, data, args.runs)
    decode = timed(full_decode, data, args.runs)
    print(f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}")
    print(f"input: {WIDTH}x{HEIGHT} JPEG q90, {len(data) / 1e6:.1f} MB; runs: {args.runs}, one core")
    sizes = ", ".join(f"{r.name} {r.width}x{r.height} ({len(r.data) // 1024} KiB)" for r in result.renditions)
    print("renditions:", sizes)
    rows = (("ours (draft + cascade)", ours), ("naive (full + 3x LANCZOS)", base), ("full decode only", decode))
    for label, times in rows:
        print(f"{label:28s} median {statistics.median(times):7.1f} ms   min {min(times):7.1f} ms")
    print(f"speed-up: {statistics.median(base) / statistics.median(ours):.2f}x")


if __name__ == "__main__":
    main()
