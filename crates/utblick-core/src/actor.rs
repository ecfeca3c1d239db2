//! The actors that own activities and report indicator values.

use std::collections::HashMap;

use crate::diag::Loc;

/// What kind of organisation an actor is; indicators can name a kind as their reporters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorKind {
    /// A municipality (`kommun`).
    Kommun,
    /// The region itself, the county's own authority (`region`).
    Region,
    /// A state agency in the county, e.g. the county administrative board (`state-agency`).
    StateAgency,
    /// A university or college (`university`).
    University,
    /// A business support organisation, e.g. ALMI (`business-support`).
    BusinessSupport,
    /// A shared office abroad, e.g. the Brussels office (`office`).
    Office,
    /// An association or a federation, e.g. Regionförbundet Örebro (`association`).
    Association,
    /// Not an actor: a reference geography of the plan (Riket, another county), given an
    /// actor's place only where values are stored and read. Never written in an actor file.
    Reference,
}

impl ActorKind {
    /// Every kind an actor file may write; [`ActorKind::Reference`] is not one.
    pub const ALL: [ActorKind; 7] = [
        ActorKind::Kommun,
        ActorKind::Region,
        ActorKind::StateAgency,
        ActorKind::University,
        ActorKind::BusinessSupport,
        ActorKind::Office,
        ActorKind::Association,
    ];

    /// The kind as the actor file writes it (`kommun`, `state-agency`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Kommun => "kommun",
            ActorKind::Region => "region",
            ActorKind::StateAgency => "state-agency",
            ActorKind::University => "university",
            ActorKind::BusinessSupport => "business-support",
            ActorKind::Office => "office",
            ActorKind::Association => "association",
            ActorKind::Reference => "reference",
        }
    }

    /// The kind an actor file's word names; `None` for a word that names none (and for
    /// `reference`, which an actor file cannot write).
    pub fn parse(s: &str) -> Option<ActorKind> {
        ActorKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// An organisation that carries out activities or reports indicator values: a municipality,
/// the region, an agency, …, as listed in the actor file.
#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    /// Stable project id, lower-case ASCII, e.g. `orebro`, `region-orebro`.
    pub id: String,
    /// The name shown to people (`Örebro kommun`).
    pub name: String,
    /// What kind of organisation it is.
    pub kind: ActorKind,
    /// Kolada/SCB code with leading zeros (`1880`, `0018`), where one exists.
    pub code: Option<String>,
    /// The coordinator (Regionförbundet) may report values for every actor.
    pub coordinator: bool,
    /// The `[[actor]]` table in the actor file.
    pub loc: Loc,
}

/// All actors of a plan, looked up by id or Kolada code (in constant time: ingest looks up
/// one actor per row).
#[derive(Clone, Debug, Default)]
pub struct Actors {
    list: Vec<Actor>,
    by_id: HashMap<String, usize>,
    /// Codes without their leading zeros; the first actor with a code wins (duplicates are a
    /// plan-check error). A code leads to the position `by_id` has for its actor's id, so an
    /// actor is one position however it is named, even in an unchecked plan.
    by_code: HashMap<String, usize>,
}

impl Actors {
    /// The actors of an actor file, in its order, indexed by id and code.
    pub fn new(list: Vec<Actor>) -> Actors {
        let mut by_id = HashMap::new();
        let mut by_code = HashMap::new();
        for (i, a) in list.iter().enumerate() {
            let canonical = *by_id.entry(a.id.clone()).or_insert(i);
            if let Some(c) = &a.code {
                by_code.entry(c.trim_start_matches('0').to_string()).or_insert(canonical);
            }
        }
        Actors { list, by_id, by_code }
    }

    /// In the order of the actor file.
    pub fn list(&self) -> &[Actor] {
        &self.list
    }

    /// The actor of project id `id` (not a code; see [`Actors::resolve`]).
    pub fn get(&self, id: &str) -> Option<&Actor> {
        self.by_id.get(id).map(|&i| &self.list[i])
    }

    /// Finds an actor by its project id or its Kolada code; codes match with or without
    /// leading zeros (`18` and `0018` are both Region Örebro län).
    pub fn resolve(&self, key: &str) -> Option<&Actor> {
        self.find(key).map(|(_, a)| a)
    }

    /// As [`Actors::resolve`], with the actor's position in [`Actors::list`].
    pub fn find(&self, key: &str) -> Option<(usize, &Actor)> {
        let key = key.trim();
        let found = match self.by_id.get(key) {
            Some(&i) => Some(i),
            None if !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()) => {
                self.by_code.get(key.trim_start_matches('0')).copied()
            }
            None => None,
        };
        found.map(|i| (i, &self.list[i]))
    }

    /// The actors' project ids, in the order of the actor file.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|a| a.id.as_str())
    }

    /// These actors and the plan's reference geographies after them (of kind
    /// [`ActorKind::Reference`]), for storing and reading values from a source.
    pub fn with_references(&self, references: &[crate::plan::Reference]) -> Actors {
        let mut list = self.list.clone();
        list.extend(references.iter().map(|r| Actor {
            id: r.id.value.clone(),
            name: r.name.clone(),
            kind: ActorKind::Reference,
            code: Some(r.kolada.value.clone()),
            coordinator: false,
            loc: r.loc.clone(),
        }));
        Actors::new(list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::FileId;

    fn actor(id: &str, code: Option<&str>) -> Actor {
        Actor {
            id: id.into(),
            name: id.into(),
            kind: ActorKind::Kommun,
            code: code.map(Into::into),
            coordinator: false,
            loc: Loc::new(FileId(0), 0..0),
        }
    }

    #[test]
    fn resolves_ids_and_codes_with_or_without_leading_zeros() {
        let actors = Actors::new(vec![
            actor("region-orebro", Some("0018")),
            actor("orebro", Some("1880")),
            actor("almi", None),
        ]);
        let id = |k: &str| actors.resolve(k).map(|a| a.id.as_str());
        assert_eq!(id("18"), Some("region-orebro"));
        assert_eq!(id("0018"), Some("region-orebro"));
        assert_eq!(id("1880"), Some("orebro"));
        assert_eq!(id(" orebro "), Some("orebro"));
        assert_eq!(id("almi"), Some("almi"));
        assert_eq!(id("0"), None);
        assert_eq!(id("1881"), None);
    }

    #[test]
    fn an_actor_is_one_position_by_id_or_code_even_when_listed_twice() {
        // Plan check refuses the second `orebro`; ingest must not see two actors in it anyway.
        let actors = Actors::new(vec![actor("orebro", None), actor("orebro", Some("1880"))]);
        let pos = |k: &str| actors.find(k).map(|(i, _)| i);
        assert_eq!(pos("orebro"), Some(0));
        assert_eq!(pos("1880"), Some(0));
    }
}
