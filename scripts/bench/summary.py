#!/usr/bin/env python3
"""Merges the rows of `make bench-all` (target/bench/<language>.json) into target/bench/summary.json
and prints them as one table, with the goal of issue 15 beside each ratio.

summary.json is a list of {"name", "language", "sdk_ns", "baseline", "baseline_ns", "ratio"} (plus
"sdk", "goal", "met" and, where a row is not what its name promises, "note"). ratio is
baseline_ns / sdk_ns: above 1 the SDK is faster. A row a bench did not produce is listed with
null figures, so a missing measurement is visible rather than silently absent.

    python3 scripts/bench/summary.py target/bench [--markdown]
"""

from __future__ import annotations

import json
import os
import platform
import sys
from typing import Any, Dict, List, Optional

# name → (language, minimum ratio goal or None). The order is the table's.
GOALS: Dict[str, tuple] = {
    "rust.sign_vs_hmac": ("rust", 0.95),
    "rust.call_vs_ureq": ("rust", 0.9),
    "rust.call_vs_ureq.concurrent8": ("rust", 0.9),
    "python.sign": ("python", 2.0),
    "python.webhook": ("python", 2.0),
    "python.call_vs_requests": ("python", 1.0),
    "python.call_vs_requests.concurrent8": ("python", 1.0),
    "python.call_vs_httpx": ("python", 1.0),
    "python.call_vs_httpx.concurrent8": ("python", 1.0),
    "python.list_vs_requests": ("python", 1.0),
    "python.threads8": ("python", 5.0),
    "node.sign": ("node", 1.5),
    "node.webhook": ("node", 1.2),
    "node.call_vs_fetch": ("node", 1.0),
    "node.call_vs_fetch.concurrent8": ("node", 1.0),
    "node.concurrent8": ("node", 6.0),
    "kotlin.crossing": ("kotlin", 1.0),
    "kotlin.sign": ("kotlin", 0.5),
    "kotlin.webhook": ("kotlin", 0.5),
    "kotlin.call_vs_httpclient": ("kotlin", 1.0),
}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = ", load average %.1f" % os.getloadavg()[0]
    pinned = os.environ.get("BENCH_PINNED_CPU", "none")
    where = "" if pinned == "none" else f", sandboxes and benches pinned to CPU {pinned}"
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}{load}{where}"


def fmt_ns(ns: Optional[float]) -> str:
    if ns is None:
        return "—"
    if ns >= 1_000_000:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1_000:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


def load_rows(folder: str) -> List[Dict[str, Any]]:
    rows: Dict[str, Dict[str, Any]] = {}
    for lang in ("rust", "python", "node", "kotlin"):
        path = os.path.join(folder, f"{lang}.json")
        if not os.path.exists(path):
            continue
        with open(path) as f:
            for r in json.load(f):
                rows[r["name"]] = r
    out: List[Dict[str, Any]] = []
    for name in list(GOALS) + sorted(set(rows) - set(GOALS)):
        lang, goal = GOALS.get(name, (name.split(".")[0], None))
        r = dict(rows.get(name) or {"name": name, "language": lang, "sdk_ns": None, "baseline": None,
                                    "baseline_ns": None, "ratio": None, "note": "not measured in this run"})
        if r.get("ratio") is None and r.get("sdk_ns") and r.get("baseline_ns"):
            r["ratio"] = round(r["baseline_ns"] / r["sdk_ns"], 3)
        r["goal"] = goal
        r["met"] = None if goal is None or r.get("ratio") is None else r["ratio"] >= goal
        out.append(r)
    return out


def table(rows: List[Dict[str, Any]]) -> str:
    head = ["name", "SDK", "baseline", "SDK time", "baseline time", "ratio", "goal", ""]
    lines = [head]
    for r in rows:
        ratio = "—" if r.get("ratio") is None else f"{r['ratio']:.2f}"
        goal = "" if r.get("goal") is None else f"≥ {r['goal']:g}"
        met = {True: "met", False: "NOT MET", None: ""}[r.get("met")]
        if r.get("note"):
            met = (met + " *").strip()
        lines.append([r["name"], r.get("sdk") or "", r.get("baseline") or "", fmt_ns(r.get("sdk_ns")),
                      fmt_ns(r.get("baseline_ns")), ratio, goal, met])
    return "\n".join("| " + " | ".join(cells) + " |" if i else "| " + " | ".join(cells) + " |\n|" +
                     "|".join("---" for _ in cells) + "|" for i, cells in enumerate(lines))


def main(argv: List[str]) -> None:
    folder = argv[0] if argv else "target/bench"
    rows = load_rows(folder)
    with open(os.path.join(folder, "summary.json"), "w") as f:
        json.dump(rows, f, indent=1, ensure_ascii=False)
    print(f"\nMachine: {machine()}\n")
    print(table(rows))
    notes = [r for r in rows if r.get("note")]
    if notes:
        print()
        for r in notes:
            print(f"* {r['name']}: {r['note']}")
    print(f"\nwritten: {os.path.join(folder, 'summary.json')}")


if __name__ == "__main__":
    main(sys.argv[1:])
