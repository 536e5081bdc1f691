package com.wcheckout.testing

// The records the sandbox's operations return. UniFFI generates them with the native objects
// behind Sandbox and WebhookInbox, in com.wcheckout.ffi (the core's types alone make up
// com.wcheckout); these aliases are their names here. From Java, import them from com.wcheckout.ffi.

/** What [Sandbox.pay] did: the order afterwards, the transaction hash, any abnormal payment. */
typealias SandboxPayment = com.wcheckout.ffi.SandboxPayment

/** The business clock: its offset from real time and the time it shows. */
typealias SandboxClock = com.wcheckout.ffi.SandboxClock

/** Everything the sandbox holds ([Sandbox.state]). */
typealias SandboxState = com.wcheckout.ffi.SandboxState

/** How many of each record the sandbox holds. */
typealias SandboxCounts = com.wcheckout.ffi.SandboxCounts

/** One event the sandbox raised, with its delivery attempts ([Sandbox.webhooks]). */
typealias SandboxWebhookDelivery = com.wcheckout.ffi.SandboxWebhookDelivery

/** One delivery attempt of a [SandboxWebhookDelivery]. */
typealias SandboxWebhookAttempt = com.wcheckout.ffi.SandboxWebhookAttempt

/** A verified delivery a [WebhookInbox] kept. */
typealias SandboxReceivedWebhook = com.wcheckout.ffi.SandboxReceivedWebhook

/** A delivery a [WebhookInbox] refused (answered 400). */
typealias SandboxRejectedWebhook = com.wcheckout.ffi.SandboxRejectedWebhook
