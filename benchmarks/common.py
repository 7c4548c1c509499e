"""What every benchmark shares: the environment of a run, a timed command, progress, and the one table of figures."""

from __future__ import annotations

import contextlib
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from knowledge_hub.site_tools import mkdocs_environment

ROOT = Path(__file__).resolve().parents[1]
ENV = mkdocs_environment({"SOURCE_DATE_EPOCH": str(int(time.time()))})  # one build date: two builds compare byte for byte

Row = tuple[str, str, str, str]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def row(metric: str, value: str, target: str | None = None, ok: bool | None = None) -> Row:
    """One figure of a table: judged by ``ok`` where it has a target here (and ``ok`` is known)."""
    return metric, value, target or "—", "—" if target is None or ok is None else "OK" if ok else "MISS"


def table(rows: list[Row], title: str = "Metric") -> str:
    lines = [f"| {title} | Value (median) | Target | Result |", "|---|---|---|---|"]
    return "\n".join(lines + [f"| {' | '.join(r)} |" for r in rows])


def seconds(value: float) -> str:
    return f"{value:.2f} s" if value >= 0.1 else f"{value * 1000:.0f} ms"


def size(value: float) -> str:
    return f"{value / 1024:,.0f} KB" if value < 10 * 1024 * 1024 else f"{value / 1024 / 1024:,.1f} MB"


@dataclass
class Run:
    """One timed command. CPU time (user + system, its children's included) moves less than wall time when
    other work shares the machine; ``seconds`` and ``returncode`` are None when it was stopped at its limit."""

    seconds: float | None
    cpu: float
    peak_mb: float
    returncode: int | None
    output: str


def timed(command: list[str], cwd: Path, *, timeout: float = math.inf) -> Run:
    """Run ``command``, stopping it and what it started after ``timeout`` seconds. Its peak memory is what
    /usr/bin/time reports: a child forked from this process would count this process's memory as its own."""
    with tempfile.TemporaryFile("w+") as out, tempfile.NamedTemporaryFile("r") as peak:  # files: a full pipe would stall it
        start, stopped, command = time.perf_counter(), True, ["/usr/bin/time", "-f", "%M", "-o", peak.name, *command]
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            while time.perf_counter() - start < timeout:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    stopped = False
                    break
                time.sleep(0.005)
        finally:
            if stopped:  # over its time, or interrupted: /usr/bin/time outlives the command to write its peak so far
                with contextlib.suppress(ProcessLookupError):
                    for child in Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split():
                        os.kill(int(child), signal.SIGKILL)
                _, status, usage = os.wait4(process.pid, 0)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)  # anything the command started that outlived it
        elapsed, process.returncode = time.perf_counter() - start, os.waitstatus_to_exitcode(status)  # reaped: not again
        out.seek(0)
        kilobytes, code, cpu = peak.read().split()[-1:], None if stopped else process.returncode, usage.ru_utime + usage.ru_stime
        return Run(None if stopped else elapsed, cpu, int(kilobytes[0]) / 1024 if kilobytes else math.nan, code, out.read())
