"""Nothing typed reaches a log: the Slack libraries' own log lines lose any request or response
body they carry (Bolt logs a body when a signature fails, or when a listener is slow to ack).

`WithholdRequestBodies` is a logging filter for every handler the bot logs through.
"""
from __future__ import annotations

import logging
import re

# Where a Slack library's message starts quoting what it received or sent.
_QUOTE = re.compile(r"(?i)\b(body|payload|request|response|params|data|text|blocks)\b\s*[:=(]|[{\[]")
WITHHELD = "[request details withheld]"


class WithholdRequestBodies(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.split(".")[0] not in ("slack_bolt", "slack_sdk", "urllib3"):
            return True
        message = record.getMessage()
        found = _QUOTE.search(message)
        if found:
            record.msg = message[: found.start()].rstrip(" (:,") + " " + WITHHELD
            record.args = ()
        return True


def install(handlers) -> None:
    """Put the filter on each handler (idempotent)."""
    for handler in handlers:
        if not any(isinstance(f, WithholdRequestBodies) for f in handler.filters):
            handler.addFilter(WithholdRequestBodies())
