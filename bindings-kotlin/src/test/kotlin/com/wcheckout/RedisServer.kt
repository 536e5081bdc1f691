package com.wcheckout

import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.Assumptions.assumeTrue

/**
 * A real `redis-server` on a free loopback port, persistence off; [close] kills it. Without
 * redis-server installed: a failure when WCHECKOUT_REQUIRE_REDIS=1 (make test installs it), a
 * skipped test otherwise.
 */
class RedisServer : AutoCloseable {
    val port: Int
    private val process: Process

    init {
        val installed = runCatching { ProcessBuilder("redis-server", "--version").start().waitFor() == 0 }.getOrDefault(false)
        if (!installed) {
            check(System.getenv("WCHECKOUT_REQUIRE_REDIS") != "1") { "redis-server is not installed (scripts/ensure-redis.sh installs it)" }
            assumeTrue(false, "redis-server not installed")
        }
        var started: Pair<Int, Process>? = null
        repeat(5) {
            if (started != null) return@repeat
            val p = ServerSocket(0).use { it.localPort }
            val proc = ProcessBuilder(
                "redis-server", "--port", "$p", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--loglevel", "warning",
            ).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start()
            val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
            while (System.nanoTime() < deadline && proc.isAlive) {
                if (command(p, "PING").startsWith("+PONG")) {
                    started = p to proc
                    break
                }
                Thread.sleep(20)
            }
            if (started == null) proc.destroyForcibly().waitFor()
        }
        val (p, proc) = checkNotNull(started) { "redis-server did not start" }
        port = p
        process = proc
    }

    val url: String get() = "redis://127.0.0.1:$port/0"

    fun command(line: String): String = command(port, line)

    override fun close() {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS)
    }

    private companion object {
        fun command(port: Int, line: String): String = try {
            Socket("127.0.0.1", port).use { s ->
                s.soTimeout = 2000
                s.getOutputStream().write("$line\r\n".toByteArray())
                val buf = ByteArray(65536)
                val n = s.getInputStream().read(buf)
                if (n <= 0) "" else String(buf, 0, n)
            }
        } catch (e: java.io.IOException) {
            ""
        }
    }
}
