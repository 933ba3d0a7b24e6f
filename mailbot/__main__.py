"""`python -m mailbot`: the same as the `mailbot` command."""

from mailbot.cli import cli

if __name__ == "__main__":
    cli()
