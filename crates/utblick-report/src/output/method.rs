//! The method appendix, written once for every rendering: paragraphs in a small markup
//! (`**strong**`, `*emphasis*`, `` `code` ``) that the HTML, the PDF and plain text each render
//! in their own way, so no rendering has to take another's markup apart.

use super::*;

/// A run of a method paragraph and how it is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Span<'a> {
    Text(&'a str),
    Strong(&'a str),
    Em(&'a str),
    Code(&'a str),
}

/// A paragraph's runs: `**…**` strong, `*…*` emphasis, `` `…` `` code; an unclosed mark runs to
/// the end of the paragraph.
pub(super) fn spans<'a>(p: &'a str) -> Vec<Span<'a>> {
    let mut out = Vec::new();
    let mut rest = p;
    while !rest.is_empty() {
        let next = rest.find(['*', '`']).unwrap_or(rest.len());
        if next > 0 {
            out.push(Span::Text(&rest[..next]));
            rest = &rest[next..];
            continue;
        }
        let (mark, make): (&str, fn(&'a str) -> Span<'a>) = if rest.starts_with("**") {
            ("**", Span::Strong)
        } else if rest.starts_with('*') {
            ("*", Span::Em)
        } else {
            ("`", Span::Code)
        };
        let inner = &rest[mark.len()..];
        let end = inner.find(mark).unwrap_or(inner.len());
        out.push(make(&inner[..end]));
        rest = inner.get(end + mark.len()..).unwrap_or("");
    }
    out
}

/// The method's paragraphs, in the report's language.
pub(super) fn paragraphs(cx: &Ctx<'_>) -> Vec<String> {
    let plan = cx.input.plan;
    let th = plan.thresholds;
    let lang = cx.lang();
    let chosen = match plan.status_method {
        StatusMethod::Linear => {
            cx.t("Planen använder den raka vägen.", "The plan uses the straight path.")
        }
        StatusMethod::GrowthRate => {
            cx.t("Planen använder tillväxttakten.", "The plan uses the growth rate.")
        }
    };
    let on = format_number(th.on_track, 2, lang);
    match lang {
        Lang::Sv => vec![
            format!("**Status, den raka vägen (standard).** Mellan utgångsvärdet och målet dras en rak linje. Vid senaste period med fullständigt underlag jämförs den uppnådda förändringen med den väntade: kvot = (senaste värde − utgångsvärde) / (väntat värde − utgångsvärde). Har värdet nått målet i indikatorns riktning är målet *uppnått*. Har det gått åt fel håll sedan utgångsvärdet (mer än en halv procent) är det en *försämring*. Annars är kvot ≥ {on} *i fas* och lägre *begränsade framsteg* (hit hör också ett oförändrat värde). Kategorierna följer Open SDG:s framstegsmått."),
            format!("**Status, tillväxttakten.** Som Open SDG: observerad genomsnittlig årlig tillväxt sedan utgångsvärdet, ((senaste / utgångsvärde)^(1/år) − 1), jämförs med den tillväxt som krävs för att nå målet, ((mål / utgångsvärde)^(1/år till målet) − 1); kvoten bedöms med samma gränser. Kräver positiva värden; annars används den raka vägen."),
            format!("{chosen} Gränsen ({on}) sätts i planen. *För lite data*: inget värde efter utgångsvärdet. *Inga data*: inga värden alls. Indikatorer som ska hållas inom ett intervall är uppnådda inom intervallet; utanför är de en försämring om de har gått längre bort från intervallet, annars begränsade framsteg."),
            "**Länets värde.** Källans eget länsvärde där den publicerar ett (Kolada), eller regionens eget rapporterade värde; annars rapportörernas värden sammanvägda enligt katalogen: summa, medelvärde eller medelvärde vägt med talets egen nämnare (t.ex. antal invånare för BRP per invånare). Ett värde byggt på färre aktörer än väntat markeras som ofullständigt och jämförs aldrig med fullständiga.".into(),
            "**Aktörerna.** En aktör får status bara mot ett mål som planen sätter för just den aktören. Övriga jämförs: pilen visar åt vilket håll värdet har gått sedan planens utgångsperiod (aktörens värde då, eller det senaste före), ordet om det är bättre eller sämre i indikatorns riktning; inom en halv procent räknas det som oförändrat.".into(),
            "**Jämförelser.** Planens jämförelseområden (t.ex. riket) hämtas från samma källa och visas i diagram och tabeller bredvid länets värden; de bedöms aldrig, räknas aldrig som saknade och rangordnas aldrig med aktörerna.".into(),
            "**Prognos (\"Når målet?\").** Bara för en målperiod som ligger efter det senaste fullständiga värdet. En rät linje anpassad med minsta kvadratmetoden till de fem senaste fullständiga punkterna (minst tre) förlängs till målperioden: den når målet, eller missar det med skillnaden. Den hålls inom indikatorns möjliga värden (t.ex. 0–100 %) och säger när den har stannat vid gränsen. Prognosen hålls inne (*osäker prognos*) med färre än tre punkter, när målperioden ligger längre fram från det senaste värdet än punkterna spänner över (fem års värden bär inte åtta år framåt), när linjen förklarar mindre än hälften av värdenas variation (R² under 0,5, utom för en serie som ligger still), när en period som indikatorns rytm väntar sig saknas bland punkterna, och för kvartal och månader, där säsongerna styr. **Förändring** är länets förändring sedan utgångsvärdet: pilen visar åt vilket håll värdet har gått, ordet om det är bättre eller sämre i indikatorns riktning. Status och prognos kan skilja sig åt (statusen mäter takten sedan utgångsvärdet, prognosen trenden i de senaste värdena); då säger en mening varför.".into(),
            "**Mål som bara anger riktning.** Ett mål utan målvärde (\"ska öka\") bedöms efter förändringen sedan utgångsvärdet: i indikatorns riktning *i fas*, oförändrat *begränsade framsteg*, åt fel håll *försämring*; det blir aldrig *uppnått*. Ett utgångsvärde som planen inte anger är länets första värde från utgångsperioden, och tabellen säger det. Delmål visas i diagram och tabell men bedöms inte för sig.".into(),
            "**Härledda indikatorer.** Värden som planen räknar fram ur andra (summa, skillnad, kvot, per invånare) räknas om vid varje rapport ur de lagrade värdena och lagras aldrig själva.".into(),
            "**Indikatorer ur registret** räknas vid varje rapport ur registret över det internationella arbetet (med aktörernas uppdateringar), per rapportör och år till det senast avslutade, och skrivs aldrig in. Var och en säger hur den räknas och vilka poster som ligger bakom de senaste siffrorna; posterna står under *Det internationella arbetet*, vars projekt per år summerar samma siffror (euro efter projektets kurs).".into(),
            "**Perioder.** År, kvartal, månader, läsår (augusti–juli, `2022/23`) och flerårsperioder (`2018-2022`, t.ex. ett rullande femårsfönster) ordnas efter när de slutar och ritas vid sin mittpunkt. Kolada daterar läsår och fönster med det år de slutar.".into(),
            "**Kön och uppdelningar.** Rubriken och statusen gäller totalen, utom där planen sätter målet för kvinnor eller män (för indikatorer som bara redovisas för kvinnor och män måste den det) eller för en grupp i en uppdelning (t.ex. unga 16–24 år). Under ett mål för totalen visas länets värde för varje grupp med förändringen sedan utgångsperioden, och för en indikator som också redovisas för kvinnor och män ett diagram med båda bredvid totalen (värdena finns i seriens CSV); grupperna och könen jämförs, de bedöms inte.".into(),
            "**Fullständighet.** Bara för indikatorer som aktörerna rapporterar (statistik hämtas från källan): för varje aktör som ska rapportera indikatorn, perioderna efter utgångsvärdet som har avslutats per rapportdatum och som hör till indikatorns rytm (en undersökning vartannat eller vart tredje år, valår), så att åren däremellan aldrig räknas som saknade. Ett värde markerat som saknat (t.ex. `..`) räknas som rapporterat.".into(),
            "Källa för Kolada-nyckeltalen: Kolada (RKA). Övriga värden rapporteras av aktörerna själva. *Uppdaterad* är dagen då det senaste av indikatorns visade värden lagrades i utblick (hämtat från Kolada eller inskickat av en aktör); ett värde som skickas igen oförändrat flyttar den inte.".into(),
        ],
        Lang::En => vec![
            format!("**Status, the straight path (default).** A straight line runs from the baseline to the target. At the latest period with complete data the achieved change is compared with the expected: ratio = (latest − baseline) / (expected − baseline). A value that has reached the target in the indicator's direction has *achieved* it. One that has moved away from the target since the baseline (by more than half a per cent) is a *deterioration*. Otherwise a ratio ≥ {on} is *on track* and a lower one *limited progress* (an unchanged value included). The categories follow Open SDG's progress measure."),
            format!("**Status, the growth rate.** As in Open SDG: the observed compound annual growth since the baseline, ((latest / baseline)^(1/years) − 1), against the growth required to reach the target, ((target / baseline)^(1/years to target) − 1); the ratio is judged by the same thresholds. Needs positive values; otherwise the straight path is used."),
            format!("{chosen} The threshold ({on}) is set in the plan. *Too little data*: no value after the baseline. *No data*: no values at all. Indicators to be kept within a band are achieved within it; outside it they are a deterioration if they moved further from the band, limited progress otherwise."),
            "**The county's value.** The source's own county value where it publishes one (Kolada), or the region's own reported value; otherwise the reporters' values combined as the catalogue says: sum, mean, or mean weighted by the rate's own denominator (e.g. inhabitants for GRP per inhabitant). A value built from fewer actors than expected is marked incomplete and never compared with complete ones.".into(),
            "**The actors.** An actor gets a status only against a target the plan sets for that actor. The others are compared: the arrow shows which way the value went since the plan's baseline period (the actor's value then, or the latest before), the word whether that is better or worse in the indicator's direction; within half a per cent it counts as unchanged.".into(),
            "**Comparisons.** The plan's reference geographies (e.g. Sweden) come from the same source and are shown in charts and tables beside the county's values; they are never judged, never counted as missing and never ranked with the actors.".into(),
            "**Forecast (\"Reaches the target?\").** Only for a target period after the latest complete value. A least-squares straight line through the last five complete points (at least three), carried to the target period: it reaches the target, or misses it by the difference. It is kept within the indicator's possible values (e.g. 0–100 %) and says when it stopped at the limit. It is withheld (*uncertain forecast*) with fewer than three points, when the target period lies further beyond the latest value than the points span (five years of values do not carry eight years ahead), when the line explains less than half of the values' variation (R² below 0.5, except for a series that stays level), when a period the indicator's cadence expects is missing among the points, and for quarters and months, where seasons rule. **Change** is the county's change since the baseline: the arrow shows which way the value went, the word whether that is better or worse in the indicator's direction. Status and forecast can differ (the status measures the pace since the baseline, the forecast the trend of the latest values); a sentence then says why.".into(),
            "**Targets that only say which way.** A target without a value (\"shall increase\") is judged by the change since the baseline: in the indicator's direction *on track*, unchanged *limited progress*, the wrong way *deterioration*; it is never *achieved*. A baseline the plan does not give is the county's first value from the baseline period on, and the table says so. Milestones are shown in the chart and the table but not judged on their own.".into(),
            "**Derived indicators.** Values the plan computes from others (sum, difference, ratio, per inhabitant) are computed again on every report from the stored values, and never stored themselves.".into(),
            "**Indicators from the registry** are counted on every report from the registry of the international work (with the actors' updates), per reporter and year up to the last one ended, and never typed in. Each says how it is counted and which entries are behind its latest figures; the entries are under *The international work*, whose projects per year sum the same figures (euro at the project's rate).".into(),
            "**Periods.** Years, quarters, months, school years (August to July, `2022/23`) and spans of years (`2018-2022`, e.g. a rolling five-year window) are ordered by when they end and drawn at their midpoint. Kolada dates school years and windows by the year they end in.".into(),
            "**Gender and breakdowns.** The heading and the status are for the total, except where the plan sets the target for women or men (an indicator published for women and men only must) or for a group of a breakdown (e.g. the young aged 16–24). Under a target on the total, the county's value of every group is shown with its change since the baseline period, and for an indicator also published for women and men a chart shows both beside the total (the values are in the series CSV); groups and genders are compared, not judged.".into(),
            "**Completeness.** Only for indicators the actors report (statistics come from their source): for each actor due to report the indicator, the periods after the baseline that have ended by the report date and are in the indicator's cadence (a survey every second or third year, election years), so that the years between are never counted as missing. A value marked missing (e.g. `..`) counts as reported.".into(),
            "Source of the Kolada KPIs: Kolada (RKA). Other values are reported by the actors themselves. *Updated* is the day the latest of the indicator's shown values was stored in utblick (fetched from Kolada or sent by an actor); a value sent again unchanged does not move it.".into(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_read_from_the_marks() {
        use Span::*;
        assert_eq!(
            spans("**Perioder.** År och läsår (`2022/23`) är *ordnade*."),
            [
                Strong("Perioder."),
                Text(" År och läsår ("),
                Code("2022/23"),
                Text(") är "),
                Em("ordnade"),
                Text("."),
            ]
        );
        assert_eq!(spans("*öppen"), [Em("öppen")]);
        assert_eq!(spans(""), []);
    }
}
