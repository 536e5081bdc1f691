package com.wcheckout.testing

import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.api.extension.ExtensionContext
import org.junit.jupiter.api.extension.ParameterContext
import org.junit.jupiter.api.extension.ParameterResolver

/**
 * Injects a [Sandbox] into a JUnit 5 test, lifecycle method or constructor parameter:
 *
 * ```kotlin
 * @Test
 * fun paidOrder(@WCheckoutSandbox sb: Sandbox) { … }
 * ```
 *
 * A test method and its `@BeforeEach` / `@AfterEach` methods share one fresh sandbox, closed after
 * the test; a `@BeforeAll` or constructor parameter gets one sandbox for the class. Parameters
 * with different settings get different sandboxes. The annotation registers
 * [WCheckoutSandboxExtension] by itself; JUnit is needed only by tests (it is not a dependency of
 * the library).
 */
@Target(AnnotationTarget.VALUE_PARAMETER)
@Retention(AnnotationRetention.RUNTIME)
@MustBeDocumented
@ExtendWith(WCheckoutSandboxExtension::class)
annotation class WCheckoutSandbox(
    val apiKey: String = DEMO_API_KEY,
    val apiSecret: String = DEMO_API_SECRET,
    val signKey: String = DEMO_SIGN_KEY,
    val tokenPolicy: TokenPolicy = TokenPolicy.SUPERSEDE,
    val timeScale: Double = 0.001,
    val responseSignature: ResponseSignatureMode = ResponseSignatureMode.FULL,
)

/** The JUnit 5 extension behind [WCheckoutSandbox]. */
class WCheckoutSandboxExtension : ParameterResolver {
    override fun supportsParameter(parameterContext: ParameterContext, extensionContext: ExtensionContext): Boolean =
        parameterContext.isAnnotated(WCheckoutSandbox::class.java) &&
            parameterContext.parameter.type == Sandbox::class.java

    @Suppress("DEPRECATION") // getOrComputeIfAbsent: the name every JUnit 5 release has
    override fun resolveParameter(parameterContext: ParameterContext, extensionContext: ExtensionContext): Any {
        val a = parameterContext.findAnnotation(WCheckoutSandbox::class.java).orElseThrow()
        val key = listOf(a.apiKey, a.apiSecret, a.signKey, a.tokenPolicy, a.timeScale, a.responseSignature)
        val store = extensionContext.getStore(NAMESPACE)
        val held = store.getOrComputeIfAbsent(key, {
            Held(
                Sandbox.start(
                    apiKey = a.apiKey,
                    apiSecret = a.apiSecret,
                    signKey = a.signKey,
                    tokenPolicy = a.tokenPolicy,
                    timeScale = a.timeScale,
                    responseSignature = a.responseSignature,
                ),
            )
        }, Held::class.java)
        return held.sandbox
    }

    /** Closed by JUnit when its scope (the test, or the class) ends. */
    @Suppress("DEPRECATION") // CloseableResource: what JUnit 5 before 5.13 closes; 5.13+ also closes AutoCloseable.
    private class Held(val sandbox: Sandbox) : ExtensionContext.Store.CloseableResource, AutoCloseable {
        override fun close() = sandbox.close()
    }

    private companion object {
        val NAMESPACE: ExtensionContext.Namespace = ExtensionContext.Namespace.create(WCheckoutSandboxExtension::class.java)
    }
}
