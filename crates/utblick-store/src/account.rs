//! The portal's accounts and its audit log.
//!
//! The store keeps what it is given: a password arrives already hashed (an argon2id PHC
//! string) and a set-password token as its SHA-256, so neither a password nor a live token is
//! ever written. Checking a login's name, an actor's id or a password's strength is the
//! caller's.

use rusqlite::{OptionalExtension, params};

use crate::{Result, Store, StoreError};

/// What an account may do in the portal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Sends the values of one actor, and sees only that actor's.
    Reporter,
    /// A planner: sees every actor and receipt, locks and approves periods, publishes.
    Coordinator,
    /// A member of the board: reads the published reports.
    Reader,
}

impl Role {
    /// Every role, in the order they are listed.
    pub const ALL: [Role; 3] = [Role::Reporter, Role::Coordinator, Role::Reader];

    /// The role as stored and as written on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reporter => "reporter",
            Role::Coordinator => "coordinator",
            Role::Reader => "reader",
        }
    }

    /// The role of a stored or typed name.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// An account, as listed: never its password or token.
#[derive(Clone, Debug, PartialEq)]
pub struct Account {
    /// The name it logs in with.
    pub login: String,
    /// What it may do.
    pub role: Role,
    /// The actor a reporter reports for; `None` for the other roles.
    pub actor: Option<String>,
    /// Whether a password is set (else only a set-password link can let it in).
    pub has_password: bool,
    /// Until when an unused set-password link is valid (RFC 3339), if one is.
    pub link_expires: Option<String>,
    /// When it was added (RFC 3339).
    pub created_at: String,
}

/// A new account.
pub struct NewAccount<'a> {
    /// The name it logs in with.
    pub login: &'a str,
    /// What it may do.
    pub role: Role,
    /// The actor of a reporter; must be `None` for the other roles.
    pub actor: Option<&'a str>,
    /// The argon2id PHC string of its password, if one is set now.
    pub password: Option<&'a str>,
    /// The SHA-256 (hex) of a one-time set-password token and until when it is valid.
    pub token: Option<(&'a str, &'a str)>,
    /// When (RFC 3339).
    pub at: &'a str,
    /// Who adds it, for the audit log.
    pub by: &'a str,
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEntry {
    /// When (RFC 3339).
    pub at: String,
    /// Who did it: a login, or the name of who ran a command.
    pub login: String,
    /// What was done: `user-add`, `user-remove`, `login`, `upload`, …
    pub kind: String,
    /// What it was done to, in words.
    pub detail: String,
}

impl Store {
    /// Adds an account, and says so in the audit log. `Ok(false)` when the login is taken
    /// (nothing changes then).
    pub fn add_account(&mut self, new: &NewAccount<'_>) -> Result<bool> {
        if (new.role == Role::Reporter) != new.actor.is_some() {
            return Err(StoreError::InvalidAccount(format!(
                "{}: a reporter has an actor and no other role has one",
                new.login
            )));
        }
        let tx = self.write_tx(new.login, true)?;
        let added = tx.execute(
            "INSERT INTO account (login, role, actor, password, token_sha256, token_expires,
                                  created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (login) DO NOTHING",
            params![
                new.login,
                new.role.as_str(),
                new.actor,
                new.password,
                new.token.map(|t| t.0),
                new.token.map(|t| t.1),
                new.at
            ],
        )? == 1;
        if added {
            let what = match new.actor {
                Some(actor) => format!("{} ({}, {actor})", new.login, new.role.as_str()),
                None => format!("{} ({})", new.login, new.role.as_str()),
            };
            audit(&tx, new.at, new.by, "user-add", &what)?;
            tx.commit()?;
        }
        Ok(added)
    }

    /// Removes an account, and says so in the audit log. `Ok(false)` when there is none.
    pub fn remove_account(&mut self, login: &str, by: &str, at: &str) -> Result<bool> {
        let tx = self.write_tx(login, true)?;
        let removed = tx.execute("DELETE FROM account WHERE login = ?1", [login])? == 1;
        if removed {
            audit(&tx, at, by, "user-remove", login)?;
            tx.commit()?;
        }
        Ok(removed)
    }

    /// Every account, by login.
    pub fn accounts(&self) -> Result<Vec<Account>> {
        let mut stmt = self.conn.prepare(
            "SELECT login, role, actor, password IS NOT NULL, token_expires, created_at
             FROM account ORDER BY login",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let role: String = r.get(1)?;
            out.push(Account {
                login: r.get(0)?,
                role: Role::parse(&role)
                    .ok_or_else(|| StoreError::Corrupt(format!("account role {role:?}")))?,
                actor: r.get(2)?,
                has_password: r.get(3)?,
                link_expires: r.get(4)?,
                created_at: r.get(5)?,
            });
        }
        Ok(out)
    }

    /// The stored password hash of a login, to check a password against; `None` when there
    /// is no such account or it has no password yet.
    pub fn password_hash(&self, login: &str) -> Result<Option<String>> {
        let hash: Option<Option<String>> = self
            .conn
            .query_row("SELECT password FROM account WHERE login = ?1", [login], |r| r.get(0))
            .optional()?;
        Ok(hash.flatten())
    }

    /// The audit log, oldest first.
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>> {
        let mut stmt =
            self.conn.prepare("SELECT at, login, kind, detail FROM audit ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok(AuditEntry { at: r.get(0)?, login: r.get(1)?, kind: r.get(2)?, detail: r.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn audit(
    tx: &rusqlite::Transaction<'_>,
    at: &str,
    login: &str,
    kind: &str,
    detail: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO audit (at, login, kind, detail) VALUES (?1, ?2, ?3, ?4)",
        params![at, login, kind, detail],
    )?;
    Ok(())
}
