"""Running the `peer-support` command as a real process, for the process-level tests.

Every child gets an explicit environment built from a minimal base (PATH,
PYTHONPATH, HOME), so nothing from the developer's shell or a stray .env
leaks in, and runs in a temporary working directory, so a .env or SQLite file
it writes never lands in the repository.

Waiting is always polling with a deadline, never a fixed sleep.
"""
from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
POLL = 0.05  # seconds between two looks


def base_env(home: Path, **variables: str | None) -> dict[str, str]:
    """PATH, PYTHONPATH (the repository) and HOME, plus `variables` (None leaves one out)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(REPO_ROOT),
        "HOME": str(home),
        "PYTHONUNBUFFERED": "1",  # so a dead child's log file says why
    }
    for name, value in variables.items():
        if value is not None:
            env[name] = value
    return env


def run_cli(args: list[str], env: dict[str, str], cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess:
    """`peer-support ARGS` to completion; stdout and stderr captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
    )


def free_port() -> int:
    """A port nothing listens on right now (bind to port 0, then let it go)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(port: int, path: str, timeout: float = 2.0) -> tuple[int, str] | None:
    """(status, body) of GET http://127.0.0.1:PORT/PATH, or None if nothing answers."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", errors="replace")
    except (ConnectionError, OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()


def http_request(port: int, method: str, path: str, body: bytes = b"", headers: dict | None = None,
                 host: str = "127.0.0.1", timeout: float = 2.0) -> tuple[int, dict[str, str], bytes] | None:
    """(status, headers, body) of one request, or None if nothing answers."""
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    except (ConnectionError, OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()


def raw_exchange(port: int, data: bytes, timeout: float = 5.0, host: str = "127.0.0.1") -> bytes:
    """Send `data` as it is on a new connection, then read until the server closes it (or `timeout`)."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(data)
        received = b""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            received += chunk
        return received


def listening_addresses(port: int) -> set[str]:
    """The local addresses some socket LISTENs on at `port` (IPv4, from /proc/net/tcp): "127.0.0.1", "0.0.0.0"."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        address, hex_port = fields[1].split(":")
        if int(hex_port, 16) == port and fields[3] == "0A":
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


def children_of(pid: int) -> list[int]:
    """The pids of a process's children (Linux /proc)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(part) for part in path.read_text().split()] if path.exists() else []


def poll_until(check: Callable[[], object], timeout: float, what: str, describe: Callable[[], str] = str) -> object:
    """Call `check` every POLL seconds until it returns something truthy; fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}\n{describe()}")
        time.sleep(POLL)


class ServeProcess:
    """One `peer-support serve` child, its output going to files in `workdir`."""

    def __init__(self, env: dict[str, str], workdir: Path, port: int, name: str = "serve",
                 args: tuple[str, ...] = ()):
        self.env = env
        self.workdir = workdir
        self.port = port
        self.name = name
        self.stdout_path = workdir / f"{name}.stdout.log"
        self.stderr_path = workdir / f"{name}.stderr.log"
        self.health_seen: list[int | None] = []
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "serve", *args],
                env=env, cwd=workdir, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: teardown kills any workers it started
            )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        def read(path: Path) -> str:
            return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

        return (f"--- {self.name} (pid {self.proc.pid}, exit {self.proc.poll()}) stdout ---\n"
                f"{read(self.stdout_path)}--- stderr ---\n{read(self.stderr_path)}")

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace") if self.stderr_path.exists() else ""

    def health(self) -> int | None:
        """The status of GET /healthz now (None: nothing listening yet)."""
        answer = http_get(self.port, "/healthz", timeout=1.0)
        status = answer[0] if answer else None
        self.health_seen.append(status)
        return status

    def wait_healthy(self, timeout: float = 20.0) -> None:
        """Poll /healthz every 50 ms until it answers 200; fail early if the process dies."""

        def ready():
            if self.proc.poll() is not None:
                raise AssertionError(f"{self.name} exited with {self.proc.returncode} before it was healthy\n"
                                     + self.output())
            return self.health() == 200

        poll_until(ready, timeout, f"{self.name} /healthz to answer 200", self.output)

    def signal(self, signum: int) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signum)

    def wait(self, timeout: float) -> int:
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"{self.name} did not exit within {timeout}s\n{self.output()}") from None

    def kill(self) -> None:
        """SIGKILL it and whatever it started, and reap it (no-op if it already exited)."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass


class Processes:
    """Starts serve processes and kills whatever is still running at teardown."""

    def __init__(self):
        self.started: list[ServeProcess] = []

    def serve(self, env: dict[str, str], workdir: Path, port: int | None = None, name: str = "serve",
              args: tuple[str, ...] = ()) -> ServeProcess:
        port = port or int(env.get("PORT") or free_port())
        env = dict(env, PORT=str(port))
        workdir.mkdir(parents=True, exist_ok=True)
        process = ServeProcess(env, workdir, port, name, args)
        self.started.append(process)
        return process

    def close(self) -> None:
        for process in self.started:
            process.kill()
