"""A draft sent back with Word track changes (w:ins / w:del) and margin comments (批注).

python-docx lists neither insertions nor deletions (CT_P.text joins only w:r and
w:hyperlink), and it reads a comment's text but not where it is anchored, so
both are read here from the paragraph XML. Each change or margin comment becomes
a Block anchored to the clause whose paragraph holds it, found by matching the
paragraph's original wording against the draft.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document
from docx.oxml.ns import qn

from parsers.clauses import squash
from parsers.draft import ARTICLE_RE
from parsers.records import Block, Draft
from parsers.segment import strip_enum

W_P, W_R, W_T, W_DELTEXT = qn("w:p"), qn("w:r"), qn("w:t"), qn("w:delText")
W_INS, W_DEL = qn("w:ins"), qn("w:del")
W_CSTART, W_CEND, W_ID = qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:id")


@dataclass
class _Piece:
    kind: str  # keep, ins, del
    text: str
    author: str = ""


def _pieces(paragraph: object) -> list[_Piece]:
    """The paragraph as kept / inserted / deleted text, adjacent pieces of a kind merged."""
    out: list[_Piece] = []
    for child in paragraph.iterchildren():  # type: ignore[attr-defined]
        if child.tag in (W_INS, W_DEL):
            kind = "ins" if child.tag == W_INS else "del"
            tag = W_T if kind == "ins" else W_DELTEXT
            text = "".join(t.text or "" for t in child.iter(tag))
            author = " ".join(filter(None, (child.get(qn("w:author")), (child.get(qn("w:date")) or "")[:10])))
        elif child.tag == W_R or child.tag == qn("w:hyperlink"):
            kind, author = "keep", ""
            text = "".join(t.text or "" for t in child.iter(W_T))
        else:
            continue
        if not text:
            continue
        if out and out[-1].kind == kind and out[-1].author == author:
            out[-1].text += text
        else:
            out.append(_Piece(kind, text, author))
    return out


def original_text(paragraph: object) -> str:
    return "".join(p.text for p in _pieces(paragraph) if p.kind != "ins")


def clause_of(text: str, draft: Draft) -> int | None:
    """The draft clause a paragraph of the returned draft belongs to."""
    article = ARTICLE_RE.match(text)  # "第一条 …": Clause.text has no number
    probe = squash(article.group(2) if article else strip_enum(text))[:30]
    if len(probe) < 6:
        return None
    for clause in draft.clauses:
        if probe in squash(clause.text) or probe in squash(clause.heading + clause.text):
            return clause.number
    return None


def change_blocks(document: Document, draft: Draft, origin: str) -> list[Block]:
    blocks: list[Block] = []
    for number, paragraph in enumerate(document.element.body.iter(W_P), start=1):
        pieces = _pieces(paragraph)
        if not any(p.kind != "keep" for p in pieces):
            continue
        anchor = clause_of(original_text(paragraph), draft)
        for index, change in enumerate(_changes(pieces)):
            text, kind, author = change
            blocks.append(
                Block(kind=kind, text=text, origin=f"{origin}修订（第{number}段，{author or '未署名'}）", anchor=anchor,  # type: ignore[arg-type]
                      author=author)
            )
    return blocks


def _changes(pieces: list[_Piece]) -> list[tuple[str, str, str]]:
    """Consecutive deletions and insertions form one change, written for a reader."""
    out: list[tuple[str, str, str]] = []
    i = 0
    while i < len(pieces):
        if pieces[i].kind == "keep":
            i += 1
            continue
        before = pieces[i - 1].text[-12:] if i and pieces[i - 1].kind == "keep" else ""
        deleted = inserted = author = ""
        while i < len(pieces) and pieces[i].kind != "keep":
            deleted += pieces[i].text if pieces[i].kind == "del" else ""
            inserted += pieces[i].text if pieces[i].kind == "ins" else ""
            author = author or pieces[i].author
            i += 1
        if deleted and inserted:
            out.append((f"将“{deleted}”修改为“{inserted}”", "replacement", author))
        elif inserted:
            where = f"在“{before}”后" if before else ""
            out.append((f"{where}增加“{inserted}”", "insertion", author))
        else:
            out.append((f"删除“{deleted}”", "deletion", author))
    return out


def comment_blocks(document: Document, draft: Draft, origin: str) -> list[Block]:
    """Margin comments, each with the text it is anchored to as the quote."""
    try:
        comments = list(document.comments)
    except (AttributeError, KeyError, ValueError):
        return []
    anchors = _anchors(document)
    blocks = []
    for comment in comments:
        text = comment.text.strip()
        if not text:
            continue
        quoted, paragraph_text = anchors.get(str(comment.comment_id), ("", ""))
        blocks.append(
            Block(
                kind="margin_comment",
                text=text,
                origin=f"{origin}批注（{comment.author or '未署名'}）",
                quote=quoted,
                anchor=clause_of(paragraph_text, draft),
                author=comment.author or "",
            )
        )
    return blocks


def _anchors(document: Document) -> dict[str, tuple[str, str]]:
    """comment id -> (the anchored words, the whole paragraph's original text)."""
    found: dict[str, tuple[str, str]] = {}
    for paragraph in document.element.body.iter(W_P):
        open_ids: dict[str, list[str]] = {}
        for node in paragraph.iter(W_CSTART, W_CEND, W_T, W_DELTEXT):
            if node.tag == W_CSTART:
                open_ids[node.get(W_ID) or ""] = []
            elif node.tag == W_CEND:
                cid = node.get(W_ID) or ""
                if cid in open_ids:
                    found[cid] = ("".join(open_ids.pop(cid)), original_text(paragraph))
            elif node.tag != W_T or node.getparent().getparent().tag != W_INS:
                for words in open_ids.values():
                    words.append(node.text or "")
        for cid, words in open_ids.items():  # a range running past the paragraph's end
            found[cid] = ("".join(words), original_text(paragraph))
    return found
