//! The `essaim` command: serve the site, migrate the database, manage accounts.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use essaim::core::auth::{self, Role};
use essaim::core::db::Db;
use essaim::Config;

#[derive(Parser)]
#[command(name = "essaim", version, about = "The platform a network of associations runs on: news, events, calls for projects, surveys, programs and impact.")]
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

async fn create_user(config: Config, email: String, role: String, club: Option<String>, name: Option<String>, password: Option<String>) -> anyhow::Result<()> {
    let role = Role::parse(&role).ok_or_else(|| anyhow::anyhow!("--role: \"{role}\" must be one of network_admin, club_admin, editor, member"))?;
    if !essaim::modules::news::model::is_valid_email(&email) {
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
    auth::upsert_user(&db, &email, &name, Some(&password), role, club_id, now).await?;
    println!("account {email}: {} {}", role.as_str(), club.map(|c| format!("of club {c}")).unwrap_or_else(|| "of the whole network".into()));
    if generated {
        println!("password: {password}");
    }
    Ok(())
}
