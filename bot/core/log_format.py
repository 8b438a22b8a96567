"""`LOG_FORMAT=json`: one JSON object a line, for a hospital's log platform.

Each line has `time` (UTC, ISO 8601), `level`, `logger` and `message`; `case_id` when the record
is about a case (a `case_id` extra, or "case 12" in the message), `reference` when it carries a
request reference (an extra, or "reference 3f9a1c2e" in the message), `process` (the pid, which
tells `serve --workers N` apart) and `exception` (its type and traceback) for an exception.
The message is what the text format would print, after the same privacy filter
(bot/core/log_privacy.py): it never holds names, notes or tokens.
"""
from __future__ import annotations

import json
import logging
import re
from datetime import datetime, timezone

_CASE = re.compile(r"\bcase #?([0-9]+)\b", re.IGNORECASE)
_REFERENCE = re.compile(r"\breference ([0-9a-f]{6,32})\b")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": message,
        }
        case_id = getattr(record, "case_id", None)
        if case_id is None:
            found = _CASE.search(message)
            case_id = int(found.group(1)) if found else None
        if case_id is not None:
            entry["case_id"] = case_id
        reference = getattr(record, "reference", None)
        if reference is None:
            found = _REFERENCE.search(message)
            reference = found.group(1) if found else None
        if reference is not None:
            entry["reference"] = str(reference)
        entry["process"] = record.process
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def formatter_for(log_format: str) -> logging.Formatter:
    return JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
