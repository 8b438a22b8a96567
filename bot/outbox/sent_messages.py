"""Messages the bot sent, as recorded when Slack took them: the only messages a click may update."""
from __future__ import annotations

from collections.abc import Iterable

from bot.core.services import Services
from bot.outbox import queue
from bot.outbox.kinds import WorkKind


def sent_to(svc: Services, recipient: str, channel: str | None, ts: str | None, *, case_id: int | None = None,
            kinds: Iterable[WorkKind] | None = None) -> bool:
    """Whether (channel, ts) is a message the bot sent to `recipient` (about `case_id`, of `kinds`)."""
    if not channel or not ts:
        return False
    with svc.db.read() as session:
        return queue.was_sent_to(session, recipient, channel, ts, case_id=case_id, kinds=kinds)
