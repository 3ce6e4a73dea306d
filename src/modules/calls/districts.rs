//! The network's districts (`/admin/quartiers`, network administrators): the list, add, edit,
//! delete, and a CSV import (`;` or `,`, UTF-8 with or without BOM, columns
//! code;nom;commune;prioritaire, a header row recognised) that reports the lines added,
//! updated and rejected with their line number and why. Applicants choose from this list.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

use super::model::District;
use super::store;
use crate::core::auth::Principal;
use crate::core::error::{AppError, AppResult};
use crate::core::i18n;
use crate::core::web::{AppState, Ctx, Form, FormErrors, Layout, html, html_status, see_other};
use crate::modules::network::admin_layout;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/quartiers", get(list).post(add))
        .route("/admin/quartiers/import", post(import))
        .route("/admin/quartiers/{id}", get(edit_form).post(edit))
        .route("/admin/quartiers/{id}/supprimer", get(confirm_delete).post(delete))
        .layer(DefaultBodyLimit::max(MAX_CSV + 64 * 1024))
}

/// The largest CSV file accepted.
pub const MAX_CSV: usize = 2 * 1024 * 1024;
/// The most lines an import takes.
pub const MAX_LINES: usize = 20_000;

fn network_admin(ctx: &Ctx) -> AppResult<&Principal> {
    let p = ctx.staff()?;
    if p.is_network_admin() { Ok(p) } else { Err(AppError::Forbidden) }
}

// ---- CSV ----

/// A district as a line of the file (or the form) gives it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DistrictRow {
    pub code: Option<String>,
    pub name: String,
    pub town: String,
    pub priority: bool,
}

/// A line of the file that cannot be taken: its number (1 is the first line) and the message key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub line: usize,
    pub reason: &'static str,
}

/// A parsed file: the good lines with their numbers, the rejected ones.
#[derive(Debug, Default)]
pub struct Parsed {
    pub rows: Vec<(usize, DistrictRow)>,
    pub rejected: Vec<Rejected>,
}

/// Split one CSV line on `sep`, with double quotes around a cell ("" inside is a quote).
fn cells(line: &str, sep: char) -> Vec<String> {
    let mut out = vec![];
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == sep && !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter().map(|s| s.trim().to_string()).collect()
}

fn priority_of(s: &str) -> Option<bool> {
    match i18n::fold(s.trim()).as_str() {
        "oui" | "1" | "yes" | "true" | "vrai" | "x" => Some(true),
        "non" | "0" | "no" | "false" | "faux" | "" => Some(false),
        _ => None,
    }
}

/// Which column holds what, from a header row (`None` when the row is not a header).
fn header(cells: &[String]) -> Option<[Option<usize>; 4]> {
    let mut cols = [None; 4];
    for (i, c) in cells.iter().enumerate() {
        let k = match i18n::fold(c).replace(['_', '-'], " ").as_str() {
            "code" | "code quartier" | "code qpv" => 0,
            "nom" | "name" | "quartier" | "nom quartier" | "libelle" => 1,
            "commune" | "town" | "ville" | "communes" => 2,
            "prioritaire" | "priority" | "qpv" | "priorite" => 3,
            _ => continue,
        };
        cols[k].get_or_insert(i);
    }
    cols[1].is_some().then_some(cols)
}

/// Read a CSV file of districts. A file that is not UTF-8, or has no line, is refused whole
/// (the message key); otherwise each line is taken or rejected with its reason.
pub fn parse_csv(bytes: &[u8]) -> Result<Parsed, &'static str> {
    let text = std::str::from_utf8(bytes).map_err(|_| "calls-import-error-encoding")?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).filter(|(_, l)| !l.trim().is_empty()).collect();
    let Some((_, first)) = lines.first() else { return Err("calls-import-error-empty") };
    if lines.len() > MAX_LINES + 1 {
        return Err("calls-import-error-too-many");
    }
    let sep = if first.matches(';').count() >= first.matches(',').count() { ';' } else { ',' };
    let (cols, skip) = match header(&cells(first, sep)) {
        Some(cols) => (cols, 1),
        None => ([Some(0), Some(1), Some(2), Some(3)], 0),
    };
    let mut parsed = Parsed::default();
    for (n, line) in lines.iter().skip(skip) {
        let cs = cells(line, sep);
        let get = |k: usize| cols[k].and_then(|i| cs.get(i)).map(String::as_str).unwrap_or("");
        let (code, name, town, prio) = (get(0), get(1), get(2), get(3));
        let reason = if name.is_empty() {
            Some("calls-import-error-name")
        } else if name.chars().count() > 200 || town.chars().count() > 200 || code.chars().count() > 40 {
            Some("calls-import-error-long")
        } else if priority_of(prio).is_none() {
            Some("calls-import-error-priority")
        } else {
            None
        };
        match reason {
            Some(reason) => parsed.rejected.push(Rejected { line: *n, reason }),
            None => parsed.rows.push((
                *n,
                DistrictRow {
                    code: (!code.is_empty()).then(|| code.to_string()),
                    name: name.to_string(),
                    town: town.to_string(),
                    priority: priority_of(prio).unwrap_or(false),
                },
            )),
        }
    }
    Ok(parsed)
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Report {
    pub added: usize,
    pub updated: usize,
    pub rejected: Vec<Rejected>,
}

/// Import the parsed lines in one transaction (`store::upsert_district`): a line whose code
/// names one district and whose name and town another is rejected, not written.
pub async fn import_rows(state: &AppState, parsed: Parsed, now: i64) -> Result<Report, sqlx::Error> {
    let mut report = Report { rejected: parsed.rejected, ..Default::default() };
    let mut tx = state.db.begin().await?;
    for (n, r) in &parsed.rows {
        let (by_code, by_name) = store::applications::district_ids(&mut tx, r.code.as_deref(), &r.name, &r.town).await?;
        if let (Some(a), Some(b)) = (by_code, by_name)
            && a != b
        {
            report.rejected.push(Rejected { line: *n, reason: "calls-import-error-clash" });
            continue;
        }
        store::upsert_district(&mut tx, r.code.as_deref(), &r.name, &r.town, r.priority, now).await?;
        if by_code.is_some() || by_name.is_some() {
            report.updated += 1;
        } else {
            report.added += 1;
        }
    }
    tx.commit().await?;
    report.rejected.sort_by_key(|r| r.line);
    Ok(report)
}

// ---- pages ----

#[derive(Debug, Clone, Default)]
struct DistrictForm {
    code: String,
    name: String,
    town: String,
    priority: bool,
}

impl DistrictForm {
    fn of(d: &District) -> DistrictForm {
        DistrictForm { code: d.code.clone().unwrap_or_default(), name: d.name.clone(), town: d.town.clone(), priority: d.priority }
    }

    fn check(&self) -> Result<DistrictRow, FormErrors> {
        let mut errors = FormErrors::default();
        let (code, name, town) = (self.code.trim(), self.name.trim(), self.town.trim());
        if name.is_empty() {
            errors.add("name", "calls-error-required");
        } else if name.chars().count() > 200 {
            errors.add("name", "calls-error-too-long");
        }
        if town.chars().count() > 200 {
            errors.add("town", "calls-error-too-long");
        }
        if code.chars().count() > 40 {
            errors.add("code", "calls-error-too-long");
        }
        if errors.is_empty() {
            Ok(DistrictRow {
                code: (!code.is_empty()).then(|| code.to_string()),
                name: name.into(),
                town: town.into(),
                priority: self.priority,
            })
        } else {
            Err(errors)
        }
    }
}

#[derive(serde::Deserialize, Default)]
struct DistrictFields {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    town: String,
    #[serde(default)]
    priority: Option<String>,
}

impl DistrictFields {
    fn form(&self) -> DistrictForm {
        DistrictForm { code: self.code.clone(), name: self.name.clone(), town: self.town.clone(), priority: self.priority.is_some() }
    }
}

/// A line of the import report, in words.
struct RejectedLine {
    line: i64,
    reason: String,
}

#[derive(askama::Template)]
#[template(path = "calls/districts_list.html")]
struct ListPage {
    l: Layout,
    districts: Vec<District>,
    form: DistrictForm,
    errors: FormErrors,
    summary: Vec<(String, String)>,
    flash: String,
    report: Option<(i64, i64, Vec<RejectedLine>)>,
    import_error: String,
}

#[derive(serde::Deserialize, Default)]
struct ListQuery {
    ok: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn list_page(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    form: DistrictForm,
    errors: FormErrors,
    flash: String,
    report: Option<Report>,
    import_error: String,
) -> AppResult<Response> {
    let mut districts = store::districts(&state.db).await?;
    i18n::collate(&mut districts, |d| d.name.as_str());
    let l = admin_layout(state, ctx, ctx.tr.t("calls-districts-title"), "calls-districts").await?;
    let summary = errors.labelled_lines(&ctx.tr, |f| ctx.tr.t(&format!("calls-district-{f}")));
    let report = report.map(|r| {
        let lines = r.rejected.iter().map(|x| RejectedLine { line: x.line as i64, reason: ctx.tr.t(x.reason) }).collect();
        (r.added as i64, r.updated as i64, lines)
    });
    html_status(status, &ListPage { l, districts, form, errors, summary, flash, report, import_error })
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::core::web::Query(q): crate::core::web::Query<ListQuery>,
) -> AppResult<Response> {
    network_admin(&ctx)?;
    let flash = match q.ok.as_deref() {
        Some("ajoute") => ctx.tr.t("calls-district-added"),
        Some("modifie") => ctx.tr.t("calls-district-saved"),
        Some("supprime") => ctx.tr.t("calls-district-deleted"),
        _ => String::new(),
    };
    list_page(&state, &ctx, StatusCode::OK, DistrictForm::default(), FormErrors::default(), flash, None, String::new()).await
}

/// Check a district against the others (its code, its name and town) before writing it.
async fn clash(state: &AppState, row: &DistrictRow, own: Option<i64>) -> AppResult<FormErrors> {
    let mut tx = state.db.begin().await?;
    let (by_code, by_name) = store::applications::district_ids(&mut tx, row.code.as_deref(), &row.name, &row.town).await?;
    tx.rollback().await?;
    let mut errors = FormErrors::default();
    if by_code.is_some_and(|id| Some(id) != own) {
        errors.add("code", "calls-district-code-taken");
    }
    if by_name.is_some_and(|id| Some(id) != own) {
        errors.add("name", "calls-district-name-taken");
    }
    Ok(errors)
}

async fn add(State(state): State<AppState>, ctx: Ctx, Form(f): Form<DistrictFields>) -> AppResult<Response> {
    network_admin(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    let form = f.form();
    let row = match form.check() {
        Ok(r) => r,
        Err(errors) => {
            return list_page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, form, errors, String::new(), None, String::new()).await;
        }
    };
    let errors = clash(&state, &row, None).await?;
    if !errors.is_empty() {
        return list_page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, form, errors, String::new(), None, String::new()).await;
    }
    let mut tx = state.db.begin().await?;
    store::upsert_district(&mut tx, row.code.as_deref(), &row.name, &row.town, row.priority, ctx.now).await?;
    tx.commit().await?;
    Ok(see_other("/admin/quartiers?ok=ajoute"))
}

async fn import(State(state): State<AppState>, ctx: Ctx, mut m: Multipart) -> AppResult<Response> {
    network_admin(&ctx)?;
    let (mut csrf, mut file) = (String::new(), None::<Vec<u8>>);
    while let Some(field) = m.next_field().await.map_err(|_| AppError::BadRequest("error-bad-form"))? {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.map_err(|_| AppError::BadRequest("error-bad-form"))?,
            "file" => {
                let bytes = field.bytes().await.map_err(|_| AppError::BadRequest("error-bad-form"))?;
                if bytes.len() > MAX_CSV {
                    return Err(AppError::PayloadTooLarge);
                }
                file = Some(bytes.to_vec());
            }
            _ => {}
        }
    }
    ctx.check_csrf(&csrf)?;
    let refuse = |key: &str| ctx.tr.t(key);
    let parsed = match file.as_deref().filter(|b| !b.is_empty()).map(parse_csv) {
        None => Err(refuse("calls-import-error-no-file")),
        Some(Err(key)) => Err(refuse(key)),
        Some(Ok(p)) => Ok(p),
    };
    match parsed {
        Err(msg) => {
            list_page(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                DistrictForm::default(),
                FormErrors::default(),
                String::new(),
                None,
                msg,
            )
            .await
        }
        Ok(parsed) => {
            let report = import_rows(&state, parsed, ctx.now).await?;
            list_page(
                &state,
                &ctx,
                StatusCode::OK,
                DistrictForm::default(),
                FormErrors::default(),
                String::new(),
                Some(report),
                String::new(),
            )
            .await
        }
    }
}

#[derive(askama::Template)]
#[template(path = "calls/districts_edit.html")]
struct EditPage {
    l: Layout,
    id: i64,
    form: DistrictForm,
    errors: FormErrors,
    summary: Vec<(String, String)>,
}

async fn edit_page(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    id: i64,
    form: DistrictForm,
    errors: FormErrors,
) -> AppResult<Response> {
    let l = admin_layout(state, ctx, ctx.tr.a("calls-district-edit-title", "name", &form.name), "calls-districts").await?;
    let summary = errors.labelled_lines(&ctx.tr, |f| ctx.tr.t(&format!("calls-district-{f}")));
    html_status(status, &EditPage { l, id, form, errors, summary })
}

async fn edit_form(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let d = store::applications::district(&state.db, id).await?.ok_or(AppError::NotFound)?;
    edit_page(&state, &ctx, StatusCode::OK, id, DistrictForm::of(&d), FormErrors::default()).await
}

async fn edit(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<DistrictFields>) -> AppResult<Response> {
    network_admin(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    store::applications::district(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let form = f.form();
    let row = match form.check() {
        Ok(r) => r,
        Err(errors) => return edit_page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, id, form, errors).await,
    };
    let errors = clash(&state, &row, Some(id)).await?;
    if !errors.is_empty() {
        return edit_page(&state, &ctx, StatusCode::UNPROCESSABLE_ENTITY, id, form, errors).await;
    }
    let mut tx = state.db.begin().await?;
    store::applications::update_district(&mut tx, id, row.code.as_deref(), &row.name, &row.town, row.priority).await?;
    tx.commit().await?;
    Ok(see_other("/admin/quartiers?ok=modifie"))
}

#[derive(askama::Template)]
#[template(path = "calls/districts_delete.html")]
struct DeletePage {
    l: Layout,
    district: District,
}

#[derive(serde::Deserialize, Default)]
struct DeleteForm {
    #[serde(default)]
    csrf: String,
}

async fn confirm_delete(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let district = store::applications::district(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let l = admin_layout(&state, &ctx, ctx.tr.a("calls-district-delete-title", "name", &district.name), "calls-districts").await?;
    html(&DeletePage { l, district })
}

async fn delete(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<DeleteForm>) -> AppResult<Response> {
    network_admin(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    let mut tx = state.db.begin().await?;
    let gone = store::applications::delete_district(&mut tx, id).await?;
    tx.commit().await?;
    if !gone {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/admin/quartiers?ok=supprime"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_with_a_bom_a_header_and_semicolons() {
        let p = parse_csv(
            "\u{feff}code;nom;commune;prioritaire\nQN07501M;Les Orgues;Paris;oui\n;La Gare;Lyon;0\nX;;Paris;non\nY;Nord;Lille;peut-être\n"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(p.rows.len(), 2);
        assert_eq!(
            p.rows[0],
            (2, DistrictRow { code: Some("QN07501M".into()), name: "Les Orgues".into(), town: "Paris".into(), priority: true })
        );
        assert_eq!(p.rows[1].1.code, None);
        assert!(!p.rows[1].1.priority);
        assert_eq!(
            p.rejected,
            vec![Rejected { line: 4, reason: "calls-import-error-name" }, Rejected { line: 5, reason: "calls-import-error-priority" }]
        );
    }

    #[test]
    fn commas_quotes_and_no_header() {
        let p = parse_csv(b"Q1,\"Bellevue, haut\",Nantes,1\nQ2,Malakoff,Nantes,0\n").unwrap();
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows[0].1.name, "Bellevue, haut");
        assert_eq!(p.rows[0].0, 1);
        // A header in another order is read by its names.
        let p = parse_csv(b"Nom;Prioritaire;Code\nLa Source;oui;Q9\n").unwrap();
        assert_eq!(p.rows[0].1, DistrictRow { code: Some("Q9".into()), name: "La Source".into(), town: String::new(), priority: true });
    }

    #[test]
    fn a_bad_file_is_refused_whole() {
        assert_eq!(parse_csv(b"\xff\xfe;nom").unwrap_err(), "calls-import-error-encoding");
        assert_eq!(parse_csv(b"\n \n").unwrap_err(), "calls-import-error-empty");
    }
}
