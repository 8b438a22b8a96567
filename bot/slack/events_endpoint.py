"""POST /slack/events: every request passes the gate (bot/slack/request_gate.py), then Bolt.

A refused request is logged with its reason and a reference only; what it carried never is.
"""
from __future__ import annotations

import logging
import time
import traceback
import uuid
from collections.abc import Callable, Mapping

from slack_bolt import App, BoltRequest

from bot.slack.request_gate import gate

log = logging.getLogger("bot.requests")


def answer_slack_request(bolt: App, headers: Mapping[str, str], body: bytes, query: str = "", *,
                         signing_secret: str, now: Callable[[], float] = time.time,
                         ) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) for one request from Slack."""
    refused = gate(headers, body, signing_secret, now())
    if refused is not None:
        log.info("refused a request to /slack/events (%s): %s, reference %s", refused.status, refused.reason,
                 uuid.uuid4().hex[:8])
        return refused.status, {"Content-Type": "text/plain; charset=utf-8"}, b""
    request = BoltRequest(body=body.decode("utf-8"), query=query,
                          headers={name.lower(): [value] for name, value in headers.items()})
    try:
        response = bolt.dispatch(request)
    except Exception as error:  # noqa: BLE001 - Bolt itself failed on a body the gate let through
        frame = traceback.extract_tb(error.__traceback__)[-1]
        log.error("Bolt could not handle a request (%s at %s:%s), reference %s", error.__class__.__name__,
                  frame.filename.rsplit("/", 1)[-1], frame.lineno, uuid.uuid4().hex[:8])
        return 400, {"Content-Type": "text/plain; charset=utf-8"}, b""
    out = {name: ", ".join(values) for name, values in response.headers.items() if name.lower() != "content-length"}
    return response.status, out, (response.body or "").encode("utf-8")
