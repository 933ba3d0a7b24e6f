"""The README documents every command, and every command has help text."""

from __future__ import annotations

from pathlib import Path

import click

from mailbot.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme_with_help() -> None:
    assert isinstance(cli, click.Group)
    for name, command in cli.commands.items():
        assert f"mailbot {name}" in README or f"--config config/example.toml {name}" in README, name
        assert command.help, name


def test_readme_has_the_two_commands() -> None:
    assert "./scripts/demo" in README and "./scripts/test" in README
