//! A numbered pager for lists that run over several pages: the first pages, those around the
//! current one, the last, previous and next (`templates/news/pager.html` shows it).

/// One entry of a numbered pager.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub enum PageLink {
    Number { n: i64, url: String, current: bool },
    Gap,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Pager {
    pub current: i64,
    pub last: i64,
    pub items: Vec<PageLink>,
    pub previous: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// First pages, around the current one, an ellipsis, the last; previous and next.
    pub fn new(current: i64, total_items: i64, per_page: i64, base: &str) -> Pager {
        let last = ((total_items + per_page - 1) / per_page).max(1);
        let url = |n: i64| {
            if n == 1 {
                base.to_string()
            } else {
                let sep = if base.contains('?') { '&' } else { '?' };
                format!("{base}{sep}page={n}")
            }
        };
        let mut shown: Vec<i64> =
            vec![1, 2, current - 1, current, current + 1, last - 1, last].into_iter().filter(|&n| n >= 1 && n <= last).collect();
        shown.sort_unstable();
        shown.dedup();
        let mut items = vec![];
        let mut prev = 0;
        for n in shown {
            if n > prev + 1 {
                items.push(PageLink::Gap);
            }
            items.push(PageLink::Number { n, url: url(n), current: n == current });
            prev = n;
        }
        Pager { current, last, items, previous: (current > 1).then(|| url(current - 1)), next: (current < last).then(|| url(current + 1)) }
    }
}

/// The page asked for in a query string (`?page=`): 1 when absent or not a number, at most
/// `last`.
pub fn page_number(asked: &str, last: i64) -> i64 {
    asked.trim().parse::<i64>().unwrap_or(1).clamp(1, last.max(1))
}
