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
}

impl Club {
    pub fn url(&self) -> String {
        format!("/clubs/{}", self.slug)
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
