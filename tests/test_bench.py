"""The benchmark's own parts at toy sizes (python -m bench is the real thing; BENCHMARKS.md): the
percentiles, the fake Slack's per-channel limit, the bare app, seeding, and the targets' verdicts.
Nothing here measures time."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bench import seed
from bench.fake_slack import BenchSlack, button_values
from bench.report import check_targets, render
from bench.stats import growth_exponent, percentile, ratio, summary_ms

REPO = Path(__file__).resolve().parent.parent


def test_percentiles_are_nearest_rank():
    values = [float(n) for n in range(1, 201)]  # 1 .. 200
    assert percentile(values, 50) == 100
    assert percentile(values, 99) == 198
    assert percentile(values, 100) == 200
    assert percentile([5.0], 99) == 5.0
    assert percentile([], 50) is None
    with pytest.raises(ValueError):
        percentile(values, 101)
    assert summary_ms([0.001, 0.002, 0.003]) == {"count": 3, "p50_ms": 2.0, "p99_ms": 3.0, "max_ms": 3.0}
    assert summary_ms([])["p99_ms"] is None
    assert ratio(12, 10) == 1.2 and ratio(1, 0) is None and ratio(None, 1) is None
    assert growth_exponent((100, 10.0), (10_000, 1000.0)) == 1.0
    assert growth_exponent((100, 10.0), (10_000, 10.0)) == 0.0


def test_the_fake_limits_each_channel_and_counts_retries_that_come_too_soon():
    with BenchSlack(latency=0, channel_interval=60) as fake:
        client = WebClient(token="xoxb-test", base_url=fake.url)
        client.chat_postMessage(channel="U1", text="one")
        client.chat_postMessage(channel="U2", text="another channel is not limited")
        with pytest.raises(SlackApiError) as limited:
            client.chat_postMessage(channel="U1", text="too soon")
        assert limited.value.response.status_code == 429
        assert int(limited.value.response.headers["Retry-After"]) >= 1
        assert fake.dishonoured == 0
        with pytest.raises(SlackApiError):
            client.chat_postMessage(channel="U1", text="before Retry-After ran out")
        assert (fake.rate_limited, fake.dishonoured) == (2, 1)
        other = WebClient(token="xoxb-other-process", base_url=fake.url)
        with pytest.raises(SlackApiError):
            other.chat_postMessage(channel="U1", text="the channel's limit is everyone's")
        assert (fake.rate_limited, fake.dishonoured) == (3, 1)  # but it was never told to wait
        assert [post.channel for post in fake.posts] == ["U1", "U2"]
        assert fake.counts["chat.postMessage"] == 2
        assert fake.spec_violations == []


def test_button_values_reads_actions_blocks():
    blocks = [{"type": "section"}, {"type": "actions", "elements": [
        {"type": "button", "action_id": "offer.accept", "value": "7"},
        {"type": "button", "action_id": "offer.decline", "value": "7"}]}]
    assert button_values(blocks, "offer.accept") == ["7"]
    assert button_values(None, "offer.accept") == []


def test_the_bare_app_is_served_by_the_bots_serve_path():
    """With bench/bare_site on PYTHONPATH, any Python process builds the bare app instead of the bot."""
    code = "import bot.app, bench.bare_app; print(bot.app.build_app is bench.bare_app.build_bare_app)"
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": f"{REPO / 'bench' / 'bare_site'}{os.pathsep}{REPO}"}
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "True", done.stderr


def test_the_bare_app_acks_a_signed_command():
    from slack_sdk.signature import SignatureVerifier

    from bench.bare_app import make_bare_bolt
    from bot.slack.events_endpoint import answer_slack_request

    with BenchSlack(latency=0) as fake:
        bolt, _ = make_bare_bolt("xoxb-test", "secret", fake.url)
        body = "command=%2Fpeer-support&user_id=U1&team_id=T0HOSPITAL&trigger_id=t.1&text="
        ts = str(int(time.time()))
        headers = {"content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": ts,
                   "x-slack-signature": SignatureVerifier("secret").generate_signature(timestamp=ts, body=body)}
        status, _, _ = answer_slack_request(bolt, headers, body.encode(), signing_secret="secret")
        assert status == 200
        assert fake.spec_violations == []


def test_seeding_a_toy_backlog(tmp_path):
    url = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
    assert seed.seed_backlog(url, pending=30, due=6, channels=3)["cases"] == 6
    assert seed.backlog_left(url) == {"pending": 6, "sent": 0, "cancelled": 0}
    seed.make_due(url)
    seed.reset_backlog(url)
    seed.seed_past_cases(url, count=5, supporters=3)
    assert seed.backlog_left(url)["pending"] == 6
    lines = seed.roster_csv(4).splitlines()
    assert lines[0].startswith("slack_id,") and len(lines) == 6


def _results(p99_bot: float, p99_bare: float, rate: float, finished: bool = True) -> dict:
    level = {"count": 200, "p50_ms": 10.0, "p99_ms": p99_bot, "max_ms": p99_bot, "unanswered": 0}
    bare = dict(level, p99_ms=p99_bare)
    run = {"processes": 1, "start_to_healthy_s": [1.0], "idle_cpu_percent": [0.2], "peak_rss_mb": [90.0],
           "due": 10, "channels": 2, "finished": finished, "sent": 10, "seconds": 0.05, "messages_per_s": rate,
           "allowed_per_s": 2, "doubled": 0, "lost": 0 if finished else None, "unsent_at_cap": 0,
           "db_pending_after": 0, "db_dropped": 0, "rate_limited_429": 3, "retry_after_not_honoured": 0,
           "spec_violations": 0}
    return {"sqlite": {
        "serving": {"ack": {app: {k: {"50": lv} for k in ("command", "submission", "accept")}
                            for app, lv in (("bot", level), ("bare", bare))},
                    "ratio_p99": {k: {"50": ratio(p99_bot, p99_bare)} for k in ("command", "submission", "accept")},
                    "offer_dm": {"referrals": 200, "at_a_time": 20, "p50_ms": 100.0, "p99_ms": 900.0, "max_ms": 950.0,
                                 "lost": 0, "unanswered_submissions": 0}},
        "backlog": {"seeded": {"pending": 100, "due": 10, "channels": 2}, "one": run},
        "matching": {"rosters": [{"supporters": 100, "past_cases": 0, "roster_import_s": 1.0,
                                  "referral_to_offer_ms": 20.0, "all_ms": [20.0], "offers_missing": 0},
                                 {"supporters": 10_000, "past_cases": 50_000, "roster_import_s": 3.0,
                                  "referral_to_offer_ms": 60.0, "all_ms": [60.0], "offers_missing": 0}]},
    }}


def test_targets_met_and_not_met():
    good = {t["target"]: t["verdict"] for t in check_targets(_results(110.0, 100.0, 250.0))}
    assert set(good.values()) == {"met"}, good
    bad = {t["target"]: t["verdict"] for t in check_targets(_results(200.0, 100.0, 17.0, finished=False))}
    assert bad["ack p99 command at 50 senders, bot / bare"] == "NOT met"
    assert bad["due nudges, one process: messages a second"] == "NOT met"
    assert bad["due nudges: doubled / lost / 429s not honoured"] == "NOT met"
    assert bad["100 pending: peak RSS"] == "met"


def test_matching_growth_is_judged_on_the_steepest_step():
    results = _results(110.0, 100.0, 250.0)
    rosters = results["sqlite"]["matching"]["rosters"]
    rosters.insert(1, dict(rosters[0], supporters=1_000, referral_to_offer_ms=21.0))  # flat, then 21 → 60 ms
    growth = [t for t in check_targets(results) if t["target"].startswith("matching time growth")][0]
    assert growth["measured"] == "k = 0.46" and growth["verdict"] == "met"
    rosters[1]["referral_to_offer_ms"] = 5.0  # 5 → 60 ms for ten times the roster: worse than linear
    growth = [t for t in check_targets(results) if t["target"].startswith("matching time growth")][0]
    assert growth["verdict"] == "NOT met"


def test_the_report_renders_and_is_json():
    results = _results(110.0, 100.0, 250.0)
    report = {"meta": {"latency_ms": 50}, "results": results, "targets": check_targets(results)}
    text = render(report)
    assert "| command" in text and "Targets" in text
    json.dumps(report)
