"""The harness: start the servers, run every case in a fresh process N times, report.

    python -m benchmarks                # full run: 5 repetitions, results/latest.{json,md}
    python -m benchmarks --quick        # smoke: 1 repetition, tiny sizes, results/quick.{json,md}
    python -m benchmarks --only 'http.*' --repeat 3     # a subset: results/subset.{json,md}

Nothing here asserts anything about time. Each goal is a ratio against a baseline measured in the
same run, with repetitions interleaved in ABBA order (forward, then backward) so that a slow patch
of a shared machine hits ours and the baseline alike. The exit status is 1 only if a case
crashed (skips are fine), so `--quick` is a smoke test for the benchmarks themselves.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import timeit
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.harness import Case, Comparison
from benchmarks.registry import load_suite
from benchmarks.run_case import RESULT_PREFIX

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
SERVER_COMMANDS: dict[str, list[str]] = {
    "raw": ["-m", "benchmarks.raw_server", "--port", "0"],
    "fake": ["-m", "benchmarks.fake_server"],
    # The export walk's gateway: ~100 listing pages of 100 (1 in 12 generated products is
    # Rocket Growth only, which the listing leaves out). Startup takes a few seconds.
    "fake_listing": ["-m", "benchmarks.fake_server", "--products", "{listing_products}"],
    "raw_tls": ["-m", "benchmarks.raw_server", "--port", "0", "--tls-dir", "{tmp}/tls"],
}
#: Per-mode values for the placeholders in SERVER_COMMANDS (besides {tmp}).
SERVER_SIZES = {False: {"listing_products": "10900"}, True: {"listing_products": "400"}}
VERSIONS = (
    "httpx",
    "httpcore",
    "h11",
    "anyio",
    "sniffio",
    "aiohttp",
    "httpx-aiohttp",
    "orjson",
    "attrs",
    "cattrs",
    "uvloop",
)


# --- servers --------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    process: subprocess.Popen[str] | None = None
    url: str | None = None
    reason: str | None = None  # why it is not running

    def stop(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        try:
            if process.stdin is not None:
                process.stdin.close()  # the server exits on stdin EOF...
            process.wait(timeout=3)
        except subprocess.TimeoutExpired:
            process.terminate()  # ...or is told to...
            try:
                process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                process.kill()  # ...or is killed.
                process.wait(timeout=3)


def start_server(name: str, lifetime: float, log_dir: Path, tmp: Path, quick: bool) -> Server:
    """Start one server process and wait (bounded) for its READY line."""
    sizes = {"tmp": str(tmp), **SERVER_SIZES[quick]}
    args = [arg.format(**sizes) if "{" in arg else arg for arg in SERVER_COMMANDS[name]]
    command = [sys.executable, *args, "--lifetime", str(int(lifetime))]
    log = (log_dir / f"server-{name}.log").open("w")
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    server = Server(name, process)
    line: list[str] = []
    reader = threading.Thread(
        target=lambda: line.append(process.stdout.readline() if process.stdout else ""),
        daemon=True,
    )
    reader.start()
    reader.join(timeout=30)
    first = line[0].strip() if line else ""
    if first.startswith("READY "):
        value = first.removeprefix("READY ").strip()
        scheme = "https" if "--tls-dir" in args else "http"
        server.url = value if "://" in value else f"{scheme}://127.0.0.1:{value}"
        return server
    server.stop()
    server.process = None
    if first.startswith("SKIP "):
        server.reason = first.removeprefix("SKIP ")
    else:
        server.reason = f"did not start (see {log.name}): {first or 'no output in 30 s'}"
    return server


# --- running cases --------------------------------------------------------------------------


@dataclass
class CaseResult:
    module: str
    case: Case
    runs: list[dict[str, float] | None] = field(default_factory=list)  # index = repetition
    status: str = "ok"  # ok | skipped | error
    reason: str | None = None
    seconds: float = 0.0


def run_once(module: str, case: Case, ctx: dict[str, Any], timeout: float) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "benchmarks.run_case",
        module,
        case.name,
        "--ctx",
        json.dumps(ctx),
    ]
    env = dict(os.environ, PYTHONHASHSEED="0")
    try:
        completed = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=env
        )
    except subprocess.TimeoutExpired:
        return {"status": "error", "reason": f"timed out after {timeout:.0f} s"}
    for line in completed.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            return json.loads(line.removeprefix(RESULT_PREFIX))  # type: ignore[no-any-return]
    tail = (completed.stderr or completed.stdout).strip().splitlines()[-3:]
    return {
        "status": "error",
        "reason": f"exit {completed.returncode}, no result: {' | '.join(tail)}",
    }


def summarise(values: Sequence[float]) -> dict[str, float]:
    ordered = sorted(values)
    stats = {
        "median": statistics.median(ordered),
        "min": ordered[0],
        "max": ordered[-1],
        "n": len(ordered),
    }
    if len(ordered) >= 2:
        q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
        stats["q1"], stats["q3"] = q1, q3
    return stats


def case_stats(result: CaseResult) -> dict[str, dict[str, float]]:
    metrics: dict[str, list[float]] = {}
    for run in result.runs:
        for key, value in (run or {}).items():
            metrics.setdefault(key, []).append(float(value))
    return {key: summarise(values) for key, values in metrics.items()}


def _holds(value: float, op: str, target: float) -> bool:
    return {
        "<=": value <= target,
        ">=": value >= target,
        "<": value < target,
        ">": value > target,
    }[op]


def evaluate(comparison: Comparison, results: dict[str, CaseResult]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "label": comparison.label,
        "ours": {"case": comparison.ours[0], "metric": comparison.ours[1]},
        "goal": list(comparison.goal) if comparison.goal else None,
    }
    ours = results.get(comparison.ours[0])
    names = [comparison.ours[0]]
    if not isinstance(comparison.baseline, int | float):
        names.append(comparison.baseline[0])
    missing = [n for n in names if n not in results or results[n].status != "ok"]
    if missing or ours is None:
        reasons = [
            f"{n}: {results[n].reason}" if n in results else f"{n}: not in this run"
            for n in missing
        ]
        crashed = any(n in results and results[n].status == "error" for n in missing)
        row["status"] = "error" if crashed else "skipped"
        row["reason"] = "; ".join(reasons)
        return row
    ours_stats = case_stats(ours).get(comparison.ours[1])
    if ours_stats is None:
        return {**row, "status": "error", "reason": f"no metric {comparison.ours[1]!r}"}
    row["ours"]["median"] = ours_stats["median"]
    if isinstance(comparison.baseline, int | float):
        row["baseline"] = {"constant": float(comparison.baseline)}
        value = ours_stats[comparison.stat]
        row["value"] = value
        row["stat"] = comparison.stat
        row["spread"] = [ours_stats["min"], ours_stats["max"]]
    else:
        base = results[comparison.baseline[0]]
        base_stats = case_stats(base).get(comparison.baseline[1])
        if base_stats is None or base_stats["median"] == 0:
            return {**row, "status": "error", "reason": f"no metric {comparison.baseline!r}"}
        row["baseline"] = {
            "case": comparison.baseline[0],
            "metric": comparison.baseline[1],
            "median": base_stats["median"],
        }
        value = ours_stats["median"] / base_stats["median"]
        row["ratio"] = value
        paired = [
            a[comparison.ours[1]] / b[comparison.baseline[1]]
            for a, b in zip(ours.runs, base.runs, strict=False)
            if a and b and b.get(comparison.baseline[1])
        ]
        if paired:
            row["spread"] = [min(paired), max(paired)]  # per-repetition ratios
    row["status"] = "ok"
    if comparison.goal:
        row["met"] = _holds(value, *comparison.goal)
    return row


def _selected(comparison: Comparison, results: dict[str, CaseResult]) -> bool:
    """Whether this run selected the cases of `comparison` (a subset leaves the others out)."""
    names = [comparison.ours[0]]
    if not isinstance(comparison.baseline, int | float):
        names.append(comparison.baseline[0])
    return all(name in results for name in names)


# --- report ---------------------------------------------------------------------------------


def _fmt(value: float | None) -> str:
    if value is None:
        return "–"
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def machine_info() -> dict[str, Any]:
    calibration = min(timeit.repeat("sum(range(10000))", number=200, repeat=5)) / 200 * 1e6
    versions: dict[str, str] = {}
    for name in VERSIONS:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit, dirty = "unknown", ""
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "load_average": list(os.getloadavg()),
        "calibration_sum_range_10000_us": round(calibration, 1),
        "versions": versions,
        "commit": commit + ("+dirty" if dirty else ""),
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }


def render_markdown(report: dict[str, Any]) -> str:
    meta = report["machine"]
    lines = [
        "# Benchmark results"
        + (" (quick smoke run: the numbers mean nothing)" if report["quick"] else ""),
        "",
        f"Command: `{report['command']}`  ",
        f"Commit {meta['commit']}, {meta['date']}; Python {meta['python']} on {meta['platform']},"
        f" {meta['cpus']} CPUs, load {', '.join(f'{x:.2f}' for x in meta['load_average'])};"
        f" calibration `sum(range(10000))` = {meta['calibration_sum_range_10000_us']} µs.  ",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()) + ".  ",
        f"{report['repeat']} repetition(s) per case, each in a fresh process; medians, with the"
        " range of per-repetition ratios (ABBA-interleaved) in brackets.",
        "",
        "## Goals (ratios measured in this run)",
        "",
        "| case | metric | ours | baseline | ratio | goal | met? |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for row in report["comparisons"]:
        goal = " ".join(str(x) for x in row["goal"]) if row["goal"] else "report"
        metric = row["ours"]["metric"]
        if row["status"] != "ok":
            lines.append(
                f"| {row['label']} | {metric} | – | – | – | {goal} |"
                f" {row['status']}: {row['reason']} |"
            )
            continue
        base = row["baseline"]
        if "constant" in base:
            baseline = _fmt(base["constant"])
            stat = "" if row.get("stat", "median") == "median" else f"{row['stat']} "
            ratio = (
                f"{stat}{_fmt(row['value'])} [{_fmt(row['spread'][0])}–{_fmt(row['spread'][1])}]"
            )
        else:
            baseline = f"{_fmt(base['median'])} ({base['case']})"
            spread = row.get("spread")
            ratio = f"**{row['ratio']:.2f}×**" + (
                f" [{spread[0]:.2f}–{spread[1]:.2f}]" if spread else ""
            )
        met = "–" if "met" not in row else ("yes" if row["met"] else "**no**")
        lines.append(
            f"| {row['label']} | {metric} | {_fmt(row['ours']['median'])} ({row['ours']['case']})"
            f" | {baseline} | {ratio} | {goal} | {met} |"
        )
    lines += [
        "",
        "## All measurements",
        "",
        "| case | metric | median | min–max | n | description |",
        "|---|---|---:|---:|---:|---|",
    ]
    for name, case in report["cases"].items():
        if case["status"] != "ok":
            lines.append(f"| {name} | – | – | – | – | {case['status']}: {case['reason']} |")
            continue
        for metric, stats in case["stats"].items():
            lines.append(
                f"| {name} | {metric} | {_fmt(stats['median'])} |"
                f" {_fmt(stats['min'])}–{_fmt(stats['max'])} | {stats['n']} |"
                f" {case['description']} |"
            )
    if report["skipped_modules"]:
        lines += ["", "## Skipped case modules", ""]
        for module, reason in report["skipped_modules"].items():
            lines.append(f"- `{module}`: skipped: {reason}")
    if report["servers"]:
        lines += ["", "## Servers", ""]
        for name, info in report["servers"].items():
            lines.append(f"- {name}: {info['url'] or 'not running: ' + str(info['reason'])}")
    return "\n".join(lines) + "\n"


# --- main -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smoke run: tiny sizes, 1 repetition")
    parser.add_argument("--repeat", type=int, default=None, help="repetitions (default 5; quick 1)")
    parser.add_argument("--only", action="append", default=[], help="glob on case names")
    parser.add_argument("--out", type=Path, default=None, help="results directory")
    parser.add_argument("--case-timeout", type=float, default=None, help="seconds per case run")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    args = parser.parse_args(argv)
    command = "python -m benchmarks" + (
        " " + shlex.join(argv if argv is not None else sys.argv[1:])
        if (argv if argv is not None else sys.argv[1:])
        else ""
    )
    repeat = args.repeat or (1 if args.quick else 5)
    case_timeout = args.case_timeout or (60.0 if args.quick else 240.0)
    out = args.out or RESULTS
    out.mkdir(parents=True, exist_ok=True)
    # results/latest.* is a full run's; a subset (--only) or a smoke run goes elsewhere.
    stem = "quick" if args.quick else ("subset" if args.only else "latest")

    suite = load_suite()
    selected = [
        (module, case)
        for module, case in suite.cases.values()
        if not args.only or any(fnmatch.fnmatch(case.name, p) for p in args.only)
    ]
    if args.list:
        for module, case in selected:
            print(f"{case.name:40} {module:28} {case.description}")
        for module, reason in suite.skipped_modules.items():
            print(f"{'(skipped)':40} {module:28} {reason}")
        return 0

    started = time.perf_counter()
    results = {case.name: CaseResult(module, case) for module, case in selected}
    needed = sorted({s for _, case in selected for s in case.servers})
    # Bounded lifetime: generous for the run, yet no server outlives a hung harness for long.
    lifetime = 120.0 + case_timeout * 2 + len(selected) * repeat * 30.0
    servers: dict[str, Server] = {}
    tmp = Path(tempfile.mkdtemp(prefix="coupang-bench-"))  # the TLS server's throwaway CA
    try:
        for name in needed:
            servers[name] = start_server(name, min(lifetime, 3600.0), out, tmp, args.quick)
            print(f"server {name}: {servers[name].url or servers[name].reason}", flush=True)
        urls = {name: s.url for name, s in servers.items() if s.url}
        if "raw_tls" in urls:
            urls["raw_tls.ca"] = str(tmp / "tls" / "ca.pem")
        ctx = {"quick": args.quick, "servers": urls}
        for rep in range(repeat):
            order = selected if rep % 2 == 0 else selected[::-1]  # ABBA
            for module, case in order:
                result = results[case.name]
                reps = 1 if args.quick else (case.repeat or repeat)
                if rep >= reps or result.status == "skipped":
                    continue
                missing = [s for s in case.servers if s not in urls]
                if missing:
                    result.status = "skipped"
                    result.reason = "; ".join(f"server {s}: {servers[s].reason}" for s in missing)
                    continue
                t0 = time.perf_counter()
                outcome = run_once(module, case, ctx, case_timeout)
                result.seconds += time.perf_counter() - t0
                status = outcome["status"]
                if status == "ok":
                    while len(result.runs) < rep:
                        result.runs.append(None)
                    result.runs.append(outcome["metrics"])
                    shown = ", ".join(f"{k}={_fmt(v)}" for k, v in outcome["metrics"].items())
                else:
                    result.status = status
                    result.reason = outcome.get("reason")
                    shown = f"{status}: {result.reason}"
                print(f"[{rep + 1}/{repeat}] {case.name}: {shown}", flush=True)
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    report: dict[str, Any] = {
        "command": command,
        "quick": args.quick,
        "repeat": repeat,
        "seconds": round(time.perf_counter() - started, 1),
        "machine": machine_info(),
        "servers": {n: {"url": s.url, "reason": s.reason} for n, s in servers.items()},
        "cases": {
            name: {
                "module": r.module,
                "description": r.case.description,
                "status": r.status,
                "reason": r.reason,
                "seconds": round(r.seconds, 2),
                "runs": r.runs,
                "stats": case_stats(r) if r.status == "ok" else {},
            }
            for name, r in results.items()
        },
        "comparisons": [evaluate(c, results) for c in suite.comparisons if _selected(c, results)],
        "skipped_modules": suite.skipped_modules,
    }
    (out / f"{stem}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    markdown = render_markdown(report)
    (out / f"{stem}.md").write_text(markdown)
    print()
    print(markdown)
    print(f"wrote {out / (stem + '.json')} and {out / (stem + '.md')} in {report['seconds']} s")
    errors = [name for name, r in results.items() if r.status == "error"]
    if errors:
        print(f"cases that crashed: {', '.join(errors)}", file=sys.stderr)
        return 1
    return 0
