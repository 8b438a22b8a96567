"""`python -m bench [--quick] [--database sqlite|postgresql|both] [--out bench/results.json]`."""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from bench.processes import REPO_ROOT

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test_bench"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=(
        "Benchmark the bot from outside: `peer-support serve` as a child process against a fake Slack "
        "Web API on loopback (50 ms a call, about one message a second per channel). See BENCHMARKS.md."))
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run (about two minutes)")
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--out", default="bench/results.json", help="where the JSON results go")
    parser.add_argument("--postgresql-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_POSTGRES),
                        help="a PostgreSQL server and base database name; databases NAME_* are created and "
                             "dropped there (default: $BENCH_DATABASE_URL or %(default)s)")
    parser.add_argument("--report", metavar="RESULTS.json",
                        help="run nothing: check the targets of an earlier run's JSON again and print its table")
    parser.add_argument("--only", action="append", choices=("serving", "backlog", "matching"),
                        help="run only these scenarios (repeatable)")
    return parser


def machine() -> dict:
    info = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()}
    if shutil.which("lscpu"):
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for line in lscpu.splitlines():
            key, _, value = line.partition(":")
            if key.strip() in ("Model name", "CPU(s)", "Thread(s) per core", "CPU max MHz"):
                info[key.strip()] = value.strip()
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return info


def git_commit() -> str | None:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True)
    return done.stdout.strip() or None


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # Stopped from outside: unwind, so every bot process and database it started is cleaned up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    from bench import scenarios
    from bench.report import check_targets, render

    if args.report:
        report = json.loads(Path(args.report).read_text())
        report["targets"] = check_targets(report["results"])
        print(render(report))
        return 0

    sizes = scenarios.Sizes.quick() if args.quick else scenarios.Sizes()
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    only = set(args.only or ("serving", "backlog", "matching"))
    work = scenarios.workdir()
    began = time.monotonic()

    def log(message: str) -> None:
        print(f"[{time.monotonic() - began:6.1f}s] {message}", file=sys.stderr, flush=True)

    log(f"working in {work} (bot logs in {work / 'logs'})")
    report = {"meta": {"started": datetime.now(timezone.utc).isoformat(timespec="seconds"), "quick": args.quick,
                       "databases": kinds, "commit": git_commit(), "machine": machine(),
                       "load_average_before": [round(x, 2) for x in os.getloadavg()],
                       "latency_ms": round(sizes.latency * 1000), "sizes": vars(sizes)},
              "results": {}}
    for kind in kinds:
        dbs = scenarios.Databases(kind, work, args.postgresql_url)
        result = report["results"][kind] = {}
        try:
            if "serving" in only:
                log(f"{kind}: 1-2 ack latency (bare app, then the bot) and referral → offer DM")
                result["serving"] = scenarios.serving(dbs, sizes, work, log)
            if "backlog" in only:
                log(f"{kind}: 3 backlog")
                result["backlog"] = scenarios.backlog(dbs, sizes, work, log, two_processes=(kind == "postgresql"))
            if "matching" in only:
                log(f"{kind}: 4 matching and roster import")
                result["matching"] = scenarios.matching(dbs, sizes, work, log)
        finally:
            dbs.drop_all()
    report["meta"]["seconds"] = round(time.monotonic() - began, 1)
    report["meta"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    report["targets"] = check_targets(report["results"])
    text = render(report)
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    log(f"done in {report['meta']['seconds']} s; results in {out}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
