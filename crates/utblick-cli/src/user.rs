//! `utblick user add|remove|list`: the portal's accounts.
//!
//! A password is hashed here with argon2id (the `argon2` crate's defaults: 19 MiB, two passes,
//! one lane) and only its PHC string is stored. Without `--password-stdin` the account gets a
//! one-time set-password link instead: a random token shown once, of which the store keeps
//! only the SHA-256, valid for [`LINK_DAYS`] days.

use std::io::Read as _;
use std::process::ExitCode;

use argon2::password_hash::rand_core::{OsRng, RngCore as _};
use argon2::password_hash::{PasswordHasher as _, SaltString};
use serde::Serialize;
use sha2::Digest as _;
use utblick_core::Lang;
use utblick_store::{Account, NewAccount, Role, Store};

use crate::args::{MissingFormat, RoleArg, UserAddArgs, UserListArgs, UserRemoveArgs};
use crate::console::Console;
use crate::dates::{now, now_utc, rfc3339};
use crate::error::CliError;

/// How long a set-password link is valid.
pub const LINK_DAYS: i64 = 7;

/// A password's shortest and longest length, in characters.
const PASSWORD_CHARS: std::ops::RangeInclusive<usize> = 12..=1024;

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Reporter => Role::Reporter,
            RoleArg::Coordinator => Role::Coordinator,
            RoleArg::Reader => Role::Reader,
        }
    }
}

fn role_word(role: Role, lang: Lang) -> &'static str {
    match (role, lang) {
        (Role::Reporter, Lang::Sv) => "rapportör",
        (Role::Coordinator, Lang::Sv) => "samordnare",
        (Role::Reader, Lang::Sv) => "läsare",
        (r, Lang::En) => r.as_str(),
    }
}

/// Why `login` cannot be a login, if it cannot.
fn check_login(login: &str) -> Result<(), CliError> {
    let ok = (1..=64).contains(&login.len())
        && login.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-' | b'@')
        });
    if ok {
        Ok(())
    } else {
        Err(CliError::message(format!(
            "--login `{}`: a login is 1 to 64 of a-z, 0-9, `.`, `_`, `-` and `@` (e.g. anna.berg@kumla)",
            login.escape_debug()
        )))
    }
}

/// The password on the first line of `input`, or why it will not do.
fn password_from(input: &[u8]) -> Result<String, CliError> {
    // The first line only: the read is bounded, and its end may cut a later character.
    let first = input.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let line = std::str::from_utf8(first)
        .map_err(|_| CliError::message("the password on standard input is not UTF-8"))?;
    let line = line.strip_suffix('\r').unwrap_or(line);
    let n = line.chars().count();
    if !PASSWORD_CHARS.contains(&n) {
        return Err(CliError::message(format!(
            "the password on standard input has {n} characters; give {} to {} on its first line",
            PASSWORD_CHARS.start(),
            PASSWORD_CHARS.end()
        )));
    }
    Ok(line.to_string())
}

/// The argon2id PHC string of `password`, with a fresh random salt.
fn hash_password(password: &str) -> Result<String, CliError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| CliError::message(format!("cannot hash the password: {e}")))
}

/// A new set-password token (64 hex digits) and its SHA-256 (hex), which is what is stored.
fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = hex(&bytes);
    let sha = hex(&sha2::Sha256::digest(token.as_bytes()));
    (token, sha)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn open_existing(path: &std::path::Path) -> Result<Store, CliError> {
    if !path.exists() {
        return Err(CliError::NoStore { path: path.to_path_buf() });
    }
    Ok(Store::open(path)?)
}

pub fn add(args: &UserAddArgs, con: &Console) -> Result<ExitCode, CliError> {
    let lang: Lang = args.lang.into();
    check_login(&args.login)?;
    let role = Role::from(args.role);
    let actor = match (role, args.actor.as_deref()) {
        (Role::Reporter, Some(a)) => Some(a),
        (Role::Reporter, None) => {
            return Err(CliError::message(
                "a reporter reports for one actor: give it with --actor ID (see the actor file)",
            ));
        }
        (r, Some(_)) => {
            return Err(CliError::message(format!(
                "--actor is for a reporter only; a {} sees every actor",
                r.as_str()
            )));
        }
        (_, None) => None,
    };
    if let (Some(a), Some(plan)) = (actor, &args.plan) {
        // clap makes --actor come with --plan: a reporter's actor is always one of the plan's.
        let loaded = crate::ingest::load_checked_plan(plan)?;
        if loaded.actors.get(a).is_none() {
            return Err(CliError::message(format!(
                "unknown actor `{a}`; see the actor file of {}",
                plan.display()
            )));
        }
    }
    let password = if args.password_stdin {
        let mut input = Vec::new();
        std::io::stdin()
            .take(8 * 1024)
            .read_to_end(&mut input)
            .map_err(|e| CliError::message(format!("cannot read the password: {e}")))?;
        Some(hash_password(&password_from(&input)?)?)
    } else {
        None
    };
    let token = (!args.password_stdin).then(new_token);
    let at = now_utc();
    let expires = at + chrono::Duration::days(LINK_DAYS);
    let expires_text = rfc3339(expires);
    let by = crate::lock::who(&args.who)?;
    let mut store = Store::open(&args.store.store)?;
    let at = rfc3339(at);
    let new = NewAccount {
        login: &args.login,
        role,
        actor,
        password: password.as_deref(),
        token: token.as_ref().map(|(_, sha)| (sha.as_str(), expires_text.as_str())),
        at: &at,
        by: &by,
    };
    if !store.add_account(&new)? {
        return Err(CliError::message(format!(
            "the login `{0}` is taken; `utblick user remove --login {0}` first to replace it",
            args.login
        )));
    }
    let what = match actor {
        Some(a) => format!("{} ({} {a})", args.login, lang.pick("rapportör för", "reporter for")),
        None => format!("{} ({})", args.login, role_word(role, lang)),
    };
    let mut text = String::new();
    if !con.quiet || token.is_some() {
        text.push_str(&match lang {
            Lang::Sv => format!("kontot {what} är tillagt\n"),
            Lang::En => format!("account {what} added\n"),
        });
    }
    if let Some((token, _)) = token {
        let link = format!("{}/set-password?token={token}", args.url.trim_end_matches('/'));
        let until = expires.format("%Y-%m-%d %H:%M UTC");
        text.push_str(&match lang {
            Lang::Sv => format!(
                "engångslänk för att sätta lösenordet, giltig till {until} (visas bara nu):\n  {link}\n"
            ),
            Lang::En => format!(
                "one-time link to set the password, valid until {until} (shown only now):\n  {link}\n"
            ),
        });
    }
    crate::print(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub fn remove(args: &UserRemoveArgs, con: &Console) -> Result<ExitCode, CliError> {
    let lang: Lang = args.lang.into();
    let by = crate::lock::who(&args.who)?;
    let mut store = open_existing(&args.store.store)?;
    if !store.remove_account(&args.login, &by, &now())? {
        return Err(CliError::message(format!(
            "no account `{}`; `utblick user list` shows them",
            args.login.escape_debug()
        )));
    }
    if !con.quiet {
        crate::print(&match lang {
            Lang::Sv => format!("kontot {} är borttaget\n", args.login),
            Lang::En => format!("account {} removed\n", args.login),
        })?;
    }
    Ok(ExitCode::SUCCESS)
}

/// One account as listed.
#[derive(Serialize)]
struct Row {
    login: String,
    role: &'static str,
    actor: Option<String>,
    password_set: bool,
    link_expires: Option<String>,
    created_at: String,
}

impl Row {
    fn new(a: Account) -> Row {
        Row {
            login: a.login,
            role: a.role.as_str(),
            actor: a.actor,
            password_set: a.has_password,
            link_expires: a.link_expires,
            created_at: a.created_at,
        }
    }
}

pub fn list(args: &UserListArgs) -> Result<ExitCode, CliError> {
    let lang: Lang = args.lang.into();
    let store = open_existing(&args.store.store)?;
    let accounts = store.accounts()?;
    let rows = || accounts.iter().cloned().map(Row::new).collect::<Vec<_>>();
    let out = match args.format {
        MissingFormat::Text => text(&accounts, lang).into_bytes(),
        MissingFormat::Json => crate::error::json_text(&rows())?.into_bytes(),
        MissingFormat::Csv => csv_of(&rows(), lang)?,
    };
    crate::write_stdout(&out)?;
    Ok(ExitCode::SUCCESS)
}

fn text(accounts: &[Account], lang: Lang) -> String {
    if accounts.is_empty() {
        return lang.pick("inga konton\n", "no accounts\n").to_string();
    }
    let mut s = String::new();
    for r in accounts {
        let role = role_word(r.role, lang);
        let who = match &r.actor {
            Some(a) => format!("{role} ({a})"),
            None => role.to_string(),
        };
        let password = match (r.has_password, &r.link_expires) {
            (true, _) => lang.pick("lösenord satt", "password set").to_string(),
            (false, Some(until)) => match lang {
                Lang::Sv => format!("väntar på lösenord, länken giltig till {until}"),
                Lang::En => format!("waiting for a password, link valid until {until}"),
            },
            (false, None) => lang.pick("inget lösenord", "no password").to_string(),
        };
        s.push_str(&format!("{}  {who}  {password}\n", r.login));
    }
    s
}

fn csv_of(rows: &[Row], lang: Lang) -> Result<Vec<u8>, CliError> {
    let mut w = crate::error::excel_csv();
    let head = match lang {
        Lang::Sv => ["inloggning", "roll", "aktör", "lösenord_satt", "länk_giltig_till", "tillagt"],
        Lang::En => ["login", "role", "actor", "password_set", "link_valid_until", "created"],
    };
    w.write_record(head)?;
    for r in rows {
        let cells = [
            utblick_report::csv_text(&r.login),
            r.role.to_string(),
            utblick_report::csv_text(r.actor.as_deref().unwrap_or("")),
            if r.password_set { "1" } else { "0" }.to_string(),
            r.link_expires.clone().unwrap_or_default(),
            r.created_at.clone(),
        ];
        w.write_record(cells)?;
    }
    crate::error::csv_bytes(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{PasswordHash, PasswordVerifier as _};

    #[test]
    fn a_password_is_stored_as_an_argon2id_hash_that_verifies_it_and_no_other() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
        let parsed = PasswordHash::new(&hash).unwrap();
        let a = argon2::Argon2::default();
        assert!(a.verify_password(b"correct horse battery", &parsed).is_ok());
        assert!(a.verify_password(b"correct horse batterY", &parsed).is_err());
        // Salted: the same password never gives the same string twice.
        assert_ne!(hash, hash_password("correct horse battery").unwrap());
    }

    #[test]
    fn a_token_is_shown_and_only_its_sha256_kept() {
        let (token, sha) = new_token();
        assert_eq!(token.len(), 64);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(sha, hex(&sha2::Sha256::digest(token.as_bytes())));
        assert_ne!(token, new_token().0);
    }

    #[test]
    fn passwords_and_logins_are_checked() {
        assert_eq!(password_from(b"tolv tecken!\n").unwrap(), "tolv tecken!");
        assert_eq!(password_from("räksmörgås med\r\nx".as_bytes()).unwrap(), "räksmörgås med");
        let short = password_from(b"kort\n").unwrap_err().to_string();
        assert_eq!(
            short,
            "the password on standard input has 4 characters; give 12 to 1024 on its first line"
        );
        assert!(password_from(b"").is_err());
        assert!(password_from(b"\xff\xfe tolv tecken").is_err());
        // Only the first line need be UTF-8 (the bounded read may cut a later character).
        assert_eq!(password_from(b"tolv tecken!\n\xc3").unwrap(), "tolv tecken!");
        assert!(check_login("anna.berg@kumla").is_ok());
        for bad in ["", "Anna", "anna berg", "../x", "a;b", &"a".repeat(65)] {
            assert!(check_login(bad).is_err(), "{bad:?}");
        }
    }
}
