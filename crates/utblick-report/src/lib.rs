//! The follow-up report: status against target, charts and the board document.
//!
//! Empty for now: the report issue fills it.
