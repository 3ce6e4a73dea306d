//! The juries' work: invitations, assignment, conflicts, progress, reminders.

#[allow(unused_imports)]
use super::*;
