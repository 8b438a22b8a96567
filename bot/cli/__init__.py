"""The `peer-support` command. Each subcommand is a module here with `add_commands(subparsers)`;
`COMMANDS` lists them. A subcommand is `run(settings, args) -> exit status`."""
from __future__ import annotations

import argparse
import sys

from bot.cli import database, intake, keys, report, retention, roster, serve
from bot.cli.common import EXIT_USAGE, CliError, setup_logging
from bot.config import ConfigError, load_dotenv_file, load_settings

COMMANDS = (serve, database, roster, intake, keys, retention, report)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="peer-support", description="The peer support Slack bot.")
    commands = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    load_dotenv_file()
    try:
        settings = load_settings()
        setup_logging(settings)
        return args.run(settings, args)
    except (ConfigError, CliError) as exc:
        print(f"peer-support: {exc}", file=sys.stderr)
        return EXIT_USAGE
