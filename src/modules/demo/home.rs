//! The demo network's home page: every block composed, with a generated hero picture whose
//! alternative text says what is drawn. Written through `home`.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

use crate::core::media;
use crate::core::web::AppState;
use crate::modules::home::{self, Figure, Kind, Settings};

/// What the hero picture shows, for people who cannot see it.
pub const HERO_ALT: &str = "Illustration : cinq personnes, jeunes et adultes, traversent une passerelle au-dessus d'une rivière, \
     des immeubles d'habitation vers des tours de bureaux, sous un grand soleil jaune.";

pub async fn load(state: &AppState) -> anyhow::Result<()> {
    let db = &state.db;
    let now = state.now();
    let picture = media::prepare(&hero_jpeg()).map_err(|e| anyhow::anyhow!("hero picture: {e:?}"))?;
    let picture = media::store(db, picture, "passerelle-accueil.jpg", HERO_ALT, None, None, now).await?;
    let blocks = [
        (
            Kind::Hero,
            Settings {
                title: "Ouvrir aux jeunes des quartiers les portes de l'entreprise".into(),
                text: "Dans quatre territoires, nos clubs réunissent collégiens, lycéens, apprentis et professionnels bénévoles : \
                       ateliers, mentorat, stages et forums pour que l'origine ne décide plus de l'avenir."
                    .into(),
                media_id: Some(picture.id),
                link_label: "Participer à un atelier".into(),
                link_url: "/evenements".into(),
                ..Settings::default()
            },
        ),
        (
            Kind::Figures,
            Settings {
                figures: vec![
                    Figure { value: 1200, label: "jeunes accompagnés cette année".into() },
                    Figure { value: 340, label: "mentors bénévoles".into() },
                    Figure { value: 85, label: "entreprises partenaires".into() },
                    Figure { value: 4, label: "clubs en France".into() },
                    Figure { value: 62, label: "collèges et lycées engagés".into() },
                    Figure { value: 9200, label: "heures de mécénat de compétences".into() },
                ],
                ..Settings::default()
            },
        ),
        (Kind::News, Settings { count: 6, pinned: true, ..Settings::default() }),
        (Kind::Events, Settings { count: 3, ..Settings::default() }),
        (
            Kind::Support,
            Settings {
                title: "Agissez avec nous".into(),
                text: "Un don, une heure de mentorat, un stage proposé : chaque geste ouvre une porte. \
                       Recevez aussi chaque mois notre lettre d'information."
                    .into(),
                link_label: "Soutenir le réseau".into(),
                link_url: "/a-propos".into(),
                ..Settings::default()
            },
        ),
    ];
    for (kind, settings) in &blocks {
        home::save_settings(db, *kind, settings, now).await?;
    }
    Ok(())
}

/// Fill a rectangle (clipped to the picture).
fn rect(img: &mut RgbImage, x0: i64, y0: i64, x1: i64, y1: i64, c: [u8; 3]) {
    let (w, h) = (img.width() as i64, img.height() as i64);
    for y in y0.max(0)..y1.min(h) {
        for x in x0.max(0)..x1.min(w) {
            img.put_pixel(x as u32, y as u32, Rgb(c));
        }
    }
}

/// Fill a disc (clipped to the picture).
fn disc(img: &mut RgbImage, cx: i64, cy: i64, r: i64, c: [u8; 3]) {
    let (w, h) = (img.width() as i64, img.height() as i64);
    for y in (cy - r).max(0)..(cy + r + 1).min(h) {
        for x in (cx - r).max(0)..(cx + r + 1).min(w) {
            if (x - cx).pow(2) + (y - cy).pow(2) <= r * r {
                img.put_pixel(x as u32, y as u32, Rgb(c));
            }
        }
    }
}

/// A standing person: a head and a body, `height` pixels tall, feet at `(x, ground)`.
fn person(img: &mut RgbImage, x: i64, ground: i64, height: i64, body: [u8; 3], legs: [u8; 3]) {
    let head = height / 7;
    let shoulders = ground - height + 2 * head + 4;
    let hips = shoulders + height * 3 / 8;
    disc(img, x, ground - height + head, head, [92, 58, 40]);
    rect(img, x - head, shoulders - head / 2, x + head + 1, hips, body);
    disc(img, x, shoulders - head / 2 + head / 2, head, body);
    rect(img, x - head + 2, hips, x - 2, ground, legs);
    rect(img, x + 2, hips, x + head - 1, ground, legs);
}

/// The hero picture: a footbridge over a river between housing blocks and office towers, five
/// people crossing it, a large sun; 1600 × 900.
pub fn hero_jpeg() -> Vec<u8> {
    let (w, h) = (1600u32, 900u32);
    let horizon = 700i64;
    let mut img = RgbImage::from_fn(w, h, |_, y| {
        let t = (y as f32 / horizon as f32).min(1.0);
        let top = [196.0, 222.0, 245.0];
        let low = [255.0, 238.0, 205.0];
        Rgb(std::array::from_fn(|k| (top[k] * (1.0 - t) + low[k] * t) as u8))
    });
    // The sun, high between the two groups of buildings.
    disc(&mut img, 825, 190, 95, [251, 191, 36]);
    // Housing blocks on the left, with rows of windows.
    let blocks = [(40, 330, [29, 78, 137]), (190, 250, [41, 98, 160]), (330, 380, [23, 62, 110]), (470, 300, [52, 110, 170])];
    for (x, top, c) in blocks {
        rect(&mut img, x, top, x + 150, horizon, c);
        let mut y = top + 25;
        while y < horizon - 40 {
            let mut wx = x + 18;
            while wx < x + 130 {
                rect(&mut img, wx, y, wx + 18, y + 22, [255, 236, 170]);
                wx += 38;
            }
            y += 50;
        }
    }
    // Office towers on the right, glass bands.
    let towers = [(1030, 160, [14, 116, 144]), (1180, 90, [21, 94, 117]), (1330, 200, [8, 145, 178]), (1470, 260, [14, 116, 144])];
    for (x, top, c) in towers {
        rect(&mut img, x, top, x + 130, horizon, c);
        let mut y = top + 20;
        while y < horizon - 20 {
            rect(&mut img, x + 12, y, x + 118, y + 10, [165, 243, 252]);
            y += 34;
        }
    }
    // The ground and the river between the two banks.
    rect(&mut img, 0, horizon, w as i64, h as i64, [120, 150, 96]);
    rect(&mut img, 600, horizon, 1040, h as i64, [56, 142, 190]);
    for y in (horizon + 30..h as i64).step_by(45) {
        rect(&mut img, 650 + (y % 90), y, 760 + (y % 90), y + 5, [186, 230, 253]);
        rect(&mut img, 860 - (y % 70), y + 18, 960 - (y % 70), y + 23, [186, 230, 253]);
    }
    // The footbridge: a deck, its arch and hangers.
    let deck = 640;
    for x in 560..1080i64 {
        let t = (x - 820) as f64 / 260.0;
        let arch = (deck as f64 - 150.0 * (1.0 - t * t)) as i64;
        rect(&mut img, x, arch, x + 1, arch + 10, [234, 88, 12]);
        if (x - 560) % 40 == 0 {
            rect(&mut img, x, arch, x + 4, deck, [234, 88, 12]);
        }
    }
    rect(&mut img, 520, deck, 1120, deck + 18, [124, 45, 18]);
    rect(&mut img, 520, deck - 34, 1120, deck - 30, [124, 45, 18]);
    // Its piers on each bank.
    rect(&mut img, 540, deck, 562, horizon + 10, [124, 45, 18]);
    rect(&mut img, 1078, deck, 1100, horizon + 10, [124, 45, 18]);
    // Five people crossing, from the housing towards the offices.
    let people = [
        (640, 118, [251, 146, 60], [30, 41, 59]),
        (720, 96, [255, 255, 255], [29, 78, 137]),
        (800, 126, [136, 19, 55], [30, 41, 59]),
        (880, 100, [250, 204, 21], [22, 101, 52]),
        (960, 122, [88, 28, 135], [30, 41, 59]),
    ];
    for (x, height, body, legs) in people {
        person(&mut img, x, deck, height, body, legs);
    }
    let mut out = Cursor::new(Vec::new());
    let _ = DynamicImage::ImageRgb8(img).write_to(&mut out, ImageFormat::Jpeg);
    out.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The picture shows what its alternative text says: the sun, the river, the bridge and
    /// the people on it (colours checked loosely: the picture is a JPEG).
    #[test]
    fn the_hero_picture_shows_what_its_text_says() {
        let img = image::load_from_memory(&hero_jpeg()).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (1600, 900));
        let near = |x: u32, y: u32, c: [u8; 3]| {
            let p = img.get_pixel(x, y).0;
            (0..3).all(|k| (p[k] as i16 - c[k] as i16).abs() < 40)
        };
        assert!(near(825, 190, [251, 191, 36]), "the sun");
        assert!(near(820, 860, [56, 142, 190]), "the river");
        assert!(near(800, 650, [124, 45, 18]), "the bridge's deck");
        assert!(near(800, 570, [136, 19, 55]), "a person on the bridge");
        assert!(HERO_ALT.contains("passerelle") && HERO_ALT.contains("soleil") && HERO_ALT.contains("cinq personnes"));
    }
}
