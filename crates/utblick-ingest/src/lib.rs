//! Actor-reported CSV files into checked observations.
//!
//! Empty for now: the ingest issue fills it (dialect and encoding detection, row validation
//! against the plan, the transactional store).
