//! The API tokens' screens: the list, a new token, revoking one.

use super::*;

pub(super) async fn tokens(State(state): State<AppState>, ctx: Ctx, Query(q): Query<FlashQuery>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let mut page = page(&state, &ctx, "network-tokens-title").await?;
    page.flash = flash(&ctx, &q);
    page.new_link = Some(("/admin/reseau/jetons/nouveau".into(), ctx.tr.t("network-token-new")));
    page.table = Some(token_table(&state, &ctx).await?);
    html(&page)
}

async fn token_table(state: &AppState, ctx: &Ctx) -> AppResult<Table> {
    let rows = store::list_api_tokens(&state.db)
        .await?
        .into_iter()
        .map(|t| Row {
            cells: vec![
                format!("{} <{}>", t.user_name, t.user_email),
                ctx.tr.datetime(t.created_at),
                t.last_used_at.map(|x| ctx.tr.datetime(x)).unwrap_or_else(|| ctx.tr.t("network-token-never")),
                t.revoked_at.map(|x| ctx.tr.datetime(x)).unwrap_or_default(),
            ],
            actions: if t.revoked_at.is_none() {
                vec![Action::post(ctx.tr.t("network-token-revoke"), format!("/admin/reseau/jetons/{}/revoquer", t.id), true)]
            } else {
                vec![]
            },
            link: None,
            name: t.name,
        })
        .collect();
    let columns =
        ["network-field-token-name", "network-field-person", "network-field-created", "network-field-last-used", "network-field-revoked"]
            .iter()
            .map(|k| ctx.tr.t(k))
            .collect();
    Ok(Table { caption: ctx.tr.t("network-tokens-title"), columns, rows })
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(super) struct TokenForm {
    csrf: String,
    name: String,
    user_id: String,
}

async fn token_form_page(state: &AppState, ctx: &Ctx, f: &TokenForm, errors: &[FieldError]) -> AppResult<Response> {
    let mut fs = fields(
        ctx,
        errors,
        vec![
            ("user_id", "network-field-person", "select", f.user_id.clone(), true),
            ("name", "network-field-token-name", "text", f.name.clone(), true),
        ],
    );
    if let Some(x) = fs.get_mut(0) {
        x.options = std::iter::once((String::new(), ctx.tr.t("network-choose")))
            .chain(
                store::list_users(&state.db)
                    .await?
                    .into_iter()
                    .filter(|u| !u.disabled)
                    .map(|u| (u.id.to_string(), format!("{} <{}>", u.name, u.email))),
            )
            .collect();
    }
    if let Some(x) = fs.get_mut(1) {
        x.hint = ctx.tr.t("network-token-name-hint");
    }
    let mut page = page(state, ctx, "network-tokens-title").await?;
    page.form = Some(form(ctx, "/admin/reseau/jetons/nouveau".into(), "network-token-legend", fs, errors));
    render(&page)
}

pub(super) async fn new_token(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    network_admin(&ctx)?;
    token_form_page(&state, &ctx, &TokenForm::default(), &[]).await
}

pub(super) async fn create_token(State(state): State<AppState>, ctx: Ctx, Form(f): Form<TokenForm>) -> AppResult<Response> {
    let me = network_admin(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    let mut errors = vec![];
    let name = f.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(FieldError { field: "name".into(), message: "field-required".into() });
    }
    let users = store::list_users(&state.db).await?;
    let user = f.user_id.trim().parse::<i64>().ok().and_then(|id| users.iter().find(|u| u.id == id && !u.disabled));
    if user.is_none() {
        errors.push(FieldError { field: "user_id".into(), message: "network-error-person".into() });
    }
    let Some(user) = user.filter(|_| errors.is_empty()) else {
        return token_form_page(&state, &ctx, &f, &errors).await;
    };
    let (_, token) = super::super::issue_api_token(&state.db, user.id, name, me.user_id, state.now()).await?;
    let mut page = page(&state, &ctx, "network-tokens-title").await?;
    page.secret = Some((ctx.tr.a("network-token-created", "name", &user.name), token));
    page.table = Some(token_table(&state, &ctx).await?);
    html(&page)
}

pub(super) async fn revoke_token(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> AppResult<Response> {
    network_admin(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    if !store::revoke_api_token(&state.db, id, state.now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/admin/reseau/jetons?ok=deleted"))
}
