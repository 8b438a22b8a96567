"""Reading values out of a submitted modal's state."""
from __future__ import annotations

import re


def _value(view: dict, block_id: str, action_id: str) -> dict:
    return view.get("state", {}).get("values", {}).get(block_id, {}).get(action_id, {}) or {}


def selected_option(view: dict, block_id: str, action_id: str) -> str | None:
    option = _value(view, block_id, action_id).get("selected_option")
    return option.get("value") if option else None


def selected_users(view: dict, block_id: str, action_id: str) -> list[str]:
    return list(_value(view, block_id, action_id).get("selected_users") or [])


def selected_options(view: dict, block_id: str, action_id: str) -> list[str]:
    return [option.get("value") for option in _value(view, block_id, action_id).get("selected_options") or []]


def selected_user(view: dict, block_id: str, action_id: str) -> str | None:
    return _value(view, block_id, action_id).get("selected_user")


def text_value(view: dict, block_id: str, action_id: str) -> str | None:
    value = _value(view, block_id, action_id).get("value")
    if value is None or not value.strip():
        return None
    return value.strip()


_ID = re.compile(r"[0-9]{1,12}")


def id_from(value: object) -> int | None:
    """An offer or case id from a button value or private_metadata: ASCII digits only (not "١",
    not "²"), else None, which the listener answers as "no longer open". It names what to look
    up, never who may act: that is decided from the database."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return None
    return int(value)
