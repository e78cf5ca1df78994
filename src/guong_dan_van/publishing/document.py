"""The story kit as files, with no I/O beyond the bytes handed in: a Word .docx of the text (python-docx;
a model's Markdown write-up becomes headings, paragraphs and lists), and the .zip around it with the
photos and a UTF-8 text file of captions and credits."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from docx import Document
from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt
from markdown_it.token import Token

from guong_dan_van.registry.schemas import ResultOut

_md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
DOCX_NAME = "bai-viet.docx"
CREDITS_NAME = "chu-thich-anh.txt"


@dataclass(frozen=True)
class KitPhoto:
    """One photo in the kit: its file name there, the large rendition's bytes, caption and credit."""

    name: str
    data: bytes
    caption: str | None
    credit: str | None


@dataclass(frozen=True)
class KitText:
    title: str
    summary: str
    facts: list[tuple[str, str]]
    results: list[ResultOut]
    body: str
    body_is_markdown: bool


def _number(value: float) -> str:
    """70000000 → "70.000.000", 1.5 → "1,5" (Vietnamese style)."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.2f}".rstrip("0").replace(",", " ").replace(".", ",").replace(" ", ".")


def _inline(paragraph: Paragraph, token: Token) -> None:
    """The runs of one inline token: bold, italic and code kept, links as their text."""
    bold = italic = False
    for child in token.children or []:
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type in ("text", "code_inline"):
            run = paragraph.add_run(child.content)
            run.bold, run.italic = bold or None, italic or None
        elif child.type in ("softbreak", "hardbreak"):
            paragraph.add_run(" ")


def _markdown(document: object, source: str) -> None:
    """Headings, paragraphs, bullet and numbered lists (nested lists flattened to their style)."""
    lists: list[str] = []
    style: str | None = None
    heading = 0
    for token in _md.parse(source):
        if token.type == "bullet_list_open":
            lists.append("List Bullet")
        elif token.type == "ordered_list_open":
            lists.append("List Number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "heading_open":
            heading = min(int(token.tag[1]) + 1, 9)
        elif token.type == "paragraph_open":
            style = lists[-1] if lists else None
        elif token.type == "inline":
            if heading:
                document.add_heading(token.content, level=heading)  # type: ignore[attr-defined]
                heading = 0
            else:
                _inline(document.add_paragraph(style=style), token)  # type: ignore[attr-defined]
        elif token.type in ("fence", "code_block"):
            document.add_paragraph(token.content.rstrip("\n"))  # type: ignore[attr-defined]


def story_docx(text: KitText) -> bytes:
    document = Document()
    document.core_properties.title = text.title
    document.add_heading(text.title, level=0)
    if text.summary:
        summary = document.add_paragraph()
        summary.add_run(text.summary).italic = True
    for label, value in text.facts:
        line = document.add_paragraph()
        line.add_run(f"{label}: ").bold = True
        line.add_run(value)
    if text.results:
        document.add_heading("Kết quả", level=1)
        for r in text.results:
            document.add_paragraph(
                f"{r.label}: {_number(r.value)}{' ' + r.unit if r.unit else ''}", style="List Bullet"
            )
    if text.body.strip():
        document.add_heading("Nội dung", level=1)
        if text.body_is_markdown:
            _markdown(document, text.body)
        else:
            for block in (b.strip() for b in text.body.replace("\r\n", "\n").split("\n\n")):
                if block:
                    document.add_paragraph(" ".join(block.split("\n")))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def credits_text(title: str, photos: list[KitPhoto]) -> str:
    lines = [f"Ảnh kèm tin bài: {title}", ""]
    for photo in photos:
        lines.append(photo.name)
        lines.append(f"  Chú thích: {photo.caption or '(không có)'}")
        lines.append(f"  Ảnh: {photo.credit or '(chưa ghi tác giả ảnh)'}")
        lines.append("")
    if not photos:
        lines.append("Tin bài này chưa có ảnh.")
    return "\n".join(lines) + "\n"


def story_zip(text: KitText, photos: list[KitPhoto]) -> bytes:
    """The kit: the .docx, the photos under anh/, the captions and credits (UTF-8)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as kit:
        kit.writestr(DOCX_NAME, story_docx(text))
        for photo in photos:
            kit.writestr(f"anh/{photo.name}", photo.data, compress_type=zipfile.ZIP_STORED)
        kit.writestr(CREDITS_NAME, credits_text(text.title, photos).encode("utf-8"))
    return out.getvalue()
