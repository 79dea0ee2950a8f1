//! JSON bindings (placeholder).
