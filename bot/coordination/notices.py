"""What the coordinators' digest says (rendered by bot/slack/messages)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.cases.notices import Stall
from bot.coordination.metrics import ProgramReport
from bot.outbox.registry import Notice


@dataclass(frozen=True)
class StalledCase:
    case_id: int
    state: str
    age: timedelta  # since the referral


@dataclass(frozen=True)
class Digest(Notice):
    """How many cases need a person, by why, and the oldest few: case numbers, states and ages only;
    never names. The App Home lists them all."""

    total: int
    by_stall: tuple[tuple[Stall, int], ...]
    oldest: tuple[StalledCase, ...]


@dataclass(frozen=True)
class CaseTakenBack(Notice):
    """To the supporter who held a case: a coordinator passed it to someone else, or closed it."""

    case_id: int
    closed: bool


@dataclass(frozen=True)
class ReportReady(Notice):
    """To a coordinator: the program report (counts only, small ones hidden), with its chart."""

    report: ProgramReport
    monthly: bool  # the monthly report (the months before this one), or asked for (up to today)
