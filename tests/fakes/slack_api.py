"""An in-process stand-in for Slack's Web API, for tests.

`FakeSlack` is a small HTTP server on 127.0.0.1 that answers requests the way
slack_sdk's `WebClient` sends them (``POST /api/<method>``, token in an
``Authorization: Bearer`` header, body form-encoded or JSON).  Point a client
at it with ``WebClient(base_url=fake.url, token="xoxb-test")``.

Every request is checked against Slack's own method descriptions, copied into
``tests/data/slack/methods/``: an unknown method, an unknown parameter or a
missing required one is recorded in ``spec_violations`` and answered with an
error, so a test that calls ``assert_no_spec_violations()`` catches calls that
real Slack would reject.

Calls Slack "accepted" are recorded in ``calls``; calls that were rejected
(scripted failures, spec violations) go to ``failed_calls`` instead.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Optional
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_SPECS_DIR = Path(__file__).resolve().parents[1] / "data" / "slack" / "methods"

TEAM_ID = "T0HOSPITAL"
BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
APP_ID = "A0PEERSUPPORT"

# Parameters whose value is a JSON document.  In a form-encoded body they
# arrive as JSON strings; they are decoded so tests can inspect them as objects.
JSON_VALUED_PARAMS = frozenset({"blocks", "attachments", "view", "metadata", "files"})

# How long wait_for() blocks at most between two looks at the recorded calls.
_POLL_INTERVAL = 0.05


@dataclass(frozen=True)
class Call:
    """One Web API request as the fake received it.

    `params` holds the request's parameters (JSON-valued ones decoded),
    `at` is `time.monotonic()` when it arrived, `token` the bearer token, and
    `error` the error the fake answered with (None for accepted calls).
    """

    method: str
    params: dict
    at: float
    token: Optional[str] = None
    error: Optional[str] = None
    answer: Optional[dict] = None  # what the fake answered an accepted call (e.g. a message's ts)


@dataclass(frozen=True)
class SharedFile:
    """A file uploaded through files.getUploadURLExternal, the upload URL and
    files.completeUploadExternal, as Slack would share it."""

    file_id: str
    filename: str
    title: Optional[str]
    content: bytes
    channel_id: Optional[str]
    initial_comment: Optional[str]
    blocks: Optional[list]


@dataclass
class _ScriptedFailure:
    """A failure queued by `FakeSlack.fail_next`."""

    method: str
    status: int
    remaining: int
    retry_after: int
    error: Optional[str]
    channel: Optional[str] = None  # only calls to this channel fail


def load_method_specs(dir: Optional[Path | str] = None) -> dict[str, dict]:
    """Load Slack's method descriptions: {"chat.postMessage": {...}, ...}.

    `dir` defaults to tests/data/slack/methods.  Each NAME.json file becomes
    the entry NAME.
    """
    directory = Path(dir) if dir is not None else DEFAULT_SPECS_DIR
    specs = {}
    for path in sorted(directory.glob("*.json")):
        specs[path.name[: -len(".json")]] = json.loads(path.read_text(encoding="utf-8"))
    if not specs:
        raise FileNotFoundError(f"no Slack method descriptions (*.json) in {directory}")
    return specs


def _tz_offset(tz: str) -> int:
    """Seconds east of UTC for the time zone `tz` right now (0 if unknown)."""
    try:
        offset = datetime.now(ZoneInfo(tz)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return 0
    return int(offset.total_seconds()) if offset is not None else 0


def _short(value: Any, limit: int = 300) -> str:
    """A repr of `value` cut to `limit` characters, for error messages."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Handler(BaseHTTPRequestHandler):
    """Hands every request to the FakeSlack that owns the server."""

    server: "_Server"

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        self.server.fake._handle(self)

    do_GET = do_POST  # Slack accepts GET too; slack_sdk's sync client always POSTs.

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Keep test output quiet."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Like Slack, take many connections at once: with socketserver's default backlog of 5, callers
    # sending at once wait for SYN retransmits (a second or more), longer than the tests' leases.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], fake: "FakeSlack"):
        self.fake = fake
        super().__init__(address, _Handler)


@dataclass
class _Gathering:
    """Calls held until `size` of them are in the fake at once (see FakeSlack.gather)."""

    method: str
    size: int
    timeout: float
    waiting: int = 0
    done: threading.Event = field(default_factory=threading.Event)


@dataclass
class Gate:
    """A call held in the middle (see FakeSlack.hold)."""

    method: str
    token: str
    after: int
    every_later: bool = False
    arrived: int = 0
    reached: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)


class FakeSlack:
    """A fake Slack Web API server.  See the module docstring."""

    def __init__(self, specs: Optional[dict[str, dict]] = None, port: int = 0):
        """`specs` defaults to `load_method_specs()`; `port` 0 picks a free port."""
        self.specs = specs if specs is not None else load_method_specs()
        self._port = port
        self._server: Optional[_Server] = None
        self._thread: Optional[threading.Thread] = None
        self._cond = threading.Condition()
        self._calls: list[Call] = []
        self._failed_calls: list[Call] = []
        self._spec_violations: list[str] = []
        self._failures: list[_ScriptedFailure] = []
        self._gates: list[Gate] = []
        self._gatherings: list[_Gathering] = []
        # Calls being answered right now, per channel, and the most there ever were.
        self._in_flight: dict[str, int] = {}
        self._in_flight_total = 0
        self._peak_per_channel: dict[str, int] = {}
        self._peak_total = 0
        self._users: dict[str, dict] = {}
        self._counter = itertools.count(1)
        # Upload URLs handed out (file id -> filename and declared length), bytes received, files shared.
        self._upload_slots: dict[str, dict] = {}
        self._uploaded: dict[str, bytes] = {}
        self._shared: list[SharedFile] = []
        # What apps.connections.open hands out: by default a websocket where nothing listens
        # (tests/fakes/socket_mode.py has one that does).
        self.socket_mode_url = "wss://127.0.0.1:1/"

    # ----------------------------------------------------------- lifecycle

    def start(self) -> "FakeSlack":
        """Start serving in a daemon thread; returns self."""
        if self._server is not None:
            raise RuntimeError("FakeSlack is already started")
        self._server = _Server(("127.0.0.1", self._port), self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.01},
            name="FakeSlack",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port.  Safe to call twice."""
        server, self._server = self._server, None
        if server is None:
            return
        with self._cond:
            for gate in self._gates:
                gate.released.set()
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> "FakeSlack":
        return self.start()

    def __exit__(self, *exc_info: Any) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Base URL for `WebClient(base_url=...)`: http://127.0.0.1:<port>/api/."""
        if self._server is None:
            raise RuntimeError("FakeSlack is not started")
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/"

    # ------------------------------------------------------------ records

    @property
    def calls(self) -> list[Call]:
        """A snapshot of the calls Slack accepted, oldest first."""
        with self._cond:
            return list(self._calls)

    @property
    def failed_calls(self) -> list[Call]:
        """A snapshot of the calls answered with a scripted failure or a spec error."""
        with self._cond:
            return list(self._failed_calls)

    @property
    def spec_violations(self) -> list[str]:
        """A snapshot of readable descriptions of requests real Slack would reject."""
        with self._cond:
            return list(self._spec_violations)

    @property
    def shared_files(self) -> list[SharedFile]:
        """Files completed with files.completeUploadExternal, oldest first."""
        with self._cond:
            return list(self._shared)

    def calls_to(self, method: str) -> list[Call]:
        """The accepted calls to `method`, oldest first."""
        return [call for call in self.calls if call.method == method]

    def reset_calls(self) -> None:
        """Forget `calls` and `failed_calls` (spec violations are kept)."""
        with self._cond:
            self._calls.clear()
            self._failed_calls.clear()

    def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 15.0,
        where: Optional[Callable[[Call], bool]] = None,
    ) -> list[Call]:
        """Wait until at least `count` accepted calls to `method` (matching
        `where`, if given) were recorded; return all such calls.

        Raises AssertionError listing what was recorded if `timeout` seconds
        pass first.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                matching = self._matching(method, where)
                if len(matching) >= count:
                    return matching
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(min(remaining, _POLL_INTERVAL))
            filtered = " matching the predicate" if where is not None else ""
            raise AssertionError(
                f"expected at least {count} call(s) to {method}{filtered} within "
                f"{timeout}s, got {len(matching)}.\n{self._describe_records()}"
            )

    def assert_no_call(self, method: str, where: Optional[Callable[[Call], bool]] = None) -> None:
        """Fail if an accepted call to `method` (matching `where`) was recorded.

        This looks once, now: to be sure a call did not happen later, first
        `wait_for` something that happens after it would have.
        """
        with self._cond:
            matching = self._matching(method, where)
            if matching:
                listing = "\n".join(f"  {_short(call.params)}" for call in matching)
                raise AssertionError(f"unexpected call(s) to {method}:\n{listing}")

    def assert_no_spec_violations(self) -> None:
        """Fail if any request broke Slack's method descriptions."""
        violations = self.spec_violations
        if violations:
            listing = "\n".join(f"  - {v}" for v in violations)
            raise AssertionError(f"{len(violations)} Slack API spec violation(s):\n{listing}")

    def _matching(self, method: str, where: Optional[Callable[[Call], bool]]) -> list[Call]:
        return [c for c in self._calls if c.method == method and (where is None or where(c))]

    def _describe_records(self) -> str:
        lines = ["Recorded calls:"]
        lines += [f"  {i}. {c.method} {_short(c.params)}" for i, c in enumerate(self._calls, 1)]
        if not self._calls:
            lines.append("  (none)")
        if self._failed_calls:
            lines.append("Failed calls:")
            lines += [f"  - {c.method} -> {c.error} {_short(c.params)}" for c in self._failed_calls]
        if self._spec_violations:
            lines.append("Spec violations:")
            lines += [f"  - {v}" for v in self._spec_violations]
        return "\n".join(lines)

    # ------------------------------------------------------------- setup

    def add_user(
        self,
        user_id: str,
        email: Optional[str] = None,
        tz: str = "America/New_York",
        is_bot: bool = False,
        deleted: bool = False,
        name: Optional[str] = None,
    ) -> dict:
        """Add (or replace) a workspace member; returns the user object served."""
        name = name or user_id.lower()
        user = {
            "id": user_id,
            "team_id": TEAM_ID,
            "name": name,
            "real_name": name,
            "tz": tz,
            "tz_offset": _tz_offset(tz),
            "is_bot": is_bot,
            "deleted": deleted,
            "profile": {"email": email, "real_name": name, "display_name": name},
        }
        with self._cond:
            self._users[user_id] = user
        return json.loads(json.dumps(user))

    def fail_next(
        self,
        method: str,
        status: int = 429,
        times: int = 1,
        retry_after: int = 1,
        error: Optional[str] = None,
        channel: Optional[str] = None,
    ) -> None:
        """Make the next `times` calls to `method` ("*" = any method) fail; with `channel`, only
        calls whose `channel` parameter is that one (others go through meanwhile).

        status 429 answers with a `Retry-After: <retry_after>` header and
        {"ok": false, "error": "ratelimited"}; 500/503 (or any other HTTP
        error status) answer with an error body; status 200 needs `error` and
        answers {"ok": false, "error": error}.
        """
        if status == 200 and not error:
            raise ValueError("a status-200 failure needs an error code, e.g. error='channel_not_found'")
        if times < 1:
            raise ValueError("times must be at least 1")
        with self._cond:
            self._failures.append(_ScriptedFailure(method, status, times, retry_after, error, channel))

    def gather(self, method: str, size: int, timeout: float = 15.0) -> threading.Event:
        """Hold the next calls to `method` until `size` of them are in the fake at the same moment,
        then answer them all (later calls go straight through). The returned event is set when the
        group was complete; after `timeout` seconds the held calls are answered anyway, unset. Shows
        that a caller really makes `size` calls at once."""
        gathering = _Gathering(method, size, timeout)
        with self._cond:
            self._gatherings.append(gathering)
        return gathering.done

    @property
    def peak_in_flight(self) -> int:
        """The most calls (of any method) the fake was answering at one moment."""
        with self._cond:
            return self._peak_total

    def peak_in_flight_per_channel(self) -> dict[str, int]:
        """For each `channel` parameter seen, the most calls about it answered at one moment."""
        with self._cond:
            return dict(self._peak_per_channel)

    # ------------------------------------------------------ request path

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        """Parse one HTTP request, decide the answer, record it and reply."""
        url = urlsplit(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        auth = request.headers.get("Authorization") or ""
        token = auth[len("Bearer "):].strip() if auth.startswith("Bearer ") else None

        if url.path.startswith("/upload/"):
            # An upload URL from files.getUploadURLExternal: the file's bytes, POSTed as they are.
            status = self._record_upload(url.path[len("/upload/"):], body)
            request.send_response(status)
            request.send_header("Content-Type", "text/plain; charset=utf-8")
            answer = f"OK - {len(body)}".encode() if status == 200 else b"unknown upload"
            request.send_header("Content-Length", str(len(answer)))
            request.end_headers()
            request.wfile.write(answer)
            return
        if url.path.startswith("/response/"):
            # A slash command's response_url: Slack takes a JSON message posted there.
            self._record_response_url(url.path, body)
            self._reply(request, 200, {}, {"ok": True})
            return
        if not url.path.startswith("/api/"):
            self._record_violation(f"{request.command} {url.path}: not a Web API path (/api/<method>)")
            self._reply(request, 404, {}, {"ok": False, "error": "unknown_method"})
            return
        method = url.path[len("/api/"):]
        params, problems = self._parse_params(url.query, body, request.headers.get("Content-Type") or "")
        status, headers, answer = self._dispatch(method, params, token, problems)
        self._reply(request, status, headers, answer)

    @property
    def response_url(self) -> str:
        """A response_url for slash commands that lands here; posts to it are recorded as
        calls to the pseudo-method "response_url"."""
        return self.url.replace("/api/", "/response/commands/1")

    def _record_response_url(self, path: str, body: bytes) -> None:
        try:
            params = json.loads(body or b"{}")
        except ValueError:
            self._record_violation(f"POST {path}: response_url body is not JSON")
            return
        with self._cond:
            self._calls.append(Call("response_url", params, time.monotonic()))
            self._cond.notify_all()

    def _record_upload(self, file_id: str, body: bytes) -> int:
        with self._cond:
            slot = self._upload_slots.get(file_id)
            if slot is None:
                self._spec_violations.append(f"POST /upload/{file_id}: no such upload URL was handed out")
                return 404
            if len(body) != slot["length"]:
                self._spec_violations.append(
                    f"POST /upload/{file_id}: {len(body)} bytes, but files.getUploadURLExternal said {slot['length']}")
            self._uploaded[file_id] = body
            self._cond.notify_all()
        return 200

    @staticmethod
    def _reply(request: BaseHTTPRequestHandler, status: int, headers: dict, answer: dict) -> None:
        payload = json.dumps(answer).encode("utf-8")
        request.send_response(status)
        request.send_header("Content-Type", "application/json; charset=utf-8")
        request.send_header("Content-Length", str(len(payload)))
        for key, value in headers.items():
            request.send_header(key, value)
        request.end_headers()
        request.wfile.write(payload)

    @staticmethod
    def _parse_params(query: str, body: bytes, content_type: str) -> tuple[dict, list[str]]:
        """Merge query-string and body parameters; decode JSON-valued ones.

        Returns the parameters and a list of problems found while parsing.
        """
        problems: list[str] = []
        params: dict[str, Any] = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
        text = body.decode("utf-8") if body else ""
        if text and content_type.startswith("application/json"):
            try:
                decoded = json.loads(text)
            except ValueError:
                decoded = None
            if isinstance(decoded, dict):
                params.update(decoded)
            else:
                problems.append("the JSON body is not a JSON object")
        elif text:
            params.update({k: v[-1] for k, v in parse_qs(text, keep_blank_values=True).items()})
        for key in JSON_VALUED_PARAMS & params.keys():
            if isinstance(params[key], str) and params[key].strip():
                try:
                    params[key] = json.loads(params[key])
                except ValueError:
                    problems.append(f"parameter '{key}' is not valid JSON: {_short(params[key], 80)}")
        return params, problems

    def _check_spec(self, method: str, params: dict, token: Optional[str]) -> tuple[list[str], str]:
        """Readable problems with this request per Slack's description, and the error code."""
        spec = self.specs.get(method)
        if spec is None:
            return [f"{method}: unknown method (no description in the copied Slack specs)"], "unknown_method"
        problems = []
        args = spec.get("args", {})
        allowed = args.get("properties", {})
        for name in params:
            if name not in allowed:
                problems.append(f"{method}: unknown parameter '{name}' (allowed: {', '.join(sorted(allowed))})")
        for name in args.get("required", []):
            if name == "token":
                continue  # arrives as the Authorization header, checked below
            if name not in params:
                problems.append(f"{method}: missing required parameter '{name}'")
        if not token:
            problems.append(f"{method}: no 'Authorization: Bearer <token>' header")
            return problems, "not_authed"
        return problems, "invalid_arguments"

    def _dispatch(
        self, method: str, params: dict, token: Optional[str], parse_problems: list[str]
    ) -> tuple[int, dict, dict]:
        """Decide the answer (status, extra headers, body) and record the call."""
        now = time.monotonic()
        problems, error = self._check_spec(method, params, token)
        problems = [f"{method}: {p}" for p in parse_problems] + problems
        if problems:
            with self._cond:
                self._spec_violations.extend(problems)
                self._failed_calls.append(Call(method, params, now, token, error))
                self._cond.notify_all()
            return 200, {}, {"ok": False, "error": error}

        channel = str(params["channel"]) if params.get("channel") else None
        self._enter(channel)
        try:
            return self._decide(method, params, token, now, channel)
        finally:
            self._leave(channel)

    def _enter(self, channel: Optional[str]) -> None:
        with self._cond:
            self._in_flight_total += 1
            self._peak_total = max(self._peak_total, self._in_flight_total)
            if channel is not None:
                self._in_flight[channel] = self._in_flight.get(channel, 0) + 1
                self._peak_per_channel[channel] = max(self._peak_per_channel.get(channel, 0),
                                                      self._in_flight[channel])

    def _leave(self, channel: Optional[str]) -> None:
        with self._cond:
            self._in_flight_total -= 1
            if channel is not None:
                self._in_flight[channel] -= 1

    def _wait_for_the_group(self, method: str) -> None:
        with self._cond:
            gathering = next((g for g in self._gatherings if g.method == method), None)
            if gathering is None:
                return
            gathering.waiting += 1
            if gathering.waiting >= gathering.size:
                self._gatherings.remove(gathering)
                gathering.done.set()
                self._cond.notify_all()
                return
            deadline = time.monotonic() + gathering.timeout
            while not gathering.done.is_set() and time.monotonic() < deadline:
                self._cond.wait(min(deadline - time.monotonic(), _POLL_INTERVAL))
            if not gathering.done.is_set() and gathering in self._gatherings:
                self._gatherings.remove(gathering)  # gave up: let everyone through

    def _decide(self, method: str, params: dict, token: Optional[str], now: float,
                channel: Optional[str]) -> tuple[int, dict, dict]:
        self._wait_for_the_group(method)
        gate = self._gate_for(method, token)
        if gate is not None:
            # Held mid-call; whatever happens to the caller meanwhile, Slack never accepted this one.
            gate.reached.set()
            gate.released.wait(timeout=60)
            with self._cond:
                self._failed_calls.append(Call(method, params, now, token, "service_unavailable"))
            return 503, {}, {"ok": False, "error": "service_unavailable"}

        failure = self._take_failure(method, channel)
        if failure is not None:
            status, headers, answer = self._failure_answer(failure)
            with self._cond:
                self._failed_calls.append(Call(method, params, now, token, answer["error"]))
                self._cond.notify_all()
            return status, headers, answer

        answer = self._answer(method, params)
        with self._cond:
            self._calls.append(Call(method, params, now, token, answer=answer))
            self._cond.notify_all()
        return 200, {}, answer

    def _record_violation(self, text: str) -> None:
        with self._cond:
            self._spec_violations.append(text)
            self._cond.notify_all()

    def hold(self, method: str, token: str, after: int, every_later: bool = False) -> "Gate":
        """Hold the next call to `method` made with `token` once `after` such calls were accepted:
        `gate.reached` is set when it arrives, and it is answered 503 (not accepted) on
        `gate.released`. Lets a test kill the caller in the middle of a call.

        With `every_later`, for a caller that makes several calls at once: the first `after` calls
        to arrive go through, and every later one is held (all answered 503 on `gate.released`)."""
        gate = Gate(method, token, after, every_later)
        with self._cond:
            self._gates.append(gate)
        return gate

    def _gate_for(self, method: str, token: Optional[str]) -> Optional["Gate"]:
        with self._cond:
            for gate in self._gates:
                if gate.every_later:
                    if gate.method == method and gate.token == token:
                        gate.arrived += 1
                        if gate.arrived > gate.after:
                            return gate
                    continue
                accepted = sum(1 for c in self._calls if c.method == method and c.token == token)
                if gate.method == method and gate.token == token and accepted >= gate.after:
                    self._gates.remove(gate)
                    return gate
        return None

    def _take_failure(self, method: str, channel: Optional[str] = None) -> Optional[_ScriptedFailure]:
        """Use up one scripted failure that applies to `method` (and `channel`), if any."""
        with self._cond:
            for failure in self._failures:
                if failure.method in (method, "*") and failure.channel in (None, channel):
                    failure.remaining -= 1
                    if failure.remaining == 0:
                        self._failures.remove(failure)
                    return failure
        return None

    @staticmethod
    def _failure_answer(failure: _ScriptedFailure) -> tuple[int, dict, dict]:
        if failure.status == 429:
            error = failure.error or "ratelimited"
            return 429, {"Retry-After": str(failure.retry_after)}, {"ok": False, "error": error}
        defaults = {500: "internal_error", 503: "service_unavailable"}
        error = failure.error or defaults.get(failure.status, f"http_{failure.status}")
        return failure.status, {}, {"ok": False, "error": error}

    # ------------------------------------------------------------ answers

    def _answer(self, method: str, params: dict) -> dict:
        """The body real Slack would plausibly send for an accepted call."""
        handlers: dict[str, Callable[[dict], dict]] = {
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": lambda p: {"ok": True, "message_ts": self._next_ts()},
            "chat.update": lambda p: {
                "ok": True, "channel": p.get("channel"), "ts": p.get("ts"), "text": p.get("text", "")
            },
            "chat.delete": lambda p: {"ok": True, "channel": p.get("channel"), "ts": p.get("ts")},
            "conversations.open": self._conversations_open,
            "users.info": self._users_info,
            "users.lookupByEmail": self._users_lookup_by_email,
            "views.open": self._view_answer,
            "views.push": self._view_answer,
            "views.update": self._view_answer,
            "views.publish": self._view_answer,
            "apps.connections.open": lambda p: {"ok": True, "url": self.socket_mode_url},
            "files.getUploadURLExternal": self._get_upload_url,
            "files.completeUploadExternal": self._complete_upload,
        }
        handler = handlers.get(method)
        return handler(params) if handler is not None else {"ok": True}

    def _get_upload_url(self, params: dict) -> dict:
        file_id = f"F{next(self._counter):08d}"
        try:
            length = int(params.get("length"))
        except (TypeError, ValueError):
            self._record_violation(f"files.getUploadURLExternal: length {params.get('length')!r} is not a whole number")
            return {"ok": False, "error": "invalid_arguments"}
        with self._cond:
            self._upload_slots[file_id] = {"filename": params.get("filename"), "length": length}
        return {"ok": True, "upload_url": self.url.replace("/api/", f"/upload/{file_id}"), "file_id": file_id}

    def _complete_upload(self, params: dict) -> dict:
        files = params.get("files")
        if not isinstance(files, list) or not files:
            self._record_violation("files.completeUploadExternal: 'files' is not a JSON list of {id, title}")
            return {"ok": False, "error": "invalid_arguments"}
        shared = []
        with self._cond:
            for item in files:
                file_id = item.get("id") if isinstance(item, dict) else None
                if file_id not in self._uploaded:
                    self._spec_violations.append(f"files.completeUploadExternal: file {file_id!r} was never uploaded")
                    return {"ok": False, "error": "file_not_found"}
                shared.append(SharedFile(file_id, self._upload_slots[file_id]["filename"], item.get("title"),
                                         self._uploaded[file_id], params.get("channel_id"),
                                         params.get("initial_comment"), params.get("blocks")))
            self._shared.extend(shared)
            self._cond.notify_all()
        return {"ok": True, "files": [{"id": f.file_id, "title": f.title} for f in shared]}

    def _next_ts(self) -> str:
        """A unique, increasing message timestamp like "1700000000.000100"."""
        micros = 1_700_000_000_000_000 + next(self._counter) * 100
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    @staticmethod
    def _auth_test(params: dict) -> dict:
        return {
            "ok": True,
            "url": "https://hospital.slack.com/",
            "team": "Hospital",
            "user": "peer-support",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
        }

    def _chat_post_message(self, params: dict) -> dict:
        channel = str(params.get("channel", ""))
        if not channel.startswith(("D", "C", "G")):
            channel = "D" + channel  # posting to a user id lands in the DM with them
        ts = self._next_ts()
        message = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "text": params.get("text", ""),
            "blocks": params.get("blocks", []),
            "ts": ts,
        }
        if params.get("thread_ts"):
            message["thread_ts"] = params["thread_ts"]
        return {"ok": True, "channel": channel, "ts": ts, "message": message}

    @staticmethod
    def _conversations_open(params: dict) -> dict:
        if params.get("channel"):
            return {"ok": True, "channel": {"id": params["channel"]}}
        users = [u for u in str(params.get("users", "")).split(",") if u]
        if not users:
            return {"ok": False, "error": "users_list_not_supplied"}
        if len(users) == 1:
            return {"ok": True, "channel": {"id": "D" + users[0]}}
        return {"ok": True, "channel": {"id": "G" + "".join(users)}}

    def _users_info(self, params: dict) -> dict:
        with self._cond:
            user = self._users.get(str(params.get("user")))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": user}

    def _users_lookup_by_email(self, params: dict) -> dict:
        wanted = str(params.get("email", "")).casefold()
        with self._cond:
            for user in self._users.values():
                email = user["profile"]["email"]
                if email and email.casefold() == wanted:
                    return {"ok": True, "user": user}
        return {"ok": False, "error": "users_not_found"}

    def _view_answer(self, params: dict) -> dict:
        """Echo the view back with the fields Slack adds (id, hash, ...)."""
        view = params.get("view") if isinstance(params.get("view"), dict) else {}
        view_id = params.get("view_id") or f"V{next(self._counter):08d}"
        answer = dict(view)
        answer.update(
            {
                "id": view_id,
                "team_id": TEAM_ID,
                "app_id": APP_ID,
                "bot_id": BOT_ID,
                "hash": f"h{next(self._counter):08d}",
                "callback_id": view.get("callback_id", ""),
                "private_metadata": view.get("private_metadata", ""),
                "external_id": view.get("external_id", params.get("external_id", "")),
                "root_view_id": view_id,
                "state": {"values": {}},
            }
        )
        return {"ok": True, "view": answer}
