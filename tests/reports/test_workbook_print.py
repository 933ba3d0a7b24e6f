"""workbook on paper: 意见汇总表.xlsx printed by LibreOffice (to PDF) and measured.

GIVEN comments short and long (one longer than Excel's highest row), Latin words,
links, line breaks, a long category and dates with an offset
WHEN LibreOffice prints the workbook
THEN every page is A4 landscape, no text is smaller than 9 pt, every comment and
category appears whole, and every line of text lies inside its own row's borders
(a row too short for its wrapped text would cut or spill it).
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pdfplumber
import pytest
from openpyxl import load_workbook

from parsers.records import Clause, Draft, Section, Unit
from reports.workbook import build_workbook

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: cannot print the workbook")

A4_LANDSCAPE = (841.9, 595.3)
LONG = "建议在本条中增加关于基层工会组织建设、职工权益保障和劳动竞赛组织实施的具体要求，明确责任主体和完成时限，" * 6
LONGEST = "第一，" + "建议进一步明确县市总工会在推动非公有制企业建会入会工作中的牵头职责，并建立定期通报制度。" * 30
TEXTS = [
    "建议改为“承担着组织、引导、服务职工和维护职工合法权益的重要职责”。",
    LONG,
    LONGEST,
    "See Article 12 and https://www.ybgh.example/zhengqiu/2014/yijian?id=123456789 for the wording of 第12条.",
    "第一段意见。\n第二段意见，另起一行。\n\n第四段。",
    "=HYPERLINK(\"http://x\")，此意见以等号开头。",
]
LONG_CATEGORY = "中省州直企业单位工会"


def _numbered() -> list[str]:
    """Each text four times, each copy ending with its own number: a cut copy followed by
    a whole one must not pass for whole."""
    return [f"{text}【{n}】" for n, text in enumerate(TEXTS * 4)]


def _comment(n: int, text: str, unit: str) -> dict[str, Any]:
    return {
        "id": f"c{n}", "unit": unit, "unlisted_unit": None, "message_id": f"<m{n}@x>",
        "source": "延吉市总工会关于征求意见稿的修改意见.docx", "scope": "clause", "clause": 1 + n % 3,
        "section": 1 if n % 3 == 0 else 2, "text": text, "reason": "原句成分残缺，且与本条开头内容重复。" if n % 2 else "",
        "confidence": 0.98, "needs_review": n % 4 == 0, "evidence": "“第1条”；引文“承担着组织、引导、服务维护职工合…”见于第1条",
        "status": "active", "origin": "表格1第2行",
    }


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[bytes, list[Any]]]:
    """The workbook and its PDF pages, printed once for the module."""
    draft = _draft()
    units = [Unit("延吉市总工会", "县市总工会", ("yj@example.org",), (), "张三"),
             Unit("国网延边供电公司工会", LONG_CATEGORY, ("gw@example.org",), (), "李四")]
    comments = [_comment(n, text, units[n % 2].name) for n, text in enumerate(_numbered())]
    progress = [
        {"unit": units[0].name, "category": units[0].category, "status": "已报送", "comments": 12,
         "date": "2014-09-23T10:02:00+08:00"},
        {"unit": units[1].name, "category": LONG_CATEGORY, "status": "未报送", "comments": 0, "date": ""},
    ]
    data = build_workbook(draft=draft, comments=comments, progress=progress, missing=units[1:],
                          review=[], campaign_title="关于加强工会工作的意见（征求意见稿）")
    folder = tmp_path_factory.mktemp("print")
    (folder / "book.xlsx").write_bytes(data)
    subprocess.run(
        [str(SOFFICE), f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(folder / "book.xlsx")],
        check=True, capture_output=True, timeout=300,
    )
    with pdfplumber.open(folder / "book.pdf") as pdf:
        yield data, list(pdf.pages)


def _draft() -> Draft:
    """conftest's draft, made here because a module-wide fixture cannot use a per-test one."""
    s1 = Section(1, "总体要求", (Clause(1, 1, "坚持党的领导", "1、坚持党的领导。"),))
    s2 = Section(2, "发挥工人阶级主力军作用", (Clause(2, 2, "深化劳动竞赛", "2、深化劳动竞赛。"),
                                      Clause(3, 2, "加强职工技能培训", "3、加强职工技能培训。")))
    return Draft(title="关于加强工会工作的意见（征求意见稿）", sections=(s1, s2))


def _sheet_pages(pages: list[Any], sheet: str) -> Iterator[Any]:
    """The pages of one sheet: its name is in the heading atop each page."""
    for page in pages:
        top = "".join(c["text"] for c in page.chars if c["top"] < 45)
        if sheet in top:
            yield page


def _column_text(pages: Iterator[Any], header: str) -> str:
    """Everything printed in the column headed ``header``, page after page, line by line."""
    out = []
    for page in pages:
        edges = sorted({round(e["x0"], 1) for e in page.edges if e["orientation"] == "v"})
        table_bottom = max(e["top"] for e in page.edges if e["orientation"] == "h")  # the page number is below
        heads = page.search(header)
        assert heads, f"no {header} column on page {page.page_number}"
        x = heads[0]["x0"] + 1
        left = max(e for e in edges if e < x)
        right = min(e for e in edges if e > x)
        chars = sorted((c for c in page.chars if left < c["x0"] < right and heads[0]["bottom"] < c["top"] < table_bottom),
                       key=lambda c: (round(c["top"]), c["x0"]))
        out.append("".join(c["text"] for c in chars))
    return "".join(out)


def _flat(text: str) -> str:
    return "".join(text.split())


def test_pages_are_a4_landscape_and_text_at_least_9pt(printed: tuple[bytes, list[Any]]) -> None:
    _, pages = printed
    for page in pages:
        assert (round(page.width, 1), round(page.height, 1)) == A4_LANDSCAPE
        sizes = {round(c["size"], 1) for c in page.chars}
        assert min(sizes) >= 9, f"page {page.page_number} prints at {min(sizes)} pt"


def test_every_comment_prints_whole(printed: tuple[bytes, list[Any]]) -> None:
    _, pages = printed
    for sheet in ("按条款汇总", "按单位"):
        column = _flat(_column_text(_sheet_pages(pages, sheet), "意见内容"))
        for text in _numbered():
            assert _flat(text) in column, f"{sheet}: cut: {text[:30]}…{text[-6:]}"


def test_the_longest_category_prints_on_one_line(printed: tuple[bytes, list[Any]]) -> None:
    _, pages = printed
    for page in _sheet_pages(pages, "报送进度"):
        lines = page.extract_text().splitlines()
        assert any(LONG_CATEGORY in line for line in lines)


def test_dates_print_as_local_date_and_time(printed: tuple[bytes, list[Any]]) -> None:
    data, pages = printed
    text = "".join(page.extract_text() for page in _sheet_pages(pages, "报送进度"))
    assert "2014-09-23 10:02" in text and "T10:02" not in text and "+08:00" not in text
    ws = load_workbook(io.BytesIO(data))["报送进度"]
    assert ws["F2"].is_date and ws["F2"].number_format == "yyyy-mm-dd hh:mm" and ws["F3"].value is None


def test_every_line_lies_inside_its_row(printed: tuple[bytes, list[Any]]) -> None:
    """A row lower than its wrapped text would let lines run over the border below."""
    _, pages = printed
    for page in pages:
        rows = sorted({round(e["top"], 1) for e in page.edges if e["orientation"] == "h"})
        if len(rows) < 2:
            continue
        for char in page.chars:
            if not rows[0] < char["top"] < rows[-1]:
                continue  # the page's heading and footer
            above = max(y for y in rows if y <= char["top"] + 0.5)
            below = min(y for y in rows if y > above)
            assert char["bottom"] <= below + 0.5, f"page {page.page_number}: {char['text']} spills out of its row"


def test_row_heights_are_in_the_file(printed: tuple[bytes, list[Any]]) -> None:
    """Heights are set on every row: neither Excel nor LibreOffice fits them on opening."""
    data, _ = printed
    ws = load_workbook(io.BytesIO(data))["按条款汇总"]
    heights = [ws.row_dimensions[r].height for r in range(1, ws.max_row + 1)]
    assert all(h for h in heights) and max(h for h in heights if h) <= 409
