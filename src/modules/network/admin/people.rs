//! The people's screens: accounts, their roles, disabling one.

use super::*;

fn role_label(ctx: &Ctx, role: &str, club: Option<&str>) -> String {
    let r = Role::parse(role).map(|r| ctx.tr.t(r.label_key())).unwrap_or_else(|| role.to_string());
    match club {
        Some(c) => format!("{r} ({c})"),
        None => r,
    }
}

pub(super) async fn users(State(state): State<AppState>, ctx: Ctx, Query(q): Query<FlashQuery>) -> AppResult<Response> {
    network_admin(&ctx)?;
    let mut page = page(&state, &ctx, "network-users-title").await?;
    page.flash = flash(&ctx, &q);
    page.new_link = Some(("/admin/reseau/personnes/nouvelle".into(), ctx.tr.t("network-user-new")));
    let rows: Vec<Row> = store::list_users(&state.db)
        .await?
        .into_iter()
        .map(|u| Row {
            link: Some(format!("/admin/reseau/personnes/{}", u.id)),
            cells: vec![
                u.email.clone(),
                u.roles.iter().map(|(r, c)| role_label(&ctx, r, c.as_deref())).collect::<Vec<_>>().join(", "),
                ctx.tr.t(if u.disabled { "network-user-disabled" } else { "network-user-active" }),
            ],
            actions: vec![],
            name: u.name,
        })
        .collect();
    let columns =
        ["network-field-name", "network-field-email", "network-field-roles", "network-field-state"].iter().map(|k| ctx.tr.t(k)).collect();
    audit::record(&state.db, &ctx, "network.people.view", &Subject::page("people"), &format!("rows={}", rows.len())).await?;
    page.table = Some(Table { caption: page.title.clone(), columns, rows });
    html(&page)
}

/// The role and club fields of the "new person" and "add a role" forms.
#[derive(serde::Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct RoleFields {
    role: String,
    club_id: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub(super) struct UserForm {
    csrf: String,
    name: String,
    email: String,
    role: String,
    club_id: String,
}

async fn role_fields(state: &AppState, ctx: &Ctx, errors: &[FieldError], r: &RoleFields) -> AppResult<Vec<Field>> {
    let mut f = fields(
        ctx,
        errors,
        vec![
            ("role", "network-field-role-name", "select", r.role.clone(), true),
            ("club_id", "network-field-club", "select", r.club_id.clone(), false),
        ],
    );
    if let Some(x) = f.get_mut(0) {
        x.options = Role::ALL.iter().map(|r| (r.as_str().to_string(), ctx.tr.t(r.label_key()))).collect();
    }
    if let Some(x) = f.get_mut(1) {
        x.hint = ctx.tr.t("network-club-hint");
        x.options = std::iter::once((String::new(), ctx.tr.t("network-whole-network")))
            .chain(store::list_clubs(&state.db).await?.into_iter().map(|c| (c.id.to_string(), c.name)))
            .collect();
    }
    Ok(f)
}

/// The role and its club; a network administrator's role has no club.
async fn check_role(state: &AppState, r: &RoleFields, errors: &mut Vec<FieldError>) -> AppResult<Option<(Role, Option<i64>)>> {
    let Some(role) = Role::parse(&r.role) else {
        errors.push(FieldError { field: "role".into(), message: "network-error-role".into() });
        return Ok(None);
    };
    let club = match r.club_id.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(id) if store::get_club(&state.db, id).await?.is_some() => Some(id),
            _ => {
                errors.push(FieldError { field: "club_id".into(), message: "network-error-club".into() });
                return Ok(None);
            }
        },
    };
    Ok(Some((role, if role == Role::NetworkAdmin { None } else { club })))
}

async fn user_form_page(state: &AppState, ctx: &Ctx, f: &UserForm, errors: &[FieldError]) -> AppResult<Response> {
    let mut fs = fields(
        ctx,
        errors,
        vec![
            ("name", "network-field-name", "text", f.name.clone(), true),
            ("email", "network-field-email", "email", f.email.clone(), true),
        ],
    );
    fs.extend(role_fields(state, ctx, errors, &RoleFields { role: f.role.clone(), club_id: f.club_id.clone() }).await?);
    let mut page = page(state, ctx, "network-users-title").await?;
    page.intro = ctx.tr.t("network-user-password-intro");
    page.form = Some(form(ctx, "/admin/reseau/personnes/nouvelle".into(), "network-user-legend", fs, errors));
    render(&page)
}

pub(super) async fn new_user(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    network_admin(&ctx)?;
    let f = UserForm { role: "editor".into(), ..Default::default() };
    user_form_page(&state, &ctx, &f, &[]).await
}

pub(super) async fn create_user(State(state): State<AppState>, ctx: Ctx, Form(f): Form<UserForm>) -> AppResult<Response> {
    network_admin(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    let mut errors = vec![];
    let name = f.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        errors.push(FieldError { field: "name".into(), message: "field-required".into() });
    }
    let email = f.email.trim().to_lowercase();
    if let Err(message) = crate::core::values::Email::parse(&email) {
        errors.push(FieldError { field: "email".into(), message: message.into() });
    } else if store::user_id_by_email(&state.db, &email).await?.is_some() {
        errors.push(FieldError { field: "email".into(), message: "network-error-email-taken".into() });
    }
    let grant = check_role(&state, &RoleFields { role: f.role.clone(), club_id: f.club_id.clone() }, &mut errors).await?;
    let Some((role, club)) = grant.filter(|_| errors.is_empty()) else {
        return user_form_page(&state, &ctx, &f, &errors).await;
    };
    let password = auth::random_token()[..16].to_string();
    // Created only if nobody has the address (another request may create it after the check):
    // an existing person's password and roles never change here.
    let Some(id) = auth::create_user(&state.db, &email, name, &password, role, club, state.now()).await? else {
        let errors = [FieldError { field: "email".into(), message: "network-error-email-taken".into() }];
        return user_form_page(&state, &ctx, &f, &errors).await;
    };
    let mut page = user_page(&state, &ctx, id, &[], &RoleFields::default()).await?;
    page.secret = Some((ctx.tr.a("network-user-password", "email", &email), password));
    html(&page)
}

async fn user_page(state: &AppState, ctx: &Ctx, id: i64, errors: &[FieldError], r: &RoleFields) -> AppResult<Page> {
    let user = store::list_users(&state.db).await?.into_iter().find(|u| u.id == id).ok_or(AppError::NotFound)?;
    let clubs = store::list_clubs(&state.db).await?;
    let mut page = page(state, ctx, "network-users-title").await?;
    page.title = user.name.clone();
    page.intro = format!("{} – {}", user.email, ctx.tr.t(if user.disabled { "network-user-disabled" } else { "network-user-active" }));
    let toggle = if user.disabled { ("network-user-enable", "activer", false) } else { ("network-user-disable", "desactiver", true) };
    let mut rows: Vec<Row> = user
        .roles
        .iter()
        .map(|(role, club)| {
            let club_id = club.as_ref().and_then(|n| clubs.iter().find(|c| &c.name == n)).map(|c| c.id.to_string()).unwrap_or_default();
            let mut remove = Action::post(ctx.tr.t("network-role-remove"), format!("/admin/reseau/personnes/{id}/roles/retirer"), true);
            remove.fields = vec![("role".into(), role.clone()), ("club_id".into(), club_id)];
            Row { name: role_label(ctx, role, club.as_deref()), link: None, cells: vec![], actions: vec![remove] }
        })
        .collect();
    rows.push(Row {
        name: ctx.tr.t("network-field-state"),
        link: None,
        cells: vec![],
        actions: vec![Action::post(ctx.tr.t(toggle.0), format!("/admin/reseau/personnes/{id}/{}", toggle.1), toggle.2)],
    });
    page.table = Some(Table { caption: ctx.tr.t("network-field-roles"), columns: vec![ctx.tr.t("network-field-roles")], rows });
    let fs = role_fields(state, ctx, errors, r).await?;
    let mut view = form(ctx, format!("/admin/reseau/personnes/{id}/roles"), "network-role-add", fs, errors);
    view.submit = ctx.tr.t("network-role-add");
    page.form = Some(view);
    Ok(page)
}

pub(super) async fn show_user(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<FlashQuery>,
) -> AppResult<Response> {
    network_admin(&ctx)?;
    let mut page = user_page(&state, &ctx, id, &[], &RoleFields { role: "editor".into(), club_id: String::new() }).await?;
    audit::record(&state.db, &ctx, "network.person.view", &Subject::new("user", id, ""), "").await?;
    page.flash = flash(&ctx, &q);
    html(&page)
}

#[derive(serde::Deserialize, Default)]
pub(super) struct RoleForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    role: RoleFields,
}

pub(super) async fn add_role(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>, Form(f): Form<RoleForm>) -> AppResult<Response> {
    network_admin(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    let user = store::list_users(&state.db).await?.into_iter().find(|u| u.id == id).ok_or(AppError::NotFound)?;
    let mut errors = vec![];
    match check_role(&state, &f.role, &mut errors).await? {
        Some((role, club)) => {
            auth::upsert_user(&state.db, &user.email, &user.name, None, role, club, state.now()).await?;
            Ok(see_other(&format!("/admin/reseau/personnes/{id}?ok=saved")))
        }
        None => render(&user_page(&state, &ctx, id, &errors, &f.role).await?),
    }
}

pub(super) async fn remove_role(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<RoleForm>,
) -> AppResult<Response> {
    let me = network_admin(&ctx)?;
    ctx.check_csrf(&f.csrf)?;
    let club = f.role.club_id.trim().parse::<i64>().ok();
    // A network administrator cannot remove their own administration (no lock-out).
    if id == me.user_id && f.role.role == Role::NetworkAdmin.as_str() {
        return Err(AppError::Conflict("network-error-self"));
    }
    if !store::remove_grant(&state.db, id, &f.role.role, club).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("/admin/reseau/personnes/{id}?ok=deleted")))
}

async fn set_disabled(state: &AppState, ctx: &Ctx, id: i64, csrf: &str, disabled: bool) -> AppResult<Response> {
    let me = network_admin(ctx)?;
    ctx.check_csrf(csrf)?;
    if id == me.user_id {
        return Err(AppError::Conflict("network-error-self"));
    }
    if !store::set_user_disabled(&state.db, id, disabled).await? {
        return Err(AppError::NotFound);
    }
    Ok(see_other(&format!("/admin/reseau/personnes/{id}?ok=saved")))
}

pub(super) async fn disable_user(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> AppResult<Response> {
    set_disabled(&state, &ctx, id, &f.csrf, true).await
}

pub(super) async fn enable_user(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> AppResult<Response> {
    set_disabled(&state, &ctx, id, &f.csrf, false).await
}
