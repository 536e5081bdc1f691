//! Kotlin bindings (being built).
