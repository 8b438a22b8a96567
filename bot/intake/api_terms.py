"""The intake API's addresses and limits: what the routes enforce (web.py) and what the
OpenAPI description promises (openapi.py) read them from here, so the two cannot drift apart."""
from __future__ import annotations

import re
from datetime import timedelta

EVENTS_PATH = "/intake/v1/events"
FHIR_PATH = "/intake/fhir/AdverseEvent"
OPENAPI_PATH = "/intake/openapi.json"
MAX_BODY = 16 * 1024  # bytes; a larger body is 413
TOLERANCE = timedelta(minutes=5)  # how far webhook-timestamp may be from now
WEBHOOK_ID = re.compile(r"[\x21-\x7e]{1,150}")  # 1 to 150 printable ASCII characters
