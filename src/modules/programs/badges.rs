//! Badges that anyone can verify: completing the path issues an Open Badges 3.0 credential
//! (a W3C Verifiable Credential 2.0 of type `OpenBadgeCredential`: the achievement, its
//! criteria from the program's completion rule, the program's skills as alignments), secured
//! as a VC-JOSE compact JWS (`typ` `vc+jwt`, `alg` `EdDSA`) with the network's Ed25519 key.
//!
//! - **Keys** live in the database (`badge_keys`), so that every instance signs with the same
//!   one; the first is created on first use, race-safe (a unique generation). Their public
//!   halves are published as a JWKS at `/badges/cles.json`, each with its RFC 7638 thumbprint
//!   as `kid`; the issuer's profile is `/badges/emetteur`.
//! - **Revocation** is a W3C Bitstring Status List: each badge has a position
//!   (`status_index`) in the list `/badges/statut/1`, itself a signed `vc+jwt` whose
//!   `encodedList` is the multibase (`u`, base64url) GZIP of the bitstring (at least 16 KB,
//!   the first position the left-most bit; a set bit is a revoked badge).
//! - **Pages**: `/badges/{id}` verifies the stored credential with the published key and
//!   reads its status (a public page, not cached: a revocation shows at once);
//!   `/badges/{id}/credential.jwt` and `…/credential.json` download it. Staff of the cohort's
//!   club and network administrators revoke with `POST /admin/programmes/badges/{id}/revoquer`
//!   (audited).
//!
//! The credential holds no personal data: its subject is a random `urn:uuid:`. The page shows
//! the recipient's first name only, blanked when the participant is anonymised or erased.

use std::io::Write;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use serde_json::{Value, json};

use super::model::{Program, Status, consent_complete, progress};
use super::store;
use crate::core::audit::{self, Subject};
use crate::core::db::Db;
use crate::core::error::{AppError, AppResult};
use crate::core::i18n::Locale;
use crate::core::mail::{self, Mail};
use crate::core::web::{AppState, Ctx, Form, Layout, html, local_path, see_other};
use crate::modules::network::{self, public_layout};

/// The media type of a credential secured with JOSE (VC-JOSE-COSE).
pub const VC_JWT: &str = "application/vc+jwt";
/// The smallest status list the specification allows: 16 KB, 131,072 positions.
pub const STATUS_LIST_BITS: usize = 131_072;
const CONTEXT_VC: &str = "https://www.w3.org/ns/credentials/v2";
const CONTEXT_OB: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

/// A signing key as stored (both halves base64url).
#[derive(Clone, Debug)]
pub struct SigningKeyRow {
    pub kid: String,
    pub seed: String,
    pub public_key: String,
    pub created_at: i64,
}

/// A badge issued to a participant.
#[derive(Clone, Debug, PartialEq)]
pub struct Badge {
    /// Random, unguessable: the address of its public page.
    pub id: String,
    pub participant_id: i64,
    pub cohort_id: i64,
    pub program_id: i64,
    /// Its position in the revocation status list.
    pub status_index: i64,
    /// The first name the public page shows ('' once anonymised).
    pub recipient: String,
    pub issued_at: i64,
    /// The signed compact JWS.
    pub credential: String,
    pub revoked_at: Option<i64>,
}

impl Badge {
    pub fn url(&self) -> String {
        format!("/badges/{}", self.id)
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/badges/cles.json", get(jwks_json))
        .route("/badges/emetteur", get(issuer_json))
        .route("/badges/statut/1", get(status_list))
        .route("/badges/{id}", get(page))
        .route("/badges/{id}/credential.jwt", get(credential_jwt))
        .route("/badges/{id}/credential.json", get(credential_json))
        .route("/admin/programmes/badges/{id}/revoquer", post(revoke_post))
}

// ---- keys and JWS ----

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The RFC 7638 thumbprint of an Ed25519 public key (its `x`, base64url).
fn thumbprint(x: &str) -> String {
    use sha2::Digest;
    b64(&sha2::Sha256::digest(format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}"#).as_bytes()))
}

fn new_key(now: i64) -> SigningKeyRow {
    let seed: [u8; 32] = rand::random();
    let public = SigningKey::from_bytes(&seed).verifying_key().to_bytes();
    let x = b64(&public);
    SigningKeyRow { kid: thumbprint(&x), seed: b64(&seed), public_key: x, created_at: now }
}

fn signing_key(row: &SigningKeyRow) -> anyhow::Result<SigningKey> {
    let seed: [u8; 32] =
        URL_SAFE_NO_PAD.decode(&row.seed)?.try_into().map_err(|_| anyhow::anyhow!("badge key {}: a seed of 32 bytes", row.kid))?;
    Ok(SigningKey::from_bytes(&seed))
}

fn verifying_key(row: &SigningKeyRow) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = URL_SAFE_NO_PAD.decode(&row.public_key).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

/// The key badges are signed with, created on first use (every instance reads the same one).
pub async fn current_key(db: &Db, now: i64) -> anyhow::Result<SigningKeyRow> {
    if let Some(k) = store::badges::current_key(db).await? {
        return Ok(k);
    }
    store::badges::insert_first_key(db, &new_key(now)).await?;
    store::badges::current_key(db).await?.ok_or_else(|| anyhow::anyhow!("no badge key after its creation"))
}

/// The published keys, as a JWK Set.
pub fn jwks(keys: &[SigningKeyRow]) -> Value {
    let keys: Vec<Value> = keys
        .iter()
        .map(|k| json!({ "kty": "OKP", "crv": "Ed25519", "x": k.public_key, "kid": k.kid, "alg": "EdDSA", "use": "sig" }))
        .collect();
    json!({ "keys": keys })
}

/// A compact JWS of `payload` (header `alg` EdDSA, `kid`, `typ` vc+jwt).
pub fn sign(key: &SigningKeyRow, payload: &Value) -> anyhow::Result<String> {
    let header = json!({ "alg": "EdDSA", "kid": key.kid, "typ": "vc+jwt" });
    let input = format!("{}.{}", b64(serde_json::to_string(&header)?.as_bytes()), b64(serde_json::to_string(payload)?.as_bytes()));
    let signature = signing_key(key)?.sign(input.as_bytes());
    Ok(format!("{input}.{}", b64(&signature.to_bytes())))
}

/// The payload of a compact JWS, without checking its signature; None when it is not one.
pub fn payload(jws: &str) -> Option<Value> {
    let part = jws.split('.').nth(1)?;
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).ok()?).ok()
}

/// The payload of a compact JWS whose EdDSA signature verifies with the published key its
/// header names; None otherwise.
pub fn verify(jws: &str, keys: &[SigningKeyRow]) -> Option<Value> {
    let mut parts = jws.split('.');
    let (h, p, s) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(h).ok()?).ok()?;
    if header["alg"] != "EdDSA" {
        return None;
    }
    let key = keys.iter().find(|k| header["kid"] == k.kid.as_str())?;
    let signature: [u8; 64] = URL_SAFE_NO_PAD.decode(s).ok()?.try_into().ok()?;
    let signature = ed25519_dalek::Signature::from_bytes(&signature);
    verifying_key(key)?.verify_strict(format!("{h}.{p}").as_bytes(), &signature).ok()?;
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(p).ok()?).ok()
}

// ---- the credentials ----

fn rfc3339(t: i64) -> String {
    jiff::Timestamp::from_second(t).map(|t| t.to_string()).unwrap_or_default()
}

/// The issuer's profile (an Open Badges `Profile`).
fn issuer(state: &AppState, name: &str) -> Value {
    json!({ "id": state.absolute("/badges/emetteur"), "type": ["Profile"], "name": name, "url": state.absolute("/") })
}

/// What completing the path means, in words (the network's language).
pub fn criteria(state: &AppState, program: &Program) -> String {
    let tr = state.tr(Locale::Fr);
    let mut words = super::pages::rule_words(&tr, program);
    if !program.path.is_empty() {
        let steps: Vec<&str> = program.path.iter().map(|s| s.title.as_str()).collect();
        words.push(' ');
        words.push_str(&tr.a("programs-badge-criteria-path", "steps", &steps.join(" ; ")));
    }
    words
}

/// The unsigned `OpenBadgeCredential` of badge `id` for `program`.
fn credential(state: &AppState, issuer_name: &str, program: &Program, id: &str, subject: &str, issued_at: i64, index: i64) -> Value {
    let page = state.absolute(&format!("/programmes/{}", program.slug));
    let alignment: Vec<Value> = program
        .skills
        .iter()
        .map(|s| json!({ "type": ["Alignment"], "targetName": s.label, "targetCode": s.code, "targetUrl": format!("{page}#competence-{}", s.code) }))
        .collect();
    let description = if program.summary.is_empty() { &program.description } else { &program.summary };
    let list = state.absolute("/badges/statut/1");
    let issuer = issuer(state, issuer_name);
    json!({
        // The JWT's registered claims Open Badges 3.0 maps onto the credential (§ 8.2):
        // issuer, credential id, subject, valid from.
        "iss": issuer["id"],
        "jti": state.absolute(&format!("/badges/{id}")),
        "sub": subject,
        "nbf": issued_at,
        "@context": [CONTEXT_VC, CONTEXT_OB],
        "id": state.absolute(&format!("/badges/{id}")),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": program.title,
        "issuer": issuer,
        "validFrom": rfc3339(issued_at),
        "credentialSubject": {
            "id": subject,
            "type": ["AchievementSubject"],
            "achievement": {
                "id": format!("{page}#badge"),
                "type": ["Achievement"],
                "achievementType": "Badge",
                "name": program.title,
                "description": description,
                "criteria": { "narrative": criteria(state, program) },
                "alignment": alignment,
                "tag": program.skills.iter().map(|s| s.label.clone()).collect::<Vec<_>>(),
            },
        },
        "credentialStatus": {
            "id": format!("{list}#{index}"),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": index.to_string(),
            "statusListCredential": list,
        },
    })
}

/// A random `urn:uuid:` (version 4): the credential's subject, tied to no address.
fn random_urn() -> String {
    let mut b: [u8; 16] = rand::random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("urn:uuid:{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}

/// The revocation bitstring: `len` bits (at least [`STATUS_LIST_BITS`]), position 0 the
/// left-most bit of the first byte, a set bit a revoked badge.
pub fn bitstring(revoked: &[i64], highest: i64) -> Vec<u8> {
    let needed = usize::try_from(highest + 1).unwrap_or(0);
    let bits = needed.div_ceil(STATUS_LIST_BITS).max(1) * STATUS_LIST_BITS;
    let mut bytes = vec![0u8; bits / 8];
    for &i in revoked {
        if let Ok(i) = usize::try_from(i)
            && i < bits
        {
            bytes[i / 8] |= 0x80 >> (i % 8);
        }
    }
    bytes
}

/// A bitstring as the status list carries it: multibase base64url (`u`) of its GZIP.
pub fn encode_list(bytes: &[u8]) -> anyhow::Result<String> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes)?;
    Ok(format!("u{}", b64(&gz.finish()?)))
}

/// The signed `BitstringStatusListCredential` of every badge, at `now`.
pub async fn status_list_jwt(state: &AppState, now: i64) -> anyhow::Result<String> {
    let key = current_key(&state.db, now).await?;
    let bits = bitstring(&store::badges::revoked_indexes(&state.db).await?, store::badges::max_status_index(&state.db).await?);
    let list = state.absolute("/badges/statut/1");
    let name = network::site_name(&state.db).await?;
    let vc = json!({
        "@context": [CONTEXT_VC],
        "id": list,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer(state, &name),
        "validFrom": rfc3339(now),
        "credentialSubject": {
            "id": format!("{list}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_list(&bits)?,
        },
    });
    sign(&key, &vc)
}

// ---- issuing ----

/// Issue a badge to every participant of the cohort who completed the path at `now`
/// (`model::progress` on their attendance), selected, with every consent they need, not
/// anonymised, and without a badge yet; each is e-mailed the link to their badge (their
/// address, or their guardian's). Idempotent, and safe when two run at once (one badge per
/// participant, by a unique constraint). Returns how many were issued.
pub async fn issue_completed(state: &AppState, cohort_id: i64, now: i64) -> anyhow::Result<usize> {
    let db = &state.db;
    let Some(cohort) = store::cohort(db, cohort_id).await? else { return Ok(0) };
    let Some(program) = store::program(db, cohort.program_id).await? else { return Ok(0) };
    let sessions = store::sessions(db, cohort_id).await?;
    let attendance = store::cohort_attendance(db, cohort_id).await?;
    let issuer_name = network::site_name(db).await?;
    let mut issued = 0;
    for p in store::participants(db, cohort_id).await? {
        if p.anonymised_at.is_some() || p.status != Status::Selected {
            continue;
        }
        // Progress first (computed in memory): the database is asked only about those who
        // completed, so that an attendance saved for a whole cohort costs no query per person.
        let mine: Vec<_> = attendance.iter().filter(|a| a.participant_id == p.id).cloned().collect();
        if !progress(program.rule, &sessions, &mine, now).completed
            || store::badges::badge_of_participant(db, p.id).await?.is_some()
            || !consent_complete(p.needs, &store::consents(db, p.id).await?)
        {
            continue;
        }
        let key = current_key(db, now).await?;
        let mut tx = db.begin().await?;
        // A status index another issuer takes meanwhile makes the insert do nothing: try the next.
        let mut badge = None;
        for _ in 0..20 {
            if store::badges::has_badge(&mut tx, p.id).await? {
                break;
            }
            let index = store::badges::next_status_index(&mut tx).await?;
            let id = b64(&rand::random::<[u8; 16]>());
            let vc = credential(state, &issuer_name, &program, &id, &random_urn(), now, index);
            let b = Badge {
                id,
                participant_id: p.id,
                cohort_id,
                program_id: program.id,
                status_index: index,
                recipient: p.first_name.clone(),
                issued_at: now,
                credential: sign(&key, &vc)?,
                revoked_at: None,
            };
            if store::badges::insert_badge(&mut tx, &b).await? {
                badge = Some(b);
                break;
            }
        }
        let Some(badge) = badge else {
            tx.rollback().await?;
            continue;
        };
        let to = if p.email.trim().is_empty() { &p.guardian_email } else { &p.email };
        if !to.trim().is_empty() {
            let tr = state.tr(Locale::Fr);
            let text = [
                tr.t("programs-mail-hello"),
                String::new(),
                tr.args("programs-badge-mail-body", &[("name", &p.first_name), ("program", &program.title)]),
                state.absolute(&badge.url()),
                String::new(),
                tr.t("programs-badge-mail-how"),
            ]
            .join("\n");
            let mail = Mail {
                dedup_key: format!("programs:badge:{}", badge.id),
                to: to.clone(),
                subject: tr.a("programs-badge-mail-subject", "program", &program.title),
                text,
                html: None,
                ics: None,
            };
            mail::enqueue(&mut tx, &mail, now).await?;
        }
        tx.commit().await?;
        issued += 1;
    }
    Ok(issued)
}

/// A participant's badge, if they have one.
pub async fn for_participant(db: &Db, participant_id: i64) -> Result<Option<Badge>, sqlx::Error> {
    store::badges::badge_of_participant(db, participant_id).await
}

/// A badge by its id.
pub async fn badge(db: &Db, id: &str) -> Result<Option<Badge>, sqlx::Error> {
    store::badges::badge(db, id).await
}

/// Revoke a badge at `now` (its bit is set in the status list from then on); false when it was
/// revoked already or does not exist. Callers check who may (staff of the cohort's club,
/// network administrators) and record it in the audit log.
pub async fn revoke(db: &Db, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let done = store::badges::revoke(&mut tx, id, now).await?;
    tx.commit().await?;
    Ok(done)
}

// ---- pages ----

fn no_store(mut r: Response) -> Response {
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// What verifiers fetch (keys, issuer, status list, credentials) is public and read from
/// other sites' pages too (wallets, verifiers in a browser).
fn public_data(mut r: Response) -> Response {
    r.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    r
}

fn json_response(v: &Value, content_type: &'static str) -> Response {
    public_data(([(header::CONTENT_TYPE, HeaderValue::from_static(content_type))], v.to_string()).into_response())
}

fn internal(e: anyhow::Error) -> AppError {
    AppError::Internal(e)
}

async fn jwks_json(State(state): State<AppState>) -> AppResult<Response> {
    current_key(&state.db, state.now()).await.map_err(internal)?;
    let keys = store::badges::keys(&state.db).await?;
    Ok(json_response(&jwks(&keys), "application/jwk-set+json"))
}

async fn issuer_json(State(state): State<AppState>) -> AppResult<Response> {
    let name = network::site_name(&state.db).await?;
    let mut profile = issuer(&state, &name);
    profile["@context"] = json!([CONTEXT_VC, CONTEXT_OB]);
    profile["publicKeys"] = json!(state.absolute("/badges/cles.json"));
    Ok(json_response(&profile, "application/json"))
}

async fn status_list(State(state): State<AppState>) -> AppResult<Response> {
    let jwt = status_list_jwt(&state, state.now()).await.map_err(internal)?;
    Ok(public_data(no_store(([(header::CONTENT_TYPE, HeaderValue::from_static(VC_JWT))], jwt).into_response())))
}

async fn credential_jwt(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Response> {
    let badge = badge(&state.db, &id).await?.ok_or(AppError::NotFound)?;
    let disposition = format!("attachment; filename=\"badge-{}.jwt\"", badge.id);
    Ok(public_data(
        (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(VC_JWT)),
                (header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).map_err(|e| AppError::Internal(e.into()))?),
            ],
            badge.credential,
        )
            .into_response(),
    ))
}

async fn credential_json(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Response> {
    let badge = badge(&state.db, &id).await?.ok_or(AppError::NotFound)?;
    let vc = payload(&badge.credential).ok_or_else(|| AppError::Internal(anyhow::anyhow!("badge {id}: not a JWS")))?;
    let mut r = json_response(&vc, "application/json");
    let disposition = format!("inline; filename=\"badge-{}.json\"", badge.id);
    r.headers_mut().insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).map_err(|e| AppError::Internal(e.into()))?);
    Ok(r)
}

/// What the page found when it verified the credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Valid,
    Revoked(i64),
    /// The signature does not verify with the published keys.
    Invalid,
}

#[derive(askama::Template)]
#[template(path = "programs/badge.html")]
struct BadgePage {
    l: Layout,
    badge: Badge,
    program: Program,
    issuer: String,
    issued: String,
    criteria: String,
    skills: Vec<String>,
    verdict: Verdict,
    revoked_on: String,
    /// The revoke form, for the staff who may.
    can_revoke: bool,
}

async fn page(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>) -> AppResult<Response> {
    let badge = badge(&state.db, &id).await?.ok_or(AppError::NotFound)?;
    let program = store::program(&state.db, badge.program_id).await?.ok_or(AppError::NotFound)?;
    let cohort = store::cohort(&state.db, badge.cohort_id).await?.ok_or(AppError::NotFound)?;
    let keys = store::badges::keys(&state.db).await?;
    let verdict = match (verify(&badge.credential, &keys), badge.revoked_at) {
        (None, _) => Verdict::Invalid,
        (Some(_), Some(at)) => Verdict::Revoked(at),
        (Some(_), None) => Verdict::Valid,
    };
    let vc = payload(&badge.credential).unwrap_or_default();
    let issuer = vc["issuer"]["name"].as_str().unwrap_or_default().to_string();
    let mut l = public_layout(&state, &ctx, ctx.tr.a("programs-badge-title", "program", &program.title)).await?;
    l.section = "programs";
    l.noindex = true;
    let can_revoke = badge.revoked_at.is_none() && ctx.user.as_ref().is_some_and(|u| super::sees_minors(u, cohort.club_id));
    let page = BadgePage {
        issued: ctx.tr.date(badge.issued_at),
        revoked_on: badge.revoked_at.map(|t| ctx.tr.date(t)).unwrap_or_default(),
        criteria: criteria(&state, &program),
        skills: program.skills.iter().map(|s| s.label.clone()).collect(),
        l,
        badge,
        program,
        issuer,
        verdict,
        can_revoke,
    };
    html(&page).map(no_store)
}

#[derive(serde::Deserialize)]
struct RevokeForm {
    csrf: String,
    #[serde(default, rename = "return")]
    back: String,
}

async fn revoke_post(State(state): State<AppState>, ctx: Ctx, Path(id): Path<String>, Form(f): Form<RevokeForm>) -> AppResult<Response> {
    let user = ctx.user.as_ref().ok_or(AppError::Unauthenticated)?;
    ctx.check_csrf(&f.csrf)?;
    let badge = badge(&state.db, &id).await?.ok_or(AppError::NotFound)?;
    let cohort = store::cohort(&state.db, badge.cohort_id).await?.ok_or(AppError::NotFound)?;
    if !super::sees_minors(user, cohort.club_id) {
        return Err(AppError::Forbidden);
    }
    let program = store::program(&state.db, badge.program_id).await?.map(|p| p.title).unwrap_or_default();
    revoke(&state.db, &badge.id, ctx.now).await?;
    let subject = Subject::new("participant", badge.participant_id, &program);
    audit::record(&state.db, &ctx, "programs.badge.revoke", &subject, &format!("badge={}", badge.id)).await?;
    Ok(see_other(&local_path(&f.back, &badge.url())))
}
