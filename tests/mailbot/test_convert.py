"""Legacy Word files (.doc, .wps) are read through LibreOffice (or antiword): real programs, real files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mailbot.pipeline.convert import convert_legacy
from parsers.files.attachments import read_attachment
from parsers.errors import ParseError
from parsers.records import Attachment, Clause, Draft, Section

DRAFT = Draft("测试稿", (
    Section(1, "总体要求", (Clause(1, 1, "明确目标", "明确目标。"), Clause(2, 1, "健全网络", "健全网络。"))),
    Section(2, "保障措施", (Clause(3, 2, "加大投入", "加大投入。各级财政安排专项资金。"), Clause(4, 2, "落实用地", "落实用地。"),
                            Clause(5, 2, "加强人才队伍建设", "加强人才队伍建设。"))),
))


def test_libreoffice_and_antiword_are_installed() -> None:
    assert shutil.which("soffice") and shutil.which("antiword"), "scripts/test installs libreoffice-writer-nogui and antiword"


@pytest.mark.parametrize("name", ["意见.doc", "意见.wps"])
def test_a_legacy_word_file_is_read_like_a_docx(fixtures_dir: Path, name: str) -> None:
    data = (fixtures_dir / "doc-comments.doc").read_bytes()
    result = read_attachment(Attachment(name, "application/msword", data), DRAFT, convert_legacy)
    assert result.status == "read" and result.type == name.rsplit(".", 1)[1]
    assert [b.ref for b in result.blocks if b.kind == "table_row"] == ["第5条"]
    texts = [b.text for b in result.blocks]
    assert any("专项补助资金" in t for t in texts) and any("社会资本" in t for t in texts)


def test_a_broken_doc_is_a_recorded_error() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    result = read_attachment(Attachment("坏.doc", "application/msword", data), DRAFT, convert_legacy)
    assert result.status == "error" and "坏.doc" in result.error


def test_without_a_converter_a_doc_is_unsupported() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    result = read_attachment(Attachment("x.doc", "application/msword", data), DRAFT)
    assert result.status == "error" and result.error.startswith("unsupported")


def test_antiword_path_gives_text(fixtures_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN no LibreOffice on the PATH WHEN a .doc arrives THEN antiword's text is read instead."""
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda n: None if n in ("soffice", "libreoffice") else real_which(n))
    kind, data = convert_legacy((fixtures_dir / "doc-comments.doc").read_bytes(), "x.doc", "doc")
    assert kind == "txt" and "专项补助资金" in data.decode("utf-8")
    with pytest.raises(ParseError):
        convert_legacy(b"not a doc at all", "y.doc", "doc")


def test_an_opendocument_sheet_is_read_like_an_xlsx(fixtures_dir: Path) -> None:
    """GIVEN LibreOffice Calc's .ods (the comment sheet of corpus-office21's b21_013) WHEN read
    THEN it is known for a spreadsheet, converted to .xlsx and its rows are comments."""
    import email
    from email import policy

    from parsers.files.attachments import sniff

    message = email.message_from_bytes((fixtures_dir / "corpus-office21" / "b21_013.eml").read_bytes(), policy=policy.default)
    part = next(message.iter_attachments())  # type: ignore[attr-defined]
    data = part.get_payload(decode=True)
    assert sniff(data, "意见.ods") == "ods" and sniff(data, "意见") == "ods"
    result = read_attachment(Attachment("意见.ods", "application/octet-stream", data), DRAFT, convert_legacy)
    assert result.status == "read" and result.type == "ods"
    assert len([b for b in result.blocks if b.kind == "sheet_row"]) == 4


def _doc_ending_in_a_table(tmp_path: Path) -> bytes:
    """A form saved as .doc with nothing after its table (python-docx, then LibreOffice), the
    shape LibreOffice reads back as one paragraph of every cell."""
    import subprocess

    import docx

    document = docx.Document()
    document.add_paragraph("某某工会修改意见表")
    table = document.add_table(rows=3, cols=3)
    for row, cells in enumerate([("条款", "修改意见", "理由"), ("第3条", "建议在各级财政安排专项资金中列明工会经费", "便于落实"),
                                 ("第5条", "增加“人才队伍每年轮训一次”。", "")]):
        for column, value in enumerate(cells):
            table.cell(row, column).text = value
    document.save(str(tmp_path / "form.docx"))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "doc",
                    "--outdir", str(tmp_path), str(tmp_path / "form.docx")], capture_output=True, timeout=120, check=True)
    return (tmp_path / "form.doc").read_bytes()


def test_a_doc_ending_in_a_table_keeps_its_rows(tmp_path: Path) -> None:
    """GIVEN a .doc form whose table LibreOffice does not bring back WHEN read THEN antiword's
    DocBook gives each row on its own clause (was: one paragraph, every row on 第3条)."""
    data = _doc_ending_in_a_table(tmp_path)
    kind, _ = convert_legacy(data, "form.doc", "doc")
    assert kind == "docbook"
    result = read_attachment(Attachment("意见表.doc", "application/msword", data), DRAFT, convert_legacy)
    assert result.status == "read" and result.type == "doc"
    rows = [(b.ref, b.text) for b in result.blocks if b.kind == "table_row"]
    assert rows == [("第3条", "建议在各级财政安排专项资金中列明工会经费"), ("第5条", "增加“人才队伍每年轮训一次”。")]


def test_a_doc_whose_tables_libreoffice_reads_stays_libreoffices(fixtures_dir: Path) -> None:
    kind, _ = convert_legacy((fixtures_dir / "doc-comments.doc").read_bytes(), "x.doc", "doc")
    assert kind == "docx"
