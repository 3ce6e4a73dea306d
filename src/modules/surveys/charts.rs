//! Charts drawn on the server as inline SVG: bars (choices, distributions), stacked bars
//! (matrices, a scale's distribution per territory), lines over waves (year-over-year).
//!
//! Each chart is an image with a text alternative (`role="img"`, `aria-labelledby` its
//! `<title>` and `<desc>`), always beside a data table that gives the same figures. Series
//! are told apart by patterns (hatching, dots) and dash styles with marker shapes, and every
//! bar carries its value as text, so that nothing depends on colour alone: they read in
//! print, in greyscale and with forced colours. Drawn narrow (320 units wide, scaled to the
//! box) so that the text stays legible on a phone.

use std::fmt::Write;

const W: f64 = 320.0;

/// Text escaped for XML (content and attribute values).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A label cut to `max` characters, with "…".
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_string() } else { format!("{}…", s.chars().take(max - 1).collect::<String>()) }
}

/// The fill patterns, told apart without colour: solid, hatching both ways, dots, cross,
/// horizontal and vertical lines, light solid.
const PATTERNS: usize = 8;

fn defs(id: &str) -> String {
    let mut s = String::from("<defs>");
    let p = |i: usize, body: &str| {
        format!(
            "<pattern id=\"{id}-p{i}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" class=\"chart-bg\"/>{body}</pattern>"
        )
    };
    s.push_str(&p(0, "<rect width=\"6\" height=\"6\" class=\"chart-solid\"/>"));
    s.push_str(&p(1, "<path d=\"M0 6L6 0M-1 1L1 -1M5 7L7 5\" class=\"chart-hatch\"/>"));
    s.push_str(&p(2, "<circle cx=\"3\" cy=\"3\" r=\"1.4\" class=\"chart-dot\"/>"));
    s.push_str(&p(3, "<path d=\"M0 0L6 6M6 0L0 6\" class=\"chart-hatch\"/>"));
    s.push_str(&p(4, "<path d=\"M0 3H6\" class=\"chart-hatch\"/>"));
    s.push_str(&p(5, "<path d=\"M3 0V6\" class=\"chart-hatch\"/>"));
    s.push_str(&p(6, "<path d=\"M0 0L6 6M-1 5L1 7M5 -1L7 1\" class=\"chart-hatch\"/>"));
    s.push_str(&p(7, "<rect width=\"6\" height=\"6\" class=\"chart-light\"/>"));
    s.push_str("</defs>");
    s
}

fn open(id: &str, height: f64, title: &str, desc: &str) -> String {
    format!(
        "<svg class=\"chart\" viewBox=\"0 0 {W} {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>{}",
        esc(title),
        esc(desc),
        defs(id)
    )
}

/// One bar: its label, its length as a share of the longest possible (0–1), its value as text.
#[derive(Clone, Debug)]
pub struct Bar {
    pub label: String,
    pub share: f64,
    pub text: String,
}

/// Horizontal bars, each label above its bar and the value after it.
pub fn bars(id: &str, title: &str, desc: &str, bars: &[Bar]) -> String {
    let row = 38.0;
    let height = row * bars.len() as f64 + 6.0;
    let mut s = open(id, height, title, desc);
    let room = W - 70.0;
    for (i, b) in bars.iter().enumerate() {
        let y = i as f64 * row;
        let w = (b.share.clamp(0.0, 1.0) * room).max(if b.share > 0.0 { 2.0 } else { 0.0 });
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{:.1}\" class=\"chart-label\">{}</text>\
             <rect x=\"0\" y=\"{:.1}\" width=\"{:.1}\" height=\"16\" fill=\"url(#{id}-p0)\" class=\"chart-bar\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" class=\"chart-value\">{}</text>",
            y + 13.0,
            esc(&cut(&b.label, 44)),
            y + 18.0,
            w,
            w + 4.0,
            y + 31.0,
            esc(&b.text)
        );
    }
    s.push_str("</svg>");
    s
}

/// A stacked bar: its label and its parts (share 0–1, the value as text), in legend order.
#[derive(Clone, Debug)]
pub struct Stack {
    pub label: String,
    pub parts: Vec<(f64, String)>,
}

/// Stacked bars with a legend of the parts' patterns above them; a part wide enough carries
/// its value.
pub fn stacked(id: &str, title: &str, desc: &str, legend: &[String], stacks: &[Stack]) -> String {
    let legend_h = 18.0 * legend.len() as f64 + 6.0;
    let row = 42.0;
    let height = legend_h + row * stacks.len() as f64;
    let mut s = open(id, height, title, desc);
    for (i, name) in legend.iter().enumerate() {
        let y = i as f64 * 18.0;
        let _ = write!(
            s,
            "<rect x=\"0\" y=\"{:.1}\" width=\"22\" height=\"13\" fill=\"url(#{id}-p{})\" class=\"chart-bar\"/>\
             <text x=\"28\" y=\"{:.1}\" class=\"chart-label\">{}</text>",
            y + 1.0,
            i % PATTERNS,
            y + 12.0,
            esc(&cut(name, 46))
        );
    }
    for (i, st) in stacks.iter().enumerate() {
        let y = legend_h + i as f64 * row;
        let _ = write!(s, "<text x=\"0\" y=\"{:.1}\" class=\"chart-label\">{}</text>", y + 13.0, esc(&cut(&st.label, 48)));
        let mut x = 0.0;
        for (k, (share, text)) in st.parts.iter().enumerate() {
            let w = share.clamp(0.0, 1.0) * (W - 2.0);
            if w <= 0.0 {
                continue;
            }
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"20\" fill=\"url(#{id}-p{})\" class=\"chart-bar\"/>",
                y + 18.0,
                k % PATTERNS
            );
            if w >= 34.0 {
                let _ = write!(
                    s,
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"chart-tag\">{}</text>",
                    x + w / 2.0,
                    y + 32.0,
                    esc(text)
                );
            }
            x += w;
        }
    }
    s.push_str("</svg>");
    s
}

/// A line over the waves: its name and one value per wave (None: no figure).
#[derive(Clone, Debug)]
pub struct Line {
    pub label: String,
    pub points: Vec<Option<f64>>,
}

const DASHES: [&str; 4] = ["", "6 3", "2 3", "8 3 2 3"];

fn marker(kind: usize, x: f64, y: f64) -> String {
    match kind % 4 {
        0 => format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3.5\" class=\"chart-mark\"/>"),
        1 => format!("<rect x=\"{:.1}\" y=\"{:.1}\" width=\"7\" height=\"7\" class=\"chart-mark\"/>", x - 3.5, y - 3.5),
        2 => format!(
            "<path d=\"M{x:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}Z\" class=\"chart-mark\"/>",
            y - 4.5,
            x + 4.5,
            y + 3.5,
            x - 4.5,
            y + 3.5
        ),
        _ => format!(
            "<path d=\"M{x:.1} {:.1}L{:.1} {y:.1}L{x:.1} {:.1}L{:.1} {y:.1}Z\" class=\"chart-mark-open\"/>",
            y - 5.0,
            x + 5.0,
            y + 5.0,
            x - 5.0
        ),
    }
}

/// Lines over the waves (`x`: the waves' labels) from 0 to `top`, each with its own dash and
/// marker, a legend under the plot; `unit` follows the axis' figures ("%" or "").
pub fn lines(id: &str, title: &str, desc: &str, x: &[String], lines: &[Line], top: f64, unit: &str) -> String {
    let (left, right, plot_top, plot_h) = (34.0, 14.0, 10.0, 130.0);
    let legend_y = plot_top + plot_h + 30.0;
    let height = legend_y + 18.0 * lines.len() as f64;
    let top = if top > 0.0 { top } else { 1.0 };
    let mut s = open(id, height, title, desc);
    let step = if x.len() > 1 { (W - left - right) / (x.len() - 1) as f64 } else { 0.0 };
    let px = |i: usize| if x.len() > 1 { left + step * i as f64 } else { left + (W - left - right) / 2.0 };
    let py = |v: f64| plot_top + plot_h - (v / top).clamp(0.0, 1.0) * plot_h;
    for k in 0..=4 {
        let v = top * k as f64 / 4.0;
        let y = py(v);
        let _ = write!(
            s,
            "<line x1=\"{left}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" class=\"chart-grid\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" class=\"chart-axis\">{}{}</text>",
            W - right,
            left - 4.0,
            y + 4.0,
            super::results::number(v),
            unit
        );
    }
    for (i, label) in x.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" class=\"chart-axis\">{}</text>",
            px(i),
            plot_top + plot_h + 16.0,
            esc(&cut(label, 12))
        );
    }
    for (k, line) in lines.iter().enumerate() {
        let mut d = String::new();
        let mut pen_up = true;
        for (i, p) in line.points.iter().enumerate() {
            match p {
                Some(v) => {
                    let _ = write!(d, "{}{:.1} {:.1}", if pen_up { "M" } else { "L" }, px(i), py(*v));
                    pen_up = false;
                }
                None => pen_up = true,
            }
        }
        let dash = DASHES[k % DASHES.len()];
        let dash_attr = if dash.is_empty() { String::new() } else { format!(" stroke-dasharray=\"{dash}\"") };
        let _ = write!(s, "<path d=\"{d}\" class=\"chart-line\"{dash_attr}/>");
        for (i, p) in line.points.iter().enumerate() {
            if let Some(v) = p {
                s.push_str(&marker(k, px(i), py(*v)));
            }
        }
        let y = legend_y + 18.0 * k as f64;
        let _ = write!(
            s,
            "<path d=\"M0 {:.1}H26\" class=\"chart-line\"{dash_attr}/>{}<text x=\"32\" y=\"{:.1}\" class=\"chart-label\">{}</text>",
            y - 4.0,
            marker(k, 13.0, y - 4.0),
            y,
            esc(&cut(&line.label, 44))
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_an_image_with_its_text_alternative_and_escapes_labels() {
        let svg = bars("c1", "Pratiques <en place>", "A : 50 %", &[Bar { label: "A & B".into(), share: 0.5, text: "50 %".into() }]);
        assert!(svg.starts_with("<svg class=\"chart\""));
        assert!(svg.contains("role=\"img\" aria-labelledby=\"c1-t c1-d\""));
        assert!(svg.contains("<title id=\"c1-t\">Pratiques &lt;en place&gt;</title>"));
        assert!(svg.contains("<desc id=\"c1-d\">A : 50 %</desc>"));
        assert!(svg.contains(">A &amp; B</text>"));
        assert!(svg.contains(">50 %</text>"));
    }

    #[test]
    fn stacks_and_lines_tell_series_apart_without_colour() {
        let svg = stacked(
            "c2",
            "t",
            "d",
            &["1".into(), "2".into()],
            &[Stack { label: "Ensemble".into(), parts: vec![(0.25, "25 %".into()), (0.75, "75 %".into())] }],
        );
        assert!(svg.contains("url(#c2-p0)") && svg.contains("url(#c2-p1)"));
        assert!(svg.contains(">75 %</text>"));
        let svg = lines(
            "c3",
            "t",
            "d",
            &["2025".into(), "2026".into()],
            &[Line { label: "A".into(), points: vec![Some(10.0), Some(20.0)] }, Line { label: "B".into(), points: vec![None, Some(5.0)] }],
            100.0,
            " %",
        );
        assert!(svg.contains("stroke-dasharray=\"6 3\""));
        assert!(svg.contains("<rect x=") && svg.contains("<circle"));
        assert_eq!(svg.matches("class=\"chart-line\"").count(), 4);
    }
}
