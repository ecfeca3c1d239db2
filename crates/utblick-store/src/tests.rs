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

/// Stores `rows` as one file and returns (stored, unchanged).
fn store_file(store: &mut Store, sha: &str, rows: &[Observation]) -> (u64, u64) {
    let Begin::New(mut tx) = store.begin(&sub(sha, &format!("{sha}.csv"))).unwrap() else {
        panic!("already ingested")
    };
    for (i, o) in rows.iter().enumerate() {
        tx.stage(i as u64 + 2, o).unwrap();
    }
    let dups = tx.resolve_same_keys().unwrap();
    assert!(dups.is_empty());
    let (stored, unchanged) = tx.apply().unwrap();
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

#[test]
fn same_keys_in_one_file_conflict_or_collapse() {
    let mut s = Store::in_memory().unwrap();
    let Begin::New(mut tx) = s.begin(&sub("x", "x.csv")).unwrap() else { panic!() };
    tx.stage(2, &obs("N1", "orebro", "2021", ObsValue::Number(1.0))).unwrap();
    tx.stage(3, &obs("N1", "orebro", "2021", ObsValue::Number(1.0))).unwrap();
    tx.stage(4, &obs("N1", "orebro", "2022", ObsValue::Number(1.0))).unwrap();
    tx.stage(5, &obs("N1", "orebro", "2022", ObsValue::Number(9.0))).unwrap();
    tx.stage(6, &obs("N1", "kumla", "2022", ObsValue::Number(9.0))).unwrap();
    let groups = tx.resolve_same_keys().unwrap();
    let summary: Vec<(String, Vec<u64>, bool)> = groups
        .iter()
        .map(|g| (g.key.period.to_string(), g.rows.iter().map(|r| r.0).collect(), g.conflicting))
        .collect();
    assert_eq!(
        summary,
        [("2021".to_string(), vec![2, 3], false), ("2022".to_string(), vec![4, 5], true)]
    );
    // Left: line 2 (first of two identical) and line 6.
    assert_eq!(tx.apply().unwrap(), (2, 0));
}

#[test]
fn a_rolled_back_file_leaves_nothing() {
    let mut s = Store::in_memory().unwrap();
    let Begin::New(mut tx) = s.begin(&sub("r", "r.csv")).unwrap() else { panic!() };
    tx.stage(2, &obs("N1", "orebro", "2021", ObsValue::Number(1.0))).unwrap();
    tx.apply().unwrap();
    tx.rollback().unwrap();
    assert_eq!(s.totals().unwrap(), (0, 0));
    assert!(s.submissions().unwrap().is_empty());
}

#[test]
fn series_values_bring_the_stored_history() {
    let mut s = Store::in_memory().unwrap();
    store_file(
        &mut s,
        "h",
        &[
            obs("N1", "orebro", "2020", ObsValue::Number(1.0)),
            obs("N1", "orebro", "2021", ObsValue::Number(2.0)),
        ],
    );
    let Begin::New(mut tx) = s.begin(&sub("i", "i.csv")).unwrap() else { panic!() };
    tx.stage(2, &obs("N1", "orebro", "2022", ObsValue::Number(30.0))).unwrap();
    tx.stage(3, &obs("N1", "kumla", "2022", ObsValue::Missing(MissingMarker::Dash))).unwrap();
    let mut seen = Vec::new();
    tx.for_each_series(|s| seen.push((s.actor.clone(), s.stored.len(), s.staged.clone()))).unwrap();
    assert_eq!(seen, [("orebro".to_string(), 2, vec![(2, "2022".parse().unwrap(), 30.0)])]);
}
