//! Network domain types: clubs, partners, contacts, people.

#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Club {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub national: bool,
    pub territory: String,
    pub director: String,
    pub email: String,
    pub phone: String,
    pub city: String,
    pub description: String,
    /// The club's own colour on its pages (`#rrggbb`; empty: the network's).
    pub accent: String,
    pub logo_media_id: Option<i64>,
    pub logo_key: Option<String>,
    /// The logo's width and height, when it has them.
    pub logo_size: Option<(i64, i64)>,
}

impl Club {
    pub fn url(&self) -> String {
        format!("/clubs/{}", self.slug)
    }

    pub fn logo_url(&self) -> Option<String> {
        self.logo_key.as_ref().map(|k| format!("/media/{k}"))
    }

    /// The class that gives the club's pages its colour (`theme.css` defines it).
    pub fn theme_class(&self) -> String {
        if self.accent.is_empty() { String::new() } else { format!("club-theme-{}", self.id) }
    }
}

pub const PARTNER_KINDS: [&str; 4] = ["sponsor", "skills", "public", "association"];

#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Partner {
    pub id: i64,
    pub slug: String,
    pub name: String,
    /// sponsor | skills | public | association
    pub kind: String,
    pub website: String,
    pub description: String,
    pub logo_media_id: Option<i64>,
    pub logo_key: Option<String>,
    pub position: i64,
}

impl Partner {
    pub fn logo_url(&self) -> Option<String> {
        self.logo_key.as_ref().map(|k| format!("/media/{k}"))
    }

    pub fn kind_label_key(&self) -> String {
        format!("partner-kind-{}", self.kind)
    }
}

#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Contact {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
    pub club_id: Option<i64>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub disabled: bool,
    pub has_password: bool,
    /// (role, club name or None for the whole network)
    pub roles: Vec<(String, Option<String>)>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub user_name: String,
    pub user_email: String,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

use crate::core::error::FieldError;
use crate::core::values::{Email, Phone, Slug, WebUrl};

fn push(errors: &mut Vec<FieldError>, field: &str, message: &str) {
    errors.push(FieldError { field: field.into(), message: message.into() });
}

/// Check a required short text; returns it trimmed.
fn required(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.is_empty() {
        push(errors, field, "field-required");
    } else if v.chars().count() > max {
        errors.push(FieldError::too_long(field, v.chars().count(), max));
    }
    v.to_string()
}

fn optional(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.chars().count() > max {
        errors.push(FieldError::too_long(field, v.chars().count(), max));
    }
    v.to_string()
}

/// The slug typed, or one made from the name when left empty.
fn slug_of(errors: &mut Vec<FieldError>, slug: &str, name: &str) -> String {
    let s = Slug::typed_or_from(slug, name);
    if let (false, Err(message)) = (name.trim().is_empty(), Slug::parse(&s)) {
        push(errors, "slug", message);
    }
    s
}

fn email_of(errors: &mut Vec<FieldError>, field: &str, value: &str) -> String {
    match Email::parse_optional(value) {
        Ok(email) => email.map(Email::into_string).unwrap_or_default(),
        Err(message) => {
            push(errors, field, message);
            value.trim().to_lowercase()
        }
    }
}

/// An optional phone number, stored in the form people read (`01 23 45 67 89`).
fn phone_of(errors: &mut Vec<FieldError>, field: &str, value: &str) -> String {
    match Phone::parse_optional(value) {
        Ok(phone) => phone.map(|p| p.display()).unwrap_or_default(),
        Err(message) => {
            push(errors, field, message);
            value.trim().to_string()
        }
    }
}

/// A club as typed in a form or sent to the API, before it is checked.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ClubDraft {
    pub slug: String,
    pub name: String,
    pub territory: String,
    pub director: String,
    pub email: String,
    pub phone: String,
    pub city: String,
    pub description: String,
}

impl ClubDraft {
    pub fn of(c: &Club) -> ClubDraft {
        ClubDraft {
            slug: c.slug.clone(),
            name: c.name.clone(),
            territory: c.territory.clone(),
            director: c.director.clone(),
            email: c.email.clone(),
            phone: c.phone.clone(),
            city: c.city.clone(),
            description: c.description.clone(),
        }
    }

    /// The club, or the fields that are wrong (slug uniqueness is checked by the caller).
    pub fn check(&self) -> Result<Club, Vec<FieldError>> {
        let mut e = vec![];
        let name = required(&mut e, "name", &self.name, 200);
        let club = Club {
            id: 0,
            slug: slug_of(&mut e, &self.slug, &name),
            name,
            national: false,
            territory: optional(&mut e, "territory", &self.territory, 200),
            director: optional(&mut e, "director", &self.director, 200),
            email: email_of(&mut e, "email", &self.email),
            phone: phone_of(&mut e, "phone", &self.phone),
            city: optional(&mut e, "city", &self.city, 200),
            description: optional(&mut e, "description", &self.description, 5000),
            ..Default::default()
        };
        if e.is_empty() { Ok(club) } else { Err(e) }
    }
}

/// A partner as typed; `position` stays text so that a form can show what was typed.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct PartnerDraft {
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub website: String,
    pub description: String,
    pub position: String,
}

impl PartnerDraft {
    pub fn of(p: &Partner) -> PartnerDraft {
        PartnerDraft {
            slug: p.slug.clone(),
            name: p.name.clone(),
            kind: p.kind.clone(),
            website: p.website.clone(),
            description: p.description.clone(),
            position: p.position.to_string(),
        }
    }

    pub fn check(&self) -> Result<Partner, Vec<FieldError>> {
        let mut e = vec![];
        let name = required(&mut e, "name", &self.name, 200);
        let slug = slug_of(&mut e, &self.slug, &name);
        let kind = self.kind.trim().to_string();
        if !PARTNER_KINDS.contains(&kind.as_str()) {
            push(&mut e, "kind", "network-error-kind");
        }
        let website = optional(&mut e, "website", &self.website, 500);
        if let Err(message) = WebUrl::parse_optional(&website) {
            push(&mut e, "website", message);
        }
        let description = optional(&mut e, "description", &self.description, 5000);
        let position = match self.position.trim() {
            "" => 0,
            p => p.parse::<i64>().ok().filter(|n| (0..=100_000).contains(n)).unwrap_or_else(|| {
                push(&mut e, "position", "network-error-position");
                0
            }),
        };
        let partner = Partner { id: 0, slug, name, kind, website, description, logo_media_id: None, logo_key: None, position };
        if e.is_empty() { Ok(partner) } else { Err(e) }
    }
}

/// A contact as typed; `club_id` is the id of the select, "" for the network.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ContactDraft {
    pub slug: String,
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
    pub club_id: String,
}

impl ContactDraft {
    pub fn of(c: &Contact) -> ContactDraft {
        ContactDraft {
            slug: c.slug.clone(),
            name: c.name.clone(),
            role: c.role.clone(),
            email: c.email.clone(),
            phone: c.phone.clone(),
            club_id: c.club_id.map(|i| i.to_string()).unwrap_or_default(),
        }
    }

    /// The contact; `clubs` are the ids that exist.
    pub fn check(&self, clubs: &[i64]) -> Result<Contact, Vec<FieldError>> {
        let mut e = vec![];
        let name = required(&mut e, "name", &self.name, 200);
        let slug = slug_of(&mut e, &self.slug, &name);
        let club_id = match self.club_id.trim() {
            "" => None,
            s => match s.parse::<i64>() {
                Ok(id) if clubs.contains(&id) => Some(id),
                _ => {
                    push(&mut e, "club_id", "network-error-club");
                    None
                }
            },
        };
        let contact = Contact {
            id: 0,
            slug,
            name,
            role: optional(&mut e, "role", &self.role, 200),
            email: email_of(&mut e, "email", &self.email),
            phone: phone_of(&mut e, "phone", &self.phone),
            club_id,
        };
        if e.is_empty() { Ok(contact) } else { Err(e) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words_joined_by_hyphens() {
        assert!(Slug::is_valid("lyon-metropole"));
        assert!(Slug::is_valid("club93"));
        for bad in ["", "-a", "a-", "a--b", "Lyon", "é", "a b"] {
            assert!(!Slug::is_valid(bad), "{bad}");
        }
    }

    #[test]
    fn drafts_report_each_wrong_field() {
        let d = PartnerDraft { name: "".into(), kind: "x".into(), website: "ftp://x".into(), position: "-3".into(), ..Default::default() };
        let fields: Vec<String> = d.check().err().unwrap().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["name", "kind", "website", "position"]);
        let c = ClubDraft { name: "Club du Var".into(), email: "x".into(), ..Default::default() };
        assert_eq!(c.check().err().unwrap()[0].field, "email");
        let ok = ClubDraft { name: "Club du Var".into(), ..Default::default() }.check().unwrap();
        assert_eq!(ok.slug, "club-du-var");
        let ct = ContactDraft { name: "Awa".into(), club_id: "9".into(), ..Default::default() };
        assert_eq!(ct.check(&[1, 2]).err().unwrap()[0].field, "club_id");
    }
}
