//! Demo content: a fictional network (its foundation, clubs, partners, contacts, pages and
//! several years of news with pictures and comments), written through each module's own
//! functions, from `demo/content.toml`. Pictures and the PDF guide are generated.

mod calls;
pub mod calls_results;
mod events;
mod home;
mod programs;
mod programs_badges;
mod programs_mentors;
mod programs_schools;
mod surveys;

use std::collections::HashMap;
use std::io::Cursor;

use anyhow::Context;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use serde::Deserialize;

use crate::core::auth::{self, Role};
use crate::core::db;
use crate::core::media;
use crate::core::web::AppState;
use crate::modules::network::{self, Club, Contact, Partner};
use crate::modules::news::{self, PostInput};

const CONTENT: &str = include_str!("../../../demo/content.toml");

#[derive(Deserialize)]
struct Content {
    network: NetworkInfo,
    identity: IdentityIn,
    clubs: Vec<ClubIn>,
    users: Vec<UserIn>,
    categories: Vec<CategoryIn>,
    partners: Vec<PartnerIn>,
    contacts: Vec<ContactIn>,
    pages: Vec<PageIn>,
    posts: Vec<PostIn>,
}

#[derive(Deserialize)]
struct NetworkInfo {
    name: String,
    tagline: String,
}

/// The network's identity; pictures are files of demo/identity/.
#[derive(Deserialize)]
struct IdentityIn {
    logo: String,
    favicon: String,
    primary: String,
    accent: String,
    text_font: String,
    title_font: String,
    donate_url: String,
    donate_label: String,
    newsletter_url: String,
    social: Vec<(String, String)>,
}

/// The drawings of demo/identity/, by file name.
fn drawing(name: &str) -> anyhow::Result<&'static [u8]> {
    Ok(match name {
        "logo.svg" => include_bytes!("../../../demo/identity/logo.svg"),
        "favicon.svg" => include_bytes!("../../../demo/identity/favicon.svg"),
        "club-lyon.svg" => include_bytes!("../../../demo/identity/club-lyon.svg"),
        "club-marseille.svg" => include_bytes!("../../../demo/identity/club-marseille.svg"),
        other => anyhow::bail!("demo/identity/{other}: no such drawing"),
    })
}

/// Store a drawing of demo/identity/ in the media library (checked as any upload is).
async fn store_drawing(db: &db::Db, name: &str, alt: &str, now: i64) -> anyhow::Result<media::Media> {
    let prepared = media::prepare_svg(drawing(name)?).map_err(|e| anyhow::anyhow!("demo/identity/{name}: {e:?}"))?;
    Ok(media::store(db, prepared, name, alt, None, None, now).await?)
}

fn picture(m: &media::Media) -> network::identity::Picture {
    network::identity::Picture {
        key: m.key.clone(),
        mime: m.mime.clone(),
        width: m.width.unwrap_or(0) as u32,
        height: m.height.unwrap_or(0) as u32,
    }
}

#[derive(Deserialize)]
struct ClubIn {
    slug: String,
    #[serde(default)]
    accent: String,
    #[serde(default)]
    logo: Option<String>,
    name: String,
    national: bool,
    territory: String,
    director: String,
    email: String,
    phone: String,
    city: String,
    description: String,
}

#[derive(Deserialize)]
struct UserIn {
    email: String,
    name: String,
    role: String,
    club: Option<String>,
}

#[derive(Deserialize)]
struct CategoryIn {
    slug: String,
    name: String,
    description: String,
}

#[derive(Deserialize)]
struct PartnerIn {
    slug: String,
    name: String,
    kind: String,
    website: String,
    description: String,
    color: String,
}

#[derive(Deserialize)]
struct ContactIn {
    slug: String,
    name: String,
    role: String,
    email: String,
    phone: String,
    club: String,
}

#[derive(Deserialize)]
struct PageIn {
    slug: String,
    title: String,
    body: String,
}

#[derive(Deserialize)]
struct PostIn {
    slug: String,
    title: String,
    club: String,
    author: String,
    published_at: String,
    #[serde(default)]
    featured: bool,
    #[serde(default)]
    excerpt: String,
    #[serde(default)]
    categories: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    /// Whether the post has a lead picture (a generated illustration, described by
    /// `picture_jpeg`).
    #[serde(default)]
    image: bool,
    #[serde(default)]
    contacts: Vec<String>,
    #[serde(default)]
    comments_closed: bool,
    body: String,
    #[serde(default)]
    comments: Vec<CommentIn>,
}

#[derive(Deserialize)]
struct CommentIn {
    key: String,
    parent: Option<String>,
    author_name: String,
    author_email: String,
    body: String,
    status: String,
    at: String,
}

fn timestamp(s: &str) -> anyhow::Result<i64> {
    Ok(s.parse::<jiff::Timestamp>().with_context(|| format!("demo date {s}"))?.as_second())
}

/// The e-mail of the demo's network administrator.
pub fn admin_email() -> anyhow::Result<String> {
    let c: Content = toml::from_str(CONTENT)?;
    c.users.iter().find(|u| u.role == "network_admin").map(|u| u.email.clone()).context("demo has no administrator")
}

/// Fill the database with the demo network. Idempotent on clubs, partners, contacts and
/// categories (by slug); meant for an empty database.
pub async fn load(state: &AppState) -> anyhow::Result<()> {
    let c: Content = toml::from_str(CONTENT).context("demo/content.toml")?;
    let db = &state.db;
    let now = state.now();
    let tr = state.tr(crate::core::i18n::Locale::Fr);
    db::set_setting(db, "site_name", &c.network.name).await?;
    db::set_setting(db, "site_tagline", &c.network.tagline).await?;

    let mut clubs: HashMap<String, i64> = HashMap::new();
    for cl in &c.clubs {
        let club = Club {
            id: 0,
            slug: cl.slug.clone(),
            name: cl.name.clone(),
            national: cl.national,
            territory: cl.territory.clone(),
            director: cl.director.clone(),
            email: cl.email.clone(),
            phone: cl.phone.clone(),
            city: cl.city.clone(),
            description: cl.description.clone(),
            ..Default::default()
        };
        let id = network::upsert_club(db, &club, now).await?;
        let logo = match &cl.logo {
            Some(file) => Some(store_drawing(db, file, &cl.name, now).await?.id),
            None => None,
        };
        network::set_club_brand(db, id, &cl.accent, logo).await?;
        clubs.insert(cl.slug.clone(), id);
    }
    let i = &c.identity;
    let identity = network::identity::Identity {
        primary: i.primary.clone(),
        accent: i.accent.clone(),
        text_font: i.text_font.clone(),
        title_font: i.title_font.clone(),
        logo: Some(picture(&store_drawing(db, &i.logo, &c.network.name, now).await?)),
        favicon: Some(picture(&store_drawing(db, &i.favicon, &c.network.name, now).await?)),
        social: i.social.clone(),
        donate_url: i.donate_url.clone(),
        donate_label: i.donate_label.clone(),
        newsletter_url: i.newsletter_url.clone(),
    };
    network::identity::save(db, &identity).await?;
    let mut users: HashMap<String, i64> = HashMap::new();
    for u in &c.users {
        let role = Role::parse(&u.role).with_context(|| format!("demo role {}", u.role))?;
        let club_id = u.club.as_ref().and_then(|s| clubs.get(s).copied());
        users.insert(u.email.clone(), auth::upsert_user(db, &u.email, &u.name, None, role, club_id, now).await?);
    }
    let mut categories: HashMap<String, i64> = HashMap::new();
    for cat in &c.categories {
        categories.insert(cat.slug.clone(), news::upsert_category(db, &cat.slug, &cat.name, &cat.description).await?);
    }
    for (i, p) in c.partners.iter().enumerate() {
        let logo = media::prepare(&logo_png(&p.color, i)).map_err(|e| anyhow::anyhow!("logo: {e:?}"))?;
        let logo = media::store(db, logo, &format!("logo-{}.png", p.slug), &p.name, None, None, now).await?;
        let partner = Partner {
            id: 0,
            slug: p.slug.clone(),
            name: p.name.clone(),
            kind: p.kind.clone(),
            website: p.website.clone(),
            description: p.description.clone(),
            logo_media_id: Some(logo.id),
            logo_key: None,
            position: i as i64,
        };
        let existing = network::get_partner_by_slug(db, &p.slug).await?.map(|p| p.id);
        network::save_partner(db, existing, &partner, now).await?;
    }
    let mut contacts: HashMap<String, i64> = HashMap::new();
    for ct in &c.contacts {
        let contact = Contact {
            id: 0,
            slug: ct.slug.clone(),
            name: ct.name.clone(),
            role: ct.role.clone(),
            email: ct.email.clone(),
            phone: ct.phone.clone(),
            club_id: clubs.get(&ct.club).copied(),
        };
        let existing = network::get_contact_by_slug(db, &ct.slug).await?.map(|c| c.id);
        contacts.insert(ct.slug.clone(), network::save_contact(db, existing, &contact, now).await?);
    }
    let guide = media::prepare(&guide_pdf()).map_err(|e| anyhow::anyhow!("guide: {e:?}"))?;
    let guide = media::store(db, guide, "guide-mentorat.pdf", "Guide du mentorat", None, None, now).await?;
    let national = clubs.get("fondation").copied();
    for page in &c.pages {
        let input = PostInput {
            kind: "page",
            slug: page.slug.clone(),
            title: page.title.clone(),
            body_format: "markdown".into(),
            body_source: page.body.clone(),
            status: "published".into(),
            published_at: Some(now - 86_400),
            club_id: national,
            comments_closed: true,
            ..Default::default()
        };
        if news::get_post_by_slug(db, news::Kind::Page, &page.slug).await?.is_none() {
            news::save_post(db, &tr, None, &input, now).await?;
        }
    }
    for (i, p) in c.posts.iter().enumerate() {
        if news::get_post_by_slug(db, news::Kind::Post, &p.slug).await?.is_some() {
            continue;
        }
        let published_at = timestamp(&p.published_at)?;
        let image_id = if p.image {
            let (bytes, alt) = picture_jpeg(i);
            let pic = media::prepare(&bytes).map_err(|e| anyhow::anyhow!("picture: {e:?}"))?;
            Some(media::store(db, pic, &format!("{}.jpg", p.slug), &alt, clubs.get(&p.club).copied(), None, published_at).await?.id)
        } else {
            None
        };
        let input = PostInput {
            kind: "post",
            slug: p.slug.clone(),
            title: p.title.clone(),
            body_format: "markdown".into(),
            body_source: p.body.replace("media:guide-mentorat.pdf", &format!("media:{}", guide.key)),
            excerpt: p.excerpt.clone(),
            status: "published".into(),
            published_at: Some(published_at),
            club_id: clubs.get(&p.club).copied(),
            author_id: users.get(&p.author).copied(),
            image_id,
            featured: p.featured,
            comments_closed: p.comments_closed,
            category_ids: p.categories.iter().filter_map(|s| categories.get(s).copied()).collect(),
            tag_names: p.tags.clone(),
            contact_ids: p.contacts.iter().filter_map(|s| contacts.get(s).copied()).collect(),
            ..Default::default()
        };
        let post_id = news::save_post(db, &tr, None, &input, published_at).await?;
        let mut keys: HashMap<String, i64> = HashMap::new();
        for cm in &p.comments {
            let parent = cm.parent.as_ref().and_then(|k| keys.get(k).copied());
            let id = news::insert_comment(db, post_id, parent, &cm.author_name, &cm.author_email, &cm.body, &cm.status, timestamp(&cm.at)?)
                .await?;
            keys.insert(cm.key.clone(), id);
        }
    }
    events::load(state, &clubs).await?;
    // Last year's competition, reviewed by its juries, then decided and published; this year's call open.
    if let Some(competition) = calls::load(state, &clubs).await? {
        calls_results::load(state, competition.last_year, competition.decided_by).await?;
    }
    // The barometer's three yearly waves, answered and published.
    surveys::load(state, &clubs).await?;
    // The youth program in three clubs: this year's cohorts, their sessions and attendance.
    programs::load(state, &clubs).await?;
    home::load(state).await?;
    Ok(())
}

/// A generated picture: three discs on a gradient in one of a few palettes, with the
/// alternative text that says what is drawn.
fn picture_jpeg(seed: usize) -> (Vec<u8>, String) {
    /// Each palette's colours in words: the first and second discs' colours, the background's.
    const NAMES: [[&str; 3]; 6] = [
        ["bleu marine", "jaune d'or", "bleu très pâle"],
        ["vert sapin", "vert tendre", "vert très pâle"],
        ["bordeaux", "rose", "rose très pâle"],
        ["violet", "lilas", "lavande"],
        ["brique", "orange clair", "crème"],
        ["bleu canard", "turquoise", "bleu glacier"],
    ];
    const PALETTES: [[[u8; 3]; 3]; 6] = [
        [[29, 78, 137], [251, 191, 36], [236, 242, 248]],
        [[22, 101, 52], [134, 239, 172], [240, 253, 244]],
        [[136, 19, 55], [253, 164, 175], [255, 241, 242]],
        [[88, 28, 135], [216, 180, 254], [250, 245, 255]],
        [[154, 52, 18], [253, 186, 116], [255, 247, 237]],
        [[14, 116, 144], [103, 232, 249], [236, 254, 255]],
    ];
    let pal = PALETTES[seed % PALETTES.len()];
    let (w, h) = (960u32, 540u32);
    let cx = [(seed * 131) % 900 + 30, (seed * 71) % 800 + 80, (seed * 53) % 700 + 120];
    let cy = [(seed * 37) % 400 + 60, (seed * 97) % 380 + 80, (seed * 29) % 300 + 120];
    let img = RgbImage::from_fn(w, h, |x, y| {
        let t = y as f32 / h as f32;
        let mut px = [0u8; 3];
        for (k, v) in px.iter_mut().enumerate() {
            *v = (pal[2][k] as f32 * (1.0 - t) + pal[0][k] as f32 * t * 0.35 + pal[2][k] as f32 * t * 0.65) as u8;
        }
        for i in 0..3 {
            let dx = x as i64 - cx[i] as i64;
            let dy = y as i64 - cy[i] as i64;
            let r = 60 + 30 * i as i64 + (seed as i64 % 40);
            if dx * dx + dy * dy < r * r {
                px = pal[i % 2];
            }
        }
        Rgb(px)
    });
    let mut out = Cursor::new(Vec::new());
    let _ = DynamicImage::ImageRgb8(img).write_to(&mut out, ImageFormat::Jpeg);
    let names = NAMES[seed % NAMES.len()];
    let alt = format!("Illustration abstraite : deux disques {} et un disque {} sur un fond {}.", names[0], names[1], names[2]);
    (out.into_inner(), alt)
}

/// A generated logo: the partner's colour with a simple mark.
fn logo_png(color: &str, seed: usize) -> Vec<u8> {
    let hex = color.trim_start_matches('#');
    let c = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("33"), 16).unwrap_or(0x33);
    let (r, g, b) = (c(0), c(2), c(4));
    let img = RgbImage::from_fn(320, 160, |x, y| {
        let (dx, dy) = (x as i64 - 80, y as i64 - 80);
        let ring = dx * dx + dy * dy;
        let inner = 30 + (seed as i64 % 3) * 8;
        let circle = ring < 50 * 50 && ring > inner * inner;
        let bars = (150..300).contains(&x) && (60..70).contains(&y) || (150..260).contains(&x) && (90..100).contains(&y);
        if circle || bars { Rgb([255, 255, 255]) } else { Rgb([r, g, b]) }
    });
    let mut out = Cursor::new(Vec::new());
    let _ = DynamicImage::ImageRgb8(img).write_to(&mut out, ImageFormat::Png);
    out.into_inner()
}

/// A small, valid one-page PDF: the mentoring guide.
pub fn guide_pdf() -> Vec<u8> {
    let text = "BT /F1 24 Tf 72 720 Td (Guide du mentorat) Tj 0 -40 Td /F1 12 Tf (Reseau Passerelles - demonstration) Tj ET";
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = vec![];
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for off in offsets {
        pdf.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes());
    pdf
}
