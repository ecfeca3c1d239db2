//! `utblick user`: the portal's accounts, added, listed and removed as a planner would.

use std::io::Write;
use std::process::{Output, Stdio};

use crate::{TempDir, repo_root, utblick};

/// `utblick user …` on the store in `tmp`, by `planerare`, with `stdin` on standard input.
fn user(tmp: &TempDir, args: &[&str], stdin: &str) -> Output {
    let mut child = utblick()
        .current_dir(repo_root())
        .arg("user")
        .args(args)
        .arg("--store")
        .arg(tmp.path().join("store.sqlite"))
        .env("UTBLICK_USER", "planerare")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The store's account rows as SQLite holds them: login, password, token's SHA-256.
fn stored(tmp: &TempDir) -> Vec<(String, Option<String>, Option<String>)> {
    let c = rusqlite::Connection::open(tmp.path().join("store.sqlite")).unwrap();
    let mut stmt =
        c.prepare("SELECT login, password, token_sha256 FROM account ORDER BY login").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_planner_adds_lists_and_removes_accounts() {
    let tmp = TempDir::new("user");
    let add = [
        "add",
        "--login",
        "anna.berg@kumla",
        "--role",
        "reporter",
        "--actor",
        "kumla",
        "--plan",
        "plans/2023.toml",
        "--password-stdin",
    ];
    let o = user(&tmp, &add, "ett långt lösenord\n");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "kontot anna.berg@kumla (rapportör för kumla) är tillagt\n");

    // Without --password-stdin: a one-time link, shown once; the store keeps its SHA-256 only.
    let o = user(&tmp, &["add", "--login", "per", "--role", "coordinator", "--lang", "en"], "");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let link = out.lines().nth(2).unwrap().trim();
    let token = link.strip_prefix("http://127.0.0.1:8080/set-password?token=").unwrap();
    assert_eq!(token.len(), 64, "{out}");
    assert!(
        out.starts_with(
            "account per (coordinator) added\none-time link to set the password, valid until "
        ),
        "{out}"
    );
    let rows = stored(&tmp);
    assert_eq!(rows.len(), 2);
    let (login, password, sha) = &rows[0];
    assert_eq!(login, "anna.berg@kumla");
    assert!(password.as_deref().unwrap().starts_with("$argon2id$v=19$"), "{password:?}");
    assert!(!password.as_deref().unwrap().contains("ett långt lösenord"));
    assert_eq!(sha, &None);
    let (_, password, sha) = &rows[1];
    assert_eq!(password, &None);
    let sha = sha.as_deref().unwrap();
    assert_eq!(sha.len(), 64);
    assert_ne!(sha, token, "the token itself is never stored");

    // The list says who may do what, never a hash or a token.
    let o = user(&tmp, &["list", "--format", "json"], "");
    assert!(o.status.success(), "{}", stderr(&o));
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["login"], "anna.berg@kumla");
    assert_eq!(rows[0]["role"], "reporter");
    assert_eq!(rows[0]["actor"], "kumla");
    assert_eq!(rows[0]["password_set"], true);
    assert_eq!(rows[1]["role"], "coordinator");
    assert_eq!(rows[1]["actor"], serde_json::Value::Null);
    assert_eq!(rows[1]["password_set"], false);
    let text = stdout(&user(&tmp, &["list"], ""));
    assert!(!text.contains("argon2") && !text.contains(token) && !text.contains(sha), "{text}");
    assert!(text.starts_with("anna.berg@kumla  rapportör (kumla)  lösenord satt\nper  samordnare  väntar på lösenord, länken giltig till "), "{text}");

    // A login is never added twice.
    let o = user(&tmp, &add, "ett annat långt lösenord\n");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "utblick: the login `anna.berg@kumla` is taken; `utblick user remove --login anna.berg@kumla` first to replace it\n"
    );

    let o = user(&tmp, &["remove", "--login", "per"], "");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "kontot per är borttaget\n");
    let o = user(&tmp, &["remove", "--login", "per"], "");
    assert_eq!(stderr(&o), "utblick: no account `per`; `utblick user list` shows them\n");
    assert_eq!(stored(&tmp).len(), 1);

    // Each change is in the audit log, with who made it.
    let c = rusqlite::Connection::open(tmp.path().join("store.sqlite")).unwrap();
    let mut stmt = c.prepare("SELECT login, kind, detail FROM audit ORDER BY id").unwrap();
    let log: Vec<(String, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let kinds: Vec<(&str, &str, &str)> =
        log.iter().map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str())).collect();
    assert_eq!(
        kinds,
        [
            ("planerare", "user-add", "anna.berg@kumla (reporter, kumla)"),
            ("planerare", "user-add", "per (coordinator)"),
            ("planerare", "user-remove", "per"),
        ]
    );
}

#[test]
fn bad_accounts_are_refused_with_what_to_do_and_nothing_stored() {
    let tmp = TempDir::new("user-bad");
    let cases: [(&[&str], &str, &str); 6] = [
        (
            &["add", "--login", "anna", "--role", "reporter", "--password-stdin"],
            "ett långt lösenord\n",
            "utblick: a reporter reports for one actor: give it with --actor ID (see the actor file)\n",
        ),
        (
            &[
                "add",
                "--login",
                "anna",
                "--role",
                "reader",
                "--actor",
                "kumla",
                "--plan",
                "plans/2023.toml",
            ],
            "",
            "utblick: --actor is for a reporter only; a reader sees every actor\n",
        ),
        (
            &["add", "--login", "Anna Berg", "--role", "reader"],
            "",
            "utblick: --login `Anna Berg`: a login is 1 to 64 of a-z, 0-9, `.`, `_`, `-` and `@` (e.g. anna.berg@kumla)\n",
        ),
        (
            &[
                "add",
                "--login",
                "anna",
                "--role",
                "reporter",
                "--actor",
                "kumlaa",
                "--plan",
                "plans/2023.toml",
            ],
            "",
            "utblick: unknown actor `kumlaa`; see the actor file of plans/2023.toml\n",
        ),
        (
            &["add", "--login", "anna", "--role", "coordinator", "--password-stdin"],
            "kort\n",
            "utblick: the password on standard input has 4 characters; give 12 to 1024 on its first line\n",
        ),
        (
            &["add", "--login", "anna", "--role", "coordinator", "--password-stdin"],
            "",
            "utblick: the password on standard input has 0 characters; give 12 to 1024 on its first line\n",
        ),
    ];
    for (args, stdin, expected) in cases {
        let o = user(&tmp, args, stdin);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&o), expected, "{args:?}");
        assert_eq!(stdout(&o), "", "{args:?}");
    }
    // An actor comes with the plan it is checked against.
    let o = user(&tmp, &["add", "--login", "anna", "--role", "reporter", "--actor", "kumla"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the following required arguments were not provided:\n  --plan <PLAN>"),
        "{}",
        stderr(&o)
    );
    // A role that is none of the three is clap's to refuse.
    let o = user(&tmp, &["add", "--login", "anna", "--role", "admin"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("invalid value 'admin' for '--role <ROLE>'"), "{}", stderr(&o));
    // Listing or removing needs a store that is there.
    let o = user(&tmp, &["list"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(!tmp.path().join("store.sqlite").exists(), "nothing was created");
}
