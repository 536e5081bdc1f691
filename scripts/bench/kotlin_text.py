#!/usr/bin/env python3
"""Reads the text the Kotlin benchmark prints today (bindings-kotlin/scripts/bench.sh, the SDK
through UniFFI/JNA against javax.crypto.Mac and Jackson) into `make bench-all` rows.

A Kotlin bench that takes `--json FILE` and writes its rows itself (same fields as the other
languages, names kotlin.*) replaces this reader: scripts/bench/all.sh only calls it when bench.sh
has no `--json` option. The figures read here are the Kotlin bench's own medians of 5 one-second rounds per
case, measured one case after another rather than in alternating rounds; each row says so.

    python3 scripts/bench/kotlin_text.py kotlin.log kotlin.json
"""

from __future__ import annotations

import json
import re
import sys
from typing import Dict, List, Optional

NOTE = "from the existing JNA benchmark (UniFFI, no JNI path yet); cases timed one after another, not alternating"
LINE = re.compile(r"^\s+(?P<label>.+?)\s{2,}(?P<ns>[\d,.]+) ns/op")


def find(cases: Dict[str, float], *needles: str) -> Optional[float]:
    for label, ns in cases.items():
        if all(n.lower() in label.lower() for n in needles):
            return ns
    return None


def main(argv: List[str]) -> None:
    log, out = argv
    cases: Dict[str, float] = {}
    with open(log, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = LINE.match(line)
            if m:
                cases[m.group("label").strip()] = float(m.group("ns").replace(",", ""))

    def row(name: str, sdk: str, sdk_ns: Optional[float], baseline: str, baseline_ns: Optional[float]) -> dict:
        ok = sdk_ns is not None and baseline_ns is not None and sdk_ns > 0
        return {
            "name": name,
            "language": "kotlin",
            "sdk": sdk,
            "sdk_ns": sdk_ns,
            "baseline": baseline,
            "baseline_ns": baseline_ns,
            "ratio": round(baseline_ns / sdk_ns, 3) if ok else None,  # type: ignore[operator]
            "note": NOTE if ok else "not measured: the Kotlin benchmark printed no figure for it",
        }

    rows = [
        row("kotlin.crossing", "empty native call (nowMillis) through JNA", find(cases, "empty native call"),
            "goal: 1 µs", 1000.0),
        row("kotlin.sign", "signRequest(signKey, …) one-shot", find(cases, "SDK signRequest"),
            "Mac.getInstance + init + doFinal + Base64", find(cases, "JVM Mac.getInstance")),
        row("kotlin.webhook", "WebhookVerifier.verify → typed event", find(cases, "SDK WebhookVerifier"),
            "Mac + MessageDigest.isEqual + Jackson tree", find(cases, "JVM HmacSHA512 + constant-time")),
        row("kotlin.call_vs_httpclient", "", None, "java.net.http.HttpClient + Mac", None),
    ]
    rows[-1]["note"] = "not measured: main has no Kotlin whole-call benchmark yet (Kotlin JNI work pending)"
    with open(out, "w") as f:
        json.dump(rows, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1:])
