"""The bot's HTTP routes, free of any server: a route takes a request and gives a response.

The server (bot/slack/server.py) serves whatever routes the app factory collected: Slack's
events endpoint, and any feature's own (the hospital intake API, for one). A feature adds a
route by returning it from its `routes(...)` function; the server never names a feature.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    headers: Mapping[str, str]  # names in lower case
    body: bytes = b""
    query: str = ""

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)


@dataclass(frozen=True)
class HttpResponse:
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=lambda: {"Content-Type": "text/plain; charset=utf-8"})


Route = Callable[[HttpRequest], HttpResponse]
Routes = dict[tuple[str, str], Route]  # (method, path) -> route
