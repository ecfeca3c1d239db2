//! `utblick history`: every stored value of an indicator for an actor.

use std::process::ExitCode;

use utblick_core::{Lang, ObsValue, Period, format_number};
use utblick_store::Store;

use crate::args::HistoryArgs;

pub fn run(args: &HistoryArgs) -> Result<ExitCode, String> {
    let lang: Lang = args.lang.into();
    let period = match &args.period {
        Some(p) => Some(p.parse::<Period>().map_err(|e| e.to_string())?),
        None => None,
    };
    if !args.store.store.exists() {
        return Err(format!(
            "no store at {}; run `utblick ingest` first",
            args.store.store.display()
        ));
    }
    let store = Store::open(&args.store.store).map_err(|e| e.to_string())?;
    let revisions =
        store.history(&args.indicator, &args.actor, period).map_err(|e| e.to_string())?;
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
        let head = lang.pick(
            "period\tkön\tvärde\tgäller\tinskick\tavsändare\tmottaget\tfil:rad\tkommentar",
            "period\tgender\tvalue\tcurrent\tsubmission\tsubmitter\treceived\tfile:line\tcomment",
        );
        out.push_str(&format!("{} {}\n{head}\n", args.indicator, args.actor));
        for (i, r) in revisions.iter().enumerate() {
            let is_current = revisions
                .get(i + 1)
                .is_none_or(|n| n.key.period != r.key.period || n.key.gender != r.key.gender);
            let value = match r.value {
                ObsValue::Number(x) => format_number(x, 6, lang)
                    .trim_end_matches('0')
                    .trim_end_matches([',', '.'])
                    .to_string(),
                other => other.to_string(),
            };
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}:{}\t{}\n",
                r.key.period,
                r.key.gender.map_or("", |g| g.code()),
                value,
                if is_current { lang.pick("ja", "yes") } else { "" },
                r.submission_id,
                r.submitter,
                r.received_at,
                r.file_name,
                r.line,
                r.comment.replace(['\n', '\r', '\t'], " "),
            ));
        }
    }
    crate::print(&out)?;
    Ok(ExitCode::SUCCESS)
}
