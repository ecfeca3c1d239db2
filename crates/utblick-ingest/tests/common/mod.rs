//! The plan the ingest crate's integration tests check rows against (`tests/data/`).

#![allow(dead_code)] // each test binary uses some of it

use utblick_core::{
    Actors, Catalogue, FileId, Registry, parse_actors, parse_catalogue, parse_registry,
};

pub fn plan() -> (Catalogue, Actors) {
    let mut diags = Vec::new();
    let actors = parse_actors(FileId(0), include_str!("../data/actors.toml"), &mut diags);
    let catalogue = parse_catalogue(FileId(1), include_str!("../data/catalogue.toml"), &mut diags);
    assert!(diags.is_empty(), "{diags:?}");
    (catalogue, actors)
}

/// The registry update files name (`tests/data/registry.toml`).
pub fn registry() -> Registry {
    let mut diags = Vec::new();
    let mut registry = Registry::default();
    parse_registry(FileId(2), include_str!("../data/registry.toml"), &mut diags, &mut registry);
    assert!(diags.is_empty(), "{diags:?}");
    registry
}
