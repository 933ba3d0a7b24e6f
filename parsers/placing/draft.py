"""Read a draft (.docx or plain text) into its clause tree.

The common shape of a Chinese policy draft: a title, a preamble, sections headed
一、二、… (or 第一章/第一部分), and clauses numbered through the whole text, either
"1、" or "第一条". Sub-items such as （一） or 1. stay inside their clause, and so
do paragraphs that continue a clause.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from parsers.errors import CorruptFile
from parsers.comments.numerals import NUM_CLASS, to_int
from parsers.records import Clause, Draft, Section

SECTION_RE = re.compile(rf"^\s*(?:第({NUM_CLASS}+)[章部分编]+|([一二三四五六七八九十]+)\s*[、.．])\s*(.*)$")
ARTICLE_RE = re.compile(rf"^\s*第\s*({NUM_CLASS}+)\s*条\s*[、：:．.]?\s*(.*)$", re.S)
NUMBERED_RE = re.compile(r"^\s*([0-9０-９]{1,3})\s*、\s*(.*)$", re.S)


@dataclass
class _Open:
    """A clause or section being collected."""

    number: int
    title: str
    lines: list[str] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)


def parse_draft(data: bytes, filename: str = "draft.docx") -> Draft:
    """Parse a draft from .docx bytes, or UTF-8/GB18030 text for a .txt file."""
    if filename.lower().endswith(".txt"):
        return parse_draft_lines(_decode_text(data).splitlines())
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a bad package
        raise CorruptFile(f"{filename}: not a readable .docx ({exc})") from exc
    from parsers.files.docx import document_lines

    return parse_draft_lines(document_lines(document))  # with Word's own 第一条… numbers written out


def _decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _clause_style(lines: list[str]) -> re.Pattern[str]:
    """"第一条" drafts number clauses with 第N条; the others with "N、"."""
    articles = sum(1 for ln in lines if ARTICLE_RE.match(ln))
    numbered = sum(1 for ln in lines if NUMBERED_RE.match(ln))
    return ARTICLE_RE if articles > numbered else NUMBERED_RE


def parse_draft_lines(raw_lines: list[str]) -> Draft:
    lines = [ln.strip() for ln in raw_lines if ln.strip()]
    clause_re = _clause_style(lines)
    chapters = any(_section_heading(ln, clause_re, chapter=True) is not None for ln in lines)
    head: list[str] = []
    sections: list[_Open] = []
    clause: _Open | None = None
    count = 0
    for line in lines:
        section_match = _section_heading(line, clause_re, chapter=chapters)
        clause_match = clause_re.match(line)
        if section_match:
            _close_clause(clause, sections)
            clause = None
            sections.append(_Open(len(sections) + 1, section_match))
        elif clause_match and _next_number(clause_match.group(1), count):
            _close_clause(clause, sections)
            count += 1
            if not sections:
                sections.append(_Open(1, ""))
            clause = _Open(count, "", [clause_match.group(2).strip()])
        elif clause is not None:
            clause.lines.append(line)
        elif sections:
            sections[-1].lines.append(line)
        else:
            head.append(line)
    _close_clause(clause, sections)
    title, preamble = _title_and_preamble(head)
    return Draft(
        title=title,
        sections=tuple(Section(s.number, s.title, tuple(s.clauses)) for s in sections),
        preamble=preamble,
    )


def _section_heading(line: str, clause_re: re.Pattern[str], chapter: bool = False) -> str | None:
    """The title of a section heading line, or None. Headings are short and end without 。
    With `chapter`, only 第N章/第N部分 count: an 一、 line there is a sub-item of a clause."""
    match = SECTION_RE.match(line)
    if not match or len(line) > 60 or "。" in line.rstrip("。")[:-1] or line.endswith(("；", ";", "，")):
        return None
    if chapter and match.group(1) is None:
        return None
    if clause_re is ARTICLE_RE and ARTICLE_RE.match(line):
        return None
    return match.group(3).strip().rstrip("。")


def _next_number(written: str, count: int) -> bool:
    """A clause line must carry the next number; "1." inside a clause is a sub-item."""
    number = to_int(written)
    return number == count + 1


def _close_clause(clause: _Open | None, sections: list[_Open]) -> None:
    if clause is None:
        return
    text = "\n".join(clause.lines)
    first = clause.lines[0]
    heading = first.split("。", 1)[0].strip() if "。" in first else first.strip()
    sections[-1].clauses.append(Clause(clause.number, sections[-1].number, heading, text))


def _title_and_preamble(head: list[str]) -> tuple[str, str]:
    """Short lines before the first section make the title; long ones the preamble."""
    title_lines = [ln for ln in head if len(ln) <= 40 and ln not in ("附件", "附件：")]
    title_lines = [ln for ln in title_lines if not ln.startswith("附件")]
    preamble = "\n".join(ln for ln in head if len(ln) > 40)
    title = "".join(re.sub(r"\s+", "", ln) for ln in title_lines)
    return title, preamble
