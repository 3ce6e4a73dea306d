//! The clock, injected so that tests control time.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Unix seconds. A fixed clock (for tests) returns what it was set to.
#[derive(Clone, Default)]
pub struct Clock {
    fixed: Arc<AtomicI64>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock::default()
    }

    pub fn now(&self) -> i64 {
        match self.fixed.load(Ordering::Relaxed) {
            0 => jiff::Timestamp::now().as_second(),
            t => t,
        }
    }

    /// Freeze the clock at `t` (unix seconds).
    pub fn set(&self, t: i64) {
        self.fixed.store(t, Ordering::Relaxed);
    }

    /// Move a frozen clock forward (freezing it at now first if it ran free).
    pub fn advance(&self, seconds: i64) {
        let now = self.now();
        self.set(now + seconds);
    }
}
