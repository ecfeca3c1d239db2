//! The registry as it stands, and the template an actor updates its own entries with.
//!
//! The plan's registry files hold the entries; their owners update them with update files
//! (`registerpost;fält;år;värde`) through `utblick ingest`, which keeps every update in the
//! store. The effective registry is the plan's with the store's current updates applied: what
//! the report counts the registry's figures from.

use utblick_core::{
    Actor, EntryKind, Lang, Plan, Registry, UpdateField, format_number, spreadsheet_safe,
};
use utblick_store::Store;

use crate::args::Dialect;
use crate::error::{CliError, csv_bytes};

/// The plan's registry with the current update of every entry's field and year applied (the
/// latest one sent for it). An update whose entry has left the registry, or is of another kind
/// now, is left out. `Err` only when the store cannot be read.
pub fn effective_registry(store: &Store, plan: &Plan) -> Result<Registry, CliError> {
    let updates = store.registry_updates()?;
    Ok(utblick_ingest::apply_updates(&plan.registry, &updates))
}

/// The entries `actor` owns and can update by file (those of a kind with fields an update
/// file sets), with their kind, in the registry's order.
pub fn own_entries<'r>(registry: &'r Registry, actor: &Actor) -> Vec<(EntryKind, &'r str)> {
    registry
        .ids()
        .into_iter()
        .filter(|(kind, _)| utblick_ingest::fields_of(*kind).next().is_some())
        .filter(|(_, id)| registry.owner(&id.value).is_some_and(|(_, o)| o == actor.id))
        .map(|(kind, id)| (kind, id.value.as_str()))
        .collect()
}

/// The entry's name for people: a project's title, a network's name, a twin town's town.
fn entry_name(registry: &Registry, id: &str) -> String {
    if let Some(p) = registry.projects.iter().find(|p| p.id.value == id) {
        return p.title.clone();
    }
    if let Some(n) = registry.networks.iter().find(|n| n.id.value == id) {
        return n.name.clone();
    }
    if let Some(t) = registry.twin_towns.iter().find(|t| t.id.value == id) {
        return format!("{} ({})", t.town, utblick_core::country_name(&t.country.value));
    }
    String::new()
}

/// A number for the template: whole numbers without decimals, as the dialect writes them.
fn number(x: f64, lang: Lang) -> String {
    let decimals = if x.fract() == 0.0 { 0 } else { 2 };
    format_number(x, decimals, lang).replace('\u{a0}', " ")
}

/// What a field of an entry holds for `year` now, as the template shows it; empty when nothing.
fn current_value(
    registry: &Registry,
    id: &str,
    field: &UpdateField,
    year: i32,
    lang: Lang,
) -> String {
    if let Some(p) = registry.projects.iter().find(|p| p.id.value == id) {
        return match field.name {
            "status" => p.status.value.sv().to_string(),
            "beslut" => p.decided.as_ref().map_or(String::new(), |d| d.value.to_string()),
            "beviljat" => p
                .grant
                .as_ref()
                .map_or(String::new(), |g| format!("{} {}", number(g.value, lang), p.money.code())),
            "resultat" => p.results.get(&year).cloned().unwrap_or_default(),
            _ => String::new(),
        };
    }
    if let Some(n) = registry.networks.iter().find(|n| n.id.value == id) {
        let m = n.meetings.get(&year);
        return match field.name {
            "möten" => m.map_or(String::new(), |m| m.attended.to_string()),
            "politiska möten" => m.map_or(String::new(), |m| m.political.to_string()),
            _ => String::new(),
        };
    }
    if let Some(t) = registry.twin_towns.iter().find(|t| t.id.value == id) {
        return match field.name {
            "utbyten" => t.exchanges.get(&year).map_or(String::new(), u32::to_string),
            "aktiviteter" => t.activities.get(&year).cloned().unwrap_or_default(),
            _ => String::new(),
        };
    }
    String::new()
}

/// What a field takes, in words, for the template's `giltiga värden`.
fn valid_values(registry: &Registry, id: &str, field: &UpdateField) -> String {
    match field.name {
        "status" => "idé, rådgivning, ansökt, beviljat, avslag, pågår, avslutat".into(),
        "beslut" => "datum ÅÅÅÅ-MM-DD".into(),
        "beviljat" => {
            let code = registry
                .projects
                .iter()
                .find(|p| p.id.value == id)
                .map_or("SEK", |p| p.money.code());
            format!("belopp i {code}, ≥ 0")
        }
        "politiska möten" => "heltal ≥ 0, högst årets möten".into(),
        "resultat" | "aktiviteter" => "text".into(),
        _ => "heltal ≥ 0".into(),
    }
}

/// The registry update template of one actor as CSV bytes: a row per field of each of its own
/// entries, for `year` (fields given per year) or without a year, with the entry's name, the
/// field's current value in `registry` and what it takes; `värde` and `kommentar` to fill in.
/// In the indicator template's dialects.
pub fn template(
    registry: &Registry,
    actor: &Actor,
    year: i32,
    dialect: Dialect,
) -> Result<Vec<u8>, CliError> {
    let (mut w, lang) = crate::error::dialect_csv(dialect);
    w.write_record([
        "registerpost",
        "namn",
        "fält",
        "år",
        "nuvarande värde",
        "giltiga värden",
        "värde",
        "kommentar",
    ])?;
    for (kind, id) in own_entries(registry, actor) {
        for field in utblick_ingest::fields_of(kind) {
            w.write_record([
                spreadsheet_safe(id),
                spreadsheet_safe(&entry_name(registry, id)),
                field.name.to_string(),
                if field.per_year { year.to_string() } else { String::new() },
                spreadsheet_safe(&current_value(registry, id, field, year, lang)),
                valid_values(registry, id, field),
                String::new(),
                String::new(),
            ])?;
        }
    }
    csv_bytes(w)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // a test: a failed unwrap is a failed test

    use std::path::Path;

    use utblick_ingest::{Options, Rules};

    use super::*;

    /// Ingests `text` from `actor` into `store` with the plan's registry.
    fn ingest(store: &mut Store, loaded: &utblick_core::LoadedPlan, actor: &str, text: &str) {
        let plan = loaded.plan.as_ref().unwrap();
        let rules = Rules {
            catalogue: &loaded.catalogue,
            actors: &loaded.actors,
            submitter: loaded.actors.get(actor).unwrap(),
            registry: &plan.registry,
            submitted_on: utblick_core::Date::from_ymd(2026, 11, 28).unwrap(),
        };
        let input = std::io::Cursor::new(text.as_bytes().to_vec());
        let at = "2026-11-28T12:00:00Z";
        let r =
            utblick_ingest::ingest(store, &rules, "register.csv", at, input, Options::default())
                .unwrap();
        assert_eq!(r.counts.rejected, 0, "{}", r.render(Lang::En));
    }

    #[test]
    fn the_effective_registry_is_the_plans_with_the_latest_updates() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let loaded = crate::ingest::load_checked_plan(&root.join("plans/2023.toml")).unwrap();
        let plan = loaded.plan.as_ref().unwrap();
        let mut store = Store::in_memory().unwrap();
        // Nothing sent: the plan's registry as it is.
        assert_eq!(&effective_registry(&store, plan).unwrap(), &plan.registry);

        let kumla =
            std::fs::read_to_string(root.join("indicators/reported/kumla/register.csv")).unwrap();
        ingest(&mut store, &loaded, "kumla", &kumla);
        let registry = effective_registry(&store, plan).unwrap();
        let twin = |r: &Registry, id: &str| r.twin_towns.iter().find(|t| t.id.value == id).cloned();
        let lauenburg = twin(&registry, "kumla-lauenburg").unwrap();
        assert_eq!(lauenburg.exchanges.get(&2025), Some(&3));
        // The years before are the registry's own.
        assert_eq!(lauenburg.exchanges.get(&2024), Some(&1));
        assert_eq!(
            lauenburg.activities.get(&2025).map(String::as_str),
            Some("Studieresa till hamnen i Lauenburg om kombiterminaler.")
        );
        assert_eq!(twin(&registry, "kumla-ljutomer").unwrap().exchanges.get(&2025), Some(&1));
        // The plan's registry itself is untouched.
        assert_eq!(twin(&plan.registry, "kumla-lauenburg").unwrap().exchanges.get(&2025), None);

        // A later file supersedes the update of the same entry, field and year.
        ingest(
            &mut store,
            &loaded,
            "kumla",
            "registerpost;fält;år;värde\nkumla-lauenburg;utbyten;2025;4\n",
        );
        let registry = effective_registry(&store, plan).unwrap();
        assert_eq!(twin(&registry, "kumla-lauenburg").unwrap().exchanges.get(&2025), Some(&4));
        assert_eq!(twin(&registry, "kumla-ljutomer").unwrap().exchanges.get(&2025), Some(&1));

        // A project's status, decision and grant; a network's meetings.
        let text = "registerpost;fält;år;värde\n\
                    p-vatmarker-life;status;;beviljat\n\
                    p-vatmarker-life;beslut;;2026-11-02\n\
                    p-vatmarker-life;beviljat;;520 000\n\
                    aer;möten;2025;10\n\
                    aer;politiska möten;2025;6\n";
        ingest(&mut store, &loaded, "regionforbundet", text);
        let registry = effective_registry(&store, plan).unwrap();
        let life = registry.projects.iter().find(|p| p.id.value == "p-vatmarker-life").unwrap();
        assert_eq!(life.status.value, utblick_core::ProjectStatus::Granted);
        assert_eq!(life.decided.as_ref().unwrap().value.to_string(), "2026-11-02");
        assert_eq!(life.grant.as_ref().unwrap().value, 520_000.0);
        let aer = registry.networks.iter().find(|n| n.id.value == "aer").unwrap();
        assert_eq!(aer.meetings[&2025], utblick_core::Meetings { attended: 10, political: 6 });
    }
}
