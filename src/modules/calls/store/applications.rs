//! The applicants' drafts, submissions and withdrawals.

#[allow(unused_imports)]
use super::*;
