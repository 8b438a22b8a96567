"""Steps the intake tests share: a roster with staff ids, event bodies, signed intake requests."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.request
import uuid

from slack_requests import Reply

SECRET = b"intake-test-secret-0123456789abcdef"
SECRET_TEXT = "whsec_" + base64.b64encode(SECRET).decode()
OLD_SECRET = b"intake-old-secret-0123456789abcdef"
OLD_SECRET_TEXT = "whsec_" + base64.b64encode(OLD_SECRET).decode()

# NPIs with good check digits (prefix 80840, Luhn).
NPI_CLIN1 = "1234567893"
NPI_CLIN2 = "1245319599"

ROSTER = f"""slack_id,email,name,roles,cohort,division,max_active_cases,npi,employee_id
UCOORD1,,Casey Coordinator,coordinator,,,0,,
USUP1,,Sam Supporter,supporter,faculty,Cardiac Surgery,2,,
USUP2,,Pat Supporter,supporter,faculty,Trauma,2,,
UCLIN1,alex@hospital.org,Alex Clinician,,faculty,General Surgery,2,{NPI_CLIN1},
UCLIN2,,Robin Clinician,supporter,faculty,Trauma,2,{NPI_CLIN2},E-1002
UCLIN3,,Jo Clinician,,trainee,Urology,2,,E-1003
"""


def event_body(event_id: str = "evt-1", participants=None, **fields) -> dict:
    body = {
        "source_system": "rldatix",
        "source_event_id": event_id,
        "category": "surgery-or-anesthesia",
        "seriousness": "serious",
        "occurred_on": "2026-03-01",
        "participants": participants if participants is not None else [
            {"identifier": {"system": "npi", "value": NPI_CLIN1}, "function": "primary"},
        ],
    }
    body.update(fields)
    return body


def person(system: str, value: str, function: str = "team") -> dict:
    return {"identifier": {"system": system, "value": value}, "function": function}


def sign(secret: bytes, webhook_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(secret, signed, hashlib.sha256).digest()).decode()


class IntakeSender:
    """Posts to the intake API with Standard Webhooks signatures, timed by the bot's clock."""

    def __init__(self, base_url: str, clock, secret: bytes = SECRET):
        self.base_url = base_url.rstrip("/")
        self.clock = clock
        self.secret = secret

    def post(self, body, *, path: str = "/intake/v1/events", webhook_id: str | None = None,
             secret: bytes | None = None, timestamp: int | None = None, signature: str | None = None,
             headers: dict | None = None, raw: bytes | None = None) -> Reply:
        data = raw if raw is not None else json.dumps(body).encode()
        webhook_id = webhook_id or f"msg_{uuid.uuid4().hex}"
        ts = timestamp if timestamp is not None else int(self.clock.now().timestamp())
        sent = {
            "Content-Type": "application/json",
            "webhook-id": webhook_id,
            "webhook-timestamp": str(ts),
            "webhook-signature": signature or sign(secret or self.secret, webhook_id, ts, data),
        }
        sent.update(headers or {})
        sent = {k: v for k, v in sent.items() if v is not None}
        request = urllib.request.Request(self.base_url + path, data=data, headers=sent, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                return Reply(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode())
