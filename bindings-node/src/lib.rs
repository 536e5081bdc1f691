//! Node.js bindings (being built).
