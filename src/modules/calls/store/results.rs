//! Ranking, decisions and their amendments, publication of frozen results.

#[allow(unused_imports)]
use super::*;
