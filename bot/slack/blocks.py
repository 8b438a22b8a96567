"""Small Block Kit helpers: plain dicts, as Slack's Web API takes them."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime


def escape(text: str) -> str:
    """Typed text made safe to show in mrkdwn: `&`, `<` and `>` as Slack's entities, so what
    someone typed can never render as a mention, a channel link or a URL."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str) -> dict:
    return {"type": "plain_text", "text": text, "emoji": True}


def mrkdwn(text: str) -> dict:
    return {"type": "mrkdwn", "text": text}


def section(text: str, **extra) -> dict:
    return {"type": "section", "text": mrkdwn(text), **extra}


def header(text: str) -> dict:
    return {"type": "header", "text": plain(text)}


def context(text: str) -> dict:
    return {"type": "context", "elements": [mrkdwn(text)]}


def divider() -> dict:
    return {"type": "divider"}


def button(text: str, action_id: str, value: str, style: str | None = None) -> dict:
    element = {"type": "button", "text": plain(text), "action_id": action_id, "value": value}
    if style:
        element["style"] = style
    return element


def actions(block_id: str, *elements: dict) -> dict:
    return {"type": "actions", "block_id": block_id, "elements": list(elements)}


def option(value: str, label: str) -> dict:
    return {"text": plain(label), "value": value}


def options(choices: dict[str, str]) -> list[dict]:
    return [option(value, label) for value, label in choices.items()]


def input_block(block_id: str, label: str, element: dict, optional: bool = False, hint: str | None = None) -> dict:
    block = {"type": "input", "block_id": block_id, "label": plain(label), "element": element, "optional": optional}
    if hint:
        block["hint"] = plain(hint)
    return block


def modal(title: str, blocks: Iterable[dict], *, callback_id: str | None = None, submit: str | None = None,
          close: str = "Close", private_metadata: str = "") -> dict:
    view = {"type": "modal", "title": plain(title), "close": plain(close), "blocks": list(blocks)}
    if callback_id:
        view["callback_id"] = callback_id
    if submit:
        view["submit"] = plain(submit)
    if private_metadata:
        view["private_metadata"] = private_metadata
    return view


def bullet_list(items: Iterable[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def slack_date(when: datetime) -> str:
    """A time shown in the reader's own time zone by Slack, with a UTC fallback."""
    fallback = when.strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(when.timestamp())}^{{date_short_pretty}} at {{time}}|{fallback}>"
