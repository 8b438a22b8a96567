"""The issue's targets checked against a run's results, and the table printed at the end."""
from __future__ import annotations

from bench.stats import growth_exponent

MET, NOT_MET, UNMEASURED = "met", "NOT met", "not measured"


def _verdict(ok: bool | None) -> str:
    return UNMEASURED if ok is None else (MET if ok else NOT_MET)


def check_targets(results: dict) -> list[dict]:
    """One row per target and database: what was measured, the limit, and met / NOT met."""
    rows: list[dict] = []

    def add(database: str, target: str, measured, limit: str, ok: bool | None) -> None:
        rows.append({"database": database, "target": target, "measured": measured, "limit": limit,
                     "verdict": _verdict(ok)})

    for database, result in results.items():
        serving = result.get("serving")
        if serving:
            top = str(max(int(level) for level in serving["ratio_p99"]["command"]))
            for kind in ("command", "submission", "accept"):
                ratio = serving["ratio_p99"][kind].get(top)
                add(database, f"ack p99 {kind} at {top} senders, bot / bare", ratio, "<= 1.2",
                    None if ratio is None else ratio <= 1.2)
                bot = serving["ack"]["bot"][kind].get(top, {})
                planned = serving.get("planned", {}).get(top, bot.get("count"))
                add(database, f"unanswered {kind} at {top} senders (none within 3 s)",
                    f"{bot.get('unanswered')} of {bot.get('count')}" +
                    (f" ({planned} planned: too few open offers)" if bot.get("count") != planned else ""), "0",
                    None if bot.get("unanswered") is None else bot["unanswered"] == 0 and bot.get("count") == planned)
            offer = serving.get("offer_dm", {})
            add(database, f"referral → offer DM p99 ({offer.get('referrals')} referrals, {offer.get('at_a_time')} at a time)",
                f"{offer.get('p99_ms')} ms, {offer.get('lost')} lost", "< 1000 ms, 0 lost",
                None if offer.get("p99_ms") is None else offer["p99_ms"] < 1000 and offer.get("lost") == 0)
        backlog = result.get("backlog")
        if backlog:
            one = backlog["one"]
            pending = f"{backlog['seeded']['pending']:,} pending"
            add(database, "due nudges, one process: messages a second", one["messages_per_s"], ">= 200",
                one["messages_per_s"] >= 200 if one["messages_per_s"] is not None else None)
            add(database, "due nudges: doubled / lost / 429s not honoured",
                f"{one['doubled']} / {one['lost'] if one['finished'] else 'unfinished'} / {one['retry_after_not_honoured']}",
                "0 / 0 / 0", one["finished"] and one["doubled"] == 0 and one["lost"] == 0
                and one["retry_after_not_honoured"] == 0)
            add(database, f"{pending}: start to healthy", f"{max(one['start_to_healthy_s'])} s", "< 5 s",
                max(one["start_to_healthy_s"]) < 5)
            add(database, f"{pending}: peak RSS", f"{max(one['peak_rss_mb'])} MB", "< 200 MB",
                max(one["peak_rss_mb"]) < 200)
            add(database, f"{pending}: idle CPU", f"{max(one['idle_cpu_percent'])} % of a core", "< 1 %",
                max(one["idle_cpu_percent"]) < 1)
            two = backlog.get("two")
            if two:
                add(database, "due nudges: two processes faster than one",
                    f"{two['messages_per_s']} vs {one['messages_per_s']} /s", "two > one",
                    (two["messages_per_s"] or 0) > (one["messages_per_s"] or 0))
                add(database, "two processes: doubled / lost / 429s not honoured",
                    f"{two['doubled']} / {two['lost'] if two['finished'] else 'unfinished'} / {two['retry_after_not_honoured']}",
                    "0 / 0 / 0", two["finished"] and two["doubled"] == 0 and two["lost"] == 0
                    and two["retry_after_not_honoured"] == 0)
        match = result.get("matching")
        if match:
            rosters = [r for r in match["rosters"] if r["referral_to_offer_ms"] is not None]
            if rosters:
                big = max(rosters, key=lambda r: r["supporters"])
                add(database, f"referral → offer with {big['supporters']:,} supporters, {big['past_cases']:,} past "
                    "cases (no Slack latency)", f"{big['referral_to_offer_ms']} ms", "< 100 ms",
                    big["referral_to_offer_ms"] < 100)
            if len(rosters) >= 2:
                # The steepest step between two roster sizes (the largest carries the past cases too).
                steps = [growth_exponent((a["supporters"], a["referral_to_offer_ms"]),
                                         (b["supporters"], b["referral_to_offer_ms"]))
                         for a, b in zip(rosters, rosters[1:])]
                steps = [k for k in steps if k is not None]
                exponent = max(steps) if steps else None
                add(database, "matching time growth with the roster (time ~ size^k, steepest step)",
                    f"k = {exponent}", "k <= 1 (linear)", None if exponent is None else exponent <= 1.0)
    return rows


def _table(headers: list[str], rows: list[list]) -> str:
    cells = [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = lambda values: "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths)) + " |"  # noqa: E731
    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, cells)])


def render(report: dict) -> str:
    """The whole report as Markdown tables (the same text goes into BENCHMARKS.md)."""
    out = []
    for database, result in report["results"].items():
        serving = result.get("serving")
        if serving:
            out.append(f"### {database}: ack latency (ms), bot vs bare Bolt app, {report['meta']['latency_ms']} ms per Slack call\n")
            rows = []
            for kind in ("command", "submission", "accept"):
                for level, bot in serving["ack"]["bot"][kind].items():
                    bare = serving["ack"]["bare"][kind].get(level, {})
                    rows.append([kind, level, bot.get("count"), bot.get("p50_ms"), bot.get("p99_ms"), bot.get("max_ms"),
                                 bare.get("p50_ms"), bare.get("p99_ms"), bare.get("max_ms"),
                                 serving["ratio_p99"][kind].get(level),
                                 f"{bot.get('unanswered')} / {bare.get('unanswered')}"])
            out.append(_table(["request", "senders", "n", "bot p50", "bot p99", "bot max", "bare p50", "bare p99",
                               "bare max", "p99 ratio", "unanswered bot / bare"], rows))
            offer = serving.get("offer_dm", {})
            out.append(f"\n### {database}: referral submission → offer DM at the fake\n")
            out.append(_table(["referrals", "at a time", "p50 ms", "p99 ms", "max ms", "lost", "unanswered submissions"],
                              [[offer.get("referrals"), offer.get("at_a_time"), offer.get("p50_ms"), offer.get("p99_ms"),
                                offer.get("max_ms"), offer.get("lost"), offer.get("unanswered_submissions")]]))
        backlog = result.get("backlog")
        if backlog:
            out.append(f"\n### {database}: backlog of {backlog['seeded']['pending']:,} pending nudges, "
                       f"{backlog['seeded']['due']:,} made due over {backlog['seeded']['channels']:,} channels\n")
            rows = []
            for run in (backlog.get("one"), backlog.get("two")):
                if run:
                    rows.append([run["processes"], f"{run['sent']:,}" + ("" if run["finished"] else " (unfinished)"),
                                 run["seconds"], run["messages_per_s"], run["allowed_per_s"], run["doubled"],
                                 run["lost"] if run["finished"] else "-", run["rate_limited_429"],
                                 run["retry_after_not_honoured"], run["start_to_healthy_s"], run["peak_rss_mb"],
                                 run["idle_cpu_percent"]])
            out.append(_table(["processes", "sent", "seconds", "msg/s", "fake allowed/s", "doubled", "lost", "429s",
                               "429 not honoured", "start→healthy s", "peak RSS MB", "idle CPU %"], rows))
        match = result.get("matching")
        if match:
            out.append(f"\n### {database}: matching (fake Slack without latency)\n")
            out.append(_table(["supporters", "past cases", "referral → offer ms (median)", "each ms", "roster import s"],
                              [[f"{r['supporters']:,}", f"{r['past_cases']:,}", r["referral_to_offer_ms"], r["all_ms"],
                                r["roster_import_s"]] for r in match["rosters"]]))
    out.append("\n### Targets (issue 12)\n")
    out.append(_table(["database", "target", "measured", "limit", "verdict"],
                      [[t["database"], t["target"], t["measured"], t["limit"], t["verdict"]] for t in report["targets"]]))
    return "\n".join(out) + "\n"
