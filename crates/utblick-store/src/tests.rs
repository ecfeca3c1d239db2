use super::*;

fn obs(ind: &str, actor: &str, period: &str, value: ObsValue) -> Observation {
    Observation {
        key: ObsKey {
            indicator: ind.into(),
            actor: actor.into(),
            period: period.parse().unwrap(),
            gender: None,
            breakdown: String::new(),
        },
        value,
        comment: String::new(),
    }
}

fn sub(sha: &str, file: &str) -> NewSubmission {
    NewSubmission {
        submitter: "orebro".into(),
        file_name: file.into(),
        sha256: sha.into(),
        received_at: "2023-03-01T10:00:00Z".into(),
    }
}

fn new(o: &Observation, line: u64) -> NewValue<'_> {
    NewValue { period: o.key.period, value: o.value, comment: &o.comment, line, proposed: false }
}

fn series(o: &Observation) -> Series<'_> {
    Series {
        indicator: &o.key.indicator,
        actor: &o.key.actor,
        gender: o.key.gender,
        breakdown: &o.key.breakdown,
    }
}

/// Stores `rows` as one file, writing what differs from the current value as ingest does,
/// and returns (stored, unchanged).
fn store_file(store: &mut Store, sha: &str, rows: &[Observation]) -> (u64, u64) {
    store_file_at(store, sha, "2023-03-01T10:00:00Z", rows)
}

/// As [`store_file`], received at `at`.
fn store_file_at(store: &mut Store, sha: &str, at: &str, rows: &[Observation]) -> (u64, u64) {
    let submission = NewSubmission { received_at: at.into(), ..sub(sha, &format!("{sha}.csv")) };
    let Begin::New(tx) = store.begin(&submission).unwrap() else { panic!("already ingested") };
    let (mut stored, mut unchanged) = (0, 0);
    for (i, o) in rows.iter().enumerate() {
        let values = tx.series_values(series(o), false).unwrap();
        if values.current(o.key.period).is_some_and(|c| c.value == o.value) {
            unchanged += 1;
        } else {
            tx.write(series(o), new(o, i as u64 + 2)).unwrap();
            stored += 1;
        }
    }
    tx.commit(Counts { read: rows.len() as u64, stored, unchanged, ..Counts::default() }).unwrap();
    (stored, unchanged)
}

#[test]
fn migrates_a_new_store_and_reopens_without_change() {
    let dir = std::env::temp_dir().join(format!("utblick-store-migrate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("s.sqlite");
    let _ = std::fs::remove_file(&path);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    drop(s);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(s.integrity_check().unwrap(), "ok");
    drop(s);
    // A store written by a newer utblick is refused, not damaged.
    let c = Connection::open(&path).unwrap();
    c.execute("UPDATE schema_version SET version = 99", []).unwrap();
    drop(c);
    let err = Store::open(&path).err().unwrap().to_string();
    assert!(err.contains("has schema version 99, newer than this utblick knows (6)"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn revisions_keep_history_and_identical_values_record_nothing() {
    let mut s = Store::in_memory().unwrap();
    let n = |x| ObsValue::Number(x);
    assert_eq!(
        store_file(
            &mut s,
            "a",
            &[obs("N1", "orebro", "2021", n(1.0)), obs("N1", "orebro", "2022", n(2.0))]
        ),
        (2, 0)
    );
    // Same values under another file: nothing new.
    assert_eq!(
        store_file(
            &mut s,
            "b",
            &[obs("N1", "orebro", "2021", n(1.0)), obs("N1", "orebro", "2022", n(2.0))]
        ),
        (0, 2)
    );
    // A corrected value: one revision, the old stays in the history.
    assert_eq!(store_file(&mut s, "c", &[obs("N1", "orebro", "2022", n(2.5))]), (1, 0));
    // Missing is a value of its own, never zero.
    assert_eq!(
        store_file(
            &mut s,
            "d",
            &[obs("N1", "orebro", "2021", ObsValue::Missing(MissingMarker::DotDot))]
        ),
        (1, 0)
    );
    let h = s.history("N1", "orebro", Some("2022".parse().unwrap())).unwrap();
    let vals: Vec<(ObsValue, &str)> = h.iter().map(|r| (r.value, r.file_name.as_str())).collect();
    assert_eq!(vals, [(n(2.0), "a.csv"), (n(2.5), "c.csv")]);
    let current = s.current().unwrap();
    assert_eq!(current.len(), 2);
    assert_eq!(current[0].value, ObsValue::Missing(MissingMarker::DotDot));
    assert_eq!(current[1].value, n(2.5));
    assert_eq!(s.totals().unwrap(), (2, 4));
}

#[test]
fn the_same_bytes_twice_from_the_same_sender_are_already_ingested() {
    let mut s = Store::in_memory().unwrap();
    store_file(&mut s, "same", &[obs("N1", "orebro", "2021", ObsValue::Number(1.0))]);
    match s.begin(&sub("same", "renamed.csv")).unwrap() {
        Begin::AlreadyIngested(p) => {
            assert_eq!(p.file_name, "same.csv");
            assert_eq!(p.counts.stored, 1);
        }
        Begin::New(_) => panic!("stored twice"),
    }
    // From another sender the same bytes are a submission of their own.
    let mut other = sub("same", "same.csv");
    other.submitter = "kumla".into();
    let Begin::New(tx) = s.begin(&other).unwrap() else { panic!("another sender's file") };
    assert!(tx.before().is_none());
}

#[test]
fn the_same_bytes_after_a_rejection_are_read_again_and_say_so() {
    let mut s = Store::in_memory().unwrap();
    let Begin::New(tx) = s.begin(&sub("rej", "rej.csv")).unwrap() else { panic!() };
    tx.commit(Counts { read: 3, stored: 1, rejected: 2, ..Counts::default() }).unwrap();
    let Begin::New(tx) = s.begin(&sub("rej", "again.csv")).unwrap() else {
        panic!("a file with rejected rows blocks its sender")
    };
    let before = tx.before().unwrap();
    assert_eq!((before.id, before.file_name.as_str(), before.counts.rejected), (1, "rej.csv", 2));
    // Now all of it goes in: the next copy is already ingested, as this one.
    tx.commit(Counts { read: 3, stored: 2, unchanged: 1, ..Counts::default() }).unwrap();
    match s.begin(&sub("rej", "third.csv")).unwrap() {
        Begin::AlreadyIngested(p) => assert_eq!((p.id, p.file_name.as_str()), (2, "again.csv")),
        Begin::New(_) => panic!("a clean copy was stored twice"),
    }
}

#[test]
fn a_value_for_a_locked_period_waits_for_approval() {
    let mut s = Store::in_memory().unwrap();
    let n = ObsValue::Number;
    store_file(
        &mut s,
        "a",
        &[obs("N1", "orebro", "2025", n(1.0)), obs("N1", "orebro", "2024", n(5.0))],
    );
    let p2025: Period = "2025".parse().unwrap();
    let at = "2026-02-01T09:00:00Z";
    assert_eq!(s.lock(p2025, "anna", at, "styrelsen 2026-01-30").unwrap(), None);
    assert!(s.lock(p2025, "bo", at, "again").unwrap().is_some(), "locked twice");
    let o = obs("N1", "orebro", "2025-03", n(0.0));
    let Begin::New(tx) = s.begin(&sub("b", "b.csv")).unwrap() else { panic!() };
    assert_eq!(tx.lock_covering(o.key.period).map(|l| l.locked_by.as_str()), Some("anna"));
    assert!(tx.lock_covering("2024".parse().unwrap()).is_none());
    let late = obs("N1", "orebro", "2025", n(2.0));
    tx.write(series(&late), NewValue { proposed: true, ..new(&late, 2) }).unwrap();
    let values = tx.series_values(series(&late), true).unwrap();
    assert_eq!(values.current(p2025).map(|c| c.value), Some(n(1.0)));
    assert_eq!(values.waiting(p2025).map(|c| c.value), Some(n(2.0)));
    tx.commit(Counts { read: 1, stored: 1, proposed: 1, ..Counts::default() }).unwrap();

    // Not current: the report and the totals see the old value; the proposal is pending.
    let current = s.current().unwrap();
    assert_eq!(current.iter().map(|o| o.value).collect::<Vec<_>>(), [n(5.0), n(1.0)]);
    let pending = s.pending().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!((pending[0].value, pending[0].current), (n(2.0), Some(n(1.0))));

    // Approving another actor's values approves nothing and records nothing.
    let kumla = ProposalFilter { actor: Some("kumla".into()), ..ProposalFilter::default() };
    assert!(s.approve(&kumla, p2025, "anna", at, "").unwrap().is_empty());
    let all = ProposalFilter { period: Some(p2025), ..ProposalFilter::default() };
    let approved = s.approve(&all, p2025, "anna", "2026-02-02T10:00:00Z", "rättat").unwrap();
    assert_eq!(approved.len(), 1);
    assert!(s.pending().unwrap().is_empty());
    assert_eq!(s.current().unwrap()[1].value, n(2.0));
    let h = s.history("N1", "orebro", Some(p2025)).unwrap();
    assert_eq!(h[1].approved, Some(("anna".into(), "2026-02-02T10:00:00Z".into())));
    assert!(!h[1].proposed);

    assert!(s.unlock(p2025, "anna", at, "fel år").unwrap());
    assert!(!s.unlock(p2025, "anna", at, "again").unwrap());
    let kinds: Vec<(EventKind, u64)> = s
        .events(Some("2025-06".parse().unwrap()))
        .unwrap()
        .iter()
        .map(|e| (e.kind, e.values))
        .collect();
    assert_eq!(kinds, [(EventKind::Lock, 0), (EventKind::Approve, 1), (EventKind::Unlock, 0)]);
    assert_eq!(s.integrity_check().unwrap(), "ok", "every key of every row refers to a row");
    assert!(s.events(Some("2024".parse().unwrap())).unwrap().is_empty());
}

fn staged(line: u64, period: &str, value: f64) -> StagedRow {
    StagedRow {
        line,
        period: period.parse().unwrap(),
        value: ObsValue::Number(value),
        comment: String::new(),
    }
}

#[test]
fn staged_rows_come_back_series_by_series_in_file_order() {
    let mut s = Store::in_memory().unwrap();
    let Begin::New(mut tx) = s.begin(&sub("x", "x.csv")).unwrap() else { panic!() };
    tx.stage(7, staged(2, "2021", 1.0)).unwrap();
    tx.stage(3, staged(3, "2022", 2.0)).unwrap();
    tx.stage(7, staged(4, "2020", 3.0)).unwrap();
    tx.stage(3, staged(5, "2021", 4.0)).unwrap();
    let mut seen: Vec<(u64, Vec<u64>)> = Vec::new();
    tx.for_each_staged_series(|_, n, rows| {
        seen.push((n, rows.iter().map(|r| r.line).collect()));
        Ok::<_, StoreError>(())
    })
    .unwrap();
    assert_eq!(seen, [(3, vec![3, 5]), (7, vec![2, 4])]);
}

/// Held in memory, spilled to SQLite from the first row, and spilled part way (with rows both
/// before and after the spill, and more than a batch after it): the same series, the same rows.
#[test]
fn staged_rows_come_back_the_same_held_in_memory_or_spilled() {
    let run = |bound: usize| {
        let mut s = Store::in_memory().unwrap();
        let Begin::New(mut tx) = s.begin(&sub("x", "x.csv")).unwrap() else { panic!() };
        tx.set_staging_memory(bound);
        for i in 0..300u64 {
            // Series in a scrambled order, every series coming back many times.
            let series = (i * 37) % 11;
            let mut row = staged(i + 2, &(1990 + i % 30).to_string(), i as f64 / 4.0);
            if i % 7 == 0 {
                row.comment = format!("rad {i}");
            }
            if i % 13 == 0 {
                row.value = ObsValue::Missing(MissingMarker::Colon);
            }
            tx.stage(series, row).unwrap();
        }
        let mut seen: Vec<(u64, Vec<StagedRow>)> = Vec::new();
        tx.for_each_staged_series(|_, n, rows| {
            seen.push((n, rows));
            Ok::<_, StoreError>(())
        })
        .unwrap();
        seen
    };
    let held = run(STAGING_MEMORY);
    assert_eq!(held.len(), 11);
    assert!(held.windows(2).all(|w| w[0].0 < w[1].0), "series in order");
    for (_, rows) in &held {
        assert!(rows.windows(2).all(|w| w[0].line < w[1].line), "rows in file order");
    }
    assert_eq!(held.iter().map(|(_, r)| r.len()).sum::<usize>(), 300);
    let row = |line| held.iter().flat_map(|(_, r)| r).find(|r| r.line == line).unwrap();
    assert_eq!((row(156).comment.as_str(), row(156).value), ("rad 154", ObsValue::Number(38.5)));
    assert_eq!(row(15).value, ObsValue::Missing(MissingMarker::Colon));
    assert_eq!(run(0), held);
    assert_eq!(run(3_000), held);
}

#[test]
fn written_rows_are_read_back_and_can_be_taken_back() {
    let mut s = Store::in_memory().unwrap();
    let Begin::New(tx) = s.begin(&sub("w", "w.csv")).unwrap() else { panic!() };
    // More than a batch, over three series, so some rows are still pending when read.
    let series_of = |i: u64| ["orebro", "kumla", "lekeberg"][(i / 50) as usize];
    for i in 0..150u64 {
        let o = obs("N1", series_of(i), &(1900 + i % 50).to_string(), ObsValue::Number(i as f64));
        tx.write(series(&o), new(&o, i + 2)).unwrap();
    }
    let kumla = obs("N1", "kumla", "2000", ObsValue::Number(0.0));
    let values = tx.series_values(series(&kumla), false).unwrap().current;
    assert_eq!(values.len(), 50);
    assert_eq!(
        (values[49].period, values[49].value),
        ("1949".parse().unwrap(), ObsValue::Number(99.0))
    );
    // Lekeberg's last rows are still pending: taking them back takes back those too.
    tx.unwrite("N1", "lekeberg").unwrap();
    let lekeberg = obs("N1", "lekeberg", "2000", ObsValue::Number(0.0));
    assert_eq!(tx.series_values(series(&lekeberg), false).unwrap(), SeriesValues::default());
    // Pending rows reach the store at commit.
    let o = obs("N1", "nora", "2021", ObsValue::Number(1.0));
    tx.write(series(&o), new(&o, 200)).unwrap();
    tx.commit(Counts::default()).unwrap();
    assert_eq!(s.totals().unwrap(), (101, 101));
}

#[test]
fn a_rolled_back_file_leaves_nothing() {
    let mut s = Store::in_memory().unwrap();
    let Begin::New(tx) = s.begin(&sub("r", "r.csv")).unwrap() else { panic!() };
    let o = obs("N1", "orebro", "2021", ObsValue::Number(1.0));
    tx.write(series(&o), new(&o, 2)).unwrap();
    // Written, as the transaction sees it; then rolled back.
    assert_eq!(tx.series_values(series(&o), false).unwrap().current.len(), 1);
    tx.rollback().unwrap();
    assert_eq!(s.totals().unwrap(), (0, 0));
    assert!(s.submissions().unwrap().is_empty());
}

#[test]
fn current_values_are_the_latest_revision_of_each_period() {
    let mut s = Store::in_memory().unwrap();
    let n = ObsValue::Number;
    store_file(
        &mut s,
        "h",
        &[obs("N1", "orebro", "2021", n(2.0)), obs("N1", "orebro", "2020", n(1.0))],
    );
    store_file(
        &mut s,
        "i",
        &[
            obs("N1", "orebro", "2021", ObsValue::Missing(MissingMarker::Dash)),
            obs("N1", "kumla", "2021", n(7.0)),
        ],
    );
    let Begin::New(tx) = s.begin(&sub("j", "j.csv")).unwrap() else { panic!() };
    let o = obs("N1", "orebro", "2021", n(0.0));
    let current: Vec<(Period, ObsValue)> = tx
        .series_values(series(&o), false)
        .unwrap()
        .current
        .iter()
        .map(|c| (c.period, c.value))
        .collect();
    assert_eq!(
        current,
        [
            ("2020".parse().unwrap(), n(1.0)),
            ("2021".parse().unwrap(), ObsValue::Missing(MissingMarker::Dash))
        ]
    );
}

#[test]
fn current_totals_leave_out_the_women_and_the_men() {
    let mut s = Store::in_memory().unwrap();
    let with = |gender: Option<Gender>, x: f64| {
        let mut o = obs("N1", "orebro", "2021", ObsValue::Number(x));
        o.key.gender = gender;
        o
    };
    store_file(
        &mut s,
        "g",
        &[
            with(Some(Gender::Total), 3.0),
            with(Some(Gender::Women), 1.0),
            with(Some(Gender::Men), 2.0),
            obs("N2", "orebro", "2021", ObsValue::Number(9.0)),
        ],
    );
    assert_eq!(s.current().unwrap().len(), 4);
    let totals: Vec<(String, Option<Gender>)> =
        s.current_totals().unwrap().into_iter().map(|o| (o.key.indicator, o.key.gender)).collect();
    assert_eq!(totals, [("N1".to_string(), Some(Gender::Total)), ("N2".to_string(), None)]);
}

#[test]
fn a_version_1_store_migrates_with_its_values() {
    let dir = tempdir("migrate-v1");
    let path = dir.join("v1.sqlite");
    let c = Connection::open(&path).unwrap();
    c.execute_batch(MIGRATIONS[0]).unwrap();
    c.execute_batch(
        "CREATE TABLE schema_version (version INTEGER NOT NULL);
         INSERT INTO schema_version VALUES (1);
         INSERT INTO submission (submitter, file_name, sha256, received_at, rows_read, rows_stored)
             VALUES ('orebro', 'a.csv', 'abc', '2023-03-01T10:00:00Z', 1, 1);
         INSERT INTO revision VALUES ('N1', 'orebro', '', '2022', 1, 7.5, NULL, 'x', 2);",
    )
    .unwrap();
    drop(c);
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(s.integrity_check().unwrap(), "ok");
    let current = s.current().unwrap();
    assert_eq!((current[0].value, current[0].comment.as_str()), (ObsValue::Number(7.5), "x"));
    assert_eq!(current[0].key.breakdown, "", "values from before breakdowns are totals");
    assert_eq!(s.submissions().unwrap()[0].counts.stored, 1);
    assert!(s.pending().unwrap().is_empty(), "the proposals' index is there");
    // The same bytes from another sender can now be stored beside them.
    let mut other = sub("abc", "a.csv");
    other.submitter = "kumla".into();
    assert!(matches!(s.begin(&other).unwrap(), Begin::New(_)));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_version_4_store_migrates_to_numbered_series_with_history_proposals_and_approvals() {
    let dir = tempdir("migrate-v4");
    let path = dir.join("v4.sqlite");
    // Two submissions; a total, a women's value and a breakdown cell; a revision, an approved
    // proposal and a proposal that waits.
    store_at_version_4(
        &path,
        "INSERT INTO submission (id, submitter, file_name, sha256, received_at)
             VALUES (1, 'orebro', 'a.csv', 'a', '2023-03-01T10:00:00Z'),
                    (2, 'orebro', 'b.csv', 'b', '2023-04-01T10:00:00Z');
         INSERT INTO revision (indicator, actor, gender, breakdown, period, submission_id,
                 value, missing, comment, line, proposed)
             VALUES ('N1', 'orebro', 'T', '', '2022', 1, 7.5, NULL, 'x', 2, 0),
                    ('N1', 'orebro', 'K', '', '2022', 1, 3.5, NULL, '', 3, 0),
                    ('N1', 'orebro', 'T', '', '2022', 2, 8.0, NULL, 'y', 2, 0),
                    ('N2', 'kumla', '', 'alder=16-24', '2021', 1, NULL, '..', '', 4, 0),
                    ('N2', 'kumla', '', '', '2021', 1, 5.0, NULL, '', 5, 0),
                    ('N2', 'kumla', '', '', '2021', 2, 6.0, NULL, '', 3, 1),
                    ('N1', 'orebro', 'K', '', '2022', 2, 4.0, NULL, '', 4, 0);
         INSERT INTO event (id, at, who, kind, period, reason)
             VALUES (1, '2023-04-02T09:00:00Z', 'samordnare', 'approve', '2022', 'ok');
         INSERT INTO approval (indicator, actor, gender, breakdown, period, submission_id,
                 event_id)
             VALUES ('N1', 'orebro', 'K', '', '2022', 2, 1);",
    );
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(s.integrity_check().unwrap(), "ok");
    let current: Vec<(String, String, Option<Gender>, String, ObsValue)> = s
        .current()
        .unwrap()
        .into_iter()
        .map(|o| (o.key.indicator, o.key.actor, o.key.gender, o.key.breakdown, o.value))
        .collect();
    let n = ObsValue::Number;
    assert_eq!(
        current,
        [
            ("N1".into(), "orebro".into(), Some(Gender::Women), String::new(), n(4.0)),
            ("N1".into(), "orebro".into(), Some(Gender::Total), String::new(), n(8.0)),
            ("N2".into(), "kumla".into(), None, String::new(), n(5.0)),
            (
                "N2".into(),
                "kumla".into(),
                None,
                "alder=16-24".into(),
                ObsValue::Missing(MissingMarker::DotDot)
            ),
        ]
    );
    let history = s.history("N1", "orebro", None).unwrap();
    let approved: Vec<_> = history.iter().map(|r| r.approved.clone()).collect();
    assert_eq!(history.len(), 4);
    assert_eq!(
        approved.iter().flatten().collect::<Vec<_>>(),
        [&("samordnare".to_string(), "2023-04-02T09:00:00Z".to_string())],
        "the approval still points at its revision"
    );
    let pending = s.pending().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!((pending[0].key.indicator.as_str(), pending[0].value), ("N2", n(6.0)));
    assert_eq!(pending[0].current, Some(n(5.0)));
    assert_eq!(s.totals().unwrap(), (4, 7));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_migration_that_would_lose_an_approval_leaves_the_store_as_it_was() {
    let dir = tempdir("migrate-lost");
    let path = dir.join("v4.sqlite");
    // An approval whose revision is gone (as a store written with its keys unchecked could
    // hold it): migration 5 finds its series through the revisions and would drop it.
    store_at_version_4(
        &path,
        "INSERT INTO submission (id, submitter, file_name, sha256, received_at)
             VALUES (1, 'orebro', 'a.csv', 'a', '2023-03-01T10:00:00Z');
         INSERT INTO revision (indicator, actor, gender, breakdown, period, submission_id,
                 value, missing, comment, line, proposed)
             VALUES ('N1', 'orebro', '', '', '2022', 1, 7.5, NULL, '', 2, 0);
         INSERT INTO event (id, at, who, kind, period, reason)
             VALUES (1, '2023-04-02T09:00:00Z', 'samordnare', 'approve', '2022', '');
         INSERT INTO approval (indicator, actor, gender, breakdown, period, submission_id,
                 event_id)
             VALUES ('N9', 'kumla', '', '', '2022', 1, 1);",
    );
    let err = Store::open(&path).err().unwrap().to_string();
    assert!(err.contains("migrating would keep 1 of 1 revisions and 0 of 1 approvals"), "{err}");
    assert_eq!(Store::version_of(&path).unwrap(), 4, "nothing was changed");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn values_written_without_key_checks_have_sound_keys_and_a_broken_key_is_found() {
    let dir = tempdir("keys");
    let path = dir.join("s.sqlite");
    let mut s = Store::open(&path).unwrap();
    let n = ObsValue::Number;
    let keys_checked =
        |s: &Store| -> i64 { s.conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap() };
    // A series met twice in one file, apart; one already stored; one written and taken back.
    store_file(&mut s, "a", &[obs("N1", "orebro", "2021", n(1.0))]);
    let Begin::New(tx) = s.begin(&sub("b", "b.csv")).unwrap() else { panic!() };
    for (i, o) in [
        obs("N2", "kumla", "2021", n(2.0)),
        obs("N1", "orebro", "2022", n(3.0)),
        obs("N2", "kumla", "2022", n(4.0)),
        obs("N3", "kumla", "2022", n(5.0)),
    ]
    .iter()
    .enumerate()
    {
        tx.write(series(o), new(o, i as u64 + 2)).unwrap();
    }
    tx.unwrite("N3", "kumla").unwrap();
    tx.commit(Counts { read: 4, stored: 3, ..Counts::default() }).unwrap();
    assert_eq!(keys_checked(&s), 0, "a file's transaction writes without key checks");
    assert_eq!(s.current().unwrap().len(), 4);
    assert_eq!(s.integrity_check().unwrap(), "ok");
    s.lock("2021".parse().unwrap(), "anna", "2026-02-01T09:00:00Z", "").unwrap();
    assert_eq!(keys_checked(&s), 1, "other writes have their keys checked");
    // A row whose series is not there, as a faulty writer would leave it, is found.
    let c = Connection::open(&path).unwrap();
    c.pragma_update(None, "foreign_keys", "OFF").unwrap();
    c.execute(
        "INSERT INTO revision (series, period, submission_id, value, comment, line)
         VALUES (999, '2021', 1, 1.0, '', 2)",
        [],
    )
    .unwrap();
    drop(c);
    assert_eq!(
        s.integrity_check().unwrap(),
        "a row of `revision` refers to a row of `series` that is not there"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A store at schema version 4 (the last with text keys) at `path`, holding the rows `data`
/// inserts; written with its keys unchecked, as a faulty writer could.
fn store_at_version_4(path: &std::path::Path, data: &str) {
    let c = Connection::open(path).unwrap();
    c.pragma_update(None, "foreign_keys", "OFF").unwrap();
    for m in &MIGRATIONS[..4] {
        c.execute_batch(m).unwrap();
    }
    c.execute_batch(
        "CREATE TABLE schema_version (version INTEGER NOT NULL);
         INSERT INTO schema_version VALUES (4);",
    )
    .unwrap();
    c.execute_batch(data).unwrap();
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("utblick-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_writer_that_cannot_get_the_lock_waits_tells_and_gives_up_naming_the_file() {
    let dir = tempdir("busy");
    let path = dir.join("s.sqlite");
    let mut s = Store::open(&path).unwrap();
    let other = Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let told = std::rc::Rc::new(RefCell::new(Vec::new()));
    let log = std::rc::Rc::clone(&told);
    s.set_lock_wait(
        Duration::from_millis(400),
        Some(Box::new(move |file, _| log.borrow_mut().push(file.to_string()))),
    );
    let err = s.begin(&sub("x", "kumla.csv")).err().unwrap();
    assert!(err.is_busy());
    assert!(err.to_string().contains("was locked by another writer for 0 s"), "{err}");
    // Told while waiting, more than once (the pauses grow), always with the file.
    assert!(told.borrow().len() >= 2, "{:?}", told.borrow());
    assert!(told.borrow().iter().all(|f| f == "kumla.csv"));
    // Once the other writer is done, the same store goes on.
    other.execute_batch("COMMIT").unwrap();
    assert!(matches!(s.begin(&sub("x", "kumla.csv")).unwrap(), Begin::New(_)));
    drop(s);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_latest_proposal_after_the_current_value_waits_and_the_others_do_not() {
    use RevisionState::*;
    assert_eq!(revision_states(&[false, false]), [Earlier, Current]);
    assert_eq!(revision_states(&[false, true]), [Current, Waiting]);
    // Two proposals: the second supersedes the first.
    assert_eq!(revision_states(&[false, true, true]), [Current, Superseded, Waiting]);
    // Approved (no longer a proposal), or overtaken by a current value after an unlock.
    assert_eq!(revision_states(&[true, false]), [Earlier, Current]);
    assert_eq!(revision_states(&[true]), [Waiting]);
    assert_eq!(revision_states(&[]), []);
}

#[test]
fn only_the_latest_proposal_of_a_key_is_pending_and_approved() {
    let mut s = Store::in_memory().unwrap();
    let n = ObsValue::Number;
    store_file(&mut s, "a", &[obs("N1", "orebro", "2025", n(5.0))]);
    let p2025: Period = "2025".parse().unwrap();
    s.lock(p2025, "anna", "2026-02-01T09:00:00Z", "seen").unwrap();
    for (sha, x) in [("b", 7.0), ("c", 8.0)] {
        let Begin::New(tx) = s.begin(&sub(sha, "f.csv")).unwrap() else { panic!() };
        let o = obs("N1", "orebro", "2025", n(x));
        tx.write(series(&o), NewValue { proposed: true, ..new(&o, 2) }).unwrap();
        tx.commit(Counts { read: 1, stored: 1, proposed: 1, ..Counts::default() }).unwrap();
    }
    let pending = s.pending().unwrap();
    assert_eq!(
        pending.iter().map(|p| (p.value, p.current)).collect::<Vec<_>>(),
        [(n(8.0), Some(n(5.0)))]
    );
    let all = ProposalFilter { period: Some(p2025), ..ProposalFilter::default() };
    let approved = s.approve(&all, p2025, "bo", "2026-02-02T09:00:00Z", "").unwrap();
    assert_eq!(approved.len(), 1, "the superseded proposal is not approved too");
    assert_eq!(s.current().unwrap()[0].value, n(8.0));
    assert!(s.pending().unwrap().is_empty());
    let states: Vec<RevisionState> =
        s.history("N1", "orebro", Some(p2025)).unwrap().iter().map(|r| r.state).collect();
    assert_eq!(states, [RevisionState::Earlier, RevisionState::Earlier, RevisionState::Current]);
    assert_eq!(s.events(None).unwrap()[1].values, 1);
}

#[test]
fn current_totals_and_bring_every_series_of_the_indicators_named_only() {
    let mut s = Store::in_memory().unwrap();
    let with = |ind: &str, gender: Option<Gender>, b: &str, x: f64| {
        let mut o = obs(ind, "orebro", "2021", ObsValue::Number(x));
        o.key.gender = gender;
        o.key.breakdown = b.into();
        o
    };
    store_file(
        &mut s,
        "g",
        &[
            with("N1", Some(Gender::Total), "", 3.0),
            with("N1", Some(Gender::Women), "", 1.0),
            with("N2", Some(Gender::Women), "alder=16-24", 2.0),
            with("N2", Some(Gender::Total), "", 4.0),
            with("N3'", Some(Gender::Men), "", 5.0),
        ],
    );
    let got = |ids: &[&str]| -> Vec<(String, String)> {
        s.current_totals_and(ids)
            .unwrap()
            .into_iter()
            .map(|o| (o.key.indicator.clone(), o.key.series_label()))
            .collect()
    };
    let pair = |i: &str, l: &str| (i.to_string(), l.to_string());
    assert_eq!(got(&[]), [pair("N1", "T"), pair("N2", "T")]);
    assert_eq!(got(&["N2"]), [pair("N1", "T"), pair("N2", "K alder=16-24"), pair("N2", "T")]);
    // An id is bound, never spliced into the SQL: a quote in it is just a character.
    assert_eq!(got(&["N3'"]), [pair("N1", "T"), pair("N2", "T"), pair("N3'", "M")]);
    assert_eq!(got(&["x') OR 1=1 --"]), [pair("N1", "T"), pair("N2", "T")]);
}

#[test]
fn an_indicator_was_updated_when_its_latest_current_value_was_received() {
    let mut s = Store::in_memory().unwrap();
    let n = ObsValue::Number;
    let (march, may) = ("2023-03-01T10:00:00Z", "2023-05-02T08:30:00Z");
    store_file_at(
        &mut s,
        "a",
        march,
        &[obs("N1", "orebro", "2021", n(1.0)), obs("N2", "orebro", "2021", n(2.0))],
    );
    // In May N1 changes; N2 comes again unchanged, which stores nothing and changes no date.
    assert_eq!(
        store_file_at(
            &mut s,
            "b",
            may,
            &[obs("N1", "orebro", "2021", n(1.5)), obs("N2", "orebro", "2021", n(2.0))],
        ),
        (1, 1)
    );
    // Each current value once, with the submission that stored it: N1's from May.
    let mut seen: Vec<(String, f64, i64)> = Vec::new();
    s.for_each_current_totals_and(&[], |v| -> Result<()> {
        seen.push((v.indicator.to_string(), v.value.number().unwrap(), v.submission));
        Ok(())
    })
    .unwrap();
    assert_eq!(seen, [("N1".to_string(), 1.5, 2), ("N2".to_string(), 2.0, 1)]);
    let received: Vec<String> =
        s.submissions().unwrap().into_iter().map(|x| x.received_at).collect();
    assert_eq!(received, [march, may]);
}

#[test]
fn the_borrowed_read_gives_what_the_owned_read_gives() {
    let mut s = Store::in_memory().unwrap();
    let n = ObsValue::Number;
    let with = |ind: &str, actor: &str, period: &str, gender: Option<Gender>, b: &str, v| {
        let mut o = obs(ind, actor, period, v);
        o.key.gender = gender;
        o.key.breakdown = b.into();
        o
    };
    let first = [
        with("N1", "orebro", "2021", Some(Gender::Total), "", n(1.0)),
        with(
            "N1",
            "orebro",
            "2022",
            Some(Gender::Total),
            "",
            ObsValue::Missing(MissingMarker::Dash),
        ),
        with("N1", "orebro", "2021", Some(Gender::Women), "", n(0.4)),
        with("N2", "kumla", "2021Q3", None, "alder=16-24", n(3.0)),
        with("N2", "kumla", "2021Q3", None, "", n(7.0)),
        with("N2", "orebro", "2020", None, "", n(8.0)),
    ];
    store_file(&mut s, "a", &first);
    // Later revisions of two keys; the last one counts.
    store_file(&mut s, "b", &[with("N1", "orebro", "2021", Some(Gender::Total), "", n(1.25))]);
    store_file(&mut s, "c", &[with("N2", "orebro", "2020", None, "", n(8.5))]);
    for ids in [&[][..], &["N2"][..], &["N1", "N2"][..]] {
        let owned: Vec<(ObsKey, ObsValue)> =
            s.current_totals_and(ids).unwrap().into_iter().map(|o| (o.key, o.value)).collect();
        let mut borrowed: Vec<(ObsKey, ObsValue)> = Vec::new();
        // The series numbers met, in order, each once: a series' values come together.
        let mut runs: Vec<i64> = Vec::new();
        s.for_each_current_totals_and(ids, |v| -> Result<()> {
            let key = ObsKey {
                indicator: v.indicator.into(),
                actor: v.actor.into(),
                period: v.period,
                gender: v.gender,
                breakdown: v.breakdown.into(),
            };
            if runs.last() != Some(&v.series) {
                assert!(!runs.contains(&v.series), "series {} came twice", v.series);
                runs.push(v.series);
            }
            borrowed.push((key, v.value));
            Ok(())
        })
        .unwrap();
        // The borrowed read comes in the store's order of series, the owned one by the texts.
        let by_text = |a: &(ObsKey, ObsValue), b: &(ObsKey, ObsValue)| {
            let k = |o: &ObsKey| {
                (
                    o.indicator.clone(),
                    o.actor.clone(),
                    o.gender.map(Gender::code),
                    o.breakdown.clone(),
                    o.period,
                )
            };
            k(&a.0).cmp(&k(&b.0))
        };
        let mut sorted = borrowed.clone();
        sorted.sort_by(by_text);
        let mut owned_sorted = owned.clone();
        owned_sorted.sort_by(by_text);
        assert_eq!(owned_sorted, owned, "the owned read is in key order");
        assert_eq!(sorted, owned, "{ids:?}");
        assert!(!owned.is_empty());
    }
}

#[test]
fn a_breakdown_cell_is_a_series_of_its_own() {
    let mut s = Store::in_memory().unwrap();
    let n = ObsValue::Number;
    let cell = |b: &str, x: f64| {
        let mut o = obs("N1", "orebro", "2022", n(x));
        o.key.breakdown = b.into();
        o
    };
    // The total and two age groups of one period: three values, none a copy of another.
    assert_eq!(
        store_file(
            &mut s,
            "a",
            &[cell("", 10.0), cell("alder=16-24", 4.0), cell("alder=25-64", 6.0)]
        ),
        (3, 0)
    );
    assert_eq!(
        store_file(&mut s, "b", &[cell("alder=16-24", 4.0), cell("alder=25-64", 6.5)]),
        (1, 1)
    );
    let current: Vec<(String, f64)> = s
        .current()
        .unwrap()
        .into_iter()
        .map(|o| (o.key.breakdown, o.value.number().unwrap()))
        .collect();
    assert_eq!(
        current,
        [("".into(), 10.0), ("alder=16-24".into(), 4.0), ("alder=25-64".into(), 6.5)]
    );
    // The totals leave the cells out.
    assert_eq!(s.current_totals().unwrap().len(), 1);
}

fn update<'a>(
    entry: &'a str,
    field: &'a str,
    year: Option<i32>,
    value: &'a str,
) -> NewRegistryUpdate<'a> {
    NewRegistryUpdate { entry, field, year, value, comment: "", line: 2 }
}

/// The current registry updates as (entry, field, year, value, submission).
fn registry(s: &Store) -> Vec<(String, String, Option<i32>, String, i64)> {
    s.registry_updates()
        .unwrap()
        .into_iter()
        .map(|u| (u.entry, u.field, u.year, u.value, u.submission_id))
        .collect()
}

#[test]
fn a_later_registry_update_supersedes_an_earlier_one_of_the_same_key() {
    let mut s = Store::in_memory().unwrap();
    let Begin::New(tx) = s.begin(&sub("a", "a.csv")).unwrap() else { panic!() };
    tx.write_registry_update(update("kumla-lauenburg", "utbyten", Some(2025), "2")).unwrap();
    tx.write_registry_update(update("kumla-lauenburg", "utbyten", Some(2024), "1")).unwrap();
    tx.write_registry_update(update("p-x", "status", None, "granted")).unwrap();
    // The same key twice in one submission is refused (ingest never sends it).
    assert!(tx.write_registry_update(update("p-x", "status", None, "closed")).is_err());
    tx.commit(Counts { read: 3, stored: 3, ..Counts::default() }).unwrap();
    let Begin::New(tx) = s.begin(&sub("b", "b.csv")).unwrap() else { panic!() };
    tx.write_registry_update(update("kumla-lauenburg", "utbyten", Some(2025), "3")).unwrap();
    tx.write_registry_update(update("p-x", "status", None, "running")).unwrap();
    // The transaction sees what it wrote.
    assert_eq!(tx.registry_updates().unwrap().len(), 3);
    tx.commit(Counts { read: 2, stored: 2, ..Counts::default() }).unwrap();
    let s2 = |e: &str, f: &str, y, v: &str, id| (e.into(), f.into(), y, v.into(), id);
    assert_eq!(
        registry(&s),
        [
            s2("kumla-lauenburg", "utbyten", Some(2024), "1", 1),
            s2("kumla-lauenburg", "utbyten", Some(2025), "3", 2),
            s2("p-x", "status", None, "running", 2),
        ]
    );
    let u = &s.registry_updates().unwrap()[1];
    assert_eq!((u.submitter.as_str(), u.file_name.as_str(), u.line), ("orebro", "b.csv", 2));
    // A rolled-back file leaves no update.
    let Begin::New(tx) = s.begin(&sub("c", "c.csv")).unwrap() else { panic!() };
    tx.write_registry_update(update("p-x", "status", None, "closed")).unwrap();
    tx.rollback().unwrap();
    assert_eq!(registry(&s)[2].3, "running");
}

#[test]
fn accounts_are_added_listed_and_removed_with_an_audit_line_each() {
    let mut s = Store::in_memory().unwrap();
    let at = "2026-12-02T10:00:00+00:00";
    let reporter = NewAccount {
        login: "anna.kumla",
        role: Role::Reporter,
        actor: Some("kumla"),
        password: Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"),
        token: None,
        at,
        by: "planerare",
    };
    assert!(s.add_account(&reporter).unwrap());
    let sha = "ab".repeat(32);
    let coordinator = NewAccount {
        login: "per",
        role: Role::Coordinator,
        actor: None,
        password: None,
        token: Some((&sha, "2026-12-09T10:00:00+00:00")),
        at,
        by: "planerare",
    };
    assert!(s.add_account(&coordinator).unwrap());
    // A login taken is not added again, and nothing changes.
    assert!(!s.add_account(&NewAccount { role: Role::Reader, actor: None, ..reporter }).unwrap());
    let accounts = s.accounts().unwrap();
    assert_eq!(
        accounts,
        [
            Account {
                login: "anna.kumla".into(),
                role: Role::Reporter,
                actor: Some("kumla".into()),
                has_password: true,
                link_expires: None,
                created_at: at.into(),
            },
            Account {
                login: "per".into(),
                role: Role::Coordinator,
                actor: None,
                has_password: false,
                link_expires: Some("2026-12-09T10:00:00+00:00".into()),
                created_at: at.into(),
            },
        ]
    );
    assert_eq!(
        s.password_hash("anna.kumla").unwrap().as_deref(),
        Some("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA")
    );
    assert_eq!(s.password_hash("per").unwrap(), None, "no password set yet");
    assert_eq!(s.password_hash("nobody").unwrap(), None);

    assert!(s.remove_account("per", "planerare", at).unwrap());
    assert!(!s.remove_account("per", "planerare", at).unwrap());
    assert_eq!(s.accounts().unwrap().len(), 1);
    let log: Vec<(String, String)> =
        s.audit_log().unwrap().into_iter().map(|e| (e.kind, e.detail)).collect();
    assert_eq!(
        log,
        [
            ("user-add".to_string(), "anna.kumla (reporter, kumla)".to_string()),
            ("user-add".to_string(), "per (coordinator)".to_string()),
            ("user-remove".to_string(), "per".to_string()),
        ]
    );
}

#[test]
fn an_account_breaking_the_role_rule_is_refused_by_the_store_itself() {
    let mut s = Store::in_memory().unwrap();
    let at = "2026-12-02T10:00:00+00:00";
    let base = NewAccount {
        login: "x",
        role: Role::Reporter,
        actor: None,
        password: None,
        token: None,
        at,
        by: "p",
    };
    assert!(s.add_account(&base).is_err(), "a reporter without an actor");
    let reader = NewAccount { role: Role::Reader, actor: Some("kumla"), ..base };
    assert!(s.add_account(&reader).is_err(), "a reader with an actor");
    // And the table's own checks hold for a writer that goes around the API.
    let err = s
        .conn
        .execute(
            "INSERT INTO account (login, role, actor, created_at) VALUES ('y', 'reporter', NULL, ?1)",
            [at],
        )
        .unwrap_err()
        .to_string();
    assert!(err.contains("CHECK constraint failed"), "{err}");
    // Nor does it take a password or a token in clear, or an empty login.
    for (login, password, token) in
        [("z", Some("ett långt lösenord"), None), ("z", None, Some("4f67a217")), ("", None, None)]
    {
        let err = s
            .conn
            .execute(
                "INSERT INTO account (login, role, password, token_sha256, token_expires, created_at)
                 VALUES (?1, 'reader', ?2, ?3, ?4, ?4)",
                rusqlite::params![login, password, token, at],
            )
            .unwrap_err()
            .to_string();
        assert!(err.contains("CHECK constraint failed"), "{login:?} {password:?} {token:?}: {err}");
    }
    assert!(s.accounts().unwrap().is_empty());
    assert!(s.audit_log().unwrap().is_empty());
}
