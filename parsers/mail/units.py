"""Who sent a reply: the roster unit, found by address, then by name or alias.

Units often write from personal QQ or 163 mailboxes, so after the address the
unit is looked for by its name or an alias in the subject, the attachments'
filenames, the documents' title lines and the signature. The longest name
found wins ("延边大学附属医院工会" over "延边大学工会").
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from parsers.errors import CorruptFile
from parsers.records import Unit

COLUMNS = {"name": "单位名称", "category": "类别", "emails": "邮箱", "aliases": "别名", "contact": "联系人"}
# Not a unit naming itself: 州总工会 (the organiser), 我单位工会, 本会, 贵会, 各级工会.
_NOT_A_NAME = ("州总工会", "关于", "我", "本单位", "本会", "贵单位", "贵会", "各")
UNIT_NAME_RE = re.compile(r"([\u4e00-\u9fff（）()]{2,30}?(?:总工会|工会委员会|工会联合会|联合工会|工会|工委))")


@dataclass(frozen=True)
class UnitMatch:
    """The sending unit and how it was found; `near` when only a near spelling of its name was
    ("州建设系统工会" for 州建设工会): the clerk is asked to confirm it."""

    unit: Unit | None
    evidence: str
    unlisted: str = ""
    near: bool = False


def load_roster(data: bytes, filename: str) -> list[Unit]:
    """Units from units.csv (UTF-8 or GB18030) or units.xlsx, in roster order."""
    rows = _xlsx_rows(data, filename) if filename.lower().endswith((".xlsx", ".xlsm")) else _csv_rows(data)
    if not rows:
        raise CorruptFile(f"{filename}: the roster is empty")
    # A title row ("某某州工会单位名单") may sit above the header.
    start = next((i for i, row in enumerate(rows[:10]) if COLUMNS["name"] in (h.strip() for h in row)), None)
    if start is None:
        raise CorruptFile(f"{filename}: no 单位名称 column (columns: {', '.join(h.strip() for h in rows[0])})")
    header = [h.strip() for h in rows[start]]
    index = {key: header.index(col) if col in header else None for key, col in COLUMNS.items()}
    units = []
    for row in rows[start + 1 :]:
        def cell(key: str) -> str:
            i = index[key]
            return str(row[i] or "").strip() if i is not None and i < len(row) else ""

        if cell("name"):
            units.append(
                Unit(cell("name"), cell("category"), _split(cell("emails")), _split(cell("aliases")), cell("contact"))
            )
    return units


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip().lower() if "@" in v else v.strip() for v in re.split(r"[;；,，\s]+", value) if v.strip())


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise CorruptFile("roster: neither UTF-8 nor GB18030 text")
    try:
        return [row for row in csv.reader(io.StringIO(text, newline="")) if any(c.strip() for c in row)]
    except csv.Error as exc:
        raise CorruptFile(f"roster: not a readable CSV file ({exc})") from exc


def _xlsx_rows(data: bytes, filename: str) -> list[list[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a bad file
        raise CorruptFile(f"{filename}: not a readable .xlsx ({exc})") from exc
    rows = [["" if v is None else str(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    return [r for r in rows if any(c.strip() for c in r)]


def unit_by_address(address: str, roster: list[Unit]) -> Unit | None:
    address = address.strip().lower()
    return next((u for u in roster if address and address in u.emails), None)


def unit_by_name(text: str, roster: list[Unit]) -> Unit | None:
    """The unit whose name or alias appears in the text, the longest name first."""
    best: tuple[int, Unit] | None = None
    for unit in roster:
        for name in (unit.name, *unit.aliases):
            if len(name) >= 3 and name in text and (best is None or len(name) > best[0]):
                best = (len(name), unit)
    return best[1] if best else None


def identify_unit(addresses: list[tuple[str, str]], texts: list[tuple[str, str]], roster: list[Unit]) -> UnitMatch:
    """addresses and texts are (where, value) pairs, most telling first."""
    for where, address in addresses:
        unit = unit_by_address(address, roster)
        if unit:
            return UnitMatch(unit, f"{where}地址 {address}")
    for where, text in texts:
        unit = unit_by_name(text, roster)
        if unit:
            return UnitMatch(unit, f"{where}中的单位名称")
    contact = unit_by_contact(texts, roster)
    if contact is not None:
        return contact
    name = unlisted_name(texts)
    near = unit_near_name(name, roster) if name else None
    if near is not None:
        return UnitMatch(near, f"自称“{name}”，近似名单中的{near.name}", name, near=True)
    return UnitMatch(None, "名单中无此单位", name)


def unit_by_contact(texts: list[tuple[str, str]], roster: list[Unit]) -> UnitMatch | None:
    """The sender's name or a signature line is the roster's contact person of exactly one unit
    (孙海涛 for 州卫生工会): that unit, to be confirmed."""
    names = {line.strip() for where, text in texts if where in ("发件人姓名", "署名") for line in text.splitlines()}
    found = [u for u in roster if u.contact and u.contact.strip() in names]
    if len(found) != 1:
        return None
    return UnitMatch(found[0], f"联系人“{found[0].contact.strip()}”（名单中{found[0].name}的联系人）")


NEAR_NAME = 85  # rapidfuzz ratio of a self-given name to a roster name or alias
NEAR_MARGIN = 8  # ahead of the next unit by this much, or it is no match


def unit_near_name(name: str, roster: list[Unit]) -> Unit | None:
    """The one roster unit whose name or alias is spelled nearly as the sender's own ("州建设
    系统工会" / 州建设工会); None when none is near, or two are."""
    from rapidfuzz import fuzz

    holding = [u for u in roster if _shortened(name, u)]
    if len(holding) == 1:
        return holding[0]  # "电视台工会": the one roster name it is the end or part of (延边广播电视台工会)
    scored = sorted(((max(fuzz.ratio(name, n) for n in (u.name, *u.aliases)), i) for i, u in enumerate(roster)), reverse=True)
    if not scored or scored[0][0] < NEAR_NAME:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < NEAR_MARGIN:
        return None
    return roster[scored[0][1]]


def _shortened(name: str, unit: Unit) -> bool:
    """The name is the unit's with words left off: its own words (工会 aside) at least
    three characters, all found in one of the unit's names."""
    stem = re.sub(r"(?:工会|委员会)$", "", name)
    return len(stem) >= 3 and stem != name and any(stem in n and name != n for n in (unit.name, *unit.aliases))


def unlisted_name(texts: list[tuple[str, str]]) -> str:
    """The name a unit not on the roster gives itself, from its title line or signature."""
    for _, text in texts:
        for line in text.splitlines()[:3] + text.splitlines()[-4:]:
            if line.strip().endswith((":", "：")):
                continue  # a salutation names the addressee ("某某州总工会宣教部：")
            match = UNIT_NAME_RE.match(line.strip())
            if match and not match.group(1).startswith(_NOT_A_NAME):
                return match.group(1)
    return ""


@dataclass(frozen=True)
class AnsweredFor:
    """Another roster unit a reply answers for ("州一中工会委托我会一并报送"), and the words that say so."""

    unit: Unit
    evidence: str


# Words saying a unit's comments go to the department some other way: it answers for itself.
_ELSEWHERE = r"(?![^。\n]{0,8}(?:另行|单独|另报|自行|稍后|随后|直接报|将另))"
_SELF = r"(?:我会|本会|我单位|本单位|我们|我处|我部)"
_SENDS = r"(?:报送|上报|提交|反馈|报上|呈报|转报)"
_ASIDE = r"(?:\s*[（(][^）)\n]{0,40}[）)])?"  # "州第一中学工会（州一中工会委托我会一并报送）"


def _answering_patterns(names: str, sender: str) -> tuple[re.Pattern[str], ...]:
    """The ways a reply says it sends another unit's comments too: `names` the roster's names,
    `sender` the sending unit's (a joint "A和B的意见" names the sender as one of the two; "我会征求了
    B、C的意见" is the sender's own comments, gathered)."""
    unit, own = f"(?P<u>{names})", f"(?:{sender}|{_SELF})"
    return tuple(re.compile(p, re.M) for p in (
        # 州一中工会委托我会一并报送 / 受州一中工会委托 / 代州一中工会报送
        rf"{unit}[^。\n]{{0,8}}委托{_SELF}?[^。\n]{{0,6}}(?:一并|代为|代|统一|汇总){_SENDS}",
        rf"受{unit}(?:的)?委托",
        rf"(?:代|替)(?:为)?{unit}{_SENDS}",
        # 转报延边医院工会修改意见 / 以上是延边医院工会的意见
        rf"转报{unit}",
        rf"以上(?:是|为|系){unit}{_ASIDE}的?(?:修改|反馈)?意见",
        # 现将州教育工会和州第一中学工会的修改意见报上 / 我会与州一中工会的意见
        rf"{own}{_ASIDE}(?:和|与|及|以及|、|连同){unit}{_ASIDE}(?:的|联合|共同)?(?:修改|反馈)?意见{_ELSEWHERE}",
        rf"{unit}{_ASIDE}(?:和|与|及|以及|、){own}{_ASIDE}(?:的|联合|共同)?(?:修改|反馈)?意见{_ELSEWHERE}",
        # a heading over that unit's own comments: "二、州第一中学工会的意见"
        rf"^\s*(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[）)])?\s*{unit}(?:的)?(?:修改|反馈)?意见[：:]?\s*$",
    ))


# The sender says it only passes the mail on: its own comments go separately, or it signs 代发.
ON_BEHALF_ONLY_RE = re.compile(rf"{_SELF}(?:自己|本身)?的?(?:修改|反馈)?意见(?:将|会)?(?:另行|单独|随后|稍后|另)(?:报送|上报|提交|发送|报)"
                               r"|[（(]\s*代(?:发|转|报)\s*[）)]|代(?:发|转)\s*$", re.M)


def units_answered_for(text: str, sender: Unit, roster: list[Unit]) -> list[AnsweredFor]:
    """The other roster units whose comments a reply says it sends too: each counts as having
    replied (a unit that asked another to send its comments has answered). Only explicit words
    count (entrusted, sent on behalf of, a joint "A和B的意见", a heading "B的意见" over B's items);
    a unit merely named, or whose comments go "另行报送", is not answered for."""
    spelled = {n: u for u in roster for n in (u.name, *u.aliases) if len(n) >= 3}
    if not spelled or not text:
        return []
    def alternatives(spellings: Iterable[str]) -> str:
        return "|".join(re.escape(n) for n in sorted(spellings, key=len, reverse=True))

    names, sender_names = alternatives(spelled), alternatives(n for n, u in spelled.items() if u.name == sender.name)
    found: dict[str, AnsweredFor] = {}
    for pattern in _answering_patterns(names, sender_names or re.escape(sender.name)):
        for match in pattern.finditer(text):
            unit = spelled[match.group("u")]
            if unit.name != sender.name and unit.name not in found:
                found[unit.name] = AnsweredFor(unit, match.group(0).strip())
    return [found[u.name] for u in roster if u.name in found]
