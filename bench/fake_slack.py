"""The fake Slack Web API for benchmarking: the tests' fake (tests/fakes/slack_api.py, which checks
every call against Slack's method descriptions) plus what makes it behave like Slack under load:

- every call is answered after `latency` seconds (default 50 ms), in its own thread, so slow
  answers overlap as they would from Slack;
- chat.postMessage keeps Slack's per-channel limit of about one message a second: a post to a
  channel less than `channel_interval` after the last accepted one is answered 429 with a
  Retry-After (whole seconds, as Slack sends it). A post to a channel before the Retry-After it was
  given has passed is counted in `dishonoured` (and answered 429 again);
- the listen backlog is large, so the fake never refuses a connection under load.

What was accepted is kept compactly in `posts` (chat.postMessage) and `counts` (per method).
"""
from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from tests.fakes.slack_api import FakeSlack, _Server

SLACK_RATE_LIMITED_METHOD = "chat.postMessage"
# Slack's timer and ours are not the same clock: a retry this much early still counts as honoured.
HONOUR_TOLERANCE = 0.02


class _BigBacklogServer(_Server):
    request_queue_size = 1024

    def handle_error(self, request, client_address) -> None:
        """A bot process stopped mid-call hangs up on us: that is no news. Anything else is printed."""
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


@dataclass(frozen=True)
class Post:
    """One chat.postMessage the fake accepted: when it arrived (time.monotonic()), where, what."""

    at: float
    channel: str
    text: str
    blocks: list
    ts: str = ""  # the message's ts as the fake answered it


class BenchSlack(FakeSlack):
    def __init__(self, latency: float = 0.05, channel_interval: float = 1.0):
        super().__init__()
        self.latency = latency
        self.channel_interval = channel_interval
        self._limit_lock = threading.Lock()
        self._last_post: dict[str, float] = {}  # channel -> arrival of the last accepted post
        # (token, channel) -> when the Retry-After we gave that caller for that channel runs out
        self._retry_not_before: dict[tuple[str | None, str], float] = {}
        self.posts: list[Post] = []
        self.counts: dict[str, int] = {}
        self.rate_limited = 0  # 429s answered
        self.dishonoured = 0  # posts that came before the Retry-After they were given had passed
        self.last_view_opened: dict | None = None  # the view of the last views.open (a form to submit)

    def start(self) -> "BenchSlack":
        if self._server is not None:
            raise RuntimeError("already started")
        self._server = _BigBacklogServer(("127.0.0.1", self._port), self)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.01},
                                        name="BenchSlack", daemon=True)
        self._thread.start()
        return self

    # ------------------------------------------------------------------ the rate limit

    def _limit(self, channel: str, now: float, token: str | None) -> int | None:
        """Retry-After seconds if this post is over the channel's limit, else None (accepted).

        The limit is the channel's, whoever posts; a Retry-After binds the caller it was given to
        (told apart by token: the benchmark gives each bot process its own), so a second process
        that never saw the 429 is not counted as ignoring it."""
        with self._limit_lock:
            not_before = self._retry_not_before.get((token, channel))
            if not_before is not None and now < not_before - HONOUR_TOLERANCE:
                self.dishonoured += 1
                self.rate_limited += 1
                return max(1, math.ceil(not_before - now))
            last = self._last_post.get(channel)
            if last is not None and now - last < self.channel_interval:
                wait = max(1, math.ceil(self.channel_interval - (now - last)))
                self._retry_not_before[(token, channel)] = now + wait
                self.rate_limited += 1
                return wait
            self._last_post[channel] = now
            self._retry_not_before.pop((token, channel), None)
            return None

    def _check_spec(self, method, params, token):
        # Bolt's per-request client adds team_id to every call, auth.test too; Slack ignores it there,
        # the copied method description does not list it.
        if method == "auth.test" and "team_id" in params:
            params = {k: v for k, v in params.items() if k != "team_id"}
        return super()._check_spec(method, params, token)

    def _dispatch(self, method, params, token, parse_problems):
        arrived = time.monotonic()
        retry_after = None
        if method == SLACK_RATE_LIMITED_METHOD:
            retry_after = self._limit(str(params.get("channel", "")), arrived, token)
        if self.latency:
            time.sleep(self.latency)
        if retry_after is not None:
            return 429, {"Retry-After": str(retry_after)}, {"ok": False, "error": "ratelimited"}
        status, headers, answer = super()._dispatch(method, params, token, parse_problems)
        if status == 200 and answer.get("ok"):
            with self._cond:
                self.counts[method] = self.counts.get(method, 0) + 1
                if method == "views.open" and isinstance(params.get("view"), dict):
                    self.last_view_opened = params["view"]
                if method == SLACK_RATE_LIMITED_METHOD:
                    blocks = params.get("blocks") if isinstance(params.get("blocks"), list) else []
                    self.posts.append(Post(arrived, str(params.get("channel", "")), str(params.get("text", "")),
                                           blocks, str(answer.get("ts", ""))))
                # The tests' fake keeps every call with its parameters; a benchmark needs only `posts`.
                self._calls.clear()
                self._cond.notify_all()
        return status, headers, answer

    # ------------------------------------------------------------------ reading

    def posts_from(self, index: int) -> list[Post]:
        with self._cond:
            return self.posts[index:]

    def post_count(self) -> int:
        with self._cond:
            return len(self.posts)

    def wait_for_posts(self, count: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.posts) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(min(remaining, 0.1))
        return True


def button_values(blocks: list, action_id: str) -> list[str]:
    """The values of the buttons with `action_id` in a message's blocks."""
    found = []
    for block in blocks or []:
        if isinstance(block, dict) and block.get("type") == "actions":
            for element in block.get("elements", []):
                if isinstance(element, dict) and element.get("action_id") == action_id and "value" in element:
                    found.append(str(element["value"]))
    return found
