"""An idle server waits for its sockets instead of spinning: waitress reads its timings as whole
seconds, so a fraction (0.5) would become 0 and its event loop would poll without waiting, using a
whole core while nothing happens (the benchmark's idle-CPU figure caught this)."""
from __future__ import annotations

from bot.slack.server import BotServer


def test_the_event_loop_waits_at_least_a_second_between_looks_when_nothing_happens():
    server = BotServer(("127.0.0.1", 0), timeout=0.4)
    try:
        adjustments = server._server.adj
        assert adjustments.asyncore_loop_timeout >= 1
        assert adjustments.channel_timeout >= 1  # a fraction would close every connection at once
        assert adjustments.cleanup_interval >= 1
    finally:
        server.shutdown()
