#!/usr/bin/env python3
"""Turns every ```kotlin and ```java block of README.md into test sources, so Maven's
test-compile fails when the README shows code the library's API does not accept.

Run by Maven (generate-test-sources) as ``readme_snippets.py README.md OUT_DIR``; writes
``OUT_DIR/com/wcheckout/readme/ReadmeKotlin.kt`` (each block the body of a ``suspend fun``, its
imports hoisted) and ``ReadmeJava.java`` (each block the body of a static method). The names the
blocks use without defining them (``client``, ``signKey``, ``fulfil``, …) are declared in the
preludes below; nothing here ever runs.
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

KOTLIN_PRELUDE = """\
@file:Suppress("UNUSED_VARIABLE", "unused", "UNUSED_PARAMETER", "UNREACHABLE_CODE", "NAME_SHADOWING", "RedundantSuspendModifier")

package com.wcheckout.readme

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import com.wcheckout.*
import java.math.BigDecimal
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
{imports}

// What the README's blocks use without defining it.
private val client: WCheckoutClient get() = TODO()
private val apiKey: String get() = TODO()
private val apiSecret: String get() = TODO()
private val signKey: String get() = TODO()
private val request: CreateCheckoutOrderRequest get() = TODO()
private val scope: CoroutineScope get() = TODO()
private fun handleOnce(event: WebhookEvent) {{}}
private val ts: String get() = TODO()
private val bytes: ByteArray get() = TODO()
private val orderNos: List<String> get() = TODO()
private val server: HttpServer get() = TODO()
private fun fulfil(orderNo: String, amount: BigDecimal?) {{}}
private fun log(value: Any?) {{}}
private fun review(abnormalPaymentNo: String?, amount: BigDecimal?) {{}}
private fun ship(order: CheckoutOrder) {{}}
private fun HttpExchange.respond(status: Int, body: String) {{}}
private object metrics {{ fun record(path: String, elapsedMs: Long) {{}} }}
"""

JAVA_PRELUDE = """\
package com.wcheckout.readme;

import com.wcheckout.*;
import java.math.BigDecimal;

/** The README's Java blocks (compiled, never run). */
@SuppressWarnings("unused")
final class ReadmeJava {
    private ReadmeJava() {}
"""


def main() -> int:
    readme, out = Path(sys.argv[1]), Path(sys.argv[2])
    text = readme.read_text(encoding="utf-8")
    kotlin = re.findall(r"```kotlin\n(.*?)```", text, re.S)
    java = re.findall(r"```java\n(.*?)```", text, re.S)
    if not kotlin:
        print(f"{readme}: no kotlin blocks", file=sys.stderr)
        return 1
    target = out / "com" / "wcheckout" / "readme"
    target.mkdir(parents=True, exist_ok=True)

    imports: list[str] = []
    bodies = []
    for i, block in enumerate(kotlin, 1):
        lines = block.splitlines()
        imports += [line for line in lines if line.startswith("import ")]
        body = "\n".join(line for line in lines if not line.startswith("import "))
        bodies.append(f"// README kotlin block {i}\nprivate suspend fun block{i}() {{\n{textwrap.indent(body, '    ')}\n}}\n")
    known = set(KOTLIN_PRELUDE.splitlines())
    extra = "\n".join(sorted({i for i in imports if i not in known and i != "import com.wcheckout.*"}))
    source = KOTLIN_PRELUDE.format(imports=extra) + "\n" + "\n".join(bodies)
    (target / "ReadmeKotlin.kt").write_text(source, encoding="utf-8")

    methods = []
    for i, block in enumerate(java, 1):
        methods.append(
            f"    // README java block {i}\n"
            f"    static void block{i}(String apiKey, String apiSecret, String signKey) throws Exception {{\n"
            f"{textwrap.indent(block.rstrip(), ' ' * 8)}\n    }}\n"
        )
    (target / "ReadmeJava.java").write_text(JAVA_PRELUDE + "\n".join(methods) + "}\n", encoding="utf-8")
    print(f"kotlin: {len(kotlin)} kotlin and {len(java)} java README blocks written to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
