//! The media library's storage: uploads checked by their content (not their name), pictures
//! re-encoded (which drops EXIF and any other metadata) into responsive variants, and every
//! byte kept in the database so that all instances serve the same files.

use std::io::Cursor;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use image::{DynamicImage, ImageFormat, ImageReader, Limits};

use crate::core::auth::sha256_bytes_hex;
use crate::core::db::{Db, Tx};
use crate::core::markup::slugify;

mod store;
pub mod svg;
#[cfg(test)]
mod test_png;
pub use store::{club_of, delete, get, get_by_key, get_tx, list, shows_people, update_alt, withhold};
pub use svg::{SvgError, looks_like_svg, prepare_svg};

pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;
/// The most pixels a picture may have (40 megapixels), checked before it is decoded.
pub const MAX_PIXELS: u64 = 40_000_000;
pub const WIDTHS: [u32; 3] = [480, 960, 1600];

#[derive(Clone, Debug, serde::Serialize)]
pub struct Media {
    pub id: i64,
    pub kind: String,
    pub key: String,
    pub filename: String,
    pub mime: String,
    pub size: i64,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub alt: String,
    pub created_at: i64,
    /// Withheld from the public (a person's image rights withdrawn): no longer served.
    #[serde(skip)]
    pub withheld: bool,
    /// People appear in it: served for revalidation, never as immutable, so that withholding
    /// it reaches every cache at once.
    #[serde(skip)]
    pub shows_people: bool,
}

impl Media {
    pub fn url(&self) -> String {
        format!("/media/{}", self.key)
    }

    pub fn is_image(&self) -> bool {
        self.kind == "image"
    }
}

/// Why an upload was refused; each maps to a message key.
#[derive(Debug, PartialEq, Eq)]
pub enum UploadError {
    Empty,
    TooLarge,
    TooManyPixels,
    UnknownType,
    Corrupt,
}

impl UploadError {
    pub fn message_key(&self) -> &'static str {
        match self {
            UploadError::Empty => "media-error-empty",
            UploadError::TooLarge => "media-error-too-large",
            UploadError::TooManyPixels => "media-error-pixels",
            UploadError::UnknownType => "media-error-type",
            UploadError::Corrupt => "media-error-corrupt",
        }
    }
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Sniffed {
    Jpeg,
    Png,
    Gif,
    Webp,
    Pdf,
}

/// The type of a file from its first bytes.
pub fn sniff(bytes: &[u8]) -> Option<Sniffed> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Sniffed::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(Sniffed::Png)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(Sniffed::Gif)
    } else if bytes.len() > 12 && bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        Some(Sniffed::Webp)
    } else if bytes.starts_with(b"%PDF-") {
        Some(Sniffed::Pdf)
    } else {
        None
    }
}

/// A file ready to be stored: its variants already encoded.
pub struct Prepared {
    pub kind: &'static str,
    pub mime: &'static str,
    pub ext: &'static str,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// (variant name, mime, width, bytes); the first is "original".
    pub files: Vec<(String, &'static str, Option<u32>, Vec<u8>)>,
}

/// Check and transform an upload (CPU-bound: call it from `spawn_blocking`).
pub fn prepare(bytes: &[u8]) -> Result<Prepared, UploadError> {
    if bytes.is_empty() {
        return Err(UploadError::Empty);
    }
    if bytes.len() > MAX_UPLOAD {
        return Err(UploadError::TooLarge);
    }
    let kind = sniff(bytes).ok_or(UploadError::UnknownType)?;
    if kind == Sniffed::Pdf {
        if !bytes.windows(5).rev().take(2048).any(|w| w == b"%%EOF") {
            return Err(UploadError::Corrupt);
        }
        return Ok(Prepared {
            kind: "document",
            mime: "application/pdf",
            ext: "pdf",
            width: None,
            height: None,
            files: vec![("original".into(), "application/pdf", None, bytes.to_vec())],
        });
    }
    let format = match kind {
        Sniffed::Jpeg => ImageFormat::Jpeg,
        Sniffed::Png => ImageFormat::Png,
        Sniffed::Gif => ImageFormat::Gif,
        _ => ImageFormat::WebP,
    };
    // The size from the header first: a small file can claim a huge picture.
    let (w, h) = ImageReader::with_format(Cursor::new(bytes), format).into_dimensions().map_err(|_| UploadError::Corrupt)?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(UploadError::TooManyPixels);
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let img = reader.decode().map_err(|_| UploadError::Corrupt)?;
    let keep_png = matches!(kind, Sniffed::Png | Sniffed::Gif) || img.color().has_alpha();
    let (mime, ext) = if keep_png { ("image/png", "png") } else { ("image/jpeg", "jpg") };
    let (w, h) = (img.width(), img.height());
    let mut files = vec![("original".to_string(), mime, Some(w), encode(&img, keep_png)?)];
    for target in WIDTHS {
        if target < w {
            let resized = img.resize(target, u32::MAX, image::imageops::FilterType::Triangle);
            files.push((format!("w{target}"), mime, Some(target), encode(&resized, keep_png)?));
        }
    }
    Ok(Prepared { kind: "image", mime, ext, width: Some(w), height: Some(h), files })
}

/// Re-encode a picture: no metadata survives.
fn encode(img: &DynamicImage, png: bool) -> Result<Vec<u8>, UploadError> {
    let mut out = Cursor::new(Vec::new());
    if png {
        img.write_to(&mut out, ImageFormat::Png).map_err(|_| UploadError::Corrupt)?;
    } else {
        let rgb = DynamicImage::ImageRgb8(img.to_rgb8());
        let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82);
        rgb.write_with_encoder(enc).map_err(|_| UploadError::Corrupt)?;
    }
    Ok(out.into_inner())
}

/// Store a prepared file; returns it. The key is a content hash and the file's name.
pub async fn store(
    db: &Db,
    p: Prepared,
    filename: &str,
    alt: &str,
    club_id: Option<i64>,
    user_id: Option<i64>,
    now: i64,
) -> Result<Media, sqlx::Error> {
    let mut tx = db.begin().await?;
    let media = store_tx(&mut tx, p, filename, alt, club_id, user_id, now).await?;
    tx.commit().await?;
    Ok(media)
}

/// `store` inside the caller's transaction (imports).
pub async fn store_tx(
    tx: &mut Tx,
    p: Prepared,
    filename: &str,
    alt: &str,
    club_id: Option<i64>,
    user_id: Option<i64>,
    now: i64,
) -> Result<Media, sqlx::Error> {
    let digest = p.files.first().map(|f| sha256_bytes_hex(&f.3)).unwrap_or_default();
    let stem = filename.rsplit_once('.').map(|(s, _)| s).unwrap_or(filename);
    let mut base = slugify(stem);
    if base.is_empty() {
        base = "fichier".into();
    }
    let key = format!("{}-{}.{}", &digest[..12], base, p.ext);
    if let Some(existing) = store::get_by_key_tx(tx, &key).await? {
        return Ok(existing);
    }
    let size = p.files.first().map(|f| f.3.len() as i64).unwrap_or(0);
    let id = store::insert(tx, &p, &key, &filename.chars().take(200).collect::<String>(), size, alt, club_id, user_id, now).await?;
    for (variant, mime, width, bytes) in p.files {
        store::insert_file(tx, id, &variant, mime, width, bytes).await?;
    }
    store::get_by_key_tx(tx, &key).await?.ok_or(sqlx::Error::RowNotFound)
}

/// Serve `/media/{key}` (with `?w=` the smallest variant at least that wide).
pub async fn serve(db: &Db, key: &str, want_width: Option<u32>, if_none_match: Option<&str>) -> Result<Option<Response>, sqlx::Error> {
    let Some(media) = get_by_key(db, key).await? else { return Ok(None) };
    if media.withheld {
        return Ok(None);
    }
    let variant = match want_width {
        Some(w) if media.is_image() => WIDTHS.iter().find(|&&v| v >= w).map(|v| format!("w{v}")),
        _ => None,
    };
    let etag = format!("\"{}-{}\"", media.key, variant.as_deref().unwrap_or("original"));
    // A picture in which people appear may be withheld (their image rights withdrawn): caches
    // ask again each time (a 304 while nothing changed), so that it disappears at once.
    let cache = HeaderValue::from_static(if media.shows_people { "public, no-cache" } else { "public, max-age=31536000, immutable" });
    if if_none_match == Some(etag.as_str()) {
        let mut r = StatusCode::NOT_MODIFIED.into_response();
        r.headers_mut().insert(header::CACHE_CONTROL, cache);
        if let Ok(v) = HeaderValue::from_str(&etag) {
            r.headers_mut().insert(header::ETAG, v);
        }
        return Ok(Some(r));
    }
    // A drawing (SVG) has no sized variants: the original serves every width.
    let mut file = store::file(db, media.id, variant.as_deref().unwrap_or("original")).await?;
    if file.is_none() && variant.is_some() {
        file = store::file(db, media.id, "original").await?;
    }
    let Some((mime, bytes)) = file else { return Ok(None) };
    let disposition =
        if media.is_image() { "inline".to_string() } else { format!("attachment; filename=\"{}\"", media.key.replace('"', "")) };
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&mime) {
        h.insert(header::CONTENT_TYPE, v);
    }
    h.insert(header::CACHE_CONTROL, cache);
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(Some(r))
}

#[cfg(test)]
mod tests {
    use super::test_png::huge_png;
    use super::*;

    fn jpeg_with_exif() -> Vec<u8> {
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_fn(2000, 1000, |x, y| image::Rgb([(x % 255) as u8, (y % 255) as u8, 90])));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Jpeg).unwrap();
        let jpeg = out.into_inner();
        // Insert an APP1 "Exif" segment right after SOI.
        let mut with = vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x10];
        with.extend_from_slice(b"Exif\0\0GPSDATA!!");
        with.extend_from_slice(&jpeg[2..]);
        with
    }

    #[test]
    fn pictures_are_checked_resized_and_stripped() {
        let bytes = jpeg_with_exif();
        assert!(bytes.windows(4).any(|w| w == b"Exif"));
        let p = prepare(&bytes).unwrap();
        assert_eq!(p.kind, "image");
        assert_eq!(p.width, Some(2000));
        let names: Vec<_> = p.files.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(names, vec!["original", "w480", "w960", "w1600"]);
        for f in &p.files {
            assert!(!f.3.windows(4).any(|w| w == b"Exif"), "variant {} kept EXIF", f.0);
        }
    }

    #[test]
    fn a_picture_over_40_megapixels_is_refused_before_it_is_decoded() {
        let big = huge_png(10_000, 10_000);
        assert!(big.len() < 1024 * 1024, "{}", big.len());
        assert_eq!(prepare(&big).err(), Some(UploadError::TooManyPixels));
        assert_eq!(UploadError::TooManyPixels.message_key(), "media-error-pixels");
        assert_eq!(prepare(&huge_png(8_001, 5_000)).err(), Some(UploadError::TooManyPixels));
        let small = prepare(&huge_png(2_000, 1_000)).unwrap();
        assert_eq!((small.width, small.height), (Some(2_000), Some(1_000)));
    }

    #[test]
    fn content_decides_not_the_name() {
        assert_eq!(prepare(b"").err(), Some(UploadError::Empty));
        assert_eq!(prepare(b"<?php echo 1; ?>").err(), Some(UploadError::UnknownType));
        assert_eq!(prepare(b"\x89PNG\r\n\x1a\ngarbage").err(), Some(UploadError::Corrupt));
        assert_eq!(prepare(b"%PDF-1.4 truncated").err(), Some(UploadError::Corrupt));
        assert!(prepare(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n").is_ok());
    }
}
