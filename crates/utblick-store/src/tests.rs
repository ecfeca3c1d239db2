use super::*;

fn obs(ind: &str, actor: &str, period: &str, value: ObsValue) -> Observation {
    Observation {
        key: ObsKey {
            indicator: ind.into(),
            actor: actor.into(),
            period: period.parse().unwrap(),
            gender: None,
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

fn series(o: &Observation) -> Series<'_> {
    Series { indicator: &o.key.indicator, actor: &o.key.actor, gender: o.key.gender }
}

/// Stores `rows` as one file, writing what differs from the current value as ingest does,
/// and returns (stored, unchanged).
fn store_file(store: &mut Store, sha: &str, rows: &[Observation]) -> (u64, u64) {
    let Begin::New(tx) = store.begin(&sub(sha, &format!("{sha}.csv"))).unwrap() else {
        panic!("already ingested")
    };
    let (mut stored, mut unchanged) = (0, 0);
    for (i, o) in rows.iter().enumerate() {
        let current = tx.current_values(series(o)).unwrap();
        if current.iter().any(|c| c.0 == o.key.period && c.1 == o.value) {
            unchanged += 1;
        } else {
            tx.write(series(o), o.key.period, o.value, &o.comment, i as u64 + 2).unwrap();
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
    assert!(err.contains("has schema version 99, newer than this utblick knows (1)"), "{err}");
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
fn the_same_bytes_twice_are_already_ingested() {
    let mut s = Store::in_memory().unwrap();
    store_file(&mut s, "same", &[obs("N1", "orebro", "2021", ObsValue::Number(1.0))]);
    match s.begin(&sub("same", "renamed.csv")).unwrap() {
        Begin::AlreadyIngested(p) => {
            assert_eq!(p.file_name, "same.csv");
            assert_eq!(p.counts.stored, 1);
        }
        Begin::New(_) => panic!("stored twice"),
    }
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
    tx.stage(7, &staged(2, "2021", 1.0)).unwrap();
    tx.stage(3, &staged(3, "2022", 2.0)).unwrap();
    tx.stage(7, &staged(4, "2020", 3.0)).unwrap();
    tx.stage(3, &staged(5, "2021", 4.0)).unwrap();
    let mut seen: Vec<(u64, Vec<u64>)> = Vec::new();
    tx.for_each_staged_series(|_, n, rows| {
        seen.push((n, rows.iter().map(|r| r.line).collect()));
        Ok::<_, StoreError>(())
    })
    .unwrap();
    assert_eq!(seen, [(3, vec![3, 5]), (7, vec![2, 4])]);
}

#[test]
fn written_rows_are_read_back_and_can_be_taken_back() {
    let mut s = Store::in_memory().unwrap();
    let Begin::New(tx) = s.begin(&sub("w", "w.csv")).unwrap() else { panic!() };
    // More than a batch, over three series, so some rows are still pending when read.
    let series_of = |i: u64| ["orebro", "kumla", "lekeberg"][(i / 50) as usize];
    for i in 0..150u64 {
        let o = obs("N1", series_of(i), &(1900 + i % 50).to_string(), ObsValue::Number(i as f64));
        tx.write(series(&o), o.key.period, o.value, "", i + 2).unwrap();
    }
    let kumla = obs("N1", "kumla", "2000", ObsValue::Number(0.0));
    let values = tx.current_values(series(&kumla)).unwrap();
    assert_eq!(values.len(), 50);
    assert_eq!(values[49], ("1949".parse().unwrap(), ObsValue::Number(99.0)));
    // Lekeberg's last rows are still pending: taking them back takes back those too.
    tx.unwrite("N1", "lekeberg").unwrap();
    let lekeberg = obs("N1", "lekeberg", "2000", ObsValue::Number(0.0));
    assert_eq!(tx.current_values(series(&lekeberg)).unwrap(), []);
    // Pending rows reach the store at commit.
    let o = obs("N1", "nora", "2021", ObsValue::Number(1.0));
    tx.write(series(&o), o.key.period, o.value, "", 200).unwrap();
    tx.commit(Counts::default()).unwrap();
    assert_eq!(s.totals().unwrap(), (101, 101));
}

#[test]
fn a_rolled_back_file_leaves_nothing() {
    let mut s = Store::in_memory().unwrap();
    let Begin::New(tx) = s.begin(&sub("r", "r.csv")).unwrap() else { panic!() };
    let o = obs("N1", "orebro", "2021", ObsValue::Number(1.0));
    tx.write(series(&o), o.key.period, o.value, "", 2).unwrap();
    // Written, as the transaction sees it; then rolled back.
    assert_eq!(tx.current_values(series(&o)).unwrap().len(), 1);
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
    assert_eq!(
        tx.current_values(series(&o)).unwrap(),
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
