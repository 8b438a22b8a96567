"""The features the bot is made of, in one list: each registers the due work it owns.

Adding a feature with due work means adding its `due_work` module here, and nothing else; a
feature with HTTP routes of its own adds a module with `routes(services) -> Routes` to WEB.
"""
from __future__ import annotations

from bot.cases import due_work as case_clocks
from bot.coordination import due_work as coordination
from bot.follow_through import due_work as follow_through
from bot.intake import due_work as intake
from bot.intake import web as intake_web
from bot.offers import due_work as offers
from bot.core.http import Routes
from bot.core.services import Services
from bot.outbox.registry import DueWorkRegistry
from bot.referrals import due_work as referrals
from bot.roster import due_work as roster

FEATURES = (referrals, offers, case_clocks, follow_through, roster, intake, coordination)
WEB: tuple = (intake_web,)


def due_work_registry() -> DueWorkRegistry:
    registry = DueWorkRegistry()
    for feature in FEATURES:
        feature.register_due_work(registry)
    return registry


def http_routes(services: Services) -> Routes:
    """Every feature's HTTP routes; two features claiming one route is an error."""
    routes: Routes = {}
    for feature in WEB:
        for key, route in feature.routes(services).items():
            if key in routes:
                raise ValueError(f"two features serve {key[0]} {key[1]}")
            routes[key] = route
    return routes
