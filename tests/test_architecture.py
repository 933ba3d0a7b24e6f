"""The shape of the code (#17): typed throughout, no import circles, pure parsers and reports,
and SQL only in mailbot/store.

The import graph is read with `ast` from the files themselves (nothing is imported), so a
circle is found even where a lazy import inside a function would hide it at run time.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("mailbot", "parsers", "reports")
STORE = "mailbot.store"

# What running SQL looks like in Python: a call that hands SQL to SQLite or sqlite-utils …
SQL_CALLS = {"execute", "executemany", "executescript", "query", "rows_where", "table", "count_where",
             "create_function"}
# … the sqlite-utils Database (`store.db`, `db[...]`) or the connection under it, or a
# database opened past the store (sqlite3.connect, sqlite_utils.Database; sqlite3's error
# classes may be named anywhere) …
SQL_ATTRIBUTES = {"db", "conn"}
OPENERS = {("sqlite3", "connect"), ("sqlite_utils", "Database")}
# … or a string that is a statement or a WHERE condition ("status = 'active'", "id = ?").
SQL_TEXT = re.compile(
    r"\b(select\s[\s\S]*\bfrom|insert\s+(or\s+\w+\s+)?into|update\s+\[?\w+\]?\s+set|delete\s+from|create\s+(table|index))\b"
    r"|\b\w+\s*(=|!=|<>|<=|>=|<|>|\blike\b|\bin\b)\s*(\?|:\w+\b|'[^']*')",
    re.IGNORECASE,
)


def modules() -> dict[str, Path]:
    """Every module of the three packages by dotted name."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of ours that `name` imports, anywhere in it (functions too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets.add(base)
            targets.update(f"{base}.{alias.name}" for alias in node.names)
    return {t for t in targets if t in known and t != name}


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imported(name, path, set(found)) for name, path in found.items()}


def cycle(edges: dict[str, set[str]]) -> list[str]:
    """One import circle, as the modules along it; [] when there is none."""
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    path: list[str] = []

    def walk(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (found := walk(target)):
                return found
        state[node] = 2
        path.pop()
        return []

    for node in sorted(edges):
        if node not in state and (found := walk(node)):
            return found
    return []


def sql_in(path: Path) -> Iterator[str]:
    """Where a module runs SQL: "line: what"."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS:
            yield f"{node.lineno}: .{node.func.attr}(…)"
        elif isinstance(node, ast.Attribute) and node.attr in SQL_ATTRIBUTES:
            yield f"{node.lineno}: .{node.attr}"
        elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
              and (node.value.id, node.attr) in OPENERS):
            yield f"{node.lineno}: {node.value.id}.{node.attr}"
        elif isinstance(node, ast.ImportFrom) and node.module == "sqlite_utils":
            yield f"{node.lineno}: from sqlite_utils import …"
        elif isinstance(node, ast.Import) and any(alias.name == "sqlite_utils" for alias in node.names):
            yield f"{node.lineno}: import sqlite_utils"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_TEXT.search(node.value):
            yield f"{node.lineno}: {node.value.strip()[:60]!r}"


def test_mypy_strict_passes_on_the_whole_tree() -> None:
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", *PACKAGES], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_type_ignore_says_why() -> None:
    """A `# type: ignore[code]` is followed, on its line, by a comment giving the reason."""
    bare = [f"{path.relative_to(ROOT)}:{number}" for path in modules().values()
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if "type: ignore" in line and not re.search(r"type: ignore\[[\w\-, ]+\]  # \S", line)]
    assert bare == []


def test_no_import_circles() -> None:
    assert cycle(graph()) == []


def test_the_circle_finder_finds_a_circle() -> None:
    """The test above would pass on any graph if `cycle` never found one."""
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) == []


def test_parsers_and_reports_do_not_import_mailbot() -> None:
    edges = graph()
    wrong = {name: sorted(t for t in targets if t.split(".")[0] == "mailbot")
             for name, targets in edges.items() if name.split(".")[0] in ("parsers", "reports")}
    assert {name: targets for name, targets in wrong.items() if targets} == {}


def test_the_store_leans_on_no_other_room() -> None:
    """mailbot/store is the bottom floor of mailbot: every other room may use it, it uses none of them."""
    allowed = ("mailbot.store", "mailbot.errors", "mailbot.categories")
    wrong = {name: sorted(t for t in targets if t.split(".")[0] == "mailbot" and not t.startswith(allowed))
             for name, targets in graph().items() if name == STORE or name.startswith(STORE + ".")}
    assert {name: targets for name, targets in wrong.items() if targets} == {}


def test_only_the_store_runs_sql() -> None:
    found = {name: list(sql_in(path)) for name, path in modules().items()
             if name.startswith("mailbot.") and not (name == STORE or name.startswith(STORE + "."))}
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_the_sql_rule_sees_sql_run(tmp_path: Path) -> None:
    """Each way of running SQL is seen; naming sqlite3's errors (to catch them) is not."""
    module = tmp_path / "m.py"
    module.write_text("import sqlite3\nimport sqlite_utils\n"
                      "store.db.execute(x)\nconn.executemany(x, y)\nrows = t.rows_where(w)\n"
                      "sqlite3.connect(p)\nsqlite_utils.Database(p)\n"
                      "try:\n    pass\nexcept sqlite3.Error:\n    pass\n", encoding="utf-8")
    assert sorted({line.split(":")[0] for line in sql_in(module)}) == ["2", "3", "4", "5", "6", "7"]


def test_the_sql_rule_sees_sql() -> None:
    """The rule above finds each way SQL was written before it moved to mailbot/store."""
    for text in ("select count(*) from comments", "update outbox set status = 'sent'", "id = ?",
                 "insert or ignore into desk_keys (name) values (?)", "status = 'active'", "delete from changes",
                 "message_id = ? and seq >= 10000", "ref like 'reminder-manual:%'"):
        assert SQL_TEXT.search(text), text
    for text in ("已报送", "第{n}条", "mailbot status", "a = b", "select the folder"):
        assert not SQL_TEXT.search(text), text
