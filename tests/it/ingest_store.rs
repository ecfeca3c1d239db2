//! Ingest against a store across runs: resubmission, revisions, huge fields, crashes and
//! several processes at once.

use std::path::Path;
use std::process::Stdio;
use std::time::Instant;

use utblick_store::Store;

use crate::ingest::AS_OF;
use crate::{TempDir, repo_root, utblick};

fn ingest(dir: &Path, file: &str, extra: &[&str]) -> (String, i32) {
    let plan = repo_root().join("tests/ingest/plan.toml");
    let out = utblick()
        .current_dir(dir)
        .arg("ingest")
        .arg(&plan)
        .arg(file)
        .args(["--as", "orebro", "--store", "store.sqlite", "--as-of", AS_OF])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    (String::from_utf8(out.stdout).unwrap(), out.status.code().unwrap())
}

#[test]
fn resubmission_revises_and_identical_bytes_change_nothing() {
    let tmp = TempDir::new("resubmit");
    let d = tmp.path();
    let first =
        "indikator;aktör;period;värde\ninvanare;orebro;2021;156987\ninvanare;orebro;2022;158024\n";
    std::fs::write(d.join("a.csv"), first).unwrap();
    let (out, code) = ingest(d, "a.csv", &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("rader: 2 lästa, 2 lagrade, 0 oförändrade, 0 avvisade"), "{out}");

    // The same bytes again: already ingested, nothing changes.
    let (out, code) = ingest(d, "a.csv", &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("redan inläst som inskick 1"), "{out}");
    assert!(out.contains("rader: 2 lästa, 0 lagrade, 2 oförändrade, 0 avvisade"), "{out}");

    // The same values under another name and layout: no new revision.
    std::fs::write(d.join("b.csv"), "period,value,actor,indicator\r\n2022,158 024,1880,invanare\r\n2021,156987,orebro,invanare\r\n").unwrap();
    let (out, _) = ingest(d, "b.csv", &[]);
    assert!(out.contains("rader: 2 lästa, 0 lagrade, 2 oförändrade, 0 avvisade"), "{out}");

    // A corrected value: one new revision, the old value kept in the history.
    std::fs::write(
        d.join("c.csv"),
        "indikator;aktör;period;värde;kommentar\ninvanare;orebro;2022;158100;rättat\n",
    )
    .unwrap();
    let (out, _) = ingest(d, "c.csv", &[]);
    assert!(out.contains("rader: 1 lästa, 1 lagrade, 0 oförändrade, 0 avvisade"), "{out}");

    let store = Store::open(&d.join("store.sqlite")).unwrap();
    assert_eq!(store.totals().unwrap(), (2, 3));
    assert_eq!(store.submissions().unwrap().len(), 3);
    drop(store);
    let out = utblick()
        .current_dir(d)
        .args(["history", "invanare", "orebro", "2022", "--store", "store.sqlite"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().skip(2).map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 2, "{text}");
    assert_eq!((rows[0][2], rows[0][3], rows[0][7]), ("158\u{a0}024", "", "a.csv:3"), "{text}");
    assert_eq!((rows[1][2], rows[1][3], rows[1][8]), ("158\u{a0}100", "ja", "rättat"), "{text}");
}

#[test]
fn a_50_mb_field_is_rejected_cleanly() {
    let tmp = TempDir::new("bigfield");
    let d = tmp.path();
    let big = "9".repeat(25 * 1024 * 1024) + &"x".repeat(25 * 1024 * 1024);
    std::fs::write(
        d.join("cell.csv"),
        format!("indikator;aktör;period;värde\ninvanare;orebro;2022;{big}\n"),
    )
    .unwrap();
    let (out, code) = ingest(d, "cell.csv", &["--rejects", "rej"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("rader: 1 lästa, 0 lagrade, 0 oförändrade, 1 avvisade"),
        "{}",
        &out[..out.len().min(2000)]
    );
    assert!(out.len() < 2000, "the receipt quotes the whole field: {} bytes", out.len());
    assert!(out.contains("fel[bad-number]: `999999"), "{out}");
    assert!(out.contains("… (52428800 tecken)"), "{out}");
    // The rejects file keeps the row whole: nothing is lost.
    let rejects = std::fs::read(d.join("rej/orebro-cell.rejected.csv")).unwrap();
    assert!(rejects.len() > 50 * 1024 * 1024);

    // One field of 50 MB and nothing else: no header, one rejected row, no panic.
    std::fs::write(d.join("one.csv"), "y".repeat(50 * 1024 * 1024)).unwrap();
    let (out, code) = ingest(d, "one.csv", &["--rejects", "rej"]);
    assert_eq!(code, 1);
    assert!(out.contains("fel[no-header]"), "{out}");
    assert!(out.contains("rader: 1 lästa, 0 lagrade, 0 oförändrade, 1 avvisade"), "{out}");
}

/// The sample plan with every indicator reported by actors (the Kolada ones too), in `dir/plan/`:
/// the volume of values these tests need to load the store.
fn all_reported_plan(dir: &Path) -> std::path::PathBuf {
    let root = repo_root();
    let plan_dir = dir.join("plan");
    if !plan_dir.exists() {
        std::fs::create_dir_all(&plan_dir).unwrap();
        let plan = std::fs::read_to_string(root.join("plans/2023.toml")).unwrap();
        let plan = plan
            .replace("\"../indicators/catalogue.toml\"", "\"catalogue.toml\"")
            .replace("\"../indicators/actors.toml\"", "\"actors.toml\"");
        std::fs::write(plan_dir.join("plan.toml"), plan).unwrap();
        let catalogue = std::fs::read_to_string(root.join("indicators/catalogue.toml")).unwrap();
        let catalogue = catalogue.replace("from = \"kolada\"", "from = \"actor\"");
        std::fs::write(plan_dir.join("catalogue.toml"), catalogue).unwrap();
        std::fs::copy(root.join("indicators/actors.toml"), plan_dir.join("actors.toml")).unwrap();
        // The registry files the plan names, beside it as in `plans/`.
        std::fs::create_dir_all(plan_dir.join("registry")).unwrap();
        for e in std::fs::read_dir(root.join("plans/registry")).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), plan_dir.join("registry").join(e.file_name())).unwrap();
        }
    }
    plan_dir.join("plan.toml")
}

/// A valid file for [`all_reported_plan`], sent by the coordinator: every indicator of the
/// catalogue for every actor expected to report it, for each of `years`, smooth values inside
/// each indicator's range. Returns the number of data rows.
fn big_file(path: &Path, years: std::ops::Range<i32>, tag: &str) -> u64 {
    use utblick_core::{FileId, GenderSplit, parse_actors, parse_catalogue};
    let plan_dir = all_reported_plan(path.parent().unwrap());
    let mut diags = Vec::new();
    let text = std::fs::read_to_string(plan_dir.with_file_name("catalogue.toml")).unwrap();
    let catalogue = parse_catalogue(FileId(0), &text, &mut diags);
    let text = std::fs::read_to_string(plan_dir.with_file_name("actors.toml")).unwrap();
    let actors = parse_actors(FileId(1), &text, &mut diags);
    assert!(diags.is_empty());
    let mut s = String::from("indikator;aktör;period;kön;värde;kommentar\n");
    let mut n = 0;
    // (The registry's indicators are counted from its entries, never reported.)
    for ind in catalogue.indicators().iter().filter(|i| i.is_actor_reported()) {
        let low = ind.range.min.unwrap_or(0.0).max(0.0);
        for actor in ind.expected_reporters(&actors) {
            let genders: &[&str] =
                if ind.gender == GenderSplit::Tkm { &["T", "K", "M"] } else { &[""] };
            for y in years.clone() {
                for g in genders {
                    let v = low + 10.0 + f64::from(y - 1900) * 0.25;
                    s.push_str(&format!("{};{};{y};{g};{v};{tag}\n", ind.id, actor.id));
                    n += 1;
                }
            }
        }
    }
    std::fs::write(path, s).unwrap();
    n
}

fn spawn_ingest(dir: &Path, file: &str) -> std::process::Child {
    utblick()
        .current_dir(dir)
        .arg("ingest")
        .arg(all_reported_plan(dir))
        .arg(file)
        .args(["--as", "regionforbundet", "--store", "store.sqlite", "--as-of", AS_OF])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Where a running ingest stands, seen from outside: whether its transaction has written
/// pages (the WAL has grown past the migrations) while nothing of it is committed yet.
fn inside_transaction(d: &Path) -> bool {
    let wal = std::fs::metadata(d.join("store.sqlite-wal")).map_or(0, |m| m.len());
    if wal < 512 * 1024 {
        return false;
    }
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
    let Ok(c) = rusqlite::Connection::open_with_flags(d.join("store.sqlite"), flags) else {
        return false;
    };
    let committed: rusqlite::Result<i64> =
        c.query_row("SELECT count(*) FROM submission", [], |r| r.get(0));
    committed == Ok(0)
}

fn fresh_store(d: &Path) {
    for f in ["store.sqlite", "store.sqlite-wal", "store.sqlite-shm"] {
        let _ = std::fs::remove_file(d.join(f));
    }
}

/// After a kill: the store opens, is sound, and holds all of the file or none of it.
fn all_or_nothing(d: &Path, rows: u64, what: &str) -> u64 {
    let store = Store::open(&d.join("store.sqlite")).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok", "{what}");
    let (obs, revs) = store.totals().unwrap();
    assert!(obs == 0 || obs == rows, "{what}: {obs} of {rows} rows stored");
    assert_eq!(obs, revs, "{what}");
    obs
}

#[test]
fn a_killed_ingest_leaves_all_or_nothing() {
    let tmp = TempDir::new("crash");
    let d = tmp.path();
    let rows = big_file(&d.join("big.csv"), 1900..2023, "x");
    // How long a whole run takes here, to spread the kills over it.
    let start = Instant::now();
    let out = spawn_ingest(d, "big.csv").wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let full = start.elapsed();
    assert_eq!(Store::open(&d.join("store.sqlite")).unwrap().totals().unwrap().0, rows);

    // Kill at spread-out moments (a fixed pseudo-random sequence), each on a fresh store, and
    // note where each kill landed.
    let mut seed: u64 = 0x5eed;
    let mut outcomes = Vec::new();
    let mut in_tx = 0;
    for i in 0..8 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let fraction = (i as f64 + (seed >> 40) as f64 / (1u64 << 24) as f64) / 8.0;
        fresh_store(d);
        let mut child = spawn_ingest(d, "big.csv");
        std::thread::sleep(full.mul_f64(fraction * 1.1));
        let inside = inside_transaction(d);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if !d.join("store.sqlite").exists() {
            outcomes.push("before the store");
            continue;
        }
        let obs = all_or_nothing(d, rows, &format!("kill {i} at {fraction:.2}"));
        in_tx += usize::from(inside && obs == 0);
        outcomes.push(match (inside, obs) {
            (true, 0) => "inside the transaction",
            (_, 0) => "nothing stored",
            _ => "after the commit",
        });
    }
    // And one kill that waits until the transaction is seen writing, so that at least one
    // kill is proven to have hit inside it (not before the store existed, not after commit).
    for _ in 0..3 {
        fresh_store(d);
        let mut child = spawn_ingest(d, "big.csv");
        let mut seen = false;
        while child.try_wait().unwrap().is_none() {
            if inside_transaction(d) {
                seen = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        let _ = child.kill();
        let _ = child.wait();
        if seen {
            assert_eq!(all_or_nothing(d, rows, "kill inside the transaction"), 0);
            in_tx += 1;
            outcomes.push("inside the transaction (waited for)");
            break;
        }
    }
    eprintln!("kill outcomes over {full:?}: {outcomes:?}");
    assert!(in_tx >= 1, "no kill was seen inside a transaction: {outcomes:?}");
}

#[test]
fn ten_processes_ingest_at_once_and_every_row_lands() {
    let tmp = TempDir::new("concurrent");
    let d = tmp.path();
    let mut expected = 0;
    let mut children = Vec::new();
    for i in 0..10 {
        let name = format!("part{i}.csv");
        let from = 1900 + i * 10;
        expected += big_file(&d.join(&name), from..from + 10, &format!("p{i}"));
        children.push(spawn_ingest(d, &name));
    }
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let store = Store::open(&d.join("store.sqlite")).unwrap();
    assert_eq!(store.totals().unwrap(), (expected, expected));
    assert_eq!(store.submissions().unwrap().len(), 10);
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn a_writer_waits_for_another_says_so_and_goes_on_when_it_is_done() {
    let tmp = TempDir::new("wait");
    let d = tmp.path();
    big_file(&d.join("a.csv"), 2000..2001, "a");
    // The store exists; another process takes its write lock and keeps it for 2.5 s.
    assert!(spawn_ingest(d, "a.csv").wait().unwrap().success());
    big_file(&d.join("b.csv"), 2001..2002, "b");
    let holder = rusqlite::Connection::open(d.join("store.sqlite")).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let child = spawn_ingest(d, "b.csv");
    std::thread::sleep(std::time::Duration::from_millis(2500));
    holder.execute_batch("COMMIT").unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // Told once it had waited a second, naming the file.
    assert!(
        stderr.starts_with("utblick: the store is locked by another writer; b.csv waits ("),
        "{stderr}"
    );
    assert_eq!(Store::open(&d.join("store.sqlite")).unwrap().submissions().unwrap().len(), 2);
}

#[test]
fn the_sample_inbox_ingests_with_zero_rejections_and_once_only() {
    // (`ingest_sample` imports the saved Kolada pages first; the output is the inbox's.)
    let tmp = TempDir::new("sample");
    let store = tmp.path().join("store.sqlite");
    let run = || {
        let out = crate::ingest_sample(&store);
        (String::from_utf8(out.stdout).unwrap(), out.status.code().unwrap())
    };
    let (out, code) = run();
    assert_eq!(code, 0, "{out}");
    let total = out.lines().last().unwrap();
    assert_eq!(
        total,
        "totalt: 16 filer (16 nya, 0 redan inlästa); rader 41 lagrade, 0 oförändrade, 0 avvisade"
    );
    assert!(!out.contains("fel["), "{out}");
    // Every municipality sent a file, each in its folder, and the other reporters: 14 values
    // from ALMI and the university, 27 registry updates (the municipalities' twin towns, the
    // networks of Regionförbundet and the Brussels office, a project's results).
    for actor in ["orebro", "laxa", "lekeberg", "almi-een", "oru", "regionforbundet"] {
        assert!(out.contains(&format!("(avsändare {actor}): lagrad som inskick")), "{actor}");
    }
    let (out, code) = run();
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.lines().last().unwrap(),
        "totalt: 16 filer (0 nya, 16 redan inlästa); rader 0 lagrade, 0 oförändrade, 0 avvisade"
    );
}

#[test]
fn a_dry_run_on_a_store_of_the_first_schema_leaves_it_byte_for_byte() {
    let tmp = TempDir::new("dry-v1");
    let d = tmp.path();
    let c = rusqlite::Connection::open(d.join("store.sqlite")).unwrap();
    c.execute_batch(utblick_store::MIGRATIONS[0]).unwrap();
    c.execute_batch(
        "CREATE TABLE schema_version (version INTEGER NOT NULL);
         INSERT INTO schema_version VALUES (1);
         INSERT INTO submission (submitter, file_name, sha256, received_at, rows_read, rows_stored)
             VALUES ('orebro', 'a.csv', 'abc', '2023-03-01T10:00:00Z', 1, 1);
         INSERT INTO revision VALUES ('invanare', 'orebro', '', '2021', 1, 156987, NULL, '', 2);",
    )
    .unwrap();
    drop(c);
    let before = std::fs::read(d.join("store.sqlite")).unwrap();
    std::fs::write(d.join("b.csv"), "indikator;aktör;period;värde\ninvanare;orebro;2022;158024\n")
        .unwrap();
    let (out, code) = ingest(d, "b.csv", &["--dry-run"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("rader: 1 lästa, 1 lagrade"), "{out}");
    assert!(
        std::fs::read(d.join("store.sqlite")).unwrap() == before,
        "the dry run changed the store"
    );
    // A real ingest migrates it, keeping what it held.
    let (out, code) = ingest(d, "b.csv", &[]);
    assert_eq!(code, 0, "{out}");
    let store = Store::open(&d.join("store.sqlite")).unwrap();
    assert_eq!(store.schema_version().unwrap(), utblick_store::SCHEMA_VERSION);
    assert_eq!(store.totals().unwrap(), (2, 2));
}
