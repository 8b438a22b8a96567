"""Acks never wait behind other requests' work: with many listeners busy after their ack (each
opening a modal that Slack holds), a new request is still answered at once."""
from __future__ import annotations

import threading

from processes import poll_until

BUSY = 24  # well past Bolt's default of five listener threads
WAVE = 4


def test_a_command_is_answered_while_many_listeners_are_busy_after_their_ack(bot):
    held = bot.slack.hold("views.open", token="xoxb-test", after=0, every_later=True)
    replies: list[int] = []
    lock = threading.Lock()

    def open_the_form(n: int) -> None:
        reply = bot.send.command(f"UCLIN{n}")
        with lock:
            replies.append(reply.status)

    senders = [threading.Thread(target=open_the_form, args=(n,)) for n in range(BUSY)]
    try:
        # A few at a time (the test server's listen backlog is small; what matters here is how many
        # listeners are busy, not how many connections arrive in one instant).
        for start in range(0, BUSY, WAVE):
            for sender in senders[start:start + WAVE]:
                sender.start()
            poll_until(lambda: len(replies) >= min(start + WAVE, BUSY), 15, "the commands acked",
                       describe=lambda: f"{replies}")
        # Every one acked, and every listener is now busy inside views.open, which Slack holds.
        assert replies == [200] * BUSY
        poll_until(lambda: held.arrived >= BUSY, 15, "every listener busy opening its modal",
                   describe=lambda: f"{held.arrived} in views.open")

        reply = bot.send.command("UCLIN999", "help")  # a request of its own, while they all wait

        assert reply.status == 200 and "not counselling" in reply.json()["text"]
        assert not held.released.is_set() and held.arrived >= BUSY  # the others were still busy
    finally:
        held.released.set()
        for sender in senders:
            sender.join(10)
