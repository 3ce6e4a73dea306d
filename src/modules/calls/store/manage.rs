//! The managers' lists, filters, eligibility decisions and duplicates.

#[allow(unused_imports)]
use super::*;
