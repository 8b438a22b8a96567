"""Bot processes as children of the benchmark: `python -m bot.cli serve` (what `peer-support serve`
runs), with an explicit environment, output to files, and their CPU and memory read from /proc
(summed over the process and any children it starts, so a server with worker processes counts whole).
"""
from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BARE_SITE = Path(__file__).resolve().parent / "bare_site"
SIGNING_SECRET = "bench-signing-secret"
BOT_TOKEN = "xoxb-bench"
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bot_env(home: Path, slack_api_url: str, database_url: str, **settings: str) -> dict[str, str]:
    """A minimal environment (nothing from the shell or a .env leaks in) and the bot's settings."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(REPO_ROOT),
        "HOME": str(home),
        "PYTHONUNBUFFERED": "1",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack_api_url,
        "DATABASE_URL": database_url,
        # Results must not depend on the hour the benchmark runs at: nothing waits for quiet hours.
        "QUIET_HOURS": "",
        "MONTHLY_REPORT": "off",
    }
    env.update(settings)
    return env


def run_cli(args: list[str], env: dict[str, str], cwd: Path, timeout: float = 300) -> tuple[float, subprocess.CompletedProcess]:
    """`peer-support ARGS` to completion: (seconds it took, the finished process)."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "bot.cli", *args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise RuntimeError(f"peer-support {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return time.monotonic() - started, done


def http_status(port: int, path: str = "/healthz", timeout: float = 1.0) -> int | None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def _start_time(pid: int) -> int | None:
    """When the process started (clock ticks since boot): tells a process from a later one with its pid."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None


def process_tree(pid: int) -> list[int]:
    """`pid` and every process below it."""
    tree, found, todo = _children(), [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(tree.get(current, []))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU time used so far by `pids` (those still alive)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / _CLOCK_TICKS


def peak_rss_mb(pids: list[int]) -> float:
    """The sum over `pids` of each one's peak resident set (VmHWM), in MB."""
    total_kb = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
    return round(total_kb / 1024, 1)


def wait_all_healthy(bots: list["BotProcess"], timeout: float = 60.0) -> list[float]:
    """Poll every process's /healthz every 20 ms until each has answered 200; the seconds each took
    from its start."""
    deadline = time.monotonic() + timeout
    while not all([bot.check_healthy() for bot in bots]):
        if time.monotonic() > deadline:
            slow = [bot for bot in bots if bot.healthy_after is None]
            raise RuntimeError(f"{slow[0].name} was not healthy within {timeout}s:\n" + slow[0].log_tail())
        time.sleep(0.02)
    return [bot.healthy_after for bot in bots]


class BotProcess:
    """One `serve` child. `bare=True` serves a bare Bolt app with no-op listeners through the very
    same serve path (bench/bare_site/sitecustomize.py swaps the app factory in every process)."""

    def __init__(self, env: dict[str, str], workdir: Path, name: str, bare: bool = False):
        self.port = free_port()
        self.name = name
        env = dict(env, PORT=str(self.port))
        if bare:
            env["PYTHONPATH"] = f"{BARE_SITE}{os.pathsep}{env['PYTHONPATH']}"
        workdir.mkdir(parents=True, exist_ok=True)
        self.log_path = workdir / f"{name}.log"
        self.started = time.monotonic()
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve"], env=env, cwd=workdir,
                                         stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.healthy_after: float | None = None
        self._pids: list[int] = [self.proc.pid]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_healthy(self, timeout: float = 60.0) -> float:
        """Seconds from starting the process to its first /healthz 200."""
        return wait_all_healthy([self], timeout)[0]

    def check_healthy(self) -> bool:
        """One look at /healthz (the time of the first 200 is kept); fails if the process died."""
        if self.healthy_after is not None:
            return True
        if self.proc.poll() is not None:
            raise RuntimeError(f"{self.name} exited with {self.proc.returncode} before it was healthy:\n"
                               + self.log_tail())
        if http_status(self.port, timeout=0.5) == 200:
            self.healthy_after = time.monotonic() - self.started
            self.refresh_tree()
            return True
        return False

    def refresh_tree(self) -> list[int]:
        if self.proc.poll() is None:
            self._pids = process_tree(self.proc.pid)
        return self._pids

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.refresh_tree())

    def peak_rss_mb(self) -> float:
        return peak_rss_mb(self.refresh_tree())

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, grace: float = 15.0) -> None:
        """SIGTERM, then SIGKILL if it is still there after `grace` seconds. Only this child and the
        processes it started (a server's workers), each by its pid."""
        tree = [(pid, _start_time(pid)) for pid in self.refresh_tree()]
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        for pid, started in tree[1:]:  # workers left behind, if still those very processes
            if started is not None and _start_time(pid) == started:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
