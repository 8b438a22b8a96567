"""Issue 9: nothing leaves. While a whole case runs (referral, offer, reminder, accept, contact,
check-ins, escalations, a digest, a safety alert, closing), the bot connects to nobody but the
Slack Web API it was given (SLACK_API_URL) and its database, and looks up no host name.

Every connection and name look-up the Python process makes is seen through the interpreter's
audit hooks (`socket.connect`, `socket.getaddrinfo`), so nothing can slip past them."""
from __future__ import annotations

import sys
import threading
from datetime import timedelta
from urllib.parse import urlsplit

from follow_through_steps import ROSTER, accept, advance, press, refer, sent_offer, ts_of, wait_update
from flows import button_value, load_roster, wait_for_dm

_seen: list[tuple[str, object]] = []
_watching = threading.Event()


def _hook(event: str, args: tuple) -> None:
    if _watching.is_set() and event in ("socket.connect", "socket.getaddrinfo"):
        _seen.append((event, args[1] if event == "socket.connect" else args[0]))


sys.addaudithook(_hook)  # for the whole test process; it records only while a test watches


def test_the_only_network_peers_are_slack_and_the_database(bot, database_url):
    slack = urlsplit(bot.slack.url)
    allowed = {("127.0.0.1", slack.port), ("127.0.0.1", bot.server.port)}  # Slack; the tests' own requests
    if database_url.startswith("postgresql"):
        database = urlsplit(database_url.replace("postgresql+psycopg", "postgresql"))
        allowed.add((database.hostname, database.port or 5432))
    load_roster(bot.services, ROSTER)
    _seen.clear()
    _watching.set()
    try:
        case = refer(bot, note="A rough week after a hard case.")
        sent_offer(bot, case.id, "USUP1")
        advance(bot, timedelta(hours=2))
        offer_dm = accept(bot, case.id, "USUP1")
        bot.send.click("USUP1", "case.safety_concern", button_value(offer_dm, "case.safety_concern"), channel="DUSUP1")
        wait_for_dm(bot.slack, "UCOORD1", "worried about a colleague's safety")
        advance(bot, timedelta(days=2))  # the contact nudge, the no-contact escalation, a digest
        nudge = wait_for_dm(bot.slack, "USUP1", "Have you been able to connect")[-1]
        press(bot, "USUP1", nudge, "case.contacted", ts_of(nudge))
        wait_update(bot, ts_of(nudge), "contact recorded")
        advance(bot, timedelta(days=31))
    finally:
        _watching.clear()
    connections = {address[:2] for event, address in _seen if event == "socket.connect" and isinstance(address, tuple)}
    looked_up = {host for event, host in _seen if event == "socket.getaddrinfo"}
    assert connections and connections <= allowed, connections - allowed
    assert looked_up <= {"127.0.0.1", "localhost", database_url and urlsplit(
        database_url.replace("postgresql+psycopg", "postgresql")).hostname}, looked_up
    assert ("127.0.0.1", slack.port) in connections
