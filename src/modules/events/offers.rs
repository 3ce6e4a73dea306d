//! Offers of freed places (waiting-list mode "offer with a deadline"): the holder accepts or
//! declines on the booking's personal page; offers past their deadline expire by the
//! maintenance task's minute tick (and lazily in every transaction that locks the event).

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;

use super::notify::Site;
use super::store::{self, Answer};
use crate::core::access;
use crate::core::error::{AppError, AppResult};
use crate::core::web::{AppState, Ctx, Form, see_other};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/evenements/inscription/{token}/accepter", post(accept))
        .route("/evenements/inscription/{token}/decliner", post(decline))
}

#[derive(serde::Deserialize)]
struct OfferForm {
    #[serde(default)]
    csrf: String,
}

async fn answer(state: &AppState, ctx: &Ctx, token: &str, form: &OfferForm, accept: bool) -> AppResult<Response> {
    ctx.check_csrf(&form.csrf)?;
    let id = access::open(state, &ctx.ip, token, super::ACCESS_SCOPE, ctx.now).await?;
    match store::answer_offer(&state.db, &Site::of(state), id, accept, ctx.now).await? {
        Answer::Done => Ok(see_other(&format!("/evenements/inscription/{token}"))),
        Answer::NoOffer => Err(AppError::Conflict("events-offer-closed")),
    }
}

async fn accept(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>, Form(form): Form<OfferForm>) -> AppResult<Response> {
    answer(&state, &ctx, &token, &form, true).await
}

async fn decline(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>, Form(form): Form<OfferForm>) -> AppResult<Response> {
    answer(&state, &ctx, &token, &form, false).await
}

/// Accept (`true`) or decline the open offer of the booking `token` at `now`.
pub async fn accept_or_decline(state: &AppState, token: &str, accept: bool, now: i64) -> Result<Answer, sqlx::Error> {
    let Some(id) = super::booking_id(state, token, now).await? else { return Ok(Answer::NoOffer) };
    store::answer_offer(&state.db, &Site::of(state), id, accept, now).await
}

/// Expire every offer past its deadline, each event in its own transaction, and offer the
/// freed places to the next ones. Returns how many offers expired.
pub async fn expire_offers(state: &AppState) -> Result<u64, sqlx::Error> {
    expire_offers_at(state, state.now()).await
}

/// `expire_offers` as if it were `now` (tests move time forward with it).
pub async fn expire_offers_at(state: &AppState, now: i64) -> Result<u64, sqlx::Error> {
    let site = Site::of(state);
    let mut expired = 0;
    for event_id in store::events_with_expired_offers(&state.db, now).await? {
        // One event that fails (logged) never holds up the others' offers.
        match store::expire_event_offers(&state.db, &site, event_id, now).await {
            Ok(n) => expired += n,
            Err(e) => tracing::error!(event = event_id, error = %e, "expiring an event's offers failed"),
        }
    }
    Ok(expired)
}
