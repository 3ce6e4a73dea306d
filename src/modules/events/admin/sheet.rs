//! The attendance sheet (feuille d'émargement) as a PDF: the event's title, date and place,
//! the confirmed attendees sorted by name as a French reader expects (accents and case only
//! break ties), a signature column, page numbers, as many A4 pages as needed.
//!
//! Written with pdf-writer and DejaVu Sans embedded (assets/fonts, its licence beside it) as a
//! TrueType font in WinAnsi encoding, which covers French (é, è, ç, œ, «, », …); other
//! characters print as "?".

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str};

use super::manageable;
use crate::core::audit::{self, Subject};
use crate::core::error::{AppError, AppResult};
use crate::core::i18n::{Tr, sort_key};
use crate::core::web::{AppState, Ctx};
use crate::modules::events::Event;

static FONT: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/evenements/{id}/emargement.pdf", get(sheet))
}

/// The names of the confirmed bookings' active attendees, in French order.
async fn attendees(db: &crate::core::db::Db, event_id: i64) -> Result<Vec<String>, sqlx::Error> {
    let mut names = super::store::confirmed_attendee_names(db, event_id).await?;
    names.sort_by_cached_key(|n| sort_key(n));
    Ok(names)
}

async fn sheet(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let user = ctx.staff()?;
    let event = manageable(&state, user, id).await?;
    let names = attendees(&state.db, id).await?;
    audit::record(&state.db, &ctx, "events.sheet.print", &Subject::new("event", id, &event.title), &format!("rows={}", names.len()))
        .await?;
    let texts = Texts::of(&ctx.tr, &event);
    let bytes = tokio::task::spawn_blocking(move || render(&texts, &names)).await.map_err(|e| AppError::Internal(e.into()))?;
    let bytes = bytes.map_err(AppError::Internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"emargement-{}.pdf\"", event.slug)),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        bytes,
    )
        .into_response())
}

/// The words on the sheet, in the organiser's language.
pub struct Texts {
    pub title: String,
    pub when: String,
    pub place: String,
    pub heading: String,
    pub col_number: String,
    pub col_name: String,
    pub col_signature: String,
    /// "Page", before "3 / 4".
    pub page: String,
    pub none: String,
}

impl Texts {
    pub fn of(tr: &Tr, e: &Event) -> Texts {
        let place = [e.place_name.trim(), e.address.trim()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ");
        Texts {
            title: e.title.clone(),
            when: tr.datetime(e.starts_at),
            place,
            heading: tr.t("events-admin-sheet-heading"),
            col_number: tr.t("events-admin-sheet-number"),
            col_name: tr.t("events-admin-sheet-name"),
            col_signature: tr.t("events-admin-sheet-signature"),
            page: tr.t("events-admin-sheet-page"),
            none: tr.t("events-admin-sheet-none"),
        }
    }
}

/// Windows-1252 (WinAnsiEncoding) for the font's simple encoding.
fn win_ansi(c: char) -> Option<u8> {
    let u = c as u32;
    if (0x20..0x7f).contains(&u) || (0xa0..=0xff).contains(&u) {
        return Some(u as u8);
    }
    let b = match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8a,
        '‹' => 0x8b,
        'Œ' => 0x8c,
        'Ž' => 0x8e,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9a,
        '›' => 0x9b,
        'œ' => 0x9c,
        'ž' => 0x9e,
        'Ÿ' => 0x9f,
        '\u{202f}' | '\u{2009}' => 0xa0,
        _ => return None,
    };
    Some(b)
}

fn from_win_ansi(b: u8) -> Option<char> {
    if (0x20..0x7f).contains(&b) || b >= 0xa0 {
        return char::from_u32(u32::from(b));
    }
    (0x80u32..0xa0).filter_map(char::from_u32).chain("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".chars()).find(|c| win_ansi(*c) == Some(b))
}

fn encode(s: &str) -> Vec<u8> {
    s.chars().map(|c| win_ansi(c).unwrap_or(b'?')).collect()
}

/// Glyph widths of the WinAnsi codes 32..=255, in thousandths of the font size.
struct Metrics {
    widths: Vec<f32>,
    ascent: f32,
    descent: f32,
    cap_height: f32,
    bbox: Rect,
}

fn metrics() -> anyhow::Result<Metrics> {
    let face = ttf_parser::Face::parse(FONT, 0)?;
    let scale = 1000.0 / f32::from(face.units_per_em());
    let widths = (32u8..=255)
        .map(|b| {
            from_win_ansi(b)
                .and_then(|c| face.glyph_index(c))
                .and_then(|g| face.glyph_hor_advance(g))
                .map(|w| f32::from(w) * scale)
                .unwrap_or(0.0)
        })
        .collect();
    let bb = face.global_bounding_box();
    Ok(Metrics {
        widths,
        ascent: f32::from(face.ascender()) * scale,
        descent: f32::from(face.descender()) * scale,
        cap_height: face.capital_height().map(|h| f32::from(h) * scale).unwrap_or(700.0),
        bbox: Rect::new(f32::from(bb.x_min) * scale, f32::from(bb.y_min) * scale, f32::from(bb.x_max) * scale, f32::from(bb.y_max) * scale),
    })
}

impl Metrics {
    fn width(&self, text: &[u8], size: f32) -> f32 {
        text.iter().map(|b| self.widths.get(usize::from(b.saturating_sub(32))).copied().unwrap_or(500.0)).sum::<f32>() * size / 1000.0
    }

    /// Cut `text` to fit `max` points, with an ellipsis.
    fn fit(&self, text: &str, size: f32, max: f32) -> Vec<u8> {
        let full = encode(text);
        if self.width(&full, size) <= max {
            return full;
        }
        let mut out = full;
        while !out.is_empty() && self.width(&out, size) + self.width(b"\x85", size) > max {
            out.pop();
        }
        out.push(0x85);
        out
    }
}

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 50.0;
const ROW_H: f32 = 30.0;
const FONT_NAME: Name<'static> = Name(b"F1");

fn text(c: &mut Content, size: f32, x: f32, y: f32, bytes: &[u8]) {
    c.begin_text();
    c.set_font(FONT_NAME, size);
    c.next_line(x, y);
    c.show(Str(bytes));
    c.end_text();
}

/// The PDF: a header on the first page, the table with its header row on every page, the
/// page number at the bottom of each.
pub fn render(t: &Texts, names: &[String]) -> anyhow::Result<Vec<u8>> {
    let m = metrics()?;
    let table_w = PAGE_W - 2.0 * MARGIN;
    let (num_w, name_w) = (40.0, 220.0);
    let first_top = PAGE_H - MARGIN - 110.0;
    let other_top = PAGE_H - MARGIN;
    let bottom = MARGIN + 30.0;
    // Rows per page (the header row included in the height).
    let fits = |top: f32| (((top - bottom) / ROW_H).floor() as usize).saturating_sub(1).max(1);
    let mut pages: Vec<std::ops::Range<usize>> = vec![];
    let mut start = 0;
    loop {
        let n = fits(if pages.is_empty() { first_top } else { other_top });
        let end = (start + n).min(names.len());
        pages.push(start..end);
        start = end;
        if start >= names.len() {
            break;
        }
    }
    let total = pages.len();

    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let font = Ref::new(3);
    let descriptor = Ref::new(4);
    let file = Ref::new(5);
    let mut next = 6;
    let mut alloc = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let page_refs: Vec<(Ref, Ref)> = (0..total).map(|_| (alloc(), alloc())).collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids(page_refs.iter().map(|(p, _)| *p)).count(total as i32);

    for (i, range) in pages.iter().enumerate() {
        let (page_id, content_id) = page_refs[i];
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H));
        page.parent(tree);
        page.contents(content_id);
        page.resources().fonts().pair(FONT_NAME, font);
        page.finish();

        let mut c = Content::new();
        let mut top = other_top;
        if i == 0 {
            text(&mut c, 18.0, MARGIN, PAGE_H - MARGIN - 18.0, &m.fit(&t.title, 18.0, table_w));
            text(&mut c, 11.0, MARGIN, PAGE_H - MARGIN - 42.0, &m.fit(&t.when, 11.0, table_w));
            text(&mut c, 11.0, MARGIN, PAGE_H - MARGIN - 60.0, &m.fit(&t.place, 11.0, table_w));
            text(&mut c, 13.0, MARGIN, PAGE_H - MARGIN - 88.0, &m.fit(&t.heading, 13.0, table_w));
            top = first_top;
        }
        // Header row, then one row per attendee.
        let rows = range.len() + 1;
        c.set_line_width(0.6);
        for r in 0..=rows {
            let y = top - r as f32 * ROW_H;
            c.move_to(MARGIN, y);
            c.line_to(MARGIN + table_w, y);
        }
        let table_bottom = top - rows as f32 * ROW_H;
        for x in [MARGIN, MARGIN + num_w, MARGIN + num_w + name_w, MARGIN + table_w] {
            c.move_to(x, top);
            c.line_to(x, table_bottom);
        }
        c.stroke();
        let baseline = |row: usize| top - row as f32 * ROW_H - ROW_H + 10.0;
        text(&mut c, 10.0, MARGIN + 5.0, baseline(0), &m.fit(&t.col_number, 10.0, num_w - 8.0));
        text(&mut c, 10.0, MARGIN + num_w + 5.0, baseline(0), &m.fit(&t.col_name, 10.0, name_w - 10.0));
        text(&mut c, 10.0, MARGIN + num_w + name_w + 5.0, baseline(0), &m.fit(&t.col_signature, 10.0, table_w - num_w - name_w - 10.0));
        for (row, n) in range.clone().enumerate() {
            text(&mut c, 10.0, MARGIN + 5.0, baseline(row + 1), &encode(&(n + 1).to_string()));
            text(&mut c, 11.0, MARGIN + num_w + 5.0, baseline(row + 1), &m.fit(&names[n], 11.0, name_w - 10.0));
        }
        if names.is_empty() {
            text(&mut c, 11.0, MARGIN, table_bottom - 20.0, &m.fit(&t.none, 11.0, table_w));
        }
        let footer = format!("{} {} / {total}", t.page, i + 1);
        let footer = encode(&footer);
        text(&mut c, 9.0, PAGE_W - MARGIN - m.width(&footer, 9.0), MARGIN - 10.0, &footer);
        pdf.stream(content_id, &c.finish());
    }

    pdf.indirect(font)
        .dict()
        .pair(Name(b"Type"), Name(b"Font"))
        .pair(Name(b"Subtype"), Name(b"TrueType"))
        .pair(Name(b"BaseFont"), Name(b"DejaVuSans"))
        .pair(Name(b"FirstChar"), 32)
        .pair(Name(b"LastChar"), 255)
        .pair(Name(b"Encoding"), Name(b"WinAnsiEncoding"))
        .pair(Name(b"FontDescriptor"), descriptor)
        .insert(Name(b"Widths"))
        .array()
        .items(m.widths.iter().copied());
    pdf.font_descriptor(descriptor)
        .name(Name(b"DejaVuSans"))
        .flags(pdf_writer::types::FontFlags::NON_SYMBOLIC)
        .bbox(m.bbox)
        .italic_angle(0.0)
        .ascent(m.ascent)
        .descent(m.descent)
        .cap_height(m.cap_height)
        .stem_v(80.0)
        .font_file2(file);
    let compressed = {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(FONT)?;
        z.finish()?
    };
    pdf.stream(file, &compressed).filter(Filter::FlateDecode).pair(Name(b"Length1"), FONT.len() as i32);
    Ok(pdf.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts() -> Texts {
        Texts {
            title: "Forum de l’emploi".into(),
            when: "jeudi 3 décembre 2026 à 09h00".into(),
            place: "Maison des associations".into(),
            heading: "Feuille d’émargement".into(),
            col_number: "N°".into(),
            col_name: "Nom".into(),
            col_signature: "Signature".into(),
            page: "Page".into(),
            none: "Aucune personne inscrite.".into(),
        }
    }

    #[test]
    fn many_names_make_many_pages_with_their_numbers() {
        let names: Vec<String> = (0..70).map(|i| format!("Personne {i:03}")).collect();
        let pdf = render(&texts(), &names).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        let s = String::from_utf8_lossy(&pdf);
        assert!(s.contains("/Count 4"), "70 names need four pages (19, then 22 a page)");
        assert!(s.contains("(Page 4 / 4)"));
        assert!(s.contains("(Personne 069)"));
        // French accents are single WinAnsi bytes.
        assert_eq!(encode("Élise Œuvre"), b"\xc9lise \x8cuvre");
    }
}
