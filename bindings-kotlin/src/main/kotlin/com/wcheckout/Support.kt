package com.wcheckout

import com.wcheckout.ffi.abnormalPaymentStatusFromWire
import com.wcheckout.ffi.abnormalPaymentTypeFromWire
import com.wcheckout.ffi.eventTypeFromWire
import com.wcheckout.ffi.ffiAmountFromJson
import com.wcheckout.ffi.ffiCanonicalize
import com.wcheckout.ffi.ffiErrorCodes
import com.wcheckout.ffi.ffiNowMillis
import com.wcheckout.ffi.ffiParseAmount
import com.wcheckout.ffi.ffiParseEnvelope
import com.wcheckout.ffi.orderStatusFromWire
import com.wcheckout.ffi.refundStatusFromWire
import com.wcheckout.ffi.sdkVersion
import com.wcheckout.ffi.settleStatusFromWire
import com.wcheckout.ffi.tokenFromWire
import java.math.BigDecimal

/** Library-wide helpers, all backed by the Rust core. */
object WCheckout {
    /** The core SDK version, as sent in the User-Agent. */
    @JvmStatic
    val version: String by lazy { sdkVersion() }

    /** The body to answer a verified webhook with, with HTTP 200. */
    @JvmStatic
    val webhookAcknowledgement: String by lazy { com.wcheckout.ffi.webhookAcknowledgement() }

    /** Every stable error code the core can report. */
    @JvmStatic
    val errorCodes: List<String> by lazy { ffiErrorCodes() }

    /** Parses decimal text (`"12.50"`, `"1.5e2"`) exactly, as the SDK does; throws [WCheckoutException.InvalidAmount]. */
    @Throws(WCheckoutException::class)
    @JvmStatic
    fun parseAmount(text: String): BigDecimal = native { ffiParseAmount(text) }

    /** Reads an amount from the raw JSON text of one value: a number literal or a decimal string. */
    @Throws(WCheckoutException::class)
    @JvmStatic
    fun amountFromJson(json: String): BigDecimal = native { ffiAmountFromJson(json) }

    /**
     * Interprets a W Checkout response envelope as the client does: returns `retdata` as JSON
     * text (`"null"` when absent) or throws [WCheckoutException.Api] / [WCheckoutException.Decode].
     */
    @Throws(WCheckoutException::class)
    @JvmStatic
    fun parseEnvelope(httpStatus: Int, body: ByteArray): String = native { ffiParseEnvelope(httpStatus, body) }

    /** Removes whitespace outside strings, exactly as the client does before signing a raw body. */
    @Throws(WCheckoutException::class)
    @JvmStatic
    fun canonicalize(json: String): String = native { ffiCanonicalize(json) }
}

/** Milliseconds since the Unix epoch (the `TIMESTAMP` header value). */
fun nowMillis(): Long = if (NativeJni.available) NativeJni.nowMillis() else ffiNowMillis()

/** `Token.fromWire("ETH_USDT")`; unknown text gives `Token.Unknown`. */
fun Token.Companion.fromWire(wire: String): Token = tokenFromWire(wire)

/** `OrderStatus.fromWire("PAID")`; unknown text gives `OrderStatus.Unknown`. */
fun OrderStatus.Companion.fromWire(wire: String): OrderStatus = orderStatusFromWire(wire)

/** `RefundStatus.fromWire("REFUNDED")`; unknown text gives `RefundStatus.Unknown`. */
fun RefundStatus.Companion.fromWire(wire: String): RefundStatus = refundStatusFromWire(wire)

/** `SettleStatus.fromWire("SETTLED")`; unknown text gives `SettleStatus.Unknown`. */
fun SettleStatus.Companion.fromWire(wire: String): SettleStatus = settleStatusFromWire(wire)

/** `AbnormalPaymentType.fromWire("OVER_PAID")`. */
fun AbnormalPaymentType.Companion.fromWire(wire: String): AbnormalPaymentType = abnormalPaymentTypeFromWire(wire)

/** `AbnormalPaymentStatus.fromWire("PENDING")`. */
fun AbnormalPaymentStatus.Companion.fromWire(wire: String): AbnormalPaymentStatus =
    abnormalPaymentStatusFromWire(wire)

/** `EventType.fromWire("CHECKOUT_ORDER_CHANGED")`. */
fun EventType.Companion.fromWire(wire: String): EventType = eventTypeFromWire(wire)
