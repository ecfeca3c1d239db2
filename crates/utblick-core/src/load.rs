//! The plan files: TOML text to the model, with a diagnostic for every problem of form.
//!
//! Cross-references (an activity's actor, a target's indicator) are checked afterwards by
//! [`crate::check`], once all three files are read.

use toml::de::DeTable;

use crate::actor::{Actor, ActorKind, Actors};
use crate::diag::{Diagnostic, FileId, Located};
use crate::indicator::{
    Aggregation, Cadence, Catalogue, Dimension, Direction, Formula, FormulaOp, GenderSplit,
    Indicator, Origin, ValidRange,
};
use crate::period::PeriodType;
use crate::plan::{
    Activity, ActivityStatus, ActorTarget, Area, Goal, IndicatorTarget, Plan, PointValue,
    Reference, StatusMethod, Thresholds, Tool, standard_tools,
};
use crate::toml_read::{Ctx, Fields, parse_document};

/// Reads an actor file (`[[actor]]` tables).
pub fn parse_actors(file: FileId, text: &str, diags: &mut Vec<Diagnostic>) -> Actors {
    let cx = &mut Ctx { file, diags };
    let Some(doc) = parse_document(cx, text) else {
        return Actors::default();
    };
    let top = Fields::new(cx, doc.get_ref(), 0..0, "the actor file", &["actor"]);
    let kinds: Vec<(&str, ActorKind)> = ActorKind::ALL.iter().map(|k| (k.as_str(), *k)).collect();
    let mut list = Vec::new();
    for (table, span) in top.tables(cx, "actor") {
        let f = Fields::new(
            cx,
            table,
            span.clone(),
            "actor",
            &["id", "name", "kind", "code", "coordinator"],
        );
        let id = f.req_id(cx, "id", "\"orebro\"");
        let name = f.req_str(cx, "name", "\"Örebro kommun\"");
        let kind = f.req_choice(cx, "kind", &kinds);
        let code = f.opt_str(cx, "code");
        if let Some(c) = &code
            && (c.value.is_empty() || !c.value.bytes().all(|b| b.is_ascii_digit()))
        {
            cx.error(
                "bad-value",
                c.loc.span.clone(),
                format!("code `{}` of {} must be digits", c.value, f.what()),
            )
            .hint = Some(
                "write the Kolada/SCB code with its leading zeros, e.g. \"0018\" or \"1880\""
                    .into(),
            );
        }
        let coordinator = f.opt_bool(cx, "coordinator").unwrap_or(false);
        if let (Some(id), Some(name), Some(kind)) = (id, name, kind) {
            list.push(Actor {
                id: id.value,
                name: name.value,
                kind: kind.value,
                code: code.map(|c| c.value),
                coordinator,
                loc: cx.loc(span),
            });
        }
    }
    Actors::new(list)
}

const INDICATOR_FIELDS: &[&str] = &[
    "id",
    "name",
    "name_en",
    "description",
    "unit",
    "direction",
    "band",
    "period",
    "gender",
    "range",
    "source",
    "from",
    "kolada",
    "formula",
    "denominator",
    "counts",
    "decimals",
    "aggregation",
    "weight",
    "reporters",
    "reporter_kinds",
    "span",
    "cadence",
    "breakdowns",
    "measure",
];

/// Reads an indicator catalogue (`[[indicator]]` tables).
pub fn parse_catalogue(file: FileId, text: &str, diags: &mut Vec<Diagnostic>) -> Catalogue {
    let cx = &mut Ctx { file, diags };
    let Some(doc) = parse_document(cx, text) else {
        return Catalogue::default();
    };
    let top = Fields::new(cx, doc.get_ref(), 0..0, "the catalogue", &["indicator"]);
    let indicators = top
        .tables(cx, "indicator")
        .into_iter()
        .filter_map(|(table, span)| parse_indicator(cx, table, span))
        .collect();
    Catalogue::new(indicators)
}

fn parse_indicator(
    cx: &mut Ctx<'_>,
    table: &DeTable<'_>,
    span: std::ops::Range<usize>,
) -> Option<Indicator> {
    let f = Fields::new(cx, table, span.clone(), "indicator", INDICATOR_FIELDS);
    let id = f.req_id(cx, "id", "\"N02267\"");
    let name = f.req_str(cx, "name", "\"Förvärvsarbetande invånare 20-64 år, andel (%)\"");
    let unit = f.req_str(cx, "unit", "\"%\"");
    let source = f.req_str(cx, "source", "\"Kolada N02267 (SCB)\"");
    let period_type = f.req_choice(cx, "period", &PeriodType::ALL.map(|t| (t.as_str(), t)));
    let direction = f.req_choice(
        cx,
        "direction",
        &[("increase", "increase"), ("decrease", "decrease"), ("band", "band")],
    );
    let direction = match direction.map(|d| d.value) {
        Some("band") => {
            let band = f.req_table(cx, "band", "{ low = 2.0, high = 4.0 }");
            band.and_then(|(t, s)| {
                let b = Fields::new(
                    cx,
                    t,
                    s.clone(),
                    format!("the band of {}", f.what()),
                    &["low", "high"],
                );
                let low = b.req_f64(cx, "low", "2.0");
                let high = b.req_f64(cx, "high", "4.0");
                let (low, high) = (low?, high?);
                if low.value > high.value {
                    cx.error(
                        "bad-value",
                        s,
                        format!(
                            "the band of {} runs from {} down to {}",
                            f.what(),
                            low.value,
                            high.value
                        ),
                    )
                    .hint = Some("write the lower bound as `low` and the upper as `high`".into());
                    return None;
                }
                Some(Direction::Band { low: low.value, high: high.value })
            })
        }
        Some("decrease") => Some(Direction::Decrease),
        Some(_) => Some(Direction::Increase),
        None => None,
    };
    if direction.is_some_and(|d| !matches!(d, Direction::Band { .. }))
        && let Some(b) = f.raw("band")
    {
        cx.error(
            "bad-value",
            b.span(),
            format!("{} has a `band` but its direction is not \"band\"", f.what()),
        )
        .hint = Some("set `direction = \"band\"` or remove the band".into());
    }
    let gender = f
        .opt_choice(
            cx,
            "gender",
            &[("none", GenderSplit::None), ("tkm", GenderSplit::Tkm), ("km", GenderSplit::Km)],
        )
        .map_or(GenderSplit::None, |g| g.value);
    let range = match f.opt_table(cx, "range") {
        Some((t, s)) => {
            let r = Fields::new(
                cx,
                t,
                s.clone(),
                format!("the range of {}", f.what()),
                &["min", "max"],
            );
            let range = ValidRange {
                min: r.opt_f64(cx, "min").map(|v| v.value),
                max: r.opt_f64(cx, "max").map(|v| v.value),
            };
            if let (Some(a), Some(b)) = (range.min, range.max)
                && a > b
            {
                cx.error(
                    "bad-value",
                    s,
                    format!("the range of {} has min {a} above max {b}", f.what()),
                );
            }
            range
        }
        None => ValidRange::default(),
    };
    let decimals = match f.opt_f64(cx, "decimals") {
        Some(d) if d.value.fract() == 0.0 && (0.0..=6.0).contains(&d.value) => d.value as u8,
        Some(d) => {
            cx.error(
                "bad-value",
                d.loc.span.clone(),
                format!("`decimals` of {} must be a whole number from 0 to 6", f.what()),
            );
            1
        }
        None => 1,
    };
    let aggregation = f.req_choice(
        cx,
        "aggregation",
        &[
            ("sum", "sum"),
            ("weighted-mean", "weighted-mean"),
            ("mean", "mean"),
            ("region-only", "region-only"),
            ("none", "none"),
        ],
    );
    let weight = f.opt_str(cx, "weight");
    let aggregation = match aggregation.map(|a| a.value) {
        Some("weighted-mean") => match weight {
            Some(w) => Some(Aggregation::WeightedMean { weight: w }),
            None => {
                cx.error(
                    "missing-field",
                    span.clone(),
                    format!("{} is a weighted mean but names no `weight`", f.what()),
                )
                .hint = Some(
                    "add the indicator to weight by, e.g. `weight = \"N01951\"` (inhabitants)"
                        .into(),
                );
                None
            }
        },
        Some(other) => {
            if let Some(w) = weight {
                cx.error(
                    "bad-value",
                    w.loc.span.clone(),
                    format!("{} has a `weight` but aggregates by {other}", f.what()),
                )
                .hint = Some("set `aggregation = \"weighted-mean\"` or remove the weight".into());
            }
            Some(match other {
                "sum" => Aggregation::Sum,
                "mean" => Aggregation::Mean,
                "none" => Aggregation::None,
                _ => Aggregation::RegionOnly,
            })
        }
        None => None,
    };
    let reporters = f.str_list(cx, "reporters");
    let mut reporter_kinds = Vec::new();
    for k in f.str_list(cx, "reporter_kinds") {
        match ActorKind::parse(&k.value) {
            Some(kind) => reporter_kinds.push(kind),
            None => {
                let names: Vec<&str> = ActorKind::ALL.iter().map(|k| k.as_str()).collect();
                cx.error(
                    "bad-value",
                    k.loc.span.clone(),
                    format!("`{}` is not an actor kind", k.value),
                )
                .hint = Some(format!("allowed: {}", names.join(", ")));
            }
        }
    }
    if f.raw("reporters").is_none() && f.raw("reporter_kinds").is_none() {
        cx.error("missing-field", span.clone(), format!("{} names no reporters", f.what())).hint =
            Some("add `reporter_kinds = [\"kommun\"]` or `reporters = [\"region-orebro\"]`".into());
    }
    let name_en = f.opt_str(cx, "name_en").map(|s| s.value);
    let description = f.text(cx, "description");
    let kolada = f.opt_str(cx, "kolada");
    let origin = parse_origin(cx, &f, span.clone(), kolada.as_ref());
    let denominator = f.opt_str(cx, "denominator");
    let counts = f.opt_str(cx, "counts");
    let years_span = match (period_type.as_ref().map(|t| t.value), f.opt_f64(cx, "span")) {
        (Some(PeriodType::Years), Some(n))
            if n.value.fract() == 0.0 && (2.0..=30.0).contains(&n.value) =>
        {
            Some(n.value as u8)
        }
        (Some(PeriodType::Years), Some(n)) => {
            cx.error(
                "bad-value",
                n.loc.span.clone(),
                format!("`span` of {} must be a whole number of years from 2 to 30", f.what()),
            );
            None
        }
        (Some(PeriodType::Years), None) => {
            cx.error(
                "missing-field",
                span.clone(),
                format!("{} is reported over several years but has no `span`", f.what()),
            )
            .hint = Some("say how many years a period has, e.g. `span = 4` for `2019-2022`".into());
            None
        }
        (_, Some(n)) => {
            cx.error(
                "bad-value",
                n.loc.span.clone(),
                format!("{} has a `span` but its periods are not `years`", f.what()),
            )
            .hint = Some("set `period = \"years\"` or remove the span".into());
            None
        }
        (_, None) => None,
    };
    let cadence = parse_cadence(cx, &f);
    let breakdowns = f
        .tables(cx, "breakdowns")
        .into_iter()
        .filter_map(|(t, s)| {
            let d = Fields::new(
                cx,
                t,
                s.clone(),
                format!("a breakdown of {}", f.what()),
                &["id", "name", "values"],
            );
            let id = d.req_id(cx, "id", "\"alder\"");
            let name = d.req_str(cx, "name", "\"Åldersgrupp\"");
            let values: Vec<String> =
                d.str_list(cx, "values").into_iter().map(|v| v.value).collect();
            let clean = |v: &String| {
                !v.contains([';', '=']) && !v.trim().is_empty() && v.trim() == v.as_str()
            };
            let mut seen: Vec<String> = Vec::new();
            let repeated = values.iter().any(|v| {
                let lower = v.to_lowercase();
                let again = seen.contains(&lower);
                seen.push(lower);
                again
            });
            if values.is_empty() || !values.iter().all(clean) || repeated {
                cx.error(
                    "bad-value",
                    s.clone(),
                    format!(
                        "a breakdown of {} must list its values once each, without `;`, `=` or spaces around them",
                        f.what()
                    ),
                )
                .hint = Some("e.g. `values = [\"16-24\", \"25-64\"]`".into());
                return None;
            }
            let id = id?;
            // The id is the column's name in submissions: written as a header is read
            // (lower case), and not a name the reader already gives another meaning.
            let header = id.value.to_lowercase();
            if id.value != header || id.value.contains([';', '=']) {
                cx.error(
                    "bad-value",
                    id.loc.span.clone(),
                    format!(
                        "the breakdown `{}` of {} must be in lower case, without `;` or `=`: it is a column name",
                        id.value,
                        f.what()
                    ),
                )
                .hint = Some(format!("write `id = \"{}\"`", header.replace([';', '='], "-")));
                return None;
            }
            if crate::RESERVED_COLUMNS.contains(&header.as_str()) {
                cx.error(
                    "bad-value",
                    id.loc.span.clone(),
                    format!(
                        "a breakdown of {} cannot be called `{}`: submissions use that column for something else",
                        f.what(),
                        id.value
                    ),
                )
                .hint = Some("choose another id, e.g. `alder` or `grupp`".into());
                return None;
            }
            Some(Dimension { id: id.value, name: name?.value, values, loc: cx.loc(s) })
        })
        .collect::<Vec<Dimension>>();
    let cells = breakdowns.iter().try_fold(1usize, |n, d| n.checked_mul(d.values.len() + 1));
    let breakdowns = match cells {
        Some(n) if n <= crate::MAX_BREAKDOWN_CELLS => breakdowns,
        _ => {
            cx.error(
                "bad-value",
                f.raw("breakdowns").map_or(span.clone(), |b| b.span()),
                format!(
                    "the breakdowns of {} make more than {} cells (every value of every dimension and its total, combined)",
                    f.what(),
                    crate::MAX_BREAKDOWN_CELLS
                ),
            )
            .hint = Some("break down by fewer dimensions, or make an indicator of its own for some".into());
            Vec::new()
        }
    };
    Some(Indicator {
        id: id?.value,
        name: name?.value,
        name_en,
        description,
        unit: unit?.value,
        direction: direction?,
        period_type: period_type?.value,
        span: years_span,
        cadence,
        breakdowns,
        gender,
        range,
        source: source?.value,
        kolada,
        origin: origin?,
        denominator,
        counts,
        decimals,
        aggregation: aggregation?,
        reporters,
        reporter_kinds,
        loc: cx.loc(span),
    })
}

/// `cadence = 1` (every year, the default), `cadence = { every = 3, from = 2017 }` or
/// `cadence = [2018, 2022, 2026]`.
fn parse_cadence(cx: &mut Ctx<'_>, f: &Fields<'_, '_>) -> Cadence {
    let Some(v) = f.raw("cadence") else { return Cadence::default() };
    let year = |v: &toml::de::DeValue<'_>| match v {
        toml::de::DeValue::Integer(i) => i.as_str().replace('_', "").parse::<i32>().ok(),
        _ => None,
    };
    let hint = "write `cadence = 1`, `cadence = { every = 3, from = 2017 }` or `cadence = [2018, 2022, 2026]`";
    match v.get_ref() {
        toml::de::DeValue::Integer(_) if year(v.get_ref()) == Some(1) => Cadence::default(),
        toml::de::DeValue::Array(items) => {
            let years: Option<Vec<i32>> = items.iter().map(|i| year(i.get_ref())).collect();
            match years {
                Some(mut list) if !list.is_empty() => {
                    list.sort_unstable();
                    Cadence::Listed(list)
                }
                _ => {
                    cx.error(
                        "bad-value",
                        v.span(),
                        format!("the `cadence` of {} must list years", f.what()),
                    )
                    .hint = Some(hint.into());
                    Cadence::default()
                }
            }
        }
        toml::de::DeValue::Table(t) => {
            let c = Fields::new(
                cx,
                t,
                v.span(),
                format!("the cadence of {}", f.what()),
                &["every", "from"],
            );
            let every = c.req_f64(cx, "every", "3");
            let from = c.req_f64(cx, "from", "2017");
            match (every, from) {
                (Some(e), Some(y))
                    if e.value.fract() == 0.0
                        && (1.0..=20.0).contains(&e.value)
                        && y.value.fract() == 0.0 =>
                {
                    Cadence::Every { years: e.value as u8, from: y.value as i32 }
                }
                _ => {
                    cx.error(
                        "bad-value",
                        v.span(),
                        format!(
                            "the `cadence` of {} must be every 1 to 20 years from a year",
                            f.what()
                        ),
                    )
                    .hint = Some(hint.into());
                    Cadence::default()
                }
            }
        }
        _ => {
            cx.error(
                "bad-value",
                v.span(),
                format!("the `cadence` of {} cannot be read", f.what()),
            )
            .hint = Some(hint.into());
            Cadence::default()
        }
    }
}

/// `from`: where the values come from, with what each source needs (`kolada` for Kolada, a
/// `formula` for a derived indicator). An indicator with a Kolada id that does not say where
/// its values come from is read as actor-reported, with a warning.
fn parse_origin(
    cx: &mut Ctx<'_>,
    f: &Fields<'_, '_>,
    span: std::ops::Range<usize>,
    kolada: Option<&Located<String>>,
) -> Option<Origin> {
    let from = f.opt_choice(
        cx,
        "from",
        &[
            ("kolada", "kolada"),
            ("actor", "actor"),
            ("derived", "derived"),
            ("registry", "registry"),
        ],
    );
    let measures: Vec<(&str, crate::registry::Measure)> =
        crate::registry::Measure::ALL.iter().map(|m| (m.as_str(), *m)).collect();
    let measure = f.opt_choice(cx, "measure", &measures);
    if measure.is_some() && from.as_ref().is_none_or(|o| o.value != "registry") {
        cx.error(
            "bad-value",
            span.clone(),
            format!("{} has a `measure` but its values are not `from = \"registry\"`", f.what()),
        )
        .hint = Some("set `from = \"registry\"` or remove the measure".into());
    }
    let formula = f.opt_table(cx, "formula");
    if formula.is_some() && from.as_ref().is_none_or(|o| o.value != "derived") {
        cx.error(
            "bad-value",
            span.clone(),
            format!("{} has a `formula` but its values are not `from = \"derived\"`", f.what()),
        )
        .hint = Some("set `from = \"derived\"` or remove the formula".into());
    }
    match from.map(|o| o.value) {
        Some("kolada") => {
            if kolada.is_none() {
                cx.error(
                    "missing-field",
                    span,
                    format!("{} comes from Kolada but names no `kolada` KPI id", f.what()),
                )
                .hint = Some("add the KPI id, e.g. `kolada = \"N02267\"`".into());
                return None;
            }
            Some(Origin::Kolada)
        }
        Some("derived") => {
            let Some((t, s)) = formula else {
                cx.error(
                    "missing-field",
                    span,
                    format!("{} is derived but has no `formula`", f.what()),
                )
                .hint =
                    Some("e.g. `formula = { sum = [\"fou-foretag\", \"fou-offentlig\"] }`".into());
                return None;
            };
            parse_formula(cx, f, t, s).map(Origin::Derived)
        }
        Some("registry") => {
            let Some(m) = measure else {
                if f.raw("measure").is_none() {
                    cx.error(
                        "missing-field",
                        span,
                        format!("{} is counted from the registry but names no `measure`", f.what()),
                    )
                    .hint = Some(format!(
                        "add what it counts, one of: {}",
                        measures.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
                    ));
                }
                return None;
            };
            Some(Origin::Registry(m.value))
        }
        Some(_) => Some(Origin::Actor),
        None => {
            if let Some(k) = kolada {
                cx.diags.push(
                    Diagnostic::warning(
                        "source-unstated",
                        k.loc.clone(),
                        format!(
                            "{} has a Kolada id but does not say where its values come from; read as reported by actors",
                            f.what()
                        ),
                    )
                    .with_hint(
                        "write `from = \"kolada\"` to pull it from Kolada (nobody reports it), or `from = \"actor\"`",
                    ),
                );
            }
            Some(Origin::Actor)
        }
    }
}

/// `formula = { sum = [...] }`, `{ difference = [a, b] }` or `{ ratio = [a, b], scale = 1000 }`.
fn parse_formula(
    cx: &mut Ctx<'_>,
    f: &Fields<'_, '_>,
    table: &DeTable<'_>,
    span: std::ops::Range<usize>,
) -> Option<Formula> {
    let what = format!("the formula of {}", f.what());
    let g = Fields::new(
        cx,
        table,
        span.clone(),
        what.clone(),
        &["sum", "difference", "ratio", "scale"],
    );
    let ops = [
        ("sum", FormulaOp::Sum),
        ("difference", FormulaOp::Difference),
        ("ratio", FormulaOp::Ratio),
    ];
    let given: Vec<(FormulaOp, Vec<Located<String>>)> = ops
        .iter()
        .filter(|(k, _)| g.raw(k).is_some())
        .map(|(k, op)| (*op, g.str_list(cx, k)))
        .collect();
    let scale = g.opt_f64(cx, "scale").map_or(1.0, |s| s.value);
    let mut given = given.into_iter();
    let (Some((op, of)), None) = (given.next(), given.next()) else {
        cx.error(
            "bad-value",
            span,
            format!("{what} must have one of `sum`, `difference` or `ratio`"),
        )
        .hint =
            Some("e.g. `formula = { ratio = [\"eu-medel\", \"N01951\"], scale = 1000 }`".into());
        return None;
    };
    let needs_two = op != FormulaOp::Sum;
    if (needs_two && of.len() != 2) || of.is_empty() {
        cx.error(
            "bad-value",
            span,
            format!(
                "{what} needs {} indicators, found {}",
                if needs_two { "two" } else { "one or more" },
                of.len()
            ),
        )
        .hint = Some(format!("write `{} = [\"a\", \"b\"]`", op.as_str()));
        return None;
    }
    Some(Formula { op, of, scale })
}

const PLAN_FIELDS: &[&str] = &[
    "title",
    "title_en",
    "year",
    "adopted",
    "vision",
    "vision_en",
    "catalogue",
    "actors",
    "status_method",
    "thresholds",
    "area",
    "tool",
    "goal",
    "activity",
    "target",
    "reference",
    "registry",
    "project",
    "network",
    "platform",
    "consultation",
    "twin_town",
];

/// Reads a plan file. `None` when it does not parse or lacks what the rest hangs on
/// (year, catalogue and actor paths); the diagnostics say why.
pub fn parse_plan(file: FileId, text: &str, diags: &mut Vec<Diagnostic>) -> Option<Plan> {
    let cx = &mut Ctx { file, diags };
    let doc = parse_document(cx, text)?;
    let f = Fields::new(cx, doc.get_ref(), 0..0, "the plan", PLAN_FIELDS);
    let title =
        f.req_str(cx, "title", "\"Verksamhetsplan 2023\"").map(|s| s.value).unwrap_or_default();
    let year = f.req_f64(cx, "year", "2023").and_then(|y| {
        if y.value.fract() == 0.0 && (1900.0..=2200.0).contains(&y.value) {
            Some(Located::new(y.value as i32, y.loc))
        } else {
            cx.error(
                "bad-value",
                y.loc.span.clone(),
                format!("`year` must be a year such as 2023, found {}", y.value),
            );
            None
        }
    });
    let adopted = match f.raw("adopted") {
        None => None,
        Some(v) => match v.get_ref() {
            toml::de::DeValue::Datetime(dt) if dt.date.is_some() && dt.time.is_none() => {
                Some(dt.to_string())
            }
            _ => {
                cx.error(
                    "wrong-type",
                    v.span(),
                    "`adopted` must be a date written 2023-01-26, without quotes",
                )
                .hint = Some("leave it out until the board has adopted the plan".into());
                None
            }
        },
    };
    let vision = f.text(cx, "vision");
    let title_en = f.text(cx, "title_en");
    let vision_en = f.text(cx, "vision_en");
    let catalogue_path = f.req_str(cx, "catalogue", "\"../indicators/catalogue.toml\"");
    let actors_path = f.req_str(cx, "actors", "\"../indicators/actors.toml\"");
    let status_method = f
        .opt_choice(
            cx,
            "status_method",
            &[("linear", StatusMethod::Linear), ("growth-rate", StatusMethod::GrowthRate)],
        )
        .map_or(StatusMethod::Linear, |m| m.value);
    let thresholds = parse_thresholds(cx, &f);

    let areas = f
        .tables(cx, "area")
        .into_iter()
        .filter_map(|(t, span)| {
            let a = Fields::new(
                cx,
                t,
                span.clone(),
                "area",
                &["id", "name", "name_en", "description", "description_en", "priorities"],
            );
            let id = a.req_id(cx, "id", "\"foretagsamhet\"");
            let name = a.req_str(cx, "name", "\"Företagsamhet\"");
            let description = a.text(cx, "description");
            let name_en = a.text(cx, "name_en");
            let description_en = a.text(cx, "description_en");
            let priorities = a.str_list(cx, "priorities").into_iter().map(|p| p.value).collect();
            Some(Area {
                id: id?.value,
                name: name.map(|n| n.value).unwrap_or_default(),
                name_en,
                description,
                description_en,
                priorities,
                loc: cx.loc(span),
            })
        })
        .collect();

    let own_tools: Vec<Tool> = f
        .tables(cx, "tool")
        .into_iter()
        .filter_map(|(t, span)| {
            let a = Fields::new(cx, t, span.clone(), "tool", &["id", "name"]);
            let id = a.req_id(cx, "id", "\"samverkan\"");
            let name = a.req_str(cx, "name", "\"Samverkan\"");
            Some(Tool { id: id?.value, name: name?.value, loc: Some(cx.loc(span)) })
        })
        .collect();
    let tools = if own_tools.is_empty() { standard_tools() } else { own_tools };

    let goals = f
        .tables(cx, "goal")
        .into_iter()
        .filter_map(|(t, span)| {
            let g = Fields::new(
                cx,
                t,
                span.clone(),
                "goal",
                &["id", "area", "title", "title_en", "success_criteria", "success_criteria_en"],
            );
            let id = g.req_id(cx, "id", "\"F1\"");
            let area = g.req_id(cx, "area", "\"foretagsamhet\"");
            let title = g.req_str(cx, "title", "\"Fler och växande företag\"");
            let success_criteria =
                g.str_list(cx, "success_criteria").into_iter().map(|s| s.value).collect();
            let title_en = g.text(cx, "title_en");
            let success_criteria_en =
                g.str_list(cx, "success_criteria_en").into_iter().map(|s| s.value).collect();
            Some(Goal {
                id: id?.value,
                area: area?,
                title: title.map(|t| t.value).unwrap_or_default(),
                title_en,
                success_criteria,
                success_criteria_en,
                loc: cx.loc(span),
            })
        })
        .collect();

    let statuses: Vec<(&str, ActivityStatus)> =
        ActivityStatus::ALL.iter().map(|s| (s.as_str(), *s)).collect();
    let activities = f
        .tables(cx, "activity")
        .into_iter()
        .filter_map(|(t, span)| {
            let a = Fields::new(
                cx,
                t,
                span.clone(),
                "activity",
                &[
                    "id",
                    "goal",
                    "title",
                    "title_en",
                    "description",
                    "description_en",
                    "responsible",
                    "tools",
                    "start",
                    "end",
                    "budget_sek",
                    "fte",
                    "status",
                ],
            );
            let id = a.req_id(cx, "id", "\"A01\"");
            let goal = a.req_id(cx, "goal", "\"F1\"");
            let title = a.req_str(cx, "title", "\"Exportfrämjande med ALMI\"");
            let description = a.text(cx, "description");
            let title_en = a.text(cx, "title_en");
            let description_en = a.text(cx, "description_en");
            let responsible = a.str_list(cx, "responsible");
            let tools = a.str_list(cx, "tools");
            let start = a.opt_period(cx, "start");
            let end = a.opt_period(cx, "end");
            let budget_sek = non_negative(cx, &a, "budget_sek");
            let fte = non_negative(cx, &a, "fte");
            let status =
                a.opt_choice(cx, "status", &statuses).map_or(ActivityStatus::Planned, |s| s.value);
            Some(Activity {
                id: id?.value,
                goal: goal?,
                title: title.map(|t| t.value).unwrap_or_default(),
                title_en,
                description,
                description_en,
                responsible,
                tools,
                start,
                end,
                budget_sek,
                fte,
                status,
                loc: cx.loc(span),
            })
        })
        .collect();

    let targets = f
        .tables(cx, "target")
        .into_iter()
        .filter_map(|(t, span)| parse_target(cx, t, span))
        .collect();

    let mut registry = crate::registry::Registry::default();
    crate::load_registry::read_tables(cx, &f, &mut registry);
    let mut registry_files = Vec::new();
    if let Some((t, span)) = f.opt_table(cx, "registry") {
        let r = Fields::new(cx, t, span, "the plan's `registry`", &["since", "files"]);
        registry_files = r.str_list(cx, "files");
        if let Some(y) = r.opt_f64(cx, "since") {
            if y.value.fract() == 0.0 && (1900.0..=2200.0).contains(&y.value) {
                registry.since = Some(y.value as i32);
            } else {
                cx.error(
                    "bad-value",
                    y.loc.span.clone(),
                    "`since` of the registry must be a year such as 2019",
                )
                .hint = Some("the first year the registry is complete for".into());
            }
        }
    }

    let references = f
        .tables(cx, "reference")
        .into_iter()
        .filter_map(|(t, span)| {
            let r = Fields::new(cx, t, span.clone(), "reference", &["id", "name", "kolada"]);
            let id = r.req_id(cx, "id", "\"riket\"");
            let name = r.req_str(cx, "name", "\"Riket\"");
            let kolada = r.req_str(cx, "kolada", "\"0000\"");
            Some(Reference { id: id?, name: name?.value, kolada: kolada?, loc: cx.loc(span) })
        })
        .collect();

    Some(Plan {
        title,
        title_en,
        year: year?,
        adopted,
        vision,
        vision_en,
        catalogue_path: catalogue_path?,
        actors_path: actors_path?,
        status_method,
        thresholds,
        areas,
        tools,
        goals,
        activities,
        targets,
        registry,
        registry_files,
        references,
    })
}

fn non_negative(cx: &mut Ctx<'_>, f: &Fields<'_, '_>, key: &str) -> Option<f64> {
    let v = f.opt_f64(cx, key)?;
    if v.value < 0.0 {
        cx.error(
            "bad-value",
            v.loc.span.clone(),
            format!("`{key}` of {} cannot be negative", f.what()),
        );
        return None;
    }
    Some(v.value)
}

fn parse_thresholds(cx: &mut Ctx<'_>, f: &Fields<'_, '_>) -> Thresholds {
    let Some((t, span)) = f.opt_table(cx, "thresholds") else {
        return Thresholds::default();
    };
    let th = Fields::new(cx, t, span.clone(), "the thresholds", &["on_track", "at_risk"]);
    let default = Thresholds::default();
    let on_track = th.opt_f64(cx, "on_track").map_or(default.on_track, |v| v.value);
    if let Some(v) = th.opt_f64(cx, "at_risk") {
        cx.diags.push(
            Diagnostic::warning(
                "unused-threshold",
                v.loc.clone(),
                "`at_risk` is no longer used: below `on_track` a target moving toward its goal shows \"limited progress\", one moving away \"deterioration\"",
            )
            .with_hint("remove `at_risk` from the thresholds"),
        );
    }
    if !(0.0 < on_track && on_track <= 1.0) {
        cx.error(
            "bad-value",
            span,
            format!("the threshold `on_track` must be above 0 and at most 1, found {on_track}"),
        )
        .hint = Some("the default is on_track = 0.95".into());
        return default;
    }
    Thresholds { on_track }
}

/// A dated value; `value` may be left out where `optional` (a baseline taken from the data, a
/// target that only says which way).
fn parse_point(
    cx: &mut Ctx<'_>,
    t: &DeTable<'_>,
    span: std::ops::Range<usize>,
    what: String,
    optional: bool,
) -> Option<PointValue> {
    let p = Fields::new(cx, t, span.clone(), what, &["period", "value"]);
    let period = p.req_period(cx, "period");
    let value = if optional { p.opt_f64(cx, "value") } else { p.req_f64(cx, "value", "80.5") };
    let value = match value {
        Some(v) => Located::new(Some(v.value), v.loc),
        None => Located::new(None, cx.loc(span.clone())),
    };
    Some(PointValue { period, value, loc: cx.loc(span) })
}

fn parse_target(
    cx: &mut Ctx<'_>,
    t: &DeTable<'_>,
    span: std::ops::Range<usize>,
) -> Option<IndicatorTarget> {
    let f = Fields::new(
        cx,
        t,
        span.clone(),
        "target",
        &[
            "indicator",
            "goal",
            "responsible",
            "baseline",
            "target",
            "milestones",
            "actor_targets",
            "gender",
            "breakdown",
            "analysis",
        ],
    );
    let indicator = f.req_id(cx, "indicator", "\"N02267\"");
    let what = match &indicator {
        Some(i) => format!("the target for `{}`", i.value),
        None => "the target".to_string(),
    };
    let goal = f.req_id(cx, "goal", "\"F1\"");
    let responsible = f.req_id(cx, "responsible", "\"regionforbundet\"");
    let example = "{ period = \"2022\", value = 80.1 }";
    // Without a value, the baseline is the first observed one from the period on, and the
    // target only says which way (the indicator's direction): "ska öka".
    let baseline = f
        .req_table(cx, "baseline", example)
        .and_then(|(t, s)| parse_point(cx, t, s, format!("the baseline of {what}"), true));
    let target = f
        .req_table(cx, "target", example)
        .and_then(|(t, s)| parse_point(cx, t, s, format!("the target value of {what}"), true));
    let milestones = f
        .tables(cx, "milestones")
        .into_iter()
        .filter_map(|(t, s)| parse_point(cx, t, s, format!("a milestone of {what}"), false))
        .collect();
    let actor_targets = f
        .tables(cx, "actor_targets")
        .into_iter()
        .filter_map(|(t, s)| {
            let a = Fields::new(
                cx,
                t,
                s.clone(),
                format!("an actor's target of {what}"),
                &["actor", "baseline", "target"],
            );
            let actor = a.req_id(cx, "actor", "\"karlskoga\"");
            let who = match &actor {
                Some(x) => format!("`{}`'s target of {what}", x.value),
                None => format!("an actor's target of {what}"),
            };
            let baseline = a
                .req_table(cx, "baseline", example)
                .and_then(|(t, s)| parse_point(cx, t, s, format!("the baseline of {who}"), false));
            let target = a.req_table(cx, "target", example).and_then(|(t, s)| {
                parse_point(cx, t, s, format!("the target value of {who}"), false)
            });
            Some(ActorTarget {
                actor: actor?,
                baseline: baseline?,
                target: target?,
                loc: cx.loc(s),
            })
        })
        .collect();
    let gender = f.opt_choice(
        cx,
        "gender",
        &[("T", crate::Gender::Total), ("K", crate::Gender::Women), ("M", crate::Gender::Men)],
    );
    let mut breakdown = Vec::new();
    if let Some((table, _)) = f.opt_table(cx, "breakdown") {
        for (key, value) in table.iter() {
            let Some(v) = value.get_ref().as_str() else {
                cx.error(
                    "wrong-type",
                    value.span(),
                    format!("`breakdown.{}` in {what} must be text", key.get_ref()),
                )
                .hint = Some("e.g. `breakdown = { alder = \"16-24\" }`".into());
                continue;
            };
            breakdown.push((
                Located::new(key.get_ref().to_string(), cx.loc(key.span())),
                Located::new(v.to_string(), cx.loc(value.span())),
            ));
        }
    }
    let analysis = f.text(cx, "analysis");
    let indicator = indicator?;
    let cells: Vec<(&str, &str)> =
        breakdown.iter().map(|(d, v)| (d.value.as_str(), v.value.as_str())).collect();
    let key = IndicatorTarget::key_of(&indicator.value, gender.as_ref().map(|g| g.value), &cells);
    Some(IndicatorTarget {
        indicator,
        goal: goal?,
        responsible: responsible?,
        baseline: baseline?,
        target: target?,
        milestones,
        actor_targets,
        gender,
        breakdown,
        key,
        analysis,
        loc: cx.loc(span),
    })
}
