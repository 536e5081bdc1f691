package com.wcheckout

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.databind.node.ArrayNode
import com.fasterxml.jackson.databind.node.ObjectNode
import com.wcheckout.ffi.ffiModelSchema
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.math.BigDecimal
import kotlin.reflect.KClass
import kotlin.reflect.KType
import kotlin.reflect.KVisibility
import kotlin.reflect.full.declaredFunctions
import kotlin.reflect.full.memberProperties
import kotlin.reflect.full.primaryConstructor

/**
 * The guard that the Kotlin types are the core's: the native library hands over the core's own
 * description of every model and enum (`wcheckout::schema`, derived from the Rust types), and
 * each field must be a property of the generated class in `com.wcheckout` with the camelCase
 * name, the matching type, and nullable exactly when the core field is optional; each enum value
 * must be a case. A field added to a core model either shows up here or fails this test.
 */
class ModelGuardTest {
    private val schema: JsonNode = ObjectMapper().readTree(ffiModelSchema())

    @Test
    fun everyCoreModelFieldIsAKotlinPropertyOfTheSameTypeAndNullability() {
        val models = schema["models"].toList()
        assertEquals(
            setOf("request", "response", "event"),
            models.map { it["role"].asText() }.toSet(),
            "the schema lists requests, responses and events",
        )
        assertTrue(models.size >= 18, "only ${models.size} models in the schema")
        assertEquals(emptyList<String>(), models.flatMap(::problems))
    }

    @Test
    fun everyCoreEnumValueIsAKotlinCase() {
        val enums = schema["enums"].toList()
        assertTrue(enums.size >= 7, "only ${enums.size} enums in the schema")
        for (spec in enums) {
            val name = spec["name"].asText()
            val cls = Class.forName("com.wcheckout.$name").kotlin
            val known = cls.sealedSubclasses.filter { it.simpleName != "Unknown" }
            val wires = known.map { wire(requireNotNull(it.objectInstance) { "$name.${it.simpleName} is not an object" }) }
            assertEquals(spec["values"].map { it.asText() }.toSet(), wires.toSet(), name)
            assertEquals(spec["values"].size(), wires.size, name)
            // And the case for values added later keeps the text.
            val unknown = cls.sealedSubclasses.single { it.simpleName == "Unknown" }
            assertEquals("NOT_YET_KNOWN", wire(unknown.primaryConstructor!!.call("NOT_YET_KNOWN")))
        }
    }

    /** The guard itself can fail: a field the Kotlin class lacks, or with the wrong nullability, is reported. */
    @Test
    fun theGuardReportsAMissingFieldAndAWrongNullability() {
        val order = schema["models"].single { it["name"].asText() == "CheckoutOrder" }.deepCopy<ObjectNode>()
        assertEquals(emptyList<String>(), problems(order))
        val fields = order["fields"] as ArrayNode
        fields.addObject().put("wire", "notInKotlinYet").put("name", "not_in_kotlin_yet").put("kind", "text").put("required", false)
        (fields.single { it["name"].asText() == "order_no" } as ObjectNode).put("required", false)
        assertEquals(
            listOf("CheckoutOrder.notInKotlinYet: no such property", "CheckoutOrder.orderNo: nullable=false, core required=false"),
            problems(order).sorted(),
        )
    }

    /**
     * Java cannot call a constructor taking `UInt`/`ULong`: every such request has a factory in
     * [JavaRequests] whose parameters are the constructor's (names, order, nullability), with
     * `Int`/`Long` for the unsigned ones.
     */
    @Test
    fun javaRequestsCoverEveryRecordWithUnsignedFieldsParameterForParameter() {
        val unsigned = mapOf<KClass<*>, KClass<*>>(UInt::class to Int::class, ULong::class to Long::class)
        val factories = JavaRequests::class.declaredFunctions.filter { it.visibility == KVisibility.PUBLIC }
            .associateBy { it.returnType.classifier }
        // Requests: what callers construct (responses and events are only read).
        val needing = schema["models"].filter { it["role"].asText() == "request" }
            .map { Class.forName("com.wcheckout.${it["name"].asText()}").kotlin }
            .filter { cls -> cls.primaryConstructor!!.parameters.any { it.type.classifier in unsigned } }
        assertTrue(needing.size >= 5, "$needing")
        assertEquals(needing.toSet(), factories.keys, "JavaRequests has a factory for exactly these")
        for (cls in needing) {
            val expected = cls.primaryConstructor!!.parameters.map {
                Triple(it.name, unsigned[it.type.classifier] ?: it.type.classifier, it.type.isMarkedNullable)
            }
            val actual = factories.getValue(cls).parameters.drop(1) // the object instance
                .map { Triple(it.name, it.type.classifier, it.type.isMarkedNullable) }
            assertEquals(expected, actual, "JavaRequests for ${cls.simpleName}")
        }
        // And they build the record, refusing what the unsigned type cannot hold.
        assertEquals(ListRefundOrdersRequest(pageSize = 5u, orderNo = "A1"), JavaRequests.listRefundOrders(null, 5, "A1", null))
        val e = assertThrows<WCheckoutException.InvalidArgument> { JavaRequests.listSettlementOrders(-1, null, null) }
        assertTrue(e.reason.contains("pageNum"), e.reason)
    }

    private fun wire(case: Any): String = case.javaClass.getMethod("wire").invoke(case) as String

    private fun camel(snake: String): String =
        snake.split('_').mapIndexed { i, part -> if (i == 0) part else part.replaceFirstChar(Char::uppercase) }.joinToString("")

    /** What is wrong with the Kotlin class of one schema model (empty when it matches). */
    private fun problems(model: JsonNode): List<String> {
        val name = model["name"].asText()
        val cls = runCatching { Class.forName("com.wcheckout.$name").kotlin }.getOrNull()
            ?: return listOf("$name: no class com.wcheckout.$name")
        val props = cls.memberProperties.associateBy { it.name }
        val params = cls.primaryConstructor?.parameters.orEmpty().associateBy { it.name }
        val out = mutableListOf<String>()
        val fields = model["fields"].map { camel(it["name"].asText()) to it }
        for ((prop, field) in fields) {
            val p = props[prop]
            if (p == null) {
                out += "$name.$prop: no such property"
                continue
            }
            val required = field["required"].asBoolean()
            if (p.returnType.isMarkedNullable == required) {
                out += "$name.$prop: nullable=${p.returnType.isMarkedNullable}, core required=$required"
            }
            kindProblem(p.returnType, field)?.let { out += "$name.$prop: $it" }
            val param = params[prop]
            if (param == null) {
                out += "$name.$prop: not a constructor parameter"
            } else if (model["role"].asText() == "request" && !required && !param.isOptional) {
                out += "$name.$prop: optional in core but no default in Kotlin (#[cfg_attr(feature = \"uniffi\", uniffi(default))])"
            }
        }
        val extra = props.keys - fields.map { it.first }.toSet()
        if (extra.isNotEmpty()) out += "$name: Kotlin has ${extra.sorted()}, which the core model does not"
        return out
    }

    private fun kindProblem(type: KType, field: JsonNode): String? {
        val expected: Set<KClass<*>> = when (field["kind"].asText()) {
            "text" -> setOf(String::class)
            "amount" -> setOf(BigDecimal::class)
            "integer" -> setOf(Int::class, Long::class, UInt::class, ULong::class)
            "boolean" -> setOf(Boolean::class)
            "enum", "model" -> setOf(Class.forName("com.wcheckout.${field["of"].asText()}").kotlin)
            "list" -> setOf(List::class)
            else -> return null
        }
        val actual = type.classifier
        return if (actual in expected) null else "is $type, core kind ${field["kind"]} ${field["of"] ?: ""}"
    }
}
