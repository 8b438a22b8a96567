"""The `peer-support` command. Each subcommand is a module here with `add_commands(subparsers)`;
`COMMANDS` lists them. A subcommand is `run(settings, args) -> exit status`."""
from __future__ import annotations

import argparse
import sys

from bot.cli import database, intake, keys, report, retention, roster, serve
from bot.cli.common import EXIT_USAGE, CliError, setup_logging
from bot.config import ConfigError, load_dotenv_file, load_settings

COMMANDS = (serve, database, roster, intake, keys, retention, report)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("peer-support-bot")
    except PackageNotFoundError:
        return "(not installed: run pip install -e .)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="peer-support", description="The peer support Slack bot.",
        epilog="Settings come from the environment and a .env file in the working directory (see\n"
               ".env.example); each command's --help lists the ones it reads, with an example.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
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
