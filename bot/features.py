"""The features the bot is made of, in one list: each registers the due work it owns.

Adding a feature with due work means adding its `due_work` module here, and nothing else.
"""
from __future__ import annotations

from bot.cases import due_work as case_clocks
from bot.coordination import due_work as coordination
from bot.follow_through import due_work as follow_through
from bot.offers import due_work as offers
from bot.outbox.registry import DueWorkRegistry
from bot.referrals import due_work as referrals
from bot.roster import due_work as roster

FEATURES = (referrals, offers, case_clocks, follow_through, roster, coordination)


def due_work_registry() -> DueWorkRegistry:
    registry = DueWorkRegistry()
    for feature in FEATURES:
        feature.register_due_work(registry)
    return registry
