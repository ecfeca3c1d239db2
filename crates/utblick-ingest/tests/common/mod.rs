//! The plan the ingest crate's integration tests check rows against (`tests/data/`).

use utblick_core::{Actors, Catalogue, FileId, parse_actors, parse_catalogue};

pub fn plan() -> (Catalogue, Actors) {
    let mut diags = Vec::new();
    let actors = parse_actors(FileId(0), include_str!("../data/actors.toml"), &mut diags);
    let catalogue = parse_catalogue(FileId(1), include_str!("../data/catalogue.toml"), &mut diags);
    assert!(diags.is_empty(), "{diags:?}");
    (catalogue, actors)
}
