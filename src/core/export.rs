//! Exports of tables for spreadsheet software, shared by the modules' back offices: CSV for
//! French spreadsheets (UTF-8 with a BOM, `;` between fields, CRLF, formula injection
//! neutralised) and XLSX (rust_xlsxwriter, every cell written as text, so no formula is ever
//! written), and the download response (`no-store`: exports hold personal data).

use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::core::error::AppError;

/// A cell that a spreadsheet would read as a formula gets a leading apostrophe.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{cell}") } else { cell.to_string() }
}

/// `;`-separated, quoted when needed, CRLF line ends, with a UTF-8 BOM.
pub fn to_csv(head: &[String], rows: &[Vec<String>]) -> String {
    let line = |cells: &[String]| {
        cells
            .iter()
            .map(|c| {
                let c = neutralise(c);
                if c.contains([';', '"', '\n', '\r']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c }
            })
            .collect::<Vec<_>>()
            .join(";")
    };
    let mut out = String::from("\u{feff}");
    out.push_str(&line(head));
    out.push_str("\r\n");
    for r in rows {
        out.push_str(&line(r));
        out.push_str("\r\n");
    }
    out
}

/// One sheet named `sheet`, a bold header row frozen, every cell as text.
pub fn to_xlsx(sheet_name: &str, head: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    to_xlsx_sheets(&[Sheet { name: sheet_name.to_string(), head: head.to_vec(), rows: rows.to_vec() }])
}

/// One sheet of a workbook: its name, its header row and its rows.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub name: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Several sheets in one workbook, each as `to_xlsx` writes its one.
pub fn to_xlsx_sheets(sheets: &[Sheet]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for s in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(&s.name)?;
        for (c, h) in s.head.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, h, &bold)?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                sheet.write_string((r + 1) as u32, c as u16, v)?;
            }
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    book.save_to_buffer()
}

/// `to_xlsx` off the async threads.
pub async fn xlsx(sheet_name: &str, head: Vec<String>, rows: Vec<Vec<String>>) -> Result<Vec<u8>, AppError> {
    let name = sheet_name.to_string();
    let bytes = tokio::task::spawn_blocking(move || to_xlsx(&name, &head, &rows)).await.map_err(|e| AppError::Internal(e.into()))?;
    bytes.map_err(|e| AppError::Internal(anyhow::anyhow!("xlsx: {e}")))
}

/// `to_xlsx_sheets` off the async threads.
pub async fn xlsx_sheets(sheets: Vec<Sheet>) -> Result<Vec<u8>, AppError> {
    let bytes = tokio::task::spawn_blocking(move || to_xlsx_sheets(&sheets)).await.map_err(|e| AppError::Internal(e.into()))?;
    bytes.map_err(|e| AppError::Internal(anyhow::anyhow!("xlsx: {e}")))
}

pub const CSV: &str = "text/csv; charset=utf-8";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A download: its type, its file name (ASCII, no quotes), never stored by caches nor sniffed
/// into another type by browsers (an uploaded file is served as the type it was checked as).
pub fn attachment(content_type: &str, filename: &str, body: Vec<u8>) -> Response {
    let safe: String = filename.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '-' }).collect();
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{safe}\"")),
            (header::CACHE_CONTROL, "no-store".to_string()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_neutralises_formulas_and_quotes() {
        let head = vec!["Nom".to_string(), "Réponse".to_string()];
        let rows = vec![vec!["=HYPERLINK(\"x\")".to_string(), "a;b".to_string()], vec!["-2".to_string(), "Élise".to_string()]];
        let out = to_csv(&head, &rows);
        assert!(out.starts_with("\u{feff}Nom;Réponse\r\n"));
        assert!(out.contains("\"'=HYPERLINK(\"\"x\"\")\";\"a;b\"\r\n"));
        assert!(out.contains("'-2;Élise\r\n"));
    }

    #[test]
    fn xlsx_is_a_zip_with_its_content_types() {
        let bytes = to_xlsx("Feuille", &["A".into()], &[vec!["=1+1".into()]]).unwrap();
        assert!(bytes.starts_with(b"PK"));
        assert!(bytes.windows(19).any(|w| w == b"[Content_Types].xml"));
    }
}
