"""The README's examples still hold: each `$ mailbot --config config/example.toml …` shown with its
output is run, in the README's order, on a copy of the bundled sample (as ./scripts/demo does),
and its output must match what the README shows. In the README, "…" stands for any text, and
times and free space are whatever they are now."""

from __future__ import annotations

import os
import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailbot.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PREFIX = "mailbot --config config/example.toml "
# Examples that need what a user's clone does not have, a server, or state the sample lacks.
NOT_RUN = ("../shared", "reply.eml", " serve", " run", " confirm ", " ingest ")
VOLATILE = [(re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?"), "<time>"),
            (re.compile(r"\d+(\.\d+)? [KMGT]?B free"), "<n> free")]


def examples() -> list[tuple[str, list[str]]]:
    """(command after `mailbot --config config/example.toml`, the output lines shown)."""
    found = []
    lines = README.splitlines()
    for index, line in enumerate(lines):
        if not line.startswith("    $ " + PREFIX) or any(skip in line for skip in NOT_RUN):
            continue
        shown = []
        for following in lines[index + 1:]:
            if not following.startswith("    ") or following.startswith("    $ "):
                break
            shown.append(following[4:])
        if shown:
            found.append((line[len("    $ " + PREFIX):], shown))
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the sample laid out as in the repository, the current directory meanwhile."""
    root = tmp_path_factory.mktemp("demo")
    shutil.copytree(ROOT / "sample", root / "sample")
    (root / "config").mkdir()
    shutil.copy(ROOT / "config" / "example.toml", root / "config" / "example.toml")
    shutil.copytree(ROOT / "sample" / "maildir", root / "var" / "inbox")
    before = Path.cwd()
    os.chdir(root)
    try:
        yield root
    finally:
        os.chdir(before)


def normal(line: str) -> str:
    for pattern, replacement in VOLATILE:
        line = pattern.sub(replacement, line)
    return line.rstrip()


def matches(shown: str, actual: str) -> bool:
    pattern = ".*?".join(re.escape(part) for part in normal(shown).split("…"))
    return re.fullmatch(pattern, normal(actual)) is not None


def test_the_readme_shows_examples() -> None:
    commands = [command.split()[0] for command, _ in examples()]
    assert {"init", "poll", "export", "missing", "report", "retry", "status", "adoption", "assign"} <= set(commands)


def test_every_readme_example_gives_what_the_readme_shows(demo: Path) -> None:
    runner = CliRunner()
    for command, shown in examples():
        pipe = command.split(" | ")
        result = runner.invoke(cli, ["--config", "config/example.toml", *shlex.split(pipe[0])])
        assert result.exit_code == 0, (command, result.output)
        output = result.output.splitlines()
        if len(pipe) > 1 and pipe[1].startswith("head -"):
            output = output[: int(pipe[1].split("-")[1])]
        assert len(output) == len(shown), (command, output)
        for want, got in zip(shown, output):
            assert matches(want, got), f"{command}:\nREADME: {want}\nnow:    {got}"
