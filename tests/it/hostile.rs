//! The hostile suite: `tests/hostile/cases/*/`, one case per way input has gone wrong in use.
//!
//! Each case folder holds its input files and `steps`: lines run in order in a fresh copy of
//! the folder. `$ utblick ...` runs the binary and records its output, its exit status and the
//! store afterwards: `store: unchanged` when the file's bytes are what they were, else every
//! row of it. `> ...` prepares or inspects (see [`directive`]). `#` starts a comment.
//! `{plan}` stands for `tests/ingest/plan.toml`, `{root}` for the repository. The record must equal `expected` exactly;
//! run with `SNAPSHOTS=overwrite` to rewrite it after a deliberate change, then review the diff.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::{TempDir, repo_root, snapshot, utblick};

/// Longer than any step takes; a step that hangs (a FIFO read) fails the case instead.
const STEP_TIMEOUT: Duration = Duration::from_secs(120);

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Splits a step into words; `"..."` keeps spaces, `\n`, `\t`, `\e` and `\u{...}` are
/// written as escapes.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut has = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                quoted = !quoted;
                has = true;
            }
            ' ' if !quoted => {
                if has {
                    out.push(std::mem::take(&mut cur));
                    has = false;
                }
            }
            '\\' => {
                has = true;
                match chars.next() {
                    Some('n') => cur.push('\n'),
                    Some('t') => cur.push('\t'),
                    Some('e') => cur.push('\u{1b}'),
                    Some('u') => {
                        let hex: String =
                            chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                        cur.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
                    }
                    Some(other) => cur.push(other),
                    None => {}
                }
            }
            c => {
                cur.push(c);
                has = true;
            }
        }
    }
    if has {
        out.push(cur);
    }
    out
}

struct Case {
    dir: PathBuf,
    root: String,
    out: String,
    /// SHA-256 of the store's bytes after the last step that ran utblick.
    store: Option<String>,
    hold_lock: bool,
}

impl Case {
    /// What a user would see, with the places and times of this run made stable. The clock
    /// is read to find the binary's own readings of it (lock and approval times).
    #[allow(clippy::disallowed_methods)]
    fn normalise(&self, text: &str) -> String {
        let mut s = text.replace(&self.dir.display().to_string(), "<tmp>");
        s = s.replace(&self.root, "<root>");
        for today in [chrono::Utc::now().date_naive(), chrono::Local::now().date_naive()] {
            let day = today.to_string();
            // A time of today (a lock, an approval) is the clock's, not the case's.
            while let Some(at) = s.find(&format!("{day}T")).filter(|&i| {
                s.as_bytes().get(i + 19) == Some(&b'Z') && &s[i + 11..i + 19] != "00:00:00"
            }) {
                s.replace_range(at..at + 20, "<now>");
            }
            s = s.replace(&day, "<today>");
        }
        s
    }

    fn run(&mut self, line: &str) {
        let args: Vec<String> = words(line)
            .into_iter()
            .skip(1)
            .map(|w| {
                w.replace("{plan}", &format!("{}/tests/ingest/plan.toml", self.root))
                    .replace("{root}", &self.root)
            })
            .collect();
        let holder = self.hold_lock.then(|| {
            let c = rusqlite::Connection::open(self.dir.join("store.sqlite")).unwrap();
            c.execute_batch("BEGIN IMMEDIATE").unwrap();
            c
        });
        self.hold_lock = false;
        let mut child = utblick()
            .current_dir(&self.dir)
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if start.elapsed() > STEP_TIMEOUT {
                let _ = child.kill();
                break None;
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let output = child.wait_with_output().unwrap();
        drop(holder);
        let _ = writeln!(self.out, "$ {line}");
        self.out.push_str(&self.normalise(&String::from_utf8_lossy(&output.stdout)));
        if !output.stderr.is_empty() {
            self.out.push_str("stderr:\n");
            self.out.push_str(&self.normalise(&String::from_utf8_lossy(&output.stderr)));
        }
        match status {
            Some(s) => {
                let _ = writeln!(self.out, "exit: {}", s.code().unwrap_or(-1));
            }
            None => {
                let _ = writeln!(self.out, "timed out after {} s", STEP_TIMEOUT.as_secs());
            }
        }
        self.store_state();
        self.out.push('\n');
    }

    /// `store: unchanged` when the store's bytes are those after the previous step, else all
    /// of it: submissions, revisions, locks and events (without the clock's times).
    fn store_state(&mut self) {
        let path = self.dir.join("store.sqlite");
        let Ok(bytes) = std::fs::read(&path) else {
            self.out.push_str("store: none\n");
            return;
        };
        let now = sha(&bytes);
        if self.store.as_deref() == Some(now.as_str()) {
            self.out.push_str("store: unchanged\n");
            return;
        }
        self.store = Some(now);
        self.out.push_str("store:\n");
        let before = self.out.len();
        let c = rusqlite::Connection::open(&path).unwrap();
        let mut q = |sql: &str, f: &mut dyn FnMut(&rusqlite::Row<'_>) -> String| {
            let mut stmt = c.prepare(sql).unwrap();
            let mut rows = stmt.query([]).unwrap();
            while let Some(r) = rows.next().unwrap() {
                let _ = writeln!(self.out, "  {}", f(r));
            }
        };
        q(
            "SELECT id, submitter, file_name, rows_read, rows_stored, rows_unchanged,
                    rows_rejected, rows_proposed FROM submission ORDER BY id",
            &mut |r| {
                let n = |i| r.get::<_, i64>(i).unwrap();
                format!(
                    "submission {}: {} {}: read {}, stored {} ({} proposed), unchanged {}, rejected {}",
                    n(0),
                    r.get::<_, String>(1).unwrap(),
                    // The record is for reading too: names show their hidden characters.
                    utblick_core::printable(&r.get::<_, String>(2).unwrap()),
                    n(3),
                    n(4),
                    n(7),
                    n(5),
                    n(6)
                )
            },
        );
        q(
            "SELECT k.indicator, k.actor, k.gender, r.period, r.submission_id, r.value,
                    r.missing, r.comment, r.line, r.proposed
             FROM revision r JOIN series k ON k.id = r.series
             ORDER BY k.indicator, k.actor, k.gender, r.period, r.submission_id",
            &mut |r| {
                let value = match r.get::<_, Option<f64>>(5).unwrap() {
                    Some(x) => x.to_string(),
                    None => format!("missing {:?}", r.get::<_, String>(6).unwrap()),
                };
                format!(
                    "{} {} {}{} = {value} (submission {}, line {}{}) {:?}",
                    r.get::<_, String>(0).unwrap(),
                    r.get::<_, String>(1).unwrap(),
                    r.get::<_, String>(3).unwrap(),
                    match r.get::<_, String>(2).unwrap().as_str() {
                        "" => String::new(),
                        g => format!(" {g}"),
                    },
                    r.get::<_, i64>(4).unwrap(),
                    r.get::<_, i64>(8).unwrap(),
                    if r.get::<_, i64>(9).unwrap() == 1 { ", proposed" } else { "" },
                    r.get::<_, String>(7).unwrap(),
                )
            },
        );
        q("SELECT period, locked_by, reason FROM period_lock ORDER BY period", &mut |r| {
            format!(
                "lock {} by {}: {}",
                r.get::<_, String>(0).unwrap(),
                r.get::<_, String>(1).unwrap(),
                r.get::<_, String>(2).unwrap()
            )
        });
        q("SELECT kind, period, who, reason FROM event ORDER BY id", &mut |r| {
            format!(
                "event {} {} by {}: {}",
                r.get::<_, String>(0).unwrap(),
                r.get::<_, String>(1).unwrap(),
                r.get::<_, String>(2).unwrap(),
                r.get::<_, String>(3).unwrap()
            )
        });
        if self.out.len() == before {
            self.out.push_str("  (empty)\n");
        }
    }

    /// `> mkfifo P`, `> symlink TARGET P`, `> zeros P BYTES` (a sparse file), `> mkdir P`,
    /// `> copy FROM TO` (names that git cannot hold, with `\n` or `\e` in them),
    /// `> hold-lock` (another process's write lock on the store during the next step),
    /// `> sha P`, `> ls P` (every file under P), `> cat P`, `> check-text P` (hidden
    /// characters).
    fn directive(&mut self, line: &str) {
        let w = words(line);
        let at = |i: usize| self.dir.join(&w[i]);
        match w[0].as_str() {
            "mkfifo" => {
                let ok = std::process::Command::new("mkfifo").arg(at(1)).status().unwrap();
                assert!(ok.success(), "mkfifo");
            }
            "symlink" => std::os::unix::fs::symlink(&w[1], at(2)).unwrap(),
            "zeros" => {
                let f = std::fs::File::create(at(1)).unwrap();
                f.set_len(w[2].parse().unwrap()).unwrap();
            }
            "mkdir" => std::fs::create_dir_all(at(1)).unwrap(),
            "copy" => {
                std::fs::copy(at(1), at(2)).unwrap();
            }
            "hold-lock" => self.hold_lock = true,
            "sha" => {
                let bytes = std::fs::read(at(1)).unwrap();
                let _ = writeln!(self.out, "> sha {}: {}\n", w[1], sha(&bytes));
            }
            "ls" => {
                let mut files = Vec::new();
                let _ = writeln!(self.out, "> ls {}", w[1]);
                if !at(1).is_dir() {
                    self.out.push_str("  (no such folder)\n");
                }
                list(&at(1), &mut files);
                files.sort();
                for f in files {
                    let rel = f.strip_prefix(&self.dir).unwrap().display().to_string();
                    let _ = writeln!(self.out, "  {rel}");
                }
                self.out.push('\n');
            }
            "cat" => {
                let text = String::from_utf8_lossy(&std::fs::read(at(1)).unwrap()).to_string();
                let _ = writeln!(self.out, "> cat {}", w[1]);
                for line in text.lines() {
                    let _ = writeln!(self.out, "  {}", line.replace('\r', "\\r"));
                }
                self.out.push('\n');
            }
            "check-text" => {
                let text = String::from_utf8_lossy(&std::fs::read(at(1)).unwrap()).to_string();
                // A CSV for Excel starts with a byte-order mark on purpose.
                let hidden = text
                    .trim_start_matches('\u{feff}')
                    .chars()
                    .find(|&c| !matches!(c, '\n' | '\t' | '\r') && utblick_core::is_hidden(c));
                let verdict = match hidden {
                    Some(c) => format!("hidden character U+{:04X}", u32::from(c)),
                    None => "no hidden characters".into(),
                };
                let _ = writeln!(self.out, "> check-text {}: {verdict}\n", w[1]);
            }
            other => panic!("unknown directive `{other}`"),
        }
    }
}

fn list(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            list(&e.path(), out);
        } else {
            out.push(e.path());
        }
    }
}

fn run_case(case: &Path) -> String {
    let tmp = TempDir::new("hostile");
    copy_dir(case, tmp.path());
    std::fs::remove_file(tmp.path().join("expected")).ok();
    let mut c = Case {
        dir: tmp.path().to_path_buf(),
        root: repo_root().display().to_string(),
        out: String::new(),
        store: None,
        hold_lock: false,
    };
    let steps = std::fs::read_to_string(case.join("steps")).unwrap();
    for line in steps.lines() {
        if let Some(cmd) = line.strip_prefix("$ ") {
            c.run(cmd);
        } else if let Some(d) = line.strip_prefix("> ") {
            c.directive(d);
        } else if line.starts_with('#') || line.trim().is_empty() {
            if line.starts_with("# ") {
                let _ = writeln!(c.out, "{line}");
            }
        } else {
            panic!("{}: a step starts with `$ `, `> ` or `#`: {line}", case.display());
        }
    }
    c.out
}

#[test]
fn every_hostile_case_gives_its_exact_record() {
    let dir = repo_root().join("tests/hostile/cases");
    let mut cases: Vec<PathBuf> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    assert!(cases.len() >= 25, "only {} hostile cases", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| snapshot(&case.join("expected"), &run_case(case)).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
