package com.wcheckout

import java.io.File
import java.io.InputStream
import java.io.OutputStream
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.net.URI
import java.nio.file.Files
import java.security.KeyFactory
import java.security.KeyStore
import java.security.cert.CertificateFactory
import java.security.spec.PKCS8EncodedKeySpec
import java.util.Base64
import java.util.Collections
import java.util.UUID
import javax.net.ssl.KeyManagerFactory
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLServerSocket

/**
 * Loopback network pieces for the trust and proxy tests (real TLS, real tunnels, no mocks): a
 * private CA made with the `openssl` command line tool, an HTTPS front (JSSE) forwarding to the
 * sandbox, and an HTTP CONNECT proxy recording the tunnels asked of it. All on 127.0.0.1.
 */
class PrivateCa : AutoCloseable {
    val dir: File = Files.createTempDirectory("wcheckout-ca-").toFile()
    val caPem: File = File(dir, "ca.pem")
    private val cert = File(dir, "server.pem")
    private val key = File(dir, "server.key")

    init {
        File(dir, "server.ext").writeText(
            "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n" +
                "subjectAltName=DNS:localhost,IP:127.0.0.1\n",
        )
        val ec = arrayOf("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes")
        openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=wcheckout test CA ${UUID.randomUUID().toString().take(8)}",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        openssl("req", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost")
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "server.pem", "-days", "2", "-extfile", "server.ext")
    }

    private fun openssl(vararg args: String) {
        val p = ProcessBuilder("openssl", *args).directory(dir).redirectErrorStream(true).start()
        val out = p.inputStream.readBytes().decodeToString()
        check(p.waitFor() == 0) { "openssl ${args.first()} failed: $out" }
    }

    private fun pemBody(file: File): ByteArray =
        Base64.getMimeDecoder().decode(file.readText().lines().filter { !it.startsWith("-----") }.joinToString(""))

    /** The server's SSLContext (certificate and key from the files openssl wrote). */
    fun serverContext(): SSLContext {
        val chain = CertificateFactory.getInstance("X.509").generateCertificates(cert.inputStream()).toTypedArray()
        val privateKey = KeyFactory.getInstance("EC").generatePrivate(PKCS8EncodedKeySpec(pemBody(key)))
        val store = KeyStore.getInstance("PKCS12").apply { load(null, null); setKeyEntry("server", privateKey, CharArray(0), chain) }
        val kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm()).apply { init(store, CharArray(0)) }
        return SSLContext.getInstance("TLS").apply { init(kmf.keyManagers, null, null) }
    }

    /** A PKCS12 trust store holding the CA (for `-Djavax.net.ssl.trustStore`). */
    fun trustStore(password: String): File {
        val ca = CertificateFactory.getInstance("X.509").generateCertificate(caPem.inputStream())
        val store = KeyStore.getInstance("PKCS12").apply { load(null, null); setCertificateEntry("ca", ca) }
        return File(dir, "truststore.p12").also { f -> f.outputStream().use { store.store(it, password.toCharArray()) } }
    }

    override fun close() {
        dir.deleteRecursively()
    }
}

private fun pipe(from: InputStream, to: OutputStream, vararg close: Socket) {
    Thread({
        try {
            from.copyTo(to)
        } catch (_: Exception) {
        } finally {
            close.forEach { runCatching { it.close() } }
        }
    }, "pipe").apply { isDaemon = true }.start()
}

/** Accepts connections on 127.0.0.1 until closed, one thread per connection. */
abstract class LoopbackServer(protected val server: ServerSocket) : AutoCloseable {
    val port: Int get() = server.localPort
    private val sockets: MutableSet<Socket> = Collections.synchronizedSet(mutableSetOf())
    private val acceptor = Thread({
        while (!server.isClosed) {
            val s = try { server.accept() } catch (_: Exception) { break }
            sockets += s
            Thread({ runCatching { handle(s) } }, "loopback-conn").apply { isDaemon = true }.start()
        }
    }, "loopback-accept").apply { isDaemon = true }

    protected fun startAccepting() = acceptor.start()

    protected fun track(s: Socket): Socket = s.also { sockets += it }

    abstract fun handle(client: Socket)

    override fun close() {
        server.close()
        synchronized(sockets) { sockets.forEach { runCatching { it.close() } } }
        acceptor.join(5_000)
    }
}

/** `https://127.0.0.1:PORT` in front of [upstreamUrl], with [ca]'s server certificate. */
class TlsFront(ca: PrivateCa, upstreamUrl: String) :
    LoopbackServer(ca.serverContext().serverSocketFactory.createServerSocket(0, 50, InetAddress.getLoopbackAddress()) as SSLServerSocket) {
    private val upstream = URI(upstreamUrl)
    val url: String get() = "https://127.0.0.1:$port"
    val localhostUrl: String get() = "https://localhost:$port"

    init {
        startAccepting()
    }

    override fun handle(client: Socket) {
        val up = track(Socket(upstream.host, upstream.port))
        pipe(client.getInputStream(), up.getOutputStream(), client, up)
        pipe(up.getInputStream(), client.getOutputStream(), client, up)
    }
}

/** An HTTP CONNECT proxy; [tunnels] lists (target, Proxy-Authorization) asked for. */
class ConnectProxy(credentials: String? = null) :
    LoopbackServer(ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
    private val required = credentials?.let { "Basic " + Base64.getEncoder().encodeToString(it.toByteArray()) }
    val tunnels: MutableList<Pair<String, String?>> = Collections.synchronizedList(mutableListOf())
    val url: String get() = "http://127.0.0.1:$port"

    init {
        startAccepting()
    }

    override fun handle(client: Socket) {
        val input = client.getInputStream()
        val head = StringBuilder()
        while (!head.endsWith("\r\n\r\n")) {
            val b = input.read()
            if (b < 0) return client.close()
            head.append(b.toChar())
        }
        val lines = head.split("\r\n")
        val (method, target) = lines[0].split(" ").let { it[0] to it[1] }
        val auth = lines.drop(1).firstOrNull { it.lowercase().startsWith("proxy-authorization:") }?.substringAfter(':')?.trim()
        tunnels += target to auth
        val out = client.getOutputStream()
        if (method != "CONNECT" || (required != null && auth != required)) {
            out.write("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n".toByteArray())
            out.flush()
            client.close()
            return
        }
        val up = track(Socket(target.substringBeforeLast(':'), target.substringAfterLast(':').toInt()))
        out.write("HTTP/1.1 200 Connection Established\r\n\r\n".toByteArray())
        out.flush()
        pipe(input, up.getOutputStream(), client, up)
        pipe(up.getInputStream(), out, client, up)
    }
}
