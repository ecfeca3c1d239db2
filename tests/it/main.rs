//! Whole-binary tests: run the built `utblick` on fixture files under `tests/`.

mod plan_check;
