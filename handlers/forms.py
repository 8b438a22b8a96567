"""Reading values out of a submitted modal's state."""
from __future__ import annotations

import re


def _dig(value: object, *keys: str) -> object:
    """value[k1][k2]…, or None as soon as something on the way is not an object."""
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _value(view: dict, block_id: str, action_id: str) -> dict:
    found = _dig(view, "state", "values", block_id, action_id)
    return found if isinstance(found, dict) else {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def selected_option(view: dict, block_id: str, action_id: str) -> str | None:
    return _text(_dig(_value(view, block_id, action_id), "selected_option", "value"))


def selected_users(view: dict, block_id: str, action_id: str) -> list[str]:
    users = _value(view, block_id, action_id).get("selected_users")
    # Kept whole, however many: the service refuses a list longer than the form allows.
    return [user if isinstance(user, str) else "" for user in users] if isinstance(users, list) else []


def selected_options(view: dict, block_id: str, action_id: str) -> list[str]:
    options = _value(view, block_id, action_id).get("selected_options")
    return [_text(_dig(option, "value")) or "" for option in options] if isinstance(options, list) else []


def selected_user(view: dict, block_id: str, action_id: str) -> str | None:
    return _text(_value(view, block_id, action_id).get("selected_user"))


def selected_date(view: dict, block_id: str, action_id: str) -> str | None:
    return _value(view, block_id, action_id).get("selected_date")


def text_value(view: dict, block_id: str, action_id: str) -> str | None:
    value = _text(_value(view, block_id, action_id).get("value"))
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
