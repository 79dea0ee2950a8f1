//! Tests that need ../shared/reference are ignored (visibly) without it.
fn main() {
    reference_cfg::emit();
    reference_cfg::emit_postgres();
}
