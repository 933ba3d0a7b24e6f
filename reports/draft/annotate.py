"""The marked-up draft (批注稿) and the revised draft (修改稿), as Word files.

Pure: the draft's .docx bytes, its clause tree and the comments in; .docx bytes out. The draft
keeps its text, fonts and layout: every comment becomes a margin comment (批注) by its unit,
anchored on the words it quotes (else its clause's heading sentence, its section's heading, or
the title), and a comment proposing exact wording is also a tracked change by that unit, so the
drafter accepts or rejects it in Word's Review pane. Like proposals share one margin comment;
two units rewriting the same words get one tracked change, the other stays a margin comment on
those words (the text never holds two rival rewrites).

The revised draft applies what the desk decided 采纳: exact wording as the department's tracked
change, anything else as a margin comment "采纳，待起草人修改" at its anchor.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import count

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from parsers.placing.clauses import squash
from parsers.files.docx import numbering_of
from parsers.placing.draft import SECTION_RE
from parsers.records import Draft, Section
from parsers.files.revisions import clause_of
from parsers.files.wordml import W_P, Element, block_items, labelled_text
from reports.draft.grouping import Group, Said, clusters, clusters_of, group_of
from reports.draft.proposals import Edit, Remark, exact_edit, quotes
from reports.draft.wordmarks import MarginComments, Revision, Spans, cut_at, paragraph_text, track_change

LOW_CONFIDENCE = 0.9  # below this a margin comment says how sure the mapping is
ADOPTED = ("采纳", "部分采纳")  # decisions the revised draft carries; 不采纳, 已有相关表述 are left out
TO_DRAFTER = "待起草人修改"
FIRST_CHANGE_ID = 90001  # w:id of tracked changes, apart from the comments' own ids


@dataclass(frozen=True)
class Decision:
    """What the desk decided about one comment (mailbot.decisions)."""

    decision: str
    reason: str = ""
    decided_at: str = ""


@dataclass
class Layout:
    """Which paragraph of the draft holds what: the title, each section heading, each clause."""

    paragraphs: list[Element]
    title: list[int]
    sections: dict[int, int]
    clauses: dict[int, list[int]]

    def places(self, scope: str, number: int | None) -> list[int]:
        """The paragraphs a comment on this place may sit in (the title when it has none)."""
        if scope == "clause" and number in self.clauses:
            return self.clauses[number]
        if scope == "section" and number in self.sections:
            return [self.sections[number]]
        return self.title[:1] or [i for i, p in enumerate(self.paragraphs) if paragraph_text(p).strip()][:1]


@dataclass(frozen=True)
class Mark:
    """One margin comment to write, on characters start..end of a paragraph, and the tracked
    change it carries (None: a comment only)."""

    paragraph: int
    start: int
    end: int
    text: str
    author: str
    date: str
    edit: Edit | None = None
    change_by: Revision | None = None


# public -----------------------------------------------------------------------
def annotated_draft(data: bytes, draft: Draft, remarks: Sequence[Remark], groups: Sequence[Group] | None = None) -> bytes:
    """The 批注稿: every comment in the margin, exact proposals as the units' tracked changes.
    `groups`: the like proposals as the store has them (a clerk's changes applied); without
    them they are found here."""
    document = docx.Document(io.BytesIO(data))
    layout = draft_layout(document, draft)
    reasons = {member: g.reason for g in groups or () for member in g.members}
    marks = _settle([_unit_mark(group, layout, draft, reasons.get(group[0].id))
                     for group in alike(_in_draft_order(remarks), groups)])
    return _written(document, layout, marks)


def revised_draft(data: bytes, draft: Draft, remarks: Sequence[Remark], decisions: Mapping[str, Decision],
                  department: str, groups: Sequence[Group] | None = None) -> bytes:
    """The 修改稿: what was decided 采纳 applied as the department's tracked changes; a 采纳 without
    exact wording (or 部分采纳) a margin comment for the drafter; the rest left out."""
    document = docx.Document(io.BytesIO(data))
    layout = draft_layout(document, draft)
    adopted = [r for r in _in_draft_order(remarks) if decisions.get(r.id, Decision("")).decision in ADOPTED]
    marks = [_adopted_mark(g, layout, draft, decisions, department) for g in alike(adopted, groups)]
    return _written(document, layout, _settle(marks))


def text_draft_docx(text: str, draft: Draft) -> bytes:
    """A draft given as plain text, laid out as a plain .docx: title, section headings, clauses."""
    from reports.adoption import _set_font  # noqa: PLC2701 - the one place that sets East Asian fonts

    document = docx.Document()
    normal = document.styles["Normal"]
    _set_font(normal.font, normal.element, "仿宋")
    sections = list(draft.sections)
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line)
        if sections and _is_heading(line, sections[0]):
            sections.pop(0)
            run.bold = True
            _set_font(run.font, run._r, "黑体")  # noqa: SLF001 - python-docx has no API for w:eastAsia
        elif len(sections) == len(draft.sections) and squash(line) and squash(line) in squash(draft.title):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_font(run.font, run._r, "黑体")  # noqa: SLF001
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# where things are -----------------------------------------------------------------
def draft_layout(document: Document, draft: Draft) -> Layout:
    """Each body paragraph is the title, a section heading, a clause's first paragraph or one
    continuing it, in the draft's order (parsers.placing.draft reads the same paragraphs)."""
    numbering = numbering_of(document)
    layout = Layout([p for p in block_items(document.element.body) if p.tag == W_P], [], {}, {})
    waiting = list(draft.sections)
    current: int | None = None
    for index, paragraph in enumerate(layout.paragraphs):
        text = labelled_text(paragraph, numbering).strip()
        number = clause_of(text, draft) if text else None
        if waiting and _is_heading(text, waiting[0]):
            layout.sections[waiting.pop(0).number] = index
            current = None
        elif number is not None and (current is None or number > current):
            layout.clauses[number], current = [index], number
        elif current is not None:
            layout.clauses[current].append(index)
        elif not layout.sections and squash(text) and squash(text) in squash(draft.title):
            layout.title.append(index)
    return layout


def _said(remark: Remark) -> Said:
    return Said(remark.id, remark.unit, remark.place, remark.text, remark.original)


def alike(remarks: Sequence[Remark], groups: Sequence[Group] | None = None) -> list[list[Remark]]:
    """The remarks in clusters of like proposals (the `groups` given, else as reports.draft.grouping
    finds them), in the order given; a remark alike to no other is a cluster of its own."""
    found = clusters([_said(r) for r in remarks]) if groups is None else clusters_of([r.id for r in remarks], groups)
    return [[remarks[i] for i in cluster] for cluster in found]


def _is_heading(text: str, section: Section) -> bool:
    found = SECTION_RE.match(text)
    return bool(found and section.title and squash(found.group(3).rstrip("。")) == squash(section.title))


def _in_draft_order(remarks: Sequence[Remark]) -> list[Remark]:
    """Clauses first (1..N), then sections, then the whole text; by reply date within a place."""
    rank = {"clause": 0, "section": 1, "general": 2}
    return sorted(remarks, key=lambda r: (rank.get(r.scope, 2), r.place[1] or 0, r.date))


def _span(group: Sequence[Remark], layout: Layout, draft: Draft) -> tuple[int, int, int, bool]:
    """(paragraph, start, end, quoted-by-its-edit) of the words a group's comment sits on."""
    first = group[0]
    edit = exact_edit(first.text, first.original)
    places = layout.places(*first.place)
    for candidate in _quoted(group, edit):
        for index in places:
            at = paragraph_text(layout.paragraphs[index]).find(candidate)
            if at >= 0:
                return index, at, at + len(candidate), edit is not None and candidate == edit.old
    head = places[0]
    text = paragraph_text(layout.paragraphs[head])
    clause = draft.clause(first.clause) if first.scope == "clause" and first.clause else None
    at = text.find(clause.heading) if clause and clause.heading else -1
    return (head, at, at + len(clause.heading), False) if clause and at >= 0 else (head, 0, len(text), False)


def _quoted(group: Sequence[Remark], edit: Edit | None) -> Iterator[str]:
    if edit is not None:
        yield edit.old
    for remark in group:
        if remark.original:
            yield remark.original
            yield from (part.strip() for part in remark.original.replace("……", " / ").split(" / ") if len(part) >= 4)
        yield from quotes(remark.text)


# what each comment says ------------------------------------------------------------
def _unit_mark(group: Sequence[Remark], layout: Layout, draft: Draft, reason: str | None = None) -> Mark:
    paragraph, start, end, exact = _span(group, layout, draft)
    units = _units(group)
    edit = exact_edit(group[0].text, group[0].original) if exact else None
    date = word_date(min(r.date for r in group))
    why = "" if len(group) < 2 else reason or _group(group).reason
    text = _comment_text(group) + (f"\n（{len(units)}个单位：{why}）" if len(group) > 1 else "")
    return Mark(paragraph, start, end, text, "、".join(units), date, edit, Revision("、".join(units), date) if edit else None)


def _adopted_mark(group: Sequence[Remark], layout: Layout, draft: Draft, decisions: Mapping[str, Decision],
                  department: str) -> Mark:
    paragraph, start, end, exact = _span(group, layout, draft)
    verdicts = [decisions[r.id] for r in group]
    whole = all(v.decision == "采纳" for v in verdicts)
    edit = exact_edit(group[0].text, group[0].original) if exact and whole else None
    date = word_date(max((v.decided_at for v in verdicts), default=""))
    head = "采纳" if edit else f"{'采纳' if whole else '部分采纳'}，{TO_DRAFTER}"
    notes = "".join(f"\n说明：{v.reason}" for v in verdicts if v.reason)
    return Mark(paragraph, start, end, f"{head}\n{_comment_text(group, named=True)}{notes}", department, date, edit,
                Revision(department, date) if edit else None)


def _group(group: Sequence[Remark]) -> Group:
    return group_of([_said(r) for r in group])


def _units(group: Sequence[Remark]) -> list[str]:
    return list(dict.fromkeys(r.unit for r in group))


def _comment_text(group: Sequence[Remark], named: bool = False) -> str:
    """One unit's comment as it wrote it (its reason below); several units' one line each."""
    if len(group) == 1 and not named:
        remark = group[0]
        return _tags(remark) + remark.text + (f"\n理由：{remark.reason}" if remark.reason else "")
    return "\n".join(f"{r.unit}：{_tags(r)}{r.text}" + (f"（理由：{r.reason}）" if r.reason else "") for r in group)


def _tags(remark: Remark) -> str:
    if remark.needs_review:
        return "【待复核】"
    return f"【识别把握{remark.confidence:.2f}】" if remark.confidence < LOW_CONFIDENCE else ""


def word_date(stamp: str) -> str:
    """An ISO date as Word writes w:date: the wall-clock time the reply carries, marked Z."""
    try:
        return datetime.datetime.fromisoformat(stamp).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError):
        return ""


def _settle(marks: Sequence[Mark]) -> list[Mark]:
    """One tracked change at most on any words: the proposal of more units (then the earlier)
    keeps its change; a rival on overlapping words keeps only its margin comment, saying so."""
    taken: dict[int, list[Mark]] = {}
    settled: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (-m.author.count("、"), m.date)):
        rival = next((t for t in taken.get(mark.paragraph, []) if mark.start < t.end and t.start < mark.end), None)
        if mark.edit is not None and rival is not None:
            note = f"\n（{rival.author}对同一处文字的改法已标为修订，此改法未标：{mark.edit.wording()}）"
            text = f"采纳，{TO_DRAFTER}{mark.text[2:]}" if mark.text.startswith("采纳\n") else mark.text
            mark = replace(mark, text=text + note, edit=None, change_by=None)
        elif mark.edit is not None:
            taken.setdefault(mark.paragraph, []).append(mark)
        settled.append(mark)
    return sorted(settled, key=lambda m: (m.paragraph, m.start, -m.end))


# writing ------------------------------------------------------------------------
def _written(document: Document, layout: Layout, marks: Sequence[Mark]) -> bytes:
    """Split runs at every mark's ends (one walk a paragraph), add the comments in draft order,
    then the changes."""
    cuts: dict[int, list[int]] = {}
    for mark in marks:
        cuts.setdefault(mark.paragraph, []).extend((mark.start, mark.end))
    spans = {index: cut_at(layout.paragraphs[index], offsets) for index, offsets in cuts.items()}
    fallback: dict[int, Element] = {}
    runs_of = [_runs_of(layout.paragraphs[m.paragraph], spans[m.paragraph], m, fallback) for m in marks]
    margin = MarginComments(document)
    for mark, runs in zip(marks, runs_of):
        margin.add(runs[0], runs[-1], mark.text, mark.author, mark.date)
    ids = count(FIRST_CHANGE_ID)
    for mark, runs in zip(marks, runs_of):
        if mark.edit is not None and mark.change_by is not None:
            track_change(runs, mark.edit.new, mark.edit.kind != "insert", mark.change_by, ids)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _runs_of(paragraph: Element, spans: Spans, mark: Mark, fallback: dict[int, Element]) -> list[Element]:
    """The runs of the mark's words; else the paragraph's first run; an empty paragraph gets a
    run of its own (one, shared by the comments on it)."""
    found = spans.between(mark.start, mark.end)
    if found:
        return found
    if spans.runs:
        return spans.runs[:1]
    if mark.paragraph not in fallback:
        fallback[mark.paragraph] = _empty_run(paragraph)
    return [fallback[mark.paragraph]]


def _empty_run(paragraph: Element) -> Element:
    """An empty paragraph still gets its comment: on a run of its own."""
    run = paragraph.makeelement(qn("w:r"), {})
    paragraph.append(run)
    return run
