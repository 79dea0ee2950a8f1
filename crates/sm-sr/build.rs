//! Tests that need a PostgreSQL server are ignored (visibly) without one.
fn main() {
    reference_cfg::emit();
    reference_cfg::emit_postgres();
}
