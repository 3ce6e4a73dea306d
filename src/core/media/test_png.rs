//! Test pictures, shared by the unit tests of `core::media` and the application's tests
//! (`tests/common` includes this file).
#![allow(dead_code)]

/// A black PNG of `w` × `h` pixels, one bit each: small to send, huge once decoded.
pub fn huge_png(w: u32, h: u32) -> Vec<u8> {
    use std::io::Write;
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = vec![];
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[1, 0, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    let row = vec![0u8; 1 + w.div_ceil(8) as usize];
    let mut z = flate2::write::ZlibEncoder::new(vec![], flate2::Compression::best());
    for _ in 0..h {
        // Writing to a Vec cannot fail.
        let _ = z.write_all(&row);
    }
    chunk(&mut out, b"IDAT", &z.finish().unwrap_or_default());
    chunk(&mut out, b"IEND", &[]);
    out
}
