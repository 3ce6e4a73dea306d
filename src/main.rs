//! The `essaim` command: serve the site, migrate the database, manage accounts, import, seed.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use essaim::Config;
use essaim::core::auth::{self, Role};
use essaim::core::db::Db;

#[derive(Parser)]
#[command(
    name = "essaim",
    version,
    about = "The platform a network of associations runs on: news, events, calls for projects, surveys, programs and impact."
)]
struct Cli {
    /// A TOML configuration file (otherwise ESSAIM_CONFIG, if set).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site (the default). Migrates the database and, on the first start, adds the demo content (unless ESSAIM_DEMO=false) and a first administrator.
    Serve,
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// A person's data, found by their e-mail address in every part of the site: export it or erase it.
    People {
        #[command(subcommand)]
        command: PeopleCommand,
    },
    /// Bring content over from another system.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Fill the database with a large generated data set, for benchmarks.
    ///
    /// Writes through essaim's own functions, as the back office and the booking form do:
    /// clubs (each with an editor who has no password), categories, tags, news posts over
    /// twenty years with French-looking titles and Markdown bodies (rendered, indexed for
    /// search, filed under their categories and tags), approved comments spread unevenly (one
    /// post on the first archive page has exactly 50), events over the past twenty years and
    /// the next twelve months, and their registrations through the booking path (seats never
    /// beyond capacity, waiting lists when full). The same seed gives the same data set.
    /// Rows are written 1,000 a transaction; progress goes to stderr every few seconds; the
    /// summary (counts, seconds, and the addresses a benchmark reads) to stdout, one
    /// `key value` line each.
    ///
    /// The bookings' e-mails are dropped as they are queued (a generated history was told
    /// long ago), and the maintenance a live site runs hourly is caught up at the end (past
    /// bookings anonymised, old commenters' addresses blanked). Run it alone, before serving,
    /// and serve with ESSAIM_DEMO=false. It refuses a database that already has posts
    /// unless --force is given.
    Seed {
        /// News posts, all published.
        #[arg(long, default_value_t = 1_000_000)]
        posts: u64,
        /// Approved comments, spread unevenly over the posts.
        #[arg(long, default_value_t = 3_000_000)]
        comments: u64,
        /// Clubs: a national one and one per city.
        #[arg(long, default_value_t = 20)]
        clubs: u64,
        /// Categories, shared by all clubs; one or two a post.
        #[arg(long, default_value_t = 12)]
        categories: u64,
        /// Tags, named after the commonest words; up to four a post.
        #[arg(long, default_value_t = 200)]
        tags: u64,
        /// Events; the last one is left empty and open for registration (100 places).
        #[arg(long, default_value_t = 10_000)]
        events: u64,
        /// Bookings of one to four seats (confirmed, or waiting when the event is full).
        #[arg(long, default_value_t = 1_000_000)]
        registrations: u64,
        /// Multiply posts, comments, events and registrations by this (0.01 for a
        /// hundredth); clubs, categories and tags stay.
        #[arg(long, default_value_t = 1.0)]
        scale: f64,
        /// The random generator's seed.
        #[arg(long, default_value_t = 2024)]
        seed: u64,
        /// Add the data set to a database that already has posts.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum PeopleCommand {
    /// Print everything the site holds for an e-mail address as one JSON document (stdout).
    Export {
        /// The person's e-mail address.
        #[arg(long)]
        email: String,
    },
    /// Erase everything the site holds for an e-mail address, in one transaction: names,
    /// addresses, needs and answers are erased; bookings keep their seats and status (the
    /// events' counts stay), comments stay in their threads without an author, the account
    /// is disabled without a name or address, e-mails to the address are deleted.
    Erase {
        /// The person's e-mail address.
        #[arg(long)]
        email: String,
        /// Confirm: nothing is erased without it.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import a WordPress site from its export file (WordPress: Tools > Export > All content).
    ///
    /// Carries over authors (as people without passwords), categories with their hierarchy,
    /// tags, posts, pages with their hierarchy, comments with their threads, featured images
    /// and media, and records every old address (permalinks, ?p=123, categories, tags, feeds,
    /// archives, attachment pages) so that it answers 301 to its new home on whatever domain
    /// now serves the site. Drafts, pending, private and password-protected content stay
    /// unpublished; scheduled posts stay scheduled; spam stays spam; trash is left out.
    ///
    /// Everything is written in one transaction: a broken file (truncated, not XML, wrong
    /// encoding, not a WordPress export) stops with the line at fault and changes nothing.
    /// Importing the same file again changes nothing; importing a newer export updates what
    /// changed. The summary is printed and kept in the database (table import_reports).
    #[command(name = "wordpress")]
    Wordpress {
        /// The export file (WXR, .xml).
        file: PathBuf,
        /// The club the content belongs to (its slug); by default the national club, or the only club, or none.
        #[arg(long)]
        club: Option<String>,
        /// A copy of the site's wp-content/uploads folder: files found there go into the media library.
        #[arg(long, value_name = "DIR")]
        media: Option<PathBuf>,
        /// Report what would happen, and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account (or add a role to an existing one) and print its password.
    Create {
        /// The person's e-mail address (their login).
        #[arg(long)]
        email: String,
        /// network_admin, club_admin, editor or member.
        #[arg(long)]
        role: String,
        /// The club the role is limited to (its slug); none for the whole network.
        #[arg(long)]
        club: Option<String>,
        /// The person's name (defaults to the e-mail).
        #[arg(long)]
        name: Option<String>,
        /// The password; a random one is generated and printed if absent (or read ESSAIM_USER_PASSWORD).
        #[arg(long, env = "ESSAIM_USER_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// Issue a personal API token for an existing account and print it (shown once: only its
    /// hash is kept). It acts with the account's rights; revoke it in the back office.
    Token {
        /// The account's e-mail address.
        #[arg(long)]
        email: String,
        /// What the token is for, shown in the back office's list of tokens.
        #[arg(long, default_value = "command line")]
        name: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load(cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("essaim: {e}");
            return ExitCode::from(2);
        }
    };
    init_logs(&config);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("essaim: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => serve(config).await,
            Command::Migrate => migrate(config).await,
            Command::User { command: UserCommand::Create { email, role, club, name, password } } => {
                create_user(config, email, role, club, name, password).await
            }
            Command::User { command: UserCommand::Token { email, name } } => issue_token(config, email, name).await,
            Command::People { command } => people(config, command).await,
            Command::Import { command: ImportCommand::Wordpress { file, club, media, dry_run } } => {
                import_wordpress(config, file, club, media, dry_run).await
            }
            Command::Seed { posts, comments, clubs, categories, tags, events, registrations, scale, seed: rng_seed, force } => {
                let params = essaim::modules::seed::Params {
                    posts,
                    comments,
                    clubs,
                    categories,
                    tags,
                    events,
                    registrations,
                    force,
                    seed: rng_seed,
                };
                seed(config, params, scale).await
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("essaim: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logs(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("ESSAIM_LOG").unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if config.log_format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    tracing::info!(config = ?config, "starting");
    let public_url = config.public_url.clone();
    let app = essaim::build(config).await?;
    let addr = app.local_addr()?;
    println!("essaim serves http://{addr} (public address {public_url})");
    if let Some((email, password)) = &app.first_admin {
        println!();
        println!("First administrator, shown once:");
        println!("  login:    {email}");
        println!("  password: {password}");
        println!("  sign in:  {public_url}/admin/connexion");
        println!();
    }
    app.serve(shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

async fn migrate(config: Config) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    println!("database is up to date");
    Ok(())
}

async fn import_wordpress(
    config: Config,
    file: PathBuf,
    club: Option<String>,
    media: Option<PathBuf>,
    dry_run: bool,
) -> anyhow::Result<()> {
    use essaim::modules::wordpress;
    if let Some(dir) = &media
        && !dir.is_dir()
    {
        anyhow::bail!("--media: {} is not a folder", dir.display());
    }
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    let tz = jiff::tz::TimeZone::get(&config.timezone)?;
    let catalog = std::sync::Arc::new(essaim::core::i18n::Catalog::load()?);
    let site = wordpress::Site {
        db: &db,
        tr: essaim::core::i18n::Tr::new(catalog, essaim::core::i18n::Locale::Fr, tz),
        now: jiff::Timestamp::now().as_second(),
    };
    let opts = wordpress::Options { club, media_dir: media, dry_run };
    let is_tty = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let progress = move |phase: &str, done: u64, total: u64| {
        if is_tty && total > 0 {
            let pct = (done.min(total) * 100) / total;
            eprint!("\r{phase:<8} {pct:>3}% ");
        }
    };
    let result = wordpress::import(&site, &file, &opts, &progress).await;
    if is_tty {
        eprint!("\r{:<20}\r", "");
    }
    if result.is_ok() && !dry_run {
        // Running servers stop showing the pages they rendered before the import.
        essaim::core::cache::content_changed_elsewhere(&db).await?;
    }
    db.close().await;
    let summary = result.map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    // A closed pipe (`| head`) is not an error of the import.
    let _ = std::io::Write::write_all(&mut std::io::stdout(), summary.to_text().as_bytes());
    Ok(())
}

async fn people(config: Config, command: PeopleCommand) -> anyhow::Result<()> {
    use essaim::core::people;
    let (raw, erase, yes) = match command {
        PeopleCommand::Export { email } => (email, false, false),
        PeopleCommand::Erase { email, yes } => (email, true, yes),
    };
    let email = people::parse_email(&raw).map_err(|_| anyhow::anyhow!("--email: \"{raw}\" is not an e-mail address"))?;
    if erase && !yes {
        anyhow::bail!("erasing cannot be undone: add --yes to confirm");
    }
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    let modules = essaim::core::module::Modules::new(essaim::modules::all());
    let now = jiff::Timestamp::now().as_second();
    let secret = essaim::core::db::get_setting(&db, "secret_key").await?.unwrap_or_default();
    let sign = |data: &str| essaim::core::auth::hmac_base64(secret.as_bytes(), data);
    let subject = essaim::core::audit::Subject { key: people::subject(sign, &email), label: "" };
    let actor = essaim::core::audit::Actor { user_id: None, name: "essaim people (command line)", ip: "", at: now };
    if erase {
        let changed = people::erase(&db, &modules, &config.data_dir, &email, now).await?;
        essaim::core::audit::record(&db, actor, "people.data.erase", &subject, &format!("records={changed}")).await?;
        // Running servers stop showing pages with the erased names.
        essaim::core::cache::content_changed_elsewhere(&db).await?;
        eprintln!("{changed} records erased for {email}");
    } else {
        let found = people::find(&db, &modules, &email).await?;
        essaim::core::audit::record(&db, actor, "people.data.export", &subject, &format!("records={}", found.records())).await?;
        let _ = std::io::Write::write_all(&mut std::io::stdout(), format!("{:#}\n", found.to_json(now)).as_bytes());
    }
    db.close().await;
    Ok(())
}

async fn seed(config: Config, params: essaim::modules::seed::Params, scale: f64) -> anyhow::Result<()> {
    if !scale.is_finite() || scale < 0.0 {
        anyhow::bail!("--scale: a positive number, such as 0.01");
    }
    let params = params.scaled(scale);
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    let backend = match db.kind() {
        essaim::core::db::DbKind::Sqlite => "SQLite",
        essaim::core::db::DbKind::Postgres => "PostgreSQL",
    };
    eprintln!(
        "seed: {} posts, {} comments, {} clubs, {} categories, {} tags, {} events, {} registrations into {backend}",
        params.posts, params.comments, params.clubs, params.categories, params.tags, params.events, params.registrations
    );
    let now = jiff::Timestamp::now().as_second();
    let result = essaim::modules::seed::run(&db, &config, &params, now, &|line| eprintln!("{line}")).await;
    db.close().await;
    let summary = result?;
    let _ = std::io::Write::write_all(&mut std::io::stdout(), summary.to_text().as_bytes());
    Ok(())
}

async fn create_user(
    config: Config,
    email: String,
    role: String,
    club: Option<String>,
    name: Option<String>,
    password: Option<String>,
) -> anyhow::Result<()> {
    let role =
        Role::parse(&role).ok_or_else(|| anyhow::anyhow!("--role: \"{role}\" must be one of network_admin, club_admin, editor, member"))?;
    if essaim::core::values::Email::parse(&email).is_err() {
        anyhow::bail!("--email: \"{email}\" is not an e-mail address");
    }
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    let club_id = match &club {
        None => None,
        Some(slug) => Some(
            essaim::modules::network::get_club_by_slug(&db, slug)
                .await?
                .ok_or_else(|| anyhow::anyhow!("--club: no club has the slug \"{slug}\""))?
                .id,
        ),
    };
    if role == Role::ClubAdmin && club_id.is_none() {
        // A club administrator without a club administers every club: say so plainly.
        eprintln!("note: no --club given, the role applies to the whole network");
    }
    let generated = password.is_none();
    let password = password.unwrap_or_else(|| auth::random_token()[..20].to_string());
    if password.chars().count() < 12 {
        anyhow::bail!("--password: at least 12 characters");
    }
    let now = jiff::Timestamp::now().as_second();
    let name = name.unwrap_or_else(|| email.clone());
    if auth::create_user(&db, &email, &name, &password, role, club_id, now).await?.is_none() {
        anyhow::bail!("--email: an account with \"{email}\" already exists; its password and role are unchanged");
    }
    println!(
        "account {email}: {} {}",
        role.as_str(),
        club.map(|c| format!("of club {c}")).unwrap_or_else(|| "of the whole network".into())
    );
    if generated {
        println!("password: {password}");
    }
    Ok(())
}

async fn issue_token(config: Config, email: String, name: String) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    let user_id = essaim::modules::network::user_id_by_email(&db, &email)
        .await?
        .ok_or_else(|| anyhow::anyhow!("--email: no account has the address \"{email}\""))?;
    let now = jiff::Timestamp::now().as_second();
    let (_, token) = essaim::modules::network::issue_api_token(&db, user_id, &name, user_id, now).await?;
    println!("token: {token}");
    Ok(())
}
