//! The registry of the international work: EU and national projects, networks, political
//! platforms with their consultation responses, and twin towns. It is data beside the plan (its
//! own TOML files, named by the plan's `registry`), kept year to year, updated by the actors
//! through `ingest`, and the source of the catalogue's `from = "registry"` indicators: their
//! values are counted from the entries on every report, so each figure can be traced to them.

use std::collections::BTreeMap;

use crate::diag::{Loc, Located};
use crate::period::Date;

/// An EU (or national) funding programme a project can be financed by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Programme {
    /// The id written in the registry (`interreg-europe`).
    pub id: &'static str,
    /// The programme's name, in Swedish where it has one.
    pub name: &'static str,
    /// The fund or instrument it belongs to.
    pub fund: &'static str,
    /// Whether the grant is EU money (national programmes are not).
    pub eu: bool,
}

/// The programmes the registry accepts, 2014–2027 (names as the programmes write them).
pub const PROGRAMMES: &[Programme] = &[
    Programme { id: "interreg-europe", name: "Interreg Europe", fund: "Interreg (ERUF)", eu: true },
    Programme {
        id: "interreg-sverige-norge",
        name: "Interreg Sverige–Norge",
        fund: "Interreg (ERUF)",
        eu: true,
    },
    Programme {
        id: "interreg-ostersjon",
        name: "Interreg Östersjöregionen",
        fund: "Interreg (ERUF)",
        eu: true,
    },
    Programme {
        id: "interreg-nordsjon",
        name: "Interreg Nordsjöregionen",
        fund: "Interreg (ERUF)",
        eu: true,
    },
    Programme {
        id: "interreg-central-baltic",
        name: "Interreg Central Baltic",
        fund: "Interreg (ERUF)",
        eu: true,
    },
    Programme { id: "urbact", name: "URBACT", fund: "Interreg (ERUF)", eu: true },
    Programme {
        id: "eruf-ostra-mellansverige",
        name: "Regionalfondsprogrammet Östra Mellansverige",
        fund: "ERUF (regionalfonden)",
        eu: true,
    },
    Programme { id: "esf-plus", name: "Socialfonden+ (ESF+)", fund: "ESF+", eu: true },
    Programme {
        id: "jtf", name: "Fonden för en rättvis omställning", fund: "FRO (JTF)", eu: true
    },
    Programme { id: "horizon-europe", name: "Horisont Europa", fund: "Horizon Europe", eu: true },
    Programme { id: "horizon-2020", name: "Horisont 2020", fund: "Horizon 2020", eu: true },
    Programme { id: "erasmus-plus", name: "Erasmus+", fund: "Erasmus+", eu: true },
    Programme { id: "life", name: "LIFE", fund: "LIFE", eu: true },
    Programme {
        id: "cerv",
        name: "Medborgare, jämlikhet, rättigheter och värden (CERV)",
        fund: "CERV",
        eu: true,
    },
    Programme { id: "creative-europe", name: "Kreativa Europa", fund: "Creative Europe", eu: true },
    Programme { id: "digital-europe", name: "Digitala Europa", fund: "Digital Europe", eu: true },
    Programme {
        id: "cef",
        name: "Fonden för ett sammanlänkat Europa (FSE)",
        fund: "CEF",
        eu: true,
    },
    Programme { id: "eu4health", name: "EU4Health", fund: "EU4Health", eu: true },
    Programme { id: "cosme", name: "COSME", fund: "COSME", eu: true },
    Programme { id: "national", name: "Nationell finansiering", fund: "nationell", eu: false },
];

/// The programme of id `id`.
pub fn programme(id: &str) -> Option<&'static Programme> {
    PROGRAMMES.iter().find(|p| p.id == id)
}

/// ISO 3166-1 alpha-2 codes of the officially assigned countries and territories, with their
/// Swedish short names where the registry shows them (the names of the Swedish
/// Institute for Language and Folklore's country list; the others are shown by code).
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

const COUNTRY_NAMES: &[(&str, &str)] = &[
    ("AT", "Österrike"),
    ("BE", "Belgien"),
    ("BG", "Bulgarien"),
    ("CH", "Schweiz"),
    ("CN", "Kina"),
    ("CY", "Cypern"),
    ("CZ", "Tjeckien"),
    ("DE", "Tyskland"),
    ("DK", "Danmark"),
    ("EE", "Estland"),
    ("ES", "Spanien"),
    ("FI", "Finland"),
    ("FR", "Frankrike"),
    ("GB", "Storbritannien"),
    ("GR", "Grekland"),
    ("HR", "Kroatien"),
    ("HU", "Ungern"),
    ("IE", "Irland"),
    ("IS", "Island"),
    ("IT", "Italien"),
    ("JP", "Japan"),
    ("LT", "Litauen"),
    ("LU", "Luxemburg"),
    ("LV", "Lettland"),
    ("MT", "Malta"),
    ("NL", "Nederländerna"),
    ("NO", "Norge"),
    ("PL", "Polen"),
    ("PT", "Portugal"),
    ("RO", "Rumänien"),
    ("SE", "Sverige"),
    ("SI", "Slovenien"),
    ("SK", "Slovakien"),
    ("UA", "Ukraina"),
    ("US", "USA"),
];

/// Whether `code` is an ISO 3166-1 alpha-2 country code (upper case, as the standard writes it).
pub fn is_country_code(code: &str) -> bool {
    code.len() == 2 && COUNTRIES.split(' ').any(|c| c == code)
}

/// The Swedish name of the country of ISO code `code`, or the code itself.
pub fn country_name(code: &str) -> &str {
    COUNTRY_NAMES.iter().find(|(c, _)| *c == code).map_or(code, |(_, n)| n)
}

/// Where a project stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProjectStatus {
    /// An idea, not yet worked on with an adviser.
    Idea,
    /// The Regionförbundet's project advice has worked on it.
    Advised,
    /// An application is submitted and awaits the decision.
    Applied,
    /// Granted, not yet started.
    Granted,
    /// The application was turned down.
    Rejected,
    /// Granted and under way.
    Running,
    /// Finished.
    Closed,
}

impl ProjectStatus {
    /// Every status, in the order of a project's life.
    pub const ALL: [ProjectStatus; 7] = [
        ProjectStatus::Idea,
        ProjectStatus::Advised,
        ProjectStatus::Applied,
        ProjectStatus::Granted,
        ProjectStatus::Rejected,
        ProjectStatus::Running,
        ProjectStatus::Closed,
    ];

    /// The status as the registry writes it (`idea`, `advised`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectStatus::Idea => "idea",
            ProjectStatus::Advised => "advised",
            ProjectStatus::Applied => "applied",
            ProjectStatus::Granted => "granted",
            ProjectStatus::Rejected => "rejected",
            ProjectStatus::Running => "running",
            ProjectStatus::Closed => "closed",
        }
    }

    /// The status in Swedish, as the report and the update files write it.
    pub fn sv(self) -> &'static str {
        match self {
            ProjectStatus::Idea => "idé",
            ProjectStatus::Advised => "rådgivning",
            ProjectStatus::Applied => "ansökt",
            ProjectStatus::Granted => "beviljat",
            ProjectStatus::Rejected => "avslag",
            ProjectStatus::Running => "pågår",
            ProjectStatus::Closed => "avslutat",
        }
    }

    /// The status in `lang`.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match lang {
            crate::Lang::Sv => self.sv(),
            crate::Lang::En => self.as_str(),
        }
    }

    /// The status of a word, English or Swedish (`granted`, `beviljat`), any case.
    pub fn parse(word: &str) -> Option<ProjectStatus> {
        let w = word.trim().to_lowercase();
        ProjectStatus::ALL.into_iter().find(|s| s.as_str() == w || s.sv() == w)
    }

    /// Whether an application has been submitted (every status from `applied` on).
    pub fn was_applied(self) -> bool {
        !matches!(self, ProjectStatus::Idea | ProjectStatus::Advised)
    }

    /// Whether the money was granted (granted, running, closed).
    pub fn was_granted(self) -> bool {
        matches!(self, ProjectStatus::Granted | ProjectStatus::Running | ProjectStatus::Closed)
    }

    /// Whether the application has been decided (granted or rejected).
    pub fn was_decided(self) -> bool {
        self.was_granted() || self == ProjectStatus::Rejected
    }
}

/// The part the county's actor plays in a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectRole {
    /// Lead partner: applies for and answers for the whole project.
    Lead,
    /// A partner with a budget of its own.
    Partner,
    /// An associated partner, without a budget.
    Associated,
}

impl ProjectRole {
    /// The role as the registry writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectRole::Lead => "lead",
            ProjectRole::Partner => "partner",
            ProjectRole::Associated => "associated",
        }
    }

    /// The role in `lang`.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match (self, lang) {
            (ProjectRole::Lead, crate::Lang::Sv) => "projektägare",
            (ProjectRole::Partner, crate::Lang::Sv) => "partner",
            (ProjectRole::Associated, crate::Lang::Sv) => "associerad partner",
            (ProjectRole::Lead, crate::Lang::En) => "lead partner",
            (ProjectRole::Partner, crate::Lang::En) => "partner",
            (ProjectRole::Associated, crate::Lang::En) => "associated partner",
        }
    }
}

/// The currency a project's amounts are written in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Money {
    /// Swedish kronor.
    Sek,
    /// Euro, converted to kronor at the stated rate (SEK per EUR).
    Eur {
        /// Kronor per euro, as the project's budget was set.
        rate: f64,
    },
}

impl Money {
    /// An amount of this currency in kronor.
    pub fn to_sek(self, amount: f64) -> f64 {
        match self {
            Money::Sek => amount,
            Money::Eur { rate } => amount * rate,
        }
    }

    /// The currency's code.
    pub fn code(self) -> &'static str {
        match self {
            Money::Sek => "SEK",
            Money::Eur { .. } => "EUR",
        }
    }
}

/// A project partner outside the county (or inside it, with country `SE`).
#[derive(Clone, Debug, PartialEq)]
pub struct Partner {
    /// The partner organisation.
    pub name: String,
    /// Its country, ISO 3166-1 alpha-2 (`PL`).
    pub country: Located<String>,
    /// Its region, in words (`Łódzkie`).
    pub region: String,
}

/// A project of the international work: applied for, granted, under way or an idea.
#[derive(Clone, Debug, PartialEq)]
pub struct Project {
    /// The registry's id (`p-smart-industry`).
    pub id: Located<String>,
    /// The project's title.
    pub title: String,
    /// The English title, where given.
    pub title_en: String,
    /// The programme's id in [`PROGRAMMES`] (checked).
    pub programme: Located<String>,
    /// The call applied to (`Utlysning 3, 2023`).
    pub call: String,
    /// The county actor's part.
    pub role: ProjectRole,
    /// The actor responsible (an actor id); only it updates the project.
    pub actor: Located<String>,
    /// The partners, with country and region.
    pub partners: Vec<Partner>,
    /// First day.
    pub start: Option<Located<Date>>,
    /// Last day.
    pub end: Option<Located<Date>>,
    /// Where it stands.
    pub status: Located<ProjectStatus>,
    /// When the application was submitted.
    pub applied: Option<Located<Date>>,
    /// When the programme decided.
    pub decided: Option<Located<Date>>,
    /// The currency of the amounts below.
    pub money: Money,
    /// The budget of the county actor's part of the project.
    pub budget: Option<Located<f64>>,
    /// The EU (or national programme) grant to that part; applied for until granted.
    pub grant: Option<Located<f64>>,
    /// The actor's own co-financing.
    pub own: f64,
    /// Regional co-financing (the Regionförbundet, the region).
    pub regional: f64,
    /// The plan's goals it serves (goal ids).
    pub goals: Vec<Located<String>>,
    /// The indicators it contributes to (indicator ids).
    pub indicators: Vec<Located<String>>,
    /// Results, per year.
    pub results: BTreeMap<i32, String>,
    /// The `[[project]]` table.
    pub loc: Loc,
}

impl Project {
    /// The programme (the id is checked when the registry is read).
    pub fn programme(&self) -> Option<&'static Programme> {
        programme(&self.programme.value)
    }

    /// The grant in kronor, when one is stated.
    pub fn grant_sek(&self) -> Option<f64> {
        self.grant.as_ref().map(|g| self.money.to_sek(g.value))
    }

    /// Whether the project belongs in a plan for `year`: known by the year's end (applied for,
    /// decided or started by then, or an idea without dates) and not finished before it
    /// (closed before the year began, or rejected before it).
    pub fn current_in(&self, year: i32) -> bool {
        let dates: Vec<i32> = [&self.applied, &self.decided, &self.start]
            .iter()
            .filter_map(|d| d.as_ref())
            .map(|d| d.value.year())
            .collect();
        let known = dates.iter().min().is_none_or(|first| *first <= year);
        let finished = match self.status.value {
            ProjectStatus::Closed => self.end.as_ref().is_some_and(|e| e.value.year() < year),
            ProjectStatus::Rejected => self.decided.as_ref().is_some_and(|d| d.value.year() < year),
            _ => false,
        };
        known && !finished
    }

    /// Whether the project runs during some of year `year` (granted, running or closed, its
    /// period touching the year).
    pub fn runs_in(&self, year: i32) -> bool {
        self.status.value.was_granted()
            && self.start.as_ref().is_some_and(|s| s.value.year() <= year)
            && self.end.as_ref().is_none_or(|e| e.value.year() >= year)
    }
}

/// Meetings of a network attended in a year.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Meetings {
    /// Meetings attended by someone from the county.
    pub attended: u32,
    /// Of them, those with a politician from the county taking part.
    pub political: u32,
}

/// A network or membership organisation (AER, ERRIN, Eurocities, EEN, a Nordic network).
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    /// The registry's id (`errin`).
    pub id: Located<String>,
    /// The network's name.
    pub name: String,
    /// What the county does there.
    pub description: String,
    /// The actor holding the membership; only it updates the network.
    pub member: Located<String>,
    /// The year the membership began.
    pub since: Option<i32>,
    /// The yearly fee in kronor.
    pub fee: Option<f64>,
    /// The political representative.
    pub representative: String,
    /// The officer responsible.
    pub officer: String,
    /// The working groups the county takes part in.
    pub working_groups: Vec<String>,
    /// Meetings attended, per year.
    pub meetings: BTreeMap<i32, Meetings>,
    /// The plan's goals it serves.
    pub goals: Vec<Located<String>>,
    /// The `[[network]]` table.
    pub loc: Loc,
}

/// A position taken on a platform.
#[derive(Clone, Debug, PartialEq)]
pub struct Position {
    /// When it was adopted.
    pub date: Date,
    /// What it says, in short.
    pub text: String,
}

/// A prioritised political platform (the Committee of the Regions, AER's committees, CPMR).
#[derive(Clone, Debug, PartialEq)]
pub struct Platform {
    /// The registry's id (`cor`).
    pub id: Located<String>,
    /// The platform's name.
    pub name: String,
    /// What the county does there.
    pub description: String,
    /// The politician responsible.
    pub politician: String,
    /// The actor whose politician it is.
    pub actor: Option<Located<String>>,
    /// Positions taken.
    pub positions: Vec<Position>,
    /// The plan's goals it serves.
    pub goals: Vec<Located<String>>,
    /// The `[[platform]]` table.
    pub loc: Loc,
}

/// A consultation response (*remissvar*) on an EU matter.
#[derive(Clone, Debug, PartialEq)]
pub struct Consultation {
    /// The registry's id.
    pub id: Located<String>,
    /// The consultation answered (`Framtidens sammanhållningspolitik`).
    pub title: String,
    /// Who asked (`Europeiska kommissionen`, `Regeringskansliet`).
    pub by: String,
    /// The platform it was answered through, if any (a platform id).
    pub platform: Option<Located<String>>,
    /// The day the response was sent.
    pub date: Located<Date>,
    /// Whether it states a joint position of the county.
    pub joint: bool,
    /// The actor that answered for the county; only it updates the entry.
    pub responsible: Located<String>,
    /// The actors behind the position.
    pub actors: Vec<Located<String>>,
    /// The plan's goals it serves.
    pub goals: Vec<Located<String>>,
    /// The `[[consultation]]` table.
    pub loc: Loc,
}

/// A municipality's twin town (*vänort*).
#[derive(Clone, Debug, PartialEq)]
pub struct TwinTown {
    /// The registry's id.
    pub id: Located<String>,
    /// The municipality (an actor id of kind `kommun`); only it updates the entry.
    pub municipality: Located<String>,
    /// The partner town.
    pub town: String,
    /// Its country, ISO 3166-1 alpha-2.
    pub country: Located<String>,
    /// The year the cooperation began.
    pub since: Option<i32>,
    /// How the cooperation is tied to the regional development strategy; empty when it is not.
    pub tie: String,
    /// The plan's goals it serves; none when it is not tied to the strategy.
    pub goals: Vec<Located<String>>,
    /// Exchanges carried out, per year.
    pub exchanges: BTreeMap<i32, u32>,
    /// What was done, per year.
    pub activities: BTreeMap<i32, String>,
    /// The `[[twin_town]]` table.
    pub loc: Loc,
}

impl TwinTown {
    /// Whether the cooperation is tied to the strategy: it says how and names a goal.
    pub fn is_tied(&self) -> bool {
        !self.tie.is_empty() && !self.goals.is_empty()
    }
}

/// The registry: every entry of every registry file the plan names, in file order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Registry {
    /// The first year the registry is complete for: registry indicators have values from it.
    pub since: Option<i32>,
    /// Projects.
    pub projects: Vec<Project>,
    /// Networks.
    pub networks: Vec<Network>,
    /// Political platforms.
    pub platforms: Vec<Platform>,
    /// Consultation responses.
    pub consultations: Vec<Consultation>,
    /// Twin towns.
    pub twin_towns: Vec<TwinTown>,
}

/// What kind of entry an id names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// A `[[project]]`.
    Project,
    /// A `[[network]]`.
    Network,
    /// A `[[platform]]`.
    Platform,
    /// A `[[consultation]]`.
    Consultation,
    /// A `[[twin_town]]`.
    TwinTown,
}

impl EntryKind {
    /// The table name in the registry files.
    pub fn table(self) -> &'static str {
        match self {
            EntryKind::Project => "project",
            EntryKind::Network => "network",
            EntryKind::Platform => "platform",
            EntryKind::Consultation => "consultation",
            EntryKind::TwinTown => "twin_town",
        }
    }

    /// The kind in Swedish, as update files and receipts name it.
    pub fn sv(self) -> &'static str {
        match self {
            EntryKind::Project => "projekt",
            EntryKind::Network => "nätverk",
            EntryKind::Platform => "plattform",
            EntryKind::Consultation => "remissvar",
            EntryKind::TwinTown => "vänort",
        }
    }
}

impl Registry {
    /// Whether the registry has no entries.
    pub fn is_empty(&self) -> bool {
        self.projects.is_empty()
            && self.networks.is_empty()
            && self.platforms.is_empty()
            && self.consultations.is_empty()
            && self.twin_towns.is_empty()
    }

    /// The kind of the entry of id `id` and the actor that owns it (updates it), if there is one.
    pub fn owner(&self, id: &str) -> Option<(EntryKind, &str)> {
        if let Some(p) = self.projects.iter().find(|p| p.id.value == id) {
            return Some((EntryKind::Project, &p.actor.value));
        }
        if let Some(n) = self.networks.iter().find(|n| n.id.value == id) {
            return Some((EntryKind::Network, &n.member.value));
        }
        if let Some(t) = self.twin_towns.iter().find(|t| t.id.value == id) {
            return Some((EntryKind::TwinTown, &t.municipality.value));
        }
        if let Some(c) = self.consultations.iter().find(|c| c.id.value == id) {
            return Some((EntryKind::Consultation, &c.responsible.value));
        }
        let p = self.platforms.iter().find(|p| p.id.value == id)?;
        Some((EntryKind::Platform, p.actor.as_ref().map_or("", |a| a.value.as_str())))
    }

    /// Every entry id with its kind and its table, in file order per kind.
    pub fn ids(&self) -> Vec<(EntryKind, &Located<String>)> {
        let mut out = Vec::new();
        out.extend(self.projects.iter().map(|p| (EntryKind::Project, &p.id)));
        out.extend(self.networks.iter().map(|n| (EntryKind::Network, &n.id)));
        out.extend(self.platforms.iter().map(|p| (EntryKind::Platform, &p.id)));
        out.extend(self.consultations.iter().map(|c| (EntryKind::Consultation, &c.id)));
        out.extend(self.twin_towns.iter().map(|t| (EntryKind::TwinTown, &t.id)));
        out
    }

    /// The years the registry holds anything for, first to last.
    pub fn years(&self) -> Option<(i32, i32)> {
        let mut ys: Vec<i32> = Vec::new();
        for p in &self.projects {
            ys.extend(p.applied.iter().chain(&p.decided).map(|d| d.value.year()));
            ys.extend(p.start.iter().chain(&p.end).map(|d| d.value.year()));
            ys.extend(p.results.keys());
        }
        for n in &self.networks {
            ys.extend(n.meetings.keys());
        }
        ys.extend(self.consultations.iter().map(|c| c.date.value.year()));
        for t in &self.twin_towns {
            ys.extend(t.exchanges.keys().chain(t.activities.keys()));
        }
        Some((*ys.iter().min()?, *ys.iter().max()?))
    }
}

impl Registry {
    /// The registry as it stood on `day`, as far as its dates tell: entries not yet applied
    /// for, sent or dated are left out, a decision or start after the day is undone (the
    /// project was then applied for, or granted), and figures of later years are dropped. A
    /// report as of a date shows nothing after it.
    pub fn as_of(&self, day: Date) -> Registry {
        let after = |d: &Option<Located<Date>>| d.as_ref().is_some_and(|d| d.value > day);
        let mut out = self.clone();
        out.projects.retain(|p| {
            let first = [&p.applied, &p.decided, &p.start]
                .into_iter()
                .filter_map(|d| d.as_ref().map(|d| d.value))
                .min();
            first.is_none_or(|f| f <= day)
        });
        for p in &mut out.projects {
            use ProjectStatus::{Applied, Closed, Granted, Rejected, Running};
            if after(&p.decided) && p.status.value.was_decided() {
                p.decided = None;
                p.status.value = Applied;
            } else if after(&p.start) && matches!(p.status.value, Running | Closed) {
                p.status.value = Granted;
            } else if after(&p.end) && p.status.value == Closed {
                p.status.value = Running;
            }
            if p.status.value == Rejected && after(&p.decided) {
                p.status.value = Applied;
            }
            p.results.retain(|y, _| *y <= day.year());
        }
        for n in &mut out.networks {
            n.meetings.retain(|y, _| *y <= day.year());
        }
        for p in &mut out.platforms {
            p.positions.retain(|x| x.date <= day);
        }
        out.consultations.retain(|c| c.date.value <= day);
        for t in &mut out.twin_towns {
            t.exchanges.retain(|y, _| *y <= day.year());
            t.activities.retain(|y, _| *y <= day.year());
        }
        out
    }
}

/// What a registry indicator counts (`measure` in the catalogue), per actor and year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// EU grants decided in the year (granted, running or closed projects of EU programmes),
    /// thousand kronor, by the decision's year, to the project's actor.
    EuGrants,
    /// Applications to EU programmes submitted in the year (every project from `applied` on).
    Applications,
    /// Applications to EU programmes decided in the year (granted or rejected).
    Decisions,
    /// Per cent of the year's decided applications to EU programmes that were granted.
    SuccessRate,
    /// Projects running some time in the year.
    RunningProjects,
    /// Network meetings in the year with a politician from the county taking part, to the
    /// member actor.
    PoliticalMeetings,
    /// Consultation responses sent in the year that state a joint position of the county, to
    /// the responsible actor.
    JointConsultations,
    /// Twin-town exchanges in the year in cooperations tied to the strategy, to the
    /// municipality.
    TwinTownExchanges,
    /// Twin-town cooperations tied to the strategy with an exchange in the year.
    TiedTwinTowns,
}

impl Measure {
    /// Every measure.
    pub const ALL: [Measure; 9] = [
        Measure::EuGrants,
        Measure::Applications,
        Measure::Decisions,
        Measure::SuccessRate,
        Measure::RunningProjects,
        Measure::PoliticalMeetings,
        Measure::JointConsultations,
        Measure::TwinTownExchanges,
        Measure::TiedTwinTowns,
    ];

    /// The measure as the catalogue writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::EuGrants => "eu-grants",
            Measure::Applications => "applications",
            Measure::Decisions => "decisions",
            Measure::SuccessRate => "success-rate",
            Measure::RunningProjects => "running-projects",
            Measure::PoliticalMeetings => "political-meetings",
            Measure::JointConsultations => "joint-consultations",
            Measure::TwinTownExchanges => "twin-town-exchanges",
            Measure::TiedTwinTowns => "tied-twin-towns",
        }
    }

    /// How the figure is counted, in `lang`, for the method appendix and the indicator page.
    pub fn explain(self, lang: crate::Lang) -> &'static str {
        use crate::Lang::{En, Sv};
        match (self, lang) {
            (Measure::EuGrants, Sv) => {
                "Summan av EU-bidraget i projekt inom EU-program med status beviljat, pågår eller avslutat, efter beslutsåret, i tusental kronor (euro omräknade med projektets kurs)."
            }
            (Measure::EuGrants, En) => {
                "The sum of the EU grant of projects in EU programmes that are granted, running or closed, by the year of the decision, in thousand kronor (euro converted at the project's rate)."
            }
            (Measure::Applications, Sv) => {
                "Antal ansökningar till EU-program som lämnades in under året."
            }
            (Measure::Applications, En) => {
                "The number of applications to EU programmes submitted in the year."
            }
            (Measure::Decisions, Sv) => {
                "Antal ansökningar till EU-program som beviljades eller fick avslag under året."
            }
            (Measure::Decisions, En) => {
                "The number of applications to EU programmes granted or rejected in the year."
            }
            (Measure::SuccessRate, Sv) => {
                "Andelen beviljade av årets beslutade ansökningar till EU-program, i procent."
            }
            (Measure::SuccessRate, En) => {
                "The share of the year's decided applications to EU programmes that were granted, per cent."
            }
            (Measure::RunningProjects, Sv) => {
                "Antal beviljade projekt vars projektperiod omfattar någon del av året."
            }
            (Measure::RunningProjects, En) => {
                "The number of granted projects whose period covers some of the year."
            }
            (Measure::PoliticalMeetings, Sv) => {
                "Summan av nätverksmöten under året där en förtroendevald från länet deltog, per medlemsaktör."
            }
            (Measure::PoliticalMeetings, En) => {
                "The sum of network meetings in the year where a politician from the county took part, per member."
            }
            (Measure::JointConsultations, Sv) => {
                "Antal remissvar under året som uttrycker en gemensam ståndpunkt för länet."
            }
            (Measure::JointConsultations, En) => {
                "The number of consultation responses in the year that state a joint position of the county."
            }
            (Measure::TwinTownExchanges, Sv) => {
                "Summan av årets utbyten i vänortssamarbeten som är kopplade till den regionala utvecklingsstrategin (har en beskriven koppling och minst ett mål i planen)."
            }
            (Measure::TwinTownExchanges, En) => {
                "The sum of the year's exchanges in twin-town cooperations tied to the regional development strategy (a stated tie and at least one of the plan's goals)."
            }
            (Measure::TiedTwinTowns, Sv) => {
                "Antal vänortssamarbeten kopplade till den regionala utvecklingsstrategin med minst ett utbyte under året."
            }
            (Measure::TiedTwinTowns, En) => {
                "The number of twin-town cooperations tied to the regional development strategy with at least one exchange in the year."
            }
        }
    }

    /// What the figure counts for a reader checking it, in Swedish: the entries behind it.
    pub fn entries_of(self) -> EntryKind {
        match self {
            Measure::EuGrants
            | Measure::Applications
            | Measure::Decisions
            | Measure::SuccessRate
            | Measure::RunningProjects => EntryKind::Project,
            Measure::PoliticalMeetings => EntryKind::Network,
            Measure::JointConsultations => EntryKind::Consultation,
            Measure::TwinTownExchanges | Measure::TiedTwinTowns => EntryKind::TwinTown,
        }
    }
}

/// One registry figure: an actor's value for a year, and the entries it was counted from.
#[derive(Clone, Debug, PartialEq)]
pub struct Derived {
    /// The actor the figure belongs to.
    pub actor: String,
    /// The year.
    pub year: i32,
    /// The figure; `None` for a rate with nothing to divide.
    pub value: Option<f64>,
    /// The ids of the entries that count in it.
    pub entries: Vec<String>,
}

impl Registry {
    /// The figures of `measure` for every actor in `actors` (the indicator's reporters) and
    /// every year from `since` (or the first year with data) to `until` (the last year that has
    /// ended). A year with nothing counted is 0: the registry is the whole record from its
    /// first year.
    pub fn derive(&self, measure: Measure, actors: &[&str], until: i32) -> Vec<Derived> {
        let Some((first, _)) = self.years() else {
            return Vec::new();
        };
        let from = self.since.unwrap_or(first);
        let mut out = Vec::new();
        for actor in actors {
            for year in from..=until {
                out.push(self.figure(measure, actor, year));
            }
        }
        out
    }

    /// One actor's figure of `measure` for `year`.
    pub fn figure(&self, measure: Measure, actor: &str, year: i32) -> Derived {
        let mine = self.projects.iter().filter(|p| p.actor.value == actor);
        let decided_in = |p: &&Project| {
            p.status.value.was_decided()
                && p.decided.as_ref().is_some_and(|d| d.value.year() == year)
        };
        let (value, entries): (Option<f64>, Vec<&str>) = match measure {
            Measure::EuGrants => {
                let ps: Vec<&Project> = mine
                    .filter(decided_in)
                    .filter(|p| p.status.value.was_granted())
                    .filter(|p| p.programme().is_some_and(|g| g.eu))
                    .collect();
                let sum: f64 = ps.iter().filter_map(|p| p.grant_sek()).sum();
                (Some(sum / 1000.0), ps.iter().map(|p| p.id.value.as_str()).collect())
            }
            Measure::Applications => {
                let ps: Vec<&Project> = mine
                    .filter(|p| p.programme().is_some_and(|g| g.eu))
                    .filter(|p| p.status.value.was_applied())
                    .filter(|p| p.applied.as_ref().is_some_and(|d| d.value.year() == year))
                    .collect();
                (Some(ps.len() as f64), ps.iter().map(|p| p.id.value.as_str()).collect())
            }
            Measure::Decisions | Measure::SuccessRate => {
                let ps: Vec<&Project> = mine
                    .filter(|p| p.programme().is_some_and(|g| g.eu))
                    .filter(decided_in)
                    .collect();
                let granted = ps.iter().filter(|p| p.status.value.was_granted()).count();
                let value = if measure == Measure::Decisions {
                    Some(ps.len() as f64)
                } else if ps.is_empty() {
                    None
                } else {
                    Some(100.0 * granted as f64 / ps.len() as f64)
                };
                (value, ps.iter().map(|p| p.id.value.as_str()).collect())
            }
            Measure::RunningProjects => {
                let ps: Vec<&Project> = mine.filter(|p| p.runs_in(year)).collect();
                (Some(ps.len() as f64), ps.iter().map(|p| p.id.value.as_str()).collect())
            }
            Measure::PoliticalMeetings => {
                let ns: Vec<(&Network, u32)> = self
                    .networks
                    .iter()
                    .filter(|n| n.member.value == actor)
                    .filter_map(|n| Some((n, n.meetings.get(&year)?.political)))
                    .filter(|(_, m)| *m > 0)
                    .collect();
                let sum: u32 = ns.iter().map(|(_, m)| m).sum();
                (Some(f64::from(sum)), ns.iter().map(|(n, _)| n.id.value.as_str()).collect())
            }
            Measure::JointConsultations => {
                let cs: Vec<&Consultation> = self
                    .consultations
                    .iter()
                    .filter(|c| {
                        c.responsible.value == actor && c.joint && c.date.value.year() == year
                    })
                    .collect();
                (Some(cs.len() as f64), cs.iter().map(|c| c.id.value.as_str()).collect())
            }
            Measure::TwinTownExchanges | Measure::TiedTwinTowns => {
                let ts: Vec<(&TwinTown, u32)> = self
                    .twin_towns
                    .iter()
                    .filter(|t| t.municipality.value == actor && t.is_tied())
                    .filter_map(|t| Some((t, *t.exchanges.get(&year)?)))
                    .filter(|(_, n)| *n > 0)
                    .collect();
                let value = if measure == Measure::TwinTownExchanges {
                    ts.iter().map(|(_, n)| f64::from(*n)).sum()
                } else {
                    ts.len() as f64
                };
                (Some(value), ts.iter().map(|(t, _)| t.id.value.as_str()).collect())
            }
        };
        Derived {
            actor: actor.to_string(),
            year,
            value,
            entries: entries.into_iter().map(str::to_string).collect(),
        }
    }
}

/// A change to one registry entry reported by its owner in an update file (`ingest`).
#[derive(Clone, Debug, PartialEq)]
pub enum Update {
    /// A project's status.
    Status(ProjectStatus),
    /// The day a project's application was decided.
    Decided(Date),
    /// A project's grant, in the project's currency.
    Grant(f64),
    /// A project's results in a year.
    Result(i32, String),
    /// A network's meetings attended in a year.
    Meetings(i32, u32),
    /// Of a network's meetings in a year, those with political participation.
    PoliticalMeetings(i32, u32),
    /// A twin town's exchanges in a year.
    Exchanges(i32, u32),
    /// What a twin-town cooperation did in a year.
    Activity(i32, String),
}

/// A field an update file can set, with the entry kind it belongs to and whether it is given
/// per year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UpdateField {
    /// The field as the update file writes it (`status`).
    pub name: &'static str,
    /// The kind of entry it belongs to.
    pub kind: EntryKind,
    /// Whether the row's year says which year it is for.
    pub per_year: bool,
    /// What the value is, for the hint.
    pub example: &'static str,
}

/// The fields an update file can set.
pub const UPDATE_FIELDS: &[UpdateField] = &[
    UpdateField {
        name: "status",
        kind: EntryKind::Project,
        per_year: false,
        example: "idé, rådgivning, ansökt, beviljat, avslag, pågår or avslutat",
    },
    UpdateField {
        name: "beslut",
        kind: EntryKind::Project,
        per_year: false,
        example: "a date such as 2023-06-15",
    },
    UpdateField {
        name: "beviljat",
        kind: EntryKind::Project,
        per_year: false,
        example: "the grant in the project's currency, e.g. 1 250 000",
    },
    UpdateField { name: "resultat", kind: EntryKind::Project, per_year: true, example: "a text" },
    UpdateField {
        name: "möten",
        kind: EntryKind::Network,
        per_year: true,
        example: "a whole number such as 6",
    },
    UpdateField {
        name: "politiska möten",
        kind: EntryKind::Network,
        per_year: true,
        example: "a whole number no larger than the year's meetings",
    },
    UpdateField {
        name: "utbyten",
        kind: EntryKind::TwinTown,
        per_year: true,
        example: "a whole number such as 2",
    },
    UpdateField {
        name: "aktiviteter",
        kind: EntryKind::TwinTown,
        per_year: true,
        example: "a text",
    },
];

/// The update field named `name` (any case; `_` and `-` read as a space).
pub fn update_field(name: &str) -> Option<&'static UpdateField> {
    let n = name.trim().to_lowercase().replace(['_', '-'], " ");
    UPDATE_FIELDS.iter().find(|f| f.name == n)
}

impl Registry {
    /// Applies an update to the entry of id `id`; `false` when there is no such entry or the
    /// update does not belong to its kind (ingest checks both first).
    pub fn apply(&mut self, id: &str, update: &Update) -> bool {
        if let Some(p) = self.projects.iter_mut().find(|p| p.id.value == id) {
            let loc = p.loc.clone();
            match update {
                Update::Status(s) => p.status = Located::new(*s, loc),
                Update::Decided(d) => p.decided = Some(Located::new(*d, loc)),
                Update::Grant(g) => p.grant = Some(Located::new(*g, loc)),
                Update::Result(y, text) => {
                    p.results.insert(*y, text.clone());
                }
                _ => return false,
            }
            return true;
        }
        if let Some(n) = self.networks.iter_mut().find(|n| n.id.value == id) {
            match update {
                Update::Meetings(y, m) => n.meetings.entry(*y).or_default().attended = *m,
                Update::PoliticalMeetings(y, m) => n.meetings.entry(*y).or_default().political = *m,
                _ => return false,
            }
            return true;
        }
        if let Some(t) = self.twin_towns.iter_mut().find(|t| t.id.value == id) {
            match update {
                Update::Exchanges(y, m) => {
                    t.exchanges.insert(*y, *m);
                }
                Update::Activity(y, text) => {
                    t.activities.insert(*y, text.clone());
                }
                _ => return false,
            }
            return true;
        }
        false
    }
}

/// A registry update an actor owes: its entry (id and name for people), the update file's field
/// and the year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwedUpdate {
    /// The entry's owner: a project's actor, a network's member, a twin town's municipality.
    pub owner: String,
    /// The entry's id.
    pub entry: String,
    /// Its name: a project's title, a network's name, a twin town's town.
    pub name: String,
    /// The update file's field (`resultat`, `möten`, `utbyten`).
    pub field: &'static str,
    /// The year it is owed for.
    pub year: i32,
}

impl Registry {
    /// The updates due for `year` that the registry (with the updates sent applied) has
    /// nothing for: a project's results for a year it runs in, a network's meetings and a twin
    /// town's exchanges from the year it began. None for a year before the registry's `since`.
    /// In the registry's order: projects, networks, twin towns.
    pub fn owed_updates(&self, year: i32) -> Vec<OwedUpdate> {
        let mut out = Vec::new();
        if self.since.is_some_and(|since| year < since) {
            return out;
        }
        let owe = |owner: &str, entry: &str, name: &str, field: &'static str| OwedUpdate {
            owner: owner.to_string(),
            entry: entry.to_string(),
            name: name.to_string(),
            field,
            year,
        };
        for p in &self.projects {
            if p.runs_in(year) && !p.results.contains_key(&year) {
                out.push(owe(&p.actor.value, &p.id.value, &p.title, "resultat"));
            }
        }
        for n in &self.networks {
            if n.since.is_none_or(|s| s <= year) && !n.meetings.contains_key(&year) {
                out.push(owe(&n.member.value, &n.id.value, &n.name, "möten"));
            }
        }
        for t in &self.twin_towns {
            if t.since.is_none_or(|s| s <= year) && !t.exchanges.contains_key(&year) {
                out.push(owe(&t.municipality.value, &t.id.value, &t.town, "utbyten"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::FileId;

    #[test]
    fn an_update_is_owed_for_a_year_the_entry_lives_in_and_lacks() {
        let mut r = registry(
            r#"
[[project]]
id = "p"
title = "P"
programme = "interreg-europe"
actor = "rf"
status = "running"
applied = 2021-03-01
decided = 2021-09-01
start = 2022-01-01
end = 2024-12-31
results = { 2022 = "Två seminarier" }

[[network]]
id = "n"
name = "N"
member = "rf"
since = 2023
meetings = { 2024 = { attended = 3, political = 1 } }

[[twin_town]]
id = "t"
municipality = "orebro"
town = "T"
country = "PL"
exchanges = { 2022 = 1 }
"#,
        );
        // The plan's `registry = { since = 2021 }`.
        r.since = Some(2021);
        let owed = |year| -> Vec<(String, &str, &str)> {
            r.owed_updates(year)
                .iter()
                .map(|o| (o.owner.clone(), o.field, if o.entry == "p" { "p" } else { "x" }))
                .collect()
        };
        // Before `since`: nothing. 2021: the project has not started, the network not begun.
        assert!(r.owed_updates(2020).is_empty());
        assert_eq!(owed(2021), [("orebro".into(), "utbyten", "x")]);
        // 2022: the project's results and the exchanges are there.
        assert!(owed(2022).is_empty());
        assert_eq!(
            owed(2023),
            [
                ("rf".into(), "resultat", "p"),
                ("rf".into(), "möten", "x"),
                ("orebro".into(), "utbyten", "x")
            ]
        );
        assert_eq!(owed(2025), [("rf".into(), "möten", "x"), ("orebro".into(), "utbyten", "x")]);
    }

    fn registry(text: &str) -> Registry {
        let mut diags = Vec::new();
        let mut r = Registry::default();
        crate::load_registry::parse_registry(FileId(0), text, &mut diags, &mut r);
        assert!(diags.is_empty(), "{diags:?}");
        r
    }

    const TWO_PROJECTS: &str = r#"
[[project]]
id = "a"
title = "A"
programme = "interreg-europe"
actor = "rf"
status = "running"
applied = 2022-03-01
decided = 2023-01-10
start = 2023-02-01
end = 2025-01-31
currency = "EUR"
exchange_rate = 11.5
budget = 100_000
eu_grant = 80_000

[[project]]
id = "b"
title = "B"
programme = "national"
actor = "rf"
status = "closed"
applied = 2022-05-01
decided = 2023-03-01
start = 2023-04-01
end = 2023-12-31
budget = 500_000
eu_grant = 250_000

[[project]]
id = "c"
title = "C"
programme = "esf-plus"
actor = "rf"
status = "rejected"
applied = 2022-09-01
decided = 2023-02-01
"#;

    #[test]
    fn eu_grants_count_eu_programmes_only_in_thousand_kronor_by_the_decisions_year() {
        let r = registry(TWO_PROJECTS);
        let d = r.figure(Measure::EuGrants, "rf", 2023);
        // 80,000 EUR at 11.5 kronor; the national grant is not EU money, the rejected one no grant.
        assert_eq!(d.value, Some(920.0));
        assert_eq!(d.entries, ["a"]);
        assert_eq!(r.figure(Measure::EuGrants, "rf", 2022).value, Some(0.0));
        assert_eq!(r.figure(Measure::EuGrants, "other", 2023).value, Some(0.0));
    }

    #[test]
    fn applications_decisions_and_the_success_rate_count_by_their_own_dates() {
        let r = registry(TWO_PROJECTS);
        // b is national money: not an application for EU funds.
        assert_eq!(r.figure(Measure::Applications, "rf", 2022).value, Some(2.0));
        assert_eq!(r.figure(Measure::Applications, "rf", 2023).value, Some(0.0));
        assert_eq!(r.figure(Measure::Decisions, "rf", 2023).value, Some(2.0));
        assert_eq!(r.figure(Measure::Decisions, "rf", 2023).entries, ["a", "c"]);
        assert_eq!(r.figure(Measure::SuccessRate, "rf", 2023).value, Some(50.0));
        // No decision in a year: no rate, rather than 0 %.
        assert_eq!(r.figure(Measure::SuccessRate, "rf", 2022).value, None);
        assert_eq!(r.figure(Measure::RunningProjects, "rf", 2024).value, Some(1.0));
        assert_eq!(r.figure(Measure::RunningProjects, "rf", 2023).value, Some(2.0));
    }

    #[test]
    fn derive_runs_from_since_to_the_given_year_for_each_actor() {
        let mut r = registry(TWO_PROJECTS);
        r.since = Some(2021);
        let d = r.derive(Measure::Applications, &["rf", "oru"], 2023);
        let years: Vec<(String, i32, Option<f64>)> =
            d.iter().map(|d| (d.actor.clone(), d.year, d.value)).collect();
        assert_eq!(years.len(), 6);
        assert_eq!(years[1], ("rf".to_string(), 2022, Some(2.0)));
        assert_eq!(years[4], ("oru".to_string(), 2022, Some(0.0)));
    }

    #[test]
    fn twin_towns_count_only_when_tied_to_the_strategy() {
        let r = registry(
            r#"
[[twin_town]]
id = "t1"
municipality = "orebro"
town = "Łódź"
country = "PL"
tie = "Studentutbyte"
goals = ["AT3"]
exchanges = { 2023 = 3 }

[[twin_town]]
id = "t2"
municipality = "orebro"
town = "Kolding"
country = "DK"
exchanges = { 2023 = 2 }
"#,
        );
        assert_eq!(r.figure(Measure::TwinTownExchanges, "orebro", 2023).value, Some(3.0));
        assert_eq!(r.figure(Measure::TiedTwinTowns, "orebro", 2023).value, Some(1.0));
        assert_eq!(r.figure(Measure::TiedTwinTowns, "orebro", 2023).entries, ["t1"]);
    }

    #[test]
    fn an_update_changes_only_its_own_kind_of_entry() {
        let mut r = registry(TWO_PROJECTS);
        assert!(r.apply("c", &Update::Status(ProjectStatus::Granted)));
        assert!(r.apply("c", &Update::Grant(1_000_000.0)));
        assert_eq!(r.figure(Measure::EuGrants, "rf", 2023).value, Some(1920.0));
        assert!(!r.apply("a", &Update::Exchanges(2023, 2)), "a project has no exchanges");
        assert!(!r.apply("nothing", &Update::Grant(1.0)));
    }

    #[test]
    fn a_plan_shows_the_projects_known_by_its_year_and_not_finished_before_it() {
        let r = registry(TWO_PROJECTS);
        let current = |year| -> Vec<&str> {
            r.projects.iter().filter(|p| p.current_in(year)).map(|p| p.id.value.as_str()).collect()
        };
        assert_eq!(current(2021), Vec::<&str>::new(), "nothing applied for yet");
        assert_eq!(current(2023), ["a", "b", "c"]);
        // b closed in 2023 and c was rejected in 2023; a runs until 2025.
        assert_eq!(current(2024), ["a"]);
        assert_eq!(current(2026), ["a"], "a is still marked running");
    }

    #[test]
    fn the_registry_as_of_a_day_knows_nothing_after_it() {
        let r = registry(TWO_PROJECTS);
        let d = |y, m, day| Date::from_ymd(y, m, day).unwrap();
        let then = r.as_of(d(2022, 6, 30));
        // a and b were applied for, c not yet; neither was decided.
        let ids: Vec<(&str, ProjectStatus)> =
            then.projects.iter().map(|p| (p.id.value.as_str(), p.status.value)).collect();
        assert_eq!(ids, [("a", ProjectStatus::Applied), ("b", ProjectStatus::Applied)]);
        assert!(then.projects.iter().all(|p| p.decided.is_none()));
        // On 2023-01-20 a was granted but not started; b not yet decided; c rejected.
        let then = r.as_of(d(2023, 1, 20));
        let ids: Vec<(&str, ProjectStatus)> =
            then.projects.iter().map(|p| (p.id.value.as_str(), p.status.value)).collect();
        assert_eq!(
            ids,
            [
                ("a", ProjectStatus::Granted),
                ("b", ProjectStatus::Applied),
                ("c", ProjectStatus::Applied)
            ]
        );
        assert_eq!(r.as_of(d(2030, 1, 1)), r);
    }

    #[test]
    fn a_rate_without_euro_is_an_error_not_kronor_in_silence() {
        let mut diags = Vec::new();
        let mut r = Registry::default();
        let text = "[[project]]\nid = \"p\"\ntitle = \"P\"\nprogramme = \"life\"\nactor = \"rf\"\nstatus = \"idea\"\nexchange_rate = 11.4\neu_grant = 224_000\n";
        crate::load_registry::parse_registry(FileId(0), text, &mut diags, &mut r);
        let found: Vec<(&str, &str)> = diags.iter().map(|d| (d.code, d.message.as_str())).collect();
        assert_eq!(
            found,
            [("bad-value", "project `p` states an `exchange_rate` but its amounts are in kronor")]
        );
    }

    #[test]
    fn statuses_and_fields_read_in_swedish_and_english() {
        assert_eq!(ProjectStatus::parse("Beviljat"), Some(ProjectStatus::Granted));
        assert_eq!(ProjectStatus::parse("running"), Some(ProjectStatus::Running));
        assert_eq!(ProjectStatus::parse("klar"), None);
        assert_eq!(update_field("Politiska_möten").map(|f| f.name), Some("politiska möten"));
        assert!(is_country_code("SE") && !is_country_code("se") && !is_country_code("UK"));
        assert_eq!(country_name("PL"), "Polen");
        assert_eq!(country_name("VN"), "VN");
        assert_eq!("2024-02-29".parse::<Date>(), Ok(Date::from_ymd(2024, 2, 29).unwrap()));
        assert!("2023-02-29".parse::<Date>().is_err());
    }
}
