"""Checks of the Slack app manifest (manifest.yml at the repo root).

The manifest is validated against Slack's own JSON Schema, copied into
tests/data/slack/manifest-schema/.  The top-level schema picks a versioned
schema (1.0.0 or 2.0.0) through absolute `$ref`s to raw.githubusercontent.com;
those are served here from the local copies, and any other remote reference
fails loudly instead of being fetched over the network.

For local runs before manifest.yml exists, the environment variable
PEER_SUPPORT_MANIFEST may name another manifest file; normally it is unset and
the repo's manifest.yml is read.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import jsonschema
import pytest
import yaml
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from referencing import Registry
from referencing.jsonschema import DRAFT7

from fakes.slack_api import load_method_specs

REPO_ROOT = Path(__file__).resolve().parents[1]
MANIFEST_PATH = Path(os.environ.get("PEER_SUPPORT_MANIFEST") or REPO_ROOT / "manifest.yml")
SCHEMA_DIR = Path(__file__).resolve().parent / "data" / "slack" / "manifest-schema"
MAIN_SCHEMA = SCHEMA_DIR / "manifest.schema.json"

SLASH_COMMAND = "/peer-support"
# Scopes that would let the bot read or post in channels; a confidential
# peer-support bot talks to people only in DMs and modals.
FORBIDDEN_BOT_SCOPES = {
    "channels:history",
    "channels:read",
    "groups:history",
    "groups:read",
    "chat:write.public",
    "channels:join",
    "im:history",
    "mpim:history",
}


def _remote_refs(node: Any) -> Iterator[str]:
    """Every absolute (http/https) `$ref` in a schema document."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(("http://", "https://")):
            yield ref
        for value in node.values():
            yield from _remote_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _remote_refs(value)


def _build_validator() -> Validator:
    """A validator for Slack's manifest schema that resolves refs to local copies.

    The versioned schemas carry no `$schema`, so they are read as the same
    draft as the top-level schema (draft-07).
    """
    main = json.loads(MAIN_SCHEMA.read_text(encoding="utf-8"))
    cls = validator_for(main)
    cls.check_schema(main)
    resources = []
    for url in sorted(set(_remote_refs(main))):
        local = SCHEMA_DIR / url.rsplit("/", 1)[-1]
        assert local.is_file(), f"{MAIN_SCHEMA.name} refers to {url}; no local copy at {local}"
        contents = json.loads(local.read_text(encoding="utf-8"))
        cls.check_schema(contents)
        resources.append((url, DRAFT7.create_resource(contents)))
    assert resources, "expected the top-level schema to refer to versioned schemas"
    registry = Registry().with_resources(resources)  # no retrieve: unknown refs raise
    return cls(main, registry=registry, format_checker=cls.FORMAT_CHECKER)


VALIDATOR = _build_validator()


def _applicable_branch_errors(context: list[jsonschema.ValidationError]) -> list[jsonschema.ValidationError]:
    """The errors of the `oneOf` branches that apply to the manifest.

    Each branch of Slack's top-level schema is `allOf: [<version selector>,
    <versioned schema>]`; a branch whose selector failed is for another
    manifest version and its errors are noise.  If no branch applies, all
    errors are kept.
    """
    branches: dict[Any, list[jsonschema.ValidationError]] = {}
    for sub in context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    applicable = [
        subs
        for subs in branches.values()
        if not any(list(s.relative_schema_path)[1:3] == ["allOf", 0] for s in subs)
    ]
    return [sub for subs in (applicable or branches.values()) for sub in subs]


def schema_errors(manifest: dict) -> list[str]:
    """Readable schema errors for `manifest` ("path: message"), [] if valid.

    A `oneOf` error is expanded into the errors of the applicable branch, so
    the real cause (e.g. a missing property) shows up rather than only "not
    valid under any of the given schemas".
    """

    def leaves(error: jsonschema.ValidationError) -> Iterator[str]:
        if not error.context:
            where = "/".join(str(p) for p in error.absolute_path) or "<root>"
            message = f"{where}: {error.message}"
            yield message if len(message) <= 300 else message[:297] + "..."
        for sub in _applicable_branch_errors(error.context):
            yield from leaves(sub)

    messages = (message for error in VALIDATOR.iter_errors(manifest) for message in leaves(error))
    return list(dict.fromkeys(messages))  # drop duplicates, keep order


@pytest.fixture(scope="module")
def manifest() -> dict:
    """The repo's manifest.yml, parsed."""
    if not MANIFEST_PATH.is_file():
        pytest.fail(f"no Slack app manifest at {MANIFEST_PATH}")
    return yaml.safe_load(MANIFEST_PATH.read_text(encoding="utf-8"))


# ------------------------------------------------ the schema has teeth


def _minimal_manifest(metadata: dict | None) -> dict:
    """A small manifest that Slack's schema accepts."""
    manifest = {
        "display_information": {"name": "Peer Support"},
        "features": {
            "bot_user": {"display_name": "peer-support"},
            "slash_commands": [{"command": "/peer-support", "description": "Ask for support"}],
        },
        "oauth_config": {"scopes": {"bot": ["commands", "chat:write"]}},
        "settings": {"socket_mode_enabled": True, "interactivity": {"is_enabled": True}},
    }
    if metadata is not None:
        manifest["_metadata"] = metadata
    return manifest


METADATA_VARIANTS = pytest.mark.parametrize(
    "metadata", [None, {"major_version": 1}, {"major_version": 2}], ids=["no-metadata", "v1", "v2"]
)


@METADATA_VARIANTS
def test_schema_accepts_a_minimal_manifest(metadata):
    assert schema_errors(_minimal_manifest(metadata)) == []


@METADATA_VARIANTS
def test_schema_rejects_a_slash_command_without_description(metadata):
    broken = _minimal_manifest(metadata)
    del broken["features"]["slash_commands"][0]["description"]

    errors = schema_errors(broken)

    assert any("'description' is a required property" in e for e in errors), errors


@METADATA_VARIANTS
def test_schema_rejects_an_unknown_top_level_key(metadata):
    broken = _minimal_manifest(metadata)
    broken["surprise"] = True

    errors = schema_errors(broken)

    assert any("'surprise' was unexpected" in e for e in errors), errors


# ------------------------------------------------------ the manifest


def test_manifest_is_valid_against_slack_schema(manifest):
    errors = schema_errors(manifest)
    assert errors == [], "manifest.yml breaks Slack's manifest schema:\n" + "\n".join(errors)


def test_manifest_declares_peer_support_slash_command_escaped(manifest):
    commands = manifest.get("features", {}).get("slash_commands", [])
    matching = [c for c in commands if c.get("command") == SLASH_COMMAND]
    assert len(matching) == 1, f"expected one {SLASH_COMMAND} command, got {commands}"
    assert matching[0].get("should_escape") is True


def test_manifest_enables_interactivity(manifest):
    assert manifest.get("settings", {}).get("interactivity", {}).get("is_enabled") is True


def test_manifest_enables_socket_mode(manifest):
    assert manifest.get("settings", {}).get("socket_mode_enabled") is True


def test_manifest_enables_app_home_tab(manifest):
    assert manifest.get("features", {}).get("app_home", {}).get("home_tab_enabled") is True


def test_manifest_bot_scopes_cannot_read_or_post_in_channels(manifest):
    bot_scopes = set(manifest.get("oauth_config", {}).get("scopes", {}).get("bot", []))
    assert bot_scopes, "the manifest declares no bot scopes"
    assert bot_scopes & FORBIDDEN_BOT_SCOPES == set()


def test_manifest_shortcut_callback_ids_are_unique(manifest):
    shortcuts = manifest.get("features", {}).get("shortcuts", [])
    counts = Counter(s.get("callback_id") for s in shortcuts)
    assert {cid: n for cid, n in counts.items() if n > 1} == {}


def test_manifest_declares_every_shortcut_command_and_event_the_app_handles(manifest, bot):
    handled = bot.app.router.handled
    shortcuts = {s["callback_id"]: s["type"] for s in manifest["features"].get("shortcuts", [])}
    assert set(shortcuts) == handled["shortcut"]
    assert shortcuts["referral.colleague"] == "global"
    assert shortcuts["referral.from_message"] == "message"
    assert {c["command"] for c in manifest["features"]["slash_commands"]} == handled["command"]
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == handled["event"]


def test_manifest_grants_a_bot_scope_for_every_web_api_method_the_bot_calls(manifest):
    """Each method in tests/data/slack/methods (the ones the bot calls) needs one of its bot scopes;
    files.getUploadURLExternal and files.completeUploadExternal (the report's chart) need files:write."""
    granted = set(manifest["oauth_config"]["scopes"]["bot"])
    missing = {name: spec["scope"]["bot"] for name, spec in load_method_specs().items()
               if spec.get("scope", {}).get("bot") and not granted & set(spec["scope"]["bot"])}
    assert missing == {}
    assert "files:write" in granted
