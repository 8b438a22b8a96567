"""Signed Slack requests, sent by a number of concurrent senders, each timed from the first byte
sent to the whole answer read. Requests are shaped by the tests' SlackSender (tests/slack_requests.py)."""
from __future__ import annotations

import http.client
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from tests.slack_requests import Reply, SlackSender

# Slack shows the person an error when an app has not answered within 3 seconds.
SLACK_ACK_LIMIT = 3.0
CLIENT_TIMEOUT = 10.0


@dataclass(frozen=True)
class Timed:
    started: float  # time.monotonic() when the request was sent
    seconds: float  # until the whole answer was read (or the failure)
    status: int  # 0: no answer (refused, reset, timed out)
    error: str = ""  # why there was no answer

    @property
    def answered(self) -> bool:
        """Answered in time for Slack: a 2xx within 3 seconds."""
        return 200 <= self.status < 300 and self.seconds <= SLACK_ACK_LIMIT


class TimedSender(SlackSender):
    """SlackSender over one fresh connection per request (as Slack does), timing each one; the
    timing of the last request sent by this thread is in `last`."""

    def __init__(self, base_url: str, signing_secret: str, response_url: str = "https://hooks.slack.invalid/1"):
        super().__init__(base_url, signing_secret, response_url)
        parts = urlsplit(self.url)
        self._host, self._port, self._path = parts.hostname, parts.port, parts.path
        self.last: Timed | None = None

    def post(self, body: str, content_type: str, *, retry_num=None, signature=None, timestamp=None) -> Reply:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature or self.signer.generate_signature(timestamp=ts, body=body),
        }
        data = body.encode()
        started = time.monotonic()
        conn = http.client.HTTPConnection(self._host, self._port, timeout=CLIENT_TIMEOUT)
        try:
            conn.request("POST", self._path, body=data, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            status = response.status
        except (OSError, http.client.HTTPException) as exc:
            text, status, error = "", 0, exc.__class__.__name__
        else:
            error = ""
        finally:
            conn.close()
        self.last = Timed(started, time.monotonic() - started, status, error)
        return Reply(status, text)


def run_concurrently(requests: list[Callable[[TimedSender], object]], senders: int, base_url: str,
                     signing_secret: str) -> list[Timed]:
    """Send `requests` (each given a sender, returning after its one request) with `senders` at a
    time; their timings, in the order given."""
    import threading

    local = threading.local()

    def one(request: Callable[[TimedSender], object]) -> Timed:
        sender = getattr(local, "sender", None)
        if sender is None:
            sender = local.sender = TimedSender(base_url, signing_secret)
        request(sender)
        return sender.last

    with ThreadPoolExecutor(max_workers=senders, thread_name_prefix="sender") as pool:
        return list(pool.map(one, requests))
