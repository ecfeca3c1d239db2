//! The registry files: TOML text to [`Registry`] entries, with a diagnostic for every problem of
//! form (cross-references to the plan, the catalogue and the actors are checked by
//! [`crate::check`]).

use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::diag::{Diagnostic, FileId, Located, did_you_mean};
use crate::registry::{
    Consultation, Meetings, Money, Network, PROGRAMMES, Partner, Platform, Position, Project,
    ProjectRole, ProjectStatus, Registry, TwinTown, is_country_code, programme,
};
use crate::toml_read::{Ctx, Fields, parse_document};

/// The tables a registry file holds.
pub const REGISTRY_TABLES: &[&str] =
    &["project", "network", "platform", "consultation", "twin_town"];

/// Reads one registry file into `registry`, after what earlier files put there.
pub fn parse_registry(
    file: FileId,
    text: &str,
    diags: &mut Vec<Diagnostic>,
    registry: &mut Registry,
) {
    let cx = &mut Ctx { file, diags };
    let Some(doc) = parse_document(cx, text) else {
        return;
    };
    let top = Fields::new(cx, doc.get_ref(), 0..0, "the registry file", REGISTRY_TABLES);
    read_tables(cx, &top, registry);
}

/// Reads the registry tables of a document (a registry file, or the plan file itself).
pub(crate) fn read_tables(cx: &mut Ctx<'_>, top: &Fields<'_, '_>, registry: &mut Registry) {
    for (t, span) in top.tables(cx, "project") {
        if let Some(p) = parse_project(cx, t, span) {
            registry.projects.push(p);
        }
    }
    for (t, span) in top.tables(cx, "network") {
        if let Some(n) = parse_network(cx, t, span) {
            registry.networks.push(n);
        }
    }
    for (t, span) in top.tables(cx, "platform") {
        if let Some(p) = parse_platform(cx, t, span) {
            registry.platforms.push(p);
        }
    }
    for (t, span) in top.tables(cx, "consultation") {
        if let Some(c) = parse_consultation(cx, t, span) {
            registry.consultations.push(c);
        }
    }
    for (t, span) in top.tables(cx, "twin_town") {
        if let Some(tt) = parse_twin_town(cx, t, span) {
            registry.twin_towns.push(tt);
        }
    }
}

/// A country code, checked against ISO 3166-1 alpha-2.
fn country(cx: &mut Ctx<'_>, f: &Fields<'_, '_>, key: &str) -> Option<Located<String>> {
    let c = f.req_str(cx, key, "\"PL\"")?;
    if is_country_code(&c.value) {
        return Some(c);
    }
    let upper = c.value.trim().to_uppercase();
    let hint = match upper.as_str() {
        "UK" => "the United Kingdom's ISO code is \"GB\"".to_string(),
        "EL" => "Greece's ISO code is \"GR\" (EL is the EU's own abbreviation)".to_string(),
        u if is_country_code(u) => format!("write the code in capitals: \"{u}\""),
        _ => "write the two-letter ISO 3166-1 code, e.g. \"PL\" for Poland or \"NO\" for Norway"
            .to_string(),
    };
    cx.error(
        "bad-country",
        c.loc.span.clone(),
        format!("`{key}` \"{}\" in {} is not an ISO 3166 country code", c.value, f.what()),
    )
    .hint = Some(hint);
    None
}

fn amount(cx: &mut Ctx<'_>, f: &Fields<'_, '_>, key: &str) -> Option<Located<f64>> {
    let v = f.opt_f64(cx, key)?;
    if v.value < 0.0 {
        cx.error("bad-value", v.loc.span.clone(), format!("`{key}` in {} is negative", f.what()))
            .hint = Some("write the amount as a positive number".into());
        return None;
    }
    Some(v)
}

fn count(cx: &mut Ctx<'_>, what: &str, key: &str, v: &toml::Spanned<DeValue<'_>>) -> Option<u32> {
    if let DeValue::Integer(i) = v.get_ref()
        && let Ok(n) = i.as_str().replace('_', "").parse::<u32>()
    {
        return Some(n);
    }
    cx.error(
        "bad-value",
        v.span(),
        format!("`{key}` of {what} must be a whole number of 0 or more"),
    )
    .hint = Some(format!("e.g. `{key} = {{ 2023 = 4 }}`"));
    None
}

fn text_of(
    cx: &mut Ctx<'_>,
    what: &str,
    key: &str,
    v: &toml::Spanned<DeValue<'_>>,
) -> Option<String> {
    if let DeValue::String(s) = v.get_ref() {
        return Some(s.to_string());
    }
    cx.error("wrong-type", v.span(), format!("`{key}` of {what} must be texts per year")).hint =
        Some(format!("e.g. `{key} = {{ 2023 = \"...\" }}`"));
    None
}

fn ids(cx: &mut Ctx<'_>, f: &Fields<'_, '_>, key: &str) -> Vec<Located<String>> {
    f.str_list(cx, key)
}

const PROJECT_FIELDS: &[&str] = &[
    "id",
    "title",
    "title_en",
    "programme",
    "call",
    "role",
    "actor",
    "partners",
    "start",
    "end",
    "status",
    "applied",
    "decided",
    "currency",
    "exchange_rate",
    "budget",
    "eu_grant",
    "own_financing",
    "regional_financing",
    "goals",
    "indicators",
    "results",
];

fn parse_project(cx: &mut Ctx<'_>, t: &DeTable<'_>, span: Range<usize>) -> Option<Project> {
    let f = Fields::new(cx, t, span.clone(), "project", PROJECT_FIELDS);
    let id = f.req_id(cx, "id", "\"p-smart-industri\"");
    let title = f.req_str(cx, "title", "\"Smart industri i Bergslagen\"");
    let programme_id = f.req_str(cx, "programme", "\"interreg-europe\"");
    if let Some(p) = &programme_id
        && programme(&p.value).is_none()
    {
        let names = PROGRAMMES.iter().map(|p| p.id);
        let hint = match did_you_mean(&p.value, names.clone()) {
            Some(n) => {
                format!("did you mean \"{n}\"? README.md, \"The registry\", lists the programmes")
            }
            None => format!("known programmes: {}", names.collect::<Vec<_>>().join(", ")),
        };
        cx.error(
            "unknown-programme",
            p.loc.span.clone(),
            format!(
                "{} names the programme \"{}\", which utblick does not know",
                f.what(),
                p.value
            ),
        )
        .hint = Some(hint);
    }
    let role = f
        .opt_choice(
            cx,
            "role",
            &[
                ("lead", ProjectRole::Lead),
                ("partner", ProjectRole::Partner),
                ("associated", ProjectRole::Associated),
            ],
        )
        .map_or(ProjectRole::Partner, |r| r.value);
    let actor = f.req_id(cx, "actor", "\"regionforbundet\"");
    let statuses: Vec<(&str, ProjectStatus)> =
        ProjectStatus::ALL.iter().map(|s| (s.as_str(), *s)).collect();
    let status = f.req_choice(cx, "status", &statuses);
    let money = match f.opt_choice(cx, "currency", &[("SEK", false), ("EUR", true)]) {
        Some(c) if c.value => match f.opt_f64(cx, "exchange_rate") {
            Some(r) if r.value > 0.0 => Money::Eur { rate: r.value },
            Some(r) => {
                cx.error(
                    "bad-value",
                    r.loc.span.clone(),
                    format!("`exchange_rate` of {} must be above 0", f.what()),
                )
                .hint = Some("kronor per euro, e.g. `exchange_rate = 11.45`".into());
                Money::Eur { rate: 1.0 }
            }
            None => {
                cx.error(
                    "missing-field",
                    c.loc.span.clone(),
                    format!("{} is in euro but states no `exchange_rate`", f.what()),
                )
                .hint = Some(
                    "add the rate the budget was set at, kronor per euro: `exchange_rate = 11.45`"
                        .into(),
                );
                Money::Eur { rate: 1.0 }
            }
        },
        _ => {
            if let Some(r) = f.opt_f64(cx, "exchange_rate") {
                cx.error(
                    "bad-value",
                    r.loc.span.clone(),
                    format!("{} states an `exchange_rate` but its amounts are in kronor", f.what()),
                )
                .hint = Some(
                    "write `currency = \"EUR\"` when the amounts are in euro, or remove the rate"
                        .into(),
                );
            }
            Money::Sek
        }
    };
    let mut partners = Vec::new();
    for (pt, pspan) in f.tables(cx, "partners") {
        let what = format!("a partner of {}", f.what());
        let p = Fields::new(cx, pt, pspan, what, &["name", "country", "region"]);
        let name = p.req_str(cx, "name", "\"Łódź Voivodeship\"");
        let c = country(cx, &p, "country");
        let region = p.text(cx, "region");
        if let (Some(name), Some(country)) = (name, c) {
            partners.push(Partner { name: name.value, country, region });
        }
    }
    let what = f.what().to_string();
    let results = f.year_map(cx, "results", |cx, v| text_of(cx, &what, "results", v));
    // Every field is read (and its problems reported) before a missing one drops the entry.
    let title_en = f.text(cx, "title_en");
    let call = f.text(cx, "call");
    let start = f.opt_date(cx, "start");
    let end = f.opt_date(cx, "end");
    let applied = f.opt_date(cx, "applied");
    let decided = f.opt_date(cx, "decided");
    let budget = amount(cx, &f, "budget");
    let grant = amount(cx, &f, "eu_grant");
    let own = amount(cx, &f, "own_financing").map_or(0.0, |a| a.value);
    let regional = amount(cx, &f, "regional_financing").map_or(0.0, |a| a.value);
    let goals = ids(cx, &f, "goals");
    let indicators = ids(cx, &f, "indicators");
    Some(Project {
        id: id?,
        title: title?.value,
        title_en,
        programme: programme_id?,
        call,
        role,
        actor: actor?,
        partners,
        start,
        end,
        status: status?,
        applied,
        decided,
        money,
        budget,
        grant,
        own,
        regional,
        goals,
        indicators,
        results,
        loc: cx.loc(span),
    })
}

fn year(cx: &mut Ctx<'_>, f: &Fields<'_, '_>, key: &str) -> Option<i32> {
    let y = f.opt_f64(cx, key)?;
    if y.value.fract() == 0.0 && (1900.0..=2200.0).contains(&y.value) {
        return Some(y.value as i32);
    }
    cx.error(
        "bad-value",
        y.loc.span.clone(),
        format!("`{key}` of {} must be a year such as 2015", f.what()),
    );
    None
}

fn parse_network(cx: &mut Ctx<'_>, t: &DeTable<'_>, span: Range<usize>) -> Option<Network> {
    let f = Fields::new(
        cx,
        t,
        span.clone(),
        "network",
        &[
            "id",
            "name",
            "description",
            "member",
            "since",
            "fee",
            "representative",
            "officer",
            "working_groups",
            "meetings",
            "goals",
        ],
    );
    let id = f.req_id(cx, "id", "\"errin\"");
    let name = f.req_str(cx, "name", "\"ERRIN\"");
    let member = f.req_id(cx, "member", "\"regionforbundet\"");
    let what = f.what().to_string();
    let meetings = f.year_map(cx, "meetings", |cx, v| {
        let DeValue::Table(mt) = v.get_ref() else {
            cx.error(
                "wrong-type",
                v.span(),
                format!("the meetings of {what} must be tables per year"),
            )
            .hint = Some("e.g. `meetings = { 2023 = { attended = 6, political = 2 } }`".into());
            return None;
        };
        let m = Fields::new(
            cx,
            mt,
            v.span(),
            format!("the meetings of {what}"),
            &["attended", "political"],
        );
        let read =
            |cx: &mut Ctx<'_>, key: &str| m.raw(key).and_then(|x| count(cx, m.what(), key, x));
        let attended = read(cx, "attended").unwrap_or(0);
        let political = read(cx, "political").unwrap_or(0);
        if political > attended {
            cx.error(
                "bad-value",
                v.span(),
                format!(
                    "{} counts {political} meetings with politicians but only {attended} attended",
                    m.what()
                ),
            )
            .hint = Some(
                "`political` counts some of the `attended` meetings; it cannot be more".into(),
            );
        }
        Some(Meetings { attended, political })
    });
    let fee = amount(cx, &f, "fee").map(|a| a.value);
    let description = f.text(cx, "description");
    let since = year(cx, &f, "since");
    let representative = f.text(cx, "representative");
    let officer = f.text(cx, "officer");
    let working_groups = f.str_list(cx, "working_groups").into_iter().map(|w| w.value).collect();
    let goals = ids(cx, &f, "goals");
    Some(Network {
        id: id?,
        name: name?.value,
        description,
        member: member?,
        since,
        fee,
        representative,
        officer,
        working_groups,
        meetings,
        goals,
        loc: cx.loc(span),
    })
}

fn parse_platform(cx: &mut Ctx<'_>, t: &DeTable<'_>, span: Range<usize>) -> Option<Platform> {
    let f = Fields::new(
        cx,
        t,
        span.clone(),
        "platform",
        &["id", "name", "description", "politician", "actor", "positions", "goals"],
    );
    let id = f.req_id(cx, "id", "\"cor\"");
    let name = f.req_str(cx, "name", "\"Regionkommittén (CoR)\"");
    let mut positions = Vec::new();
    for (pt, pspan) in f.tables(cx, "positions") {
        let p =
            Fields::new(cx, pt, pspan, format!("a position of {}", f.what()), &["date", "text"]);
        let date = p.opt_date(cx, "date");
        let text = p.req_str(cx, "text", "\"Yttrande om ...\"");
        if date.is_none() && p.raw("date").is_none() {
            cx.error("missing-field", p.span(), format!("{} has no `date`", p.what())).hint =
                Some("add `date = 2023-05-10`".into());
        }
        if let (Some(date), Some(text)) = (date, text) {
            positions.push(Position { date: date.value, text: text.value });
        }
    }
    let actor = f.opt_str(cx, "actor");
    let description = f.text(cx, "description");
    let politician = f.text(cx, "politician");
    let goals = ids(cx, &f, "goals");
    Some(Platform {
        id: id?,
        name: name?.value,
        description,
        politician,
        actor,
        positions,
        goals,
        loc: cx.loc(span),
    })
}

fn parse_consultation(
    cx: &mut Ctx<'_>,
    t: &DeTable<'_>,
    span: Range<usize>,
) -> Option<Consultation> {
    let f = Fields::new(
        cx,
        t,
        span.clone(),
        "consultation",
        &["id", "title", "by", "platform", "date", "joint", "responsible", "actors", "goals"],
    );
    let id = f.req_id(cx, "id", "\"r-2023-sammanhallning\"");
    let title = f.req_str(cx, "title", "\"Framtidens sammanhållningspolitik\"");
    let responsible = f.req_id(cx, "responsible", "\"regionforbundet\"");
    let date = f.opt_date(cx, "date");
    if f.raw("date").is_none() {
        cx.error("missing-field", span.clone(), format!("{} has no `date`", f.what())).hint =
            Some("add the day the response was sent: `date = 2023-05-10`".into());
    }
    let joint = f.opt_bool(cx, "joint").unwrap_or(false);
    let by = f.text(cx, "by");
    let platform = f.opt_str(cx, "platform");
    let actors = f.str_list(cx, "actors");
    let goals = ids(cx, &f, "goals");
    Some(Consultation {
        id: id?,
        title: title?.value,
        by,
        platform,
        date: date?,
        joint,
        responsible: responsible?,
        actors,
        goals,
        loc: cx.loc(span),
    })
}

fn parse_twin_town(cx: &mut Ctx<'_>, t: &DeTable<'_>, span: Range<usize>) -> Option<TwinTown> {
    let f = Fields::new(
        cx,
        t,
        span.clone(),
        "twin town",
        &[
            "id",
            "municipality",
            "town",
            "country",
            "since",
            "tie",
            "goals",
            "exchanges",
            "activities",
        ],
    );
    let id = f.req_id(cx, "id", "\"orebro-lodz\"");
    let municipality = f.req_id(cx, "municipality", "\"orebro\"");
    let town = f.req_str(cx, "town", "\"Łódź\"");
    let c = country(cx, &f, "country");
    let what = f.what().to_string();
    let exchanges = f.year_map(cx, "exchanges", |cx, v| count(cx, &what, "exchanges", v));
    let activities = f.year_map(cx, "activities", |cx, v| text_of(cx, &what, "activities", v));
    let since = year(cx, &f, "since");
    let tie = f.text(cx, "tie");
    let goals = ids(cx, &f, "goals");
    Some(TwinTown {
        id: id?,
        municipality: municipality?,
        town: town?.value,
        country: c?,
        since,
        tie,
        goals,
        exchanges,
        activities,
        loc: cx.loc(span),
    })
}
