//! Tables people upload: a CSV file (`;` or `,`, UTF-8 with or without a BOM, quoted cells
//! that may hold separators, quotes and line breaks) or the first sheet of an XLSX workbook
//! (read with `calamine`), as a header row and rows of text cells, each with the line it came
//! from (1 is the first line of the file), so that an import can report its rejected lines by
//! number. Blank lines are skipped. Header matching ignores case, accents and spaces
//! (`Territoire`, `territory`, `E-mail` and `email` are found by `column`).

use std::io::Cursor;

use unicode_normalization::UnicodeNormalization;

/// A table read from a file: its header's cells and its rows (line number, cells).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    /// The index of the first header that matches one of `names` (compared by `header_key`).
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        let wanted: Vec<String> = names.iter().map(|n| header_key(n)).collect();
        self.headers.iter().position(|h| wanted.contains(&header_key(h)))
    }

    /// A row's cell at `col`, trimmed ("" when the row is shorter or the column absent).
    pub fn cell(cells: &[String], col: Option<usize>) -> &str {
        col.and_then(|c| cells.get(c)).map(|s| s.trim()).unwrap_or("")
    }
}

/// Why a file cannot be read at all (message keys of `core.ftl`).
pub const ERROR_EMPTY: &str = "import-table-error-empty";
pub const ERROR_ENCODING: &str = "import-table-error-encoding";
pub const ERROR_XLSX: &str = "import-table-error-xlsx";
pub const ERROR_TOO_MANY: &str = "import-table-error-too-many";

/// A header compared without case, accents, spaces, hyphens or underscores.
pub fn header_key(s: &str) -> String {
    s.nfd().filter(|c| c.is_alphanumeric() && c.is_ascii()).flat_map(char::to_lowercase).collect()
}

/// Whether the bytes are an XLSX workbook (a ZIP archive) rather than text.
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Read a CSV or XLSX file (told apart by its first bytes) into a table of at most
/// `max_rows` rows under its header, its cells without control characters but line breaks
/// and tabs.
pub fn read(bytes: &[u8], max_rows: usize) -> Result<Table, &'static str> {
    let mut lines = if is_xlsx(bytes) { read_xlsx(bytes)? } else { read_csv(bytes)? };
    // Control characters (a NUL, which no database stores, above all) are not text anyone
    // typed: they are dropped, line breaks and tabs kept.
    for (_, cells) in &mut lines {
        for c in cells.iter_mut() {
            c.retain(|ch| !ch.is_control() || ch == '\n' || ch == '\t');
        }
    }
    lines.retain(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    if lines.is_empty() {
        return Err(ERROR_EMPTY);
    }
    if lines.len() > max_rows + 1 {
        return Err(ERROR_TOO_MANY);
    }
    let (_, headers) = lines.remove(0);
    Ok(Table { headers: headers.into_iter().map(|h| h.trim().to_string()).collect(), rows: lines })
}

/// CSV text into lines of cells (line numbers of the line each record starts on).
pub fn read_csv(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, &'static str> {
    let text = std::str::from_utf8(bytes).map_err(|_| ERROR_ENCODING)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let sep = separator(text);
    let mut out = vec![];
    let mut cells: Vec<String> = vec![];
    let mut cell = String::new();
    let (mut line, mut start) = (1, 1);
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.trim().is_empty() => {
                cell.clear();
                quoted = true;
            }
            c if c == sep => cells.push(std::mem::take(&mut cell)),
            '\r' => {}
            '\n' => {
                cells.push(std::mem::take(&mut cell));
                out.push((start, std::mem::take(&mut cells)));
                line += 1;
                start = line;
            }
            _ => cell.push(c),
        }
    }
    if !cell.is_empty() || !cells.is_empty() {
        cells.push(cell);
        out.push((start, cells));
    }
    Ok(out)
}

/// `;` or `,`: whichever the first line has more of outside quotes (`;` on a tie).
fn separator(text: &str) -> char {
    let (mut semi, mut comma, mut quoted) = (0, 0, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semi += 1,
            ',' if !quoted => comma += 1,
            '\n' if !quoted => break,
            _ => {}
        }
    }
    if comma > semi { ',' } else { ';' }
}

/// The first sheet of an XLSX workbook into lines of cells (numbers as written, `12` not `12.0`).
pub fn read_xlsx(bytes: &[u8]) -> Result<Vec<(usize, Vec<String>)>, &'static str> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).map_err(|_| ERROR_XLSX)?;
    let range = book.worksheet_range_at(0).ok_or(ERROR_EMPTY)?.map_err(|_| ERROR_XLSX)?;
    let first = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let first_col = range.start().map(|(_, c)| c as usize).unwrap_or(0);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let mut cells = vec![String::new(); first_col];
            cells.extend(row.iter().map(|d| match d {
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                d => d.to_string(),
            }));
            (first + i + 1, cells)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_semicolons_quotes_and_line_breaks() {
        let t = read("\u{feff}Nom;E-mail;Territoire\r\n\"Dupont; fils\";a@b.fr;Lyon\r\n\r\n\"Sur\ndeux\";\"x\"\"y\";z\n".as_bytes(), 10)
            .unwrap();
        assert_eq!(t.headers, vec!["Nom", "E-mail", "Territoire"]);
        assert_eq!(t.rows[0], (2, vec!["Dupont; fils".to_string(), "a@b.fr".into(), "Lyon".into()]));
        assert_eq!(t.rows[1], (4, vec!["Sur\ndeux".to_string(), "x\"y".into(), "z".into()]));
        assert_eq!(t.column(&["email", "courriel"]), Some(1));
        assert_eq!(t.column(&["territory", "territoire"]), Some(2));
        assert_eq!(t.column(&["secteur"]), None);
    }

    #[test]
    fn csv_with_commas_and_refusals() {
        let t = read(b"name,email\nA,a@b.fr", 10).unwrap();
        assert_eq!(t.rows, vec![(2, vec!["A".to_string(), "a@b.fr".into()])]);
        assert_eq!(read(b"\n\n", 10), Err(ERROR_EMPTY));
        assert_eq!(read(&[0x4e, 0xff, 0xfe], 10), Err(ERROR_ENCODING));
        assert_eq!(read(b"a\n1\n2\n3", 2), Err(ERROR_TOO_MANY));
        assert_eq!(read(b"PK\x03\x04broken", 2), Err(ERROR_XLSX));
        // A NUL or another control character is dropped; tabs and line breaks stay.
        let t = read(b"name;note\nA\x00b\x07;\"un\tdeux\ntrois\"", 10).unwrap();
        assert_eq!(t.rows, vec![(2, vec!["Ab".to_string(), "un\tdeux\ntrois".into()])]);
    }

    #[test]
    fn headers_compare_without_case_or_accents() {
        assert_eq!(header_key(" Électronique_Mail "), "electroniquemail");
        assert_eq!(header_key("E-mail"), header_key("email"));
    }

    #[test]
    fn xlsx_first_sheet() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "nom").unwrap();
        sheet.write_string(0, 1, "taille").unwrap();
        sheet.write_string(1, 0, "Acme").unwrap();
        sheet.write_number(1, 1, 250.0).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let t = read(&bytes, 10).unwrap();
        assert_eq!(t.headers, vec!["nom", "taille"]);
        assert_eq!(t.rows, vec![(2, vec!["Acme".to_string(), "250".into()])]);
    }
}
