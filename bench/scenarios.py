"""The four scenarios. Each starts what it needs (a fake Slack, a fresh database, bot processes),
measures from outside, stops everything it started, and returns plain data for the report."""
from __future__ import annotations

import json
import re
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import seed
from bench.fake_slack import BenchSlack, Post, button_values
from bench.load import TimedSender, run_concurrently
from bench.processes import BOT_TOKEN, SIGNING_SECRET, BotProcess, bot_env, run_cli, wait_all_healthy
from bench.stats import summary_ms

OFFER_ACCEPT = "offer.accept"  # bot.slack.ids.ActionId.OFFER_ACCEPT
CASE_CONTACTED = "case.contacted"  # the contact nudge's "We've connected"
MENTION = re.compile(r"<@(UCL[A-Z0-9]+)>")
KINDS = ("command", "submission", "accept")


@dataclass
class Sizes:
    """How much each scenario does; `quick()` is a smoke-sized run."""

    ack_levels: dict[int, int] = field(default_factory=lambda: {1: 20, 10: 100, 50: 200})
    roster: int = 1_000
    offer_referrals: int = 200
    offer_batch: int = 20
    offer_timeout: float = 30.0  # the longest wait for the offer DMs (missing after it: lost)
    click_wait: float = 10.0  # the longest wait for more offers to click Accept on
    backlog_pending: int = 100_000
    backlog_due: int = 10_000
    backlog_channels: int = 1_000
    drain_cap: float = 60.0  # the longest a backlog may take (10,000 at 200/s: 50 s)
    drain_judge_after: float = 15.0  # from then, a drain that cannot finish within the cap is stopped
    idle_window: float = 6.0
    match_rosters: tuple[int, ...] = (100, 1_000, 10_000)
    match_past_cases: int = 50_000
    match_referrals: int = 5
    latency: float = 0.05

    @classmethod
    def quick(cls) -> "Sizes":
        return cls(ack_levels={1: 5, 10: 20, 50: 50}, roster=200, offer_referrals=40, offer_timeout=20.0, click_wait=5.0,
                   backlog_pending=10_000, backlog_due=1_000, backlog_channels=100, drain_cap=20.0, drain_judge_after=5.0,
                   idle_window=3.0, match_rosters=(100, 1_000), match_past_cases=5_000, match_referrals=3)


class Databases:
    """Fresh databases of one kind: SQLite files in the work folder, or PostgreSQL databases named
    after the base URL's (test_bench → test_bench_ack, test_bench_backlog, ...)."""

    def __init__(self, kind: str, workdir: Path, postgres_url: str):
        self.kind, self.workdir, self.postgres_url = kind, workdir, postgres_url
        self.made: list[str] = []

    def fresh(self, name: str) -> str:
        if self.kind == "sqlite":
            path = self.workdir / f"{name}.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            return f"sqlite:///{path}"
        from sqlalchemy.engine import make_url

        db_name = f"{make_url(self.postgres_url).database}_{name}"
        self.made.append(db_name)
        return seed.create_postgres_database(self.postgres_url, db_name)

    def drop_all(self) -> None:
        """Drop every database made, all at once (each drop waits for a checkpoint; together they share it)."""
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=max(1, len(self.made))) as pool:
            list(pool.map(lambda name: seed.drop_postgres_database(self.postgres_url, name), set(self.made)))
        self.made.clear()


def _env(workdir: Path, fake: BenchSlack, url: str, **settings: str) -> dict[str, str]:
    from cryptography.fernet import Fernet

    return bot_env(workdir, fake.url, url, NOTE_ENCRYPTION_KEY=Fernet.generate_key().decode(), **settings)


def _import_roster(env: dict, workdir: Path, supporters: int) -> float:
    path = workdir / f"roster-{supporters}.csv"
    path.write_text(seed.roster_csv(supporters))
    seconds, _ = run_cli(["roster", "import", str(path)], env, workdir)
    return seconds


def _referral_form(fake: BenchSlack) -> dict:
    if fake.last_view_opened is not None:
        return dict(fake.last_view_opened)
    from bot.slack.views.referral_forms import self_referral_modal

    return self_referral_modal()


def _form_values() -> dict:
    from tests.flows import self_referral_values

    return self_referral_values()


@dataclass(frozen=True)
class Offer:
    clinician: str
    supporter_channel: str
    offer_id: str
    ts: str
    at: float


def _offers_in(posts: list[Post]) -> list[Offer]:
    found = []
    for post in posts:
        values = button_values(post.blocks, OFFER_ACCEPT)
        if not values:
            continue
        mention = MENTION.search(json.dumps(post.blocks))
        if mention:
            found.append(Offer(mention.group(1), post.channel, values[0], post.ts, post.at))
    return found


class OfferWatch:
    """The first offer DM about each clinician, as the fake receives them."""

    def __init__(self, fake: BenchSlack):
        self.fake, self._seen, self.offers = fake, 0, {}

    def update(self) -> dict[str, Offer]:
        posts = self.fake.posts_from(self._seen)
        self._seen += len(posts)
        for offer in _offers_in(posts):
            self.offers.setdefault(offer.clinician, offer)
        return self.offers

    def wait_for(self, clinicians: list[str], timeout: float) -> dict[str, Offer]:
        deadline = time.monotonic() + timeout
        while True:
            offers = self.update()
            if all(c in offers for c in clinicians) or time.monotonic() > deadline:
                return {c: offers[c] for c in clinicians if c in offers}
            time.sleep(0.05)


def _ack_summary(timings) -> dict:
    result = summary_ms([t.seconds for t in timings])
    result["unanswered"] = sum(not t.answered for t in timings)
    why: dict[str, int] = {}
    for t in timings:
        if not t.answered:
            reason = t.error or (f"HTTP {t.status}" if not 200 <= t.status < 300 else "over 3 s")
            why[reason] = why.get(reason, 0) + 1
    result["unanswered_why"] = why
    return result


# ---------------------------------------------------------------- 1 and 2: acks, and the offer DM

def serving(dbs: Databases, sizes: Sizes, workdir: Path, log) -> dict:
    """The bare app's acks; then the bot's referral → offer DM (on a quiet bot), then its acks."""
    result: dict = {"ack": {}}
    for app in ("bare", "bot"):
        fake = BenchSlack(latency=sizes.latency).start()
        url = dbs.fresh(f"ack_{app}")
        env = _env(workdir, fake, url)
        bot = None
        try:
            if app == "bot":  # the bare app reads no roster
                _import_roster(env, workdir, sizes.roster)
            bot = BotProcess(env, workdir / "logs", f"{dbs.kind}-{app}", bare=(app == "bare"))
            bot.wait_healthy()
            watch = OfferWatch(fake)
            _warm_up(bot)
            if app == "bot":
                result["offer_dm"] = _referral_to_offer(bot, fake, watch, sizes, log)
            result["ack"][app] = _acks(bot, fake, watch, sizes, app, log)
            result.setdefault("spec_violations", {})[app] = len(fake.spec_violations)
        finally:
            if bot is not None:
                bot.stop()
            fake.stop()
    result["planned"] = {str(level): count for level, count in sizes.ack_levels.items()}
    result["ratio_p99"] = {
        kind: {str(level): _ratio(result["ack"], kind, level, "p99_ms") for level in sizes.ack_levels}
        for kind in KINDS
    }
    return result


def _ratio(ack: dict, kind: str, level: int, key: str):
    from bench.stats import ratio

    return ratio(ack["bot"][kind][str(level)].get(key), ack["bare"][kind][str(level)].get(key))


def _warm_up(bot: BotProcess) -> None:
    """The first requests pay for imports and connections; not measured. Opens a form to submit."""
    run_concurrently([lambda s, n=n: s.command(seed.clinician_id("warm", n)) for n in range(5)], 1, bot.base_url,
                     SIGNING_SECRET)


def _acks(bot: BotProcess, fake: BenchSlack, watch: "OfferWatch", sizes: Sizes, app: str, log) -> dict:
    values = _form_values()
    form = _referral_form(fake)
    form.pop("id", None)
    out: dict = {kind: {} for kind in KINDS}
    submitted: list[str] = []
    # Submissions first: their offers go out while the commands are measured.
    for level, count in sizes.ack_levels.items():
        clinicians = [seed.clinician_id(f"s{app[:2]}{level}x", n) for n in range(count)]
        submitted += clinicians
        requests = [lambda s, c=c: s.submit(c, form, values) for c in clinicians]
        out["submission"][str(level)] = _ack_summary(run_concurrently(requests, level, bot.base_url, SIGNING_SECRET))

    for level, count in sizes.ack_levels.items():
        requests = [lambda s, n=n: s.command(seed.clinician_id(f"c{app[:2]}{level}x", n)) for n in range(count)]
        out["command"][str(level)] = _ack_summary(run_concurrently(requests, level, bot.base_url, SIGNING_SECRET))

    needed = sum(sizes.ack_levels.values())
    if app == "bot":
        # Open offers to click: the referral → offer scenario's and these submissions' (as many as came).
        watch.wait_for(submitted, timeout=sizes.click_wait)
        offers = list(watch.update().values())
        log(f"    {len(offers)} offers reached their supporters for {needed} Accept clicks")
    else:
        offers = [Offer(c, seed.supporter_id(n), str(n + 1), "1.000", 0.0) for n, c in enumerate(submitted)]
    out["offers_for_clicks"] = len(offers)
    # The most concurrent level (the target's) gets its offers first, should there be too few.
    shares: dict[int, list[Offer]] = {}
    for level in sorted(sizes.ack_levels, reverse=True):
        shares[level], offers = offers[:sizes.ack_levels[level]], offers[sizes.ack_levels[level]:]
    for level, count in sizes.ack_levels.items():
        mine = shares[level]
        requests = [lambda s, o=o: s.click(o.supporter_channel.removeprefix("D"), OFFER_ACCEPT, o.offer_id,
                                           message_ts=o.ts)
                    for o in mine]
        out["accept"][str(level)] = _ack_summary(run_concurrently(requests, level, bot.base_url, SIGNING_SECRET)) \
            if requests else {"count": 0, "unanswered": None, "note": "no open offers to click"}
    for kind in KINDS:
        worst = out[kind][str(max(sizes.ack_levels))]
        log(f"    {app:4} {kind:10} at {max(sizes.ack_levels)}: n {worst.get('count')}, p50 {worst.get('p50_ms')} ms, "
            f"p99 {worst.get('p99_ms')} ms, unanswered {worst.get('unanswered')}")
    return out


def _referral_to_offer(bot: BotProcess, fake: BenchSlack, watch: "OfferWatch", sizes: Sizes, log) -> dict:
    """`offer_referrals` self-referrals, `offer_batch` at a time: submission → offer DM at the fake."""
    form = _referral_form(fake)
    form.pop("id", None)
    values = _form_values()
    clinicians = [seed.clinician_id("offer", n) for n in range(sizes.offer_referrals)]
    started: dict[str, float] = {}

    def submit(sender: TimedSender, clinician: str):
        sender.submit(clinician, form, values)
        started[clinician] = sender.last.started
        return sender.last

    timings = run_concurrently([lambda s, c=c: submit(s, c) for c in clinicians], sizes.offer_batch, bot.base_url,
                               SIGNING_SECRET)
    offers = watch.wait_for(clinicians, timeout=sizes.offer_timeout)
    waits = [offers[c].at - started[c] for c in clinicians if c in offers]
    result = summary_ms(waits)
    result.update(referrals=len(clinicians), at_a_time=sizes.offer_batch, lost=len(clinicians) - len(offers),
                  waited_s=sizes.offer_timeout, unanswered_submissions=sum(not t.answered for t in timings))
    log(f"    referral → offer DM: p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, "
        f"not there after {sizes.offer_timeout:.0f} s: {result['lost']}")
    return result


# ---------------------------------------------------------------- 3: the backlog

def backlog(dbs: Databases, sizes: Sizes, workdir: Path, log, two_processes: bool) -> dict:
    url = dbs.fresh("backlog")
    started = time.monotonic()
    # The supporters the nudges go to, and a coordinator (whose daily digest is due work too).
    seed.open_db(url).dispose()
    from cryptography.fernet import Fernet

    env = bot_env(workdir, "http://127.0.0.1:9/api/", url, NOTE_ENCRYPTION_KEY=Fernet.generate_key().decode())
    _import_roster(env, workdir, sizes.backlog_channels)
    seeded = seed.seed_backlog(url, sizes.backlog_pending, sizes.backlog_due, sizes.backlog_channels)
    log(f"    seeded {seeded['pending']:,} pending nudges in {time.monotonic() - started:.1f} s")
    results = {"one": _drain(url, sizes, workdir, 1, dbs.kind, log)}
    if two_processes:
        seed.reset_backlog(url)
        results["two"] = _drain(url, sizes, workdir, 2, dbs.kind, log)
    results["seeded"] = seeded
    return results


def _drain(url: str, sizes: Sizes, workdir: Path, count: int, kind: str, log) -> dict:
    fake = BenchSlack(latency=sizes.latency, channel_interval=1.0).start()
    # A pass every second (the default is 30 s): the idle cost of a pass shows within the window.
    env = _env(workdir, fake, url, SCHEDULER_INTERVAL="1s")
    bots: list[BotProcess] = []
    try:
        # Each process its own token, so the fake can tell whose Retry-After a post ignored.
        bots = [BotProcess(dict(env, SLACK_BOT_TOKEN=f"{BOT_TOKEN}-{n}"), workdir / "logs", f"{kind}-backlog{count}-{n}")
                for n in range(count)]
        healthy = wait_all_healthy(bots)
        time.sleep(2.0)  # the first pass and start-up work settle
        cpu_before = [bot.cpu_seconds() for bot in bots]
        time.sleep(sizes.idle_window)
        idle = [round((bot.cpu_seconds() - before) / sizes.idle_window * 100, 2) for bot, before in zip(bots, cpu_before)]
        log(f"    {count} process(es): healthy after {', '.join(f'{h:.2f}' for h in healthy)} s; "
            f"idle CPU {idle} % of a core")
        made_due = seed.make_due(url)
        seen: dict[str, int] = {}
        posts_read = 0
        last_at = made_due
        deadline = made_due + sizes.drain_cap
        hopeless = False
        while len(seen) < sizes.backlog_due and time.monotonic() < deadline:
            elapsed = time.monotonic() - made_due
            if elapsed >= sizes.drain_judge_after and len(seen) / elapsed * sizes.drain_cap < sizes.backlog_due:
                hopeless = True  # at this rate it cannot finish within the cap: the rate is measured
                break
            time.sleep(0.1)
            posts = fake.posts_from(posts_read)
            posts_read += len(posts)
            for post in posts:
                for case_id in button_values(post.blocks, CASE_CONTACTED):
                    seen[case_id] = seen.get(case_id, 0) + 1
                    last_at = max(last_at, post.at)
        finished = len(seen) >= sizes.backlog_due
        elapsed = (last_at - made_due) if finished else time.monotonic() - made_due
        rss = [bot.peak_rss_mb() for bot in bots]
    finally:
        for bot in bots:
            # Measured; a bot still working through the backlog need not finish it.
            bot.stop(grace=3.0)
        fake.stop()
    left = seed.backlog_left(url)
    sent = len(seen)
    result = {
        "processes": count,
        "start_to_healthy_s": [round(h, 2) for h in healthy],
        "idle_cpu_percent": idle,
        "peak_rss_mb": rss,
        "due": sizes.backlog_due,
        "channels": sizes.backlog_channels,
        "finished": finished,
        "stopped_early": hopeless,  # too slow to finish within the cap, so stopped once that was clear
        "sent": sent,
        "seconds": round(elapsed, 2),
        "messages_per_s": round(sent / elapsed, 1) if elapsed > 0 else None,
        "allowed_per_s": round(sizes.backlog_channels / fake.channel_interval),
        "doubled": sum(n - 1 for n in seen.values() if n > 1),
        "lost": (sizes.backlog_due - sent) if finished else None,
        "unsent_at_cap": 0 if finished else sizes.backlog_due - sent,
        "db_pending_after": left["pending"],
        "db_dropped": left["cancelled"],
        "rate_limited_429": fake.rate_limited,
        "retry_after_not_honoured": fake.dishonoured,
        "spec_violations": len(fake.spec_violations),
    }
    log(f"    {count} process(es): {sent:,} of {sizes.backlog_due:,} sent in {result['seconds']} s "
        f"({result['messages_per_s']}/s; fake allowed {result['allowed_per_s']}/s), doubled {result['doubled']}, "
        f"429s {fake.rate_limited} (not honoured {fake.dishonoured}), peak RSS {rss} MB")
    return result


# ---------------------------------------------------------------- 4: matching

def matching(dbs: Databases, sizes: Sizes, workdir: Path, log) -> dict:
    results = []
    largest = max(sizes.match_rosters)
    for supporters in sizes.match_rosters:
        past = sizes.match_past_cases if supporters == largest else 0
        fake = BenchSlack(latency=0.0).start()  # no Slack latency: what is left is the bot's own time
        url = dbs.fresh(f"match{supporters}")
        env = _env(workdir, fake, url)
        bot = None
        try:
            seed.open_db(url).dispose()  # the schema first, so the import is timed on its own
            import_s = _import_roster(env, workdir, supporters)
            if past:
                seed.seed_past_cases(url, past, supporters)
            bot = BotProcess(env, workdir / "logs", f"{dbs.kind}-match{supporters}")
            bot.wait_healthy()
            time.sleep(1.0)
            form, values = _referral_form(fake), _form_values()
            form.pop("id", None)
            watch = OfferWatch(fake)
            sender = TimedSender(bot.base_url, SIGNING_SECRET)
            times = []
            for n in range(sizes.match_referrals + 1):  # the first warms up, not counted
                clinician = seed.clinician_id(f"m{supporters}x", n)
                sender.submit(clinician, form, values)
                started = sender.last.started
                offer = watch.wait_for([clinician], timeout=30).get(clinician)
                if n and offer is not None:
                    times.append(offer.at - started)
        finally:
            if bot is not None:
                bot.stop()
            fake.stop()
        entry = {
            "supporters": supporters,
            "past_cases": past,
            "roster_import_s": round(import_s, 2),
            "referral_to_offer_ms": round(statistics.median(times) * 1000, 1) if times else None,
            "all_ms": [round(t * 1000, 1) for t in times],
            "offers_missing": sizes.match_referrals - len(times),
        }
        log(f"    {supporters:,} supporters ({past:,} past cases): referral → offer {entry['referral_to_offer_ms']} ms "
            f"(median of {len(times)}), roster import {entry['roster_import_s']} s")
        results.append(entry)
    return {"rosters": results}


def workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="peer-support-bench-"))
