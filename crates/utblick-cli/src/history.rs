//! `utblick history`: every stored value of an indicator for an actor.

use std::process::ExitCode;

use utblick_core::{Lang, Period};
use utblick_store::{RevisionState, Store};

use crate::args::HistoryArgs;
use crate::error::CliError;

pub fn run(args: &HistoryArgs) -> Result<ExitCode, CliError> {
    let lang: Lang = args.lang.into();
    let period = args.period;
    if !args.store.store.exists() {
        return Err(CliError::NoStore { path: args.store.store.clone() });
    }
    let store = Store::open(&args.store.store)?;
    let revisions = store.history(&args.indicator, &args.actor, period)?;
    let mut out = String::new();
    if revisions.is_empty() {
        out.push_str(&format!(
            "{} {} {}\n",
            lang.pick("inga lagrade värden för", "no stored values for"),
            args.indicator,
            args.actor
        ));
        if args.actor.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(lang.pick(
                "  tips: ange aktörens id (t.ex. orebro), inte kommunkoden\n",
                "  hint: give the actor's id (e.g. orebro), not the municipality code\n",
            ));
        }
    } else {
        // Breakdown cells are told apart by a column of their own, when there are any.
        let cells = revisions.iter().any(|r| !r.key.breakdown.is_empty());
        let series = match (cells, lang) {
            (false, Lang::Sv) => "kön",
            (false, Lang::En) => "gender",
            (true, Lang::Sv) => "kön\tuppdelning",
            (true, Lang::En) => "gender\tbreakdown",
        };
        let head = lang.pick(
            "period\t{series}\tvärde\tgäller\tinskick\tavsändare\tmottaget\tfil:rad\tkommentar",
            "period\t{series}\tvalue\tcurrent\tsubmission\tsubmitter\treceived\tfile:line\tcomment",
        )
        .replace("{series}", series);
        out.push_str(&format!("{} {}\n{head}\n", args.indicator, args.actor));
        for r in &revisions {
            let state = match r.state {
                RevisionState::Current => lang.pick("ja", "yes"),
                RevisionState::Waiting => lang.pick("väntar på godkännande", "waits for approval"),
                RevisionState::Superseded => {
                    lang.pick("ersatt av ett senare förslag", "superseded by a later proposal")
                }
                RevisionState::Earlier => "",
            }
            .to_string();
            let state = match &r.approved {
                Some((by, at)) => {
                    let approved = match lang {
                        Lang::Sv => format!("godkänt av {by} {at}"),
                        Lang::En => format!("approved by {by} {at}"),
                    };
                    if state.is_empty() { approved } else { format!("{state}, {approved}") }
                }
                None => state,
            };
            let gender = match cells {
                true => format!("{}\t{}", r.key.gender.map_or("", |g| g.code()), r.key.breakdown),
                false => r.key.gender.map_or("", |g| g.code()).to_string(),
            };
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}:{}\t{}\n",
                r.key.period,
                gender,
                crate::lock::value_text(Some(r.value), lang),
                state,
                r.submission_id,
                r.submitter,
                r.received_at,
                r.file_name,
                r.line,
                r.comment.replace(['\n', '\r', '\t'], " "),
            ));
        }
    }
    // Every lock, unlock and approval of the periods shown.
    let events = store.events(None)?;
    let periods: Vec<Period> = match period {
        Some(p) => vec![p],
        None => revisions.iter().map(|r| r.key.period).collect(),
    };
    let overlaps = |e: &utblick_store::Event| {
        periods.iter().any(|&p| e.period.contains(p) || p.contains(e.period))
    };
    let shown: Vec<&utblick_store::Event> = events.iter().filter(|e| overlaps(e)).collect();
    if !shown.is_empty() {
        out.push_str(lang.pick(
            "\nhändelse\tperiod\tnär\tvem\tvärden\tvarför\n",
            "\nevent\tperiod\twhen\twho\tvalues\twhy\n",
        ));
        for e in shown {
            let kind = match (e.kind, lang) {
                (utblick_store::EventKind::Lock, Lang::Sv) => "låst",
                (utblick_store::EventKind::Unlock, Lang::Sv) => "upplåst",
                (utblick_store::EventKind::Approve, Lang::Sv) => "godkänt",
                (k, Lang::En) => match k {
                    utblick_store::EventKind::Lock => "locked",
                    utblick_store::EventKind::Unlock => "unlocked",
                    utblick_store::EventKind::Approve => "approved",
                },
            };
            let values = if e.kind == utblick_store::EventKind::Approve {
                e.values.to_string()
            } else {
                String::new()
            };
            out.push_str(&format!(
                "{kind}\t{}\t{}\t{}\t{values}\t{}\n",
                e.period,
                e.at,
                e.who,
                e.reason.replace(['\n', '\r', '\t'], " ")
            ));
        }
    }
    crate::print(&out)?;
    Ok(ExitCode::SUCCESS)
}
