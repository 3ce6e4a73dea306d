//! The mail outbox: e-mails go out exactly once per change, and a mail server that is down
//! delays mail but loses none.
//!
//! A change (a registration, a cancellation, a promotion) inserts its message with `enqueue`
//! in its own transaction, so the change and its e-mail commit together or not at all; the
//! message's `dedup_key` (`ON CONFLICT DO NOTHING`) makes a retried change insert it once.
//! `deliver_due`, run every few seconds by the maintenance task, claims due messages with a
//! conditional UPDATE (`… WHERE id = $1 AND status IN ('pending', 'sending') AND
//! next_attempt_at <= $now`): one instance among several wins each row, with the same SQL on
//! both engines. The claim is a lease: a message left `sending` by an instance that died is
//! taken again once the lease has run out. A failure keeps the message pending with an
//! exponential backoff; after `MAX_ATTEMPTS` it is marked failed and logged.
//!
//! Transports: without `smtp_url`, each message is written as a real .eml file under
//! `<data_dir>/outbox/` (the default, for a first start and for tests); with it, real SMTP
//! through lettre (implicit TLS for smtps://, STARTTLS required for smtp://, except on the
//! loopback where a plain connection is allowed for local relays and tests).

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::core::web::AppState;

mod store;
pub use store::{delivery_state, discard_queued_after, enqueue, enqueue_many, last_id, unsent_count};

/// Attempts before a message is marked failed (about three days with the backoff below).
pub const MAX_ATTEMPTS: i64 = 20;
/// How long a claimed message stays with the instance that claimed it.
const LEASE_SECONDS: i64 = 300;

/// A message to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    /// What makes it unique, e.g. "registration:12:confirmed".
    pub dedup_key: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// An iCalendar object attached as `invitation.ics`, with its METHOD.
    pub ics: Option<(String, IcsMethod)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IcsMethod {
    Request,
    Cancel,
}

impl IcsMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            IcsMethod::Request => "REQUEST",
            IcsMethod::Cancel => "CANCEL",
        }
    }
}

/// What `deliver_due` did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub failed: usize,
}

/// Send the messages that are due; failures stay pending with a later attempt time.
pub async fn deliver_due(state: &AppState) -> anyhow::Result<Delivery> {
    let now = state.now();
    let ids = store::due_ids(&state.db, now).await?;
    let transport = Transport::from_config(state)?;
    let mut done = Delivery::default();
    for id in ids {
        let Some((mail, attempts)) = store::claim(&state.db, id, now, now + LEASE_SECONDS).await? else { continue };
        let result = match build_message(state, &mail) {
            Ok(message) => transport.send(id, &mail, message).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => {
                store::mark_sent(&state.db, id, state.now()).await?;
                done.sent += 1;
            }
            Err(e) => {
                let attempts = attempts + 1;
                let status = if attempts >= MAX_ATTEMPTS { "failed" } else { "pending" };
                if status == "failed" {
                    tracing::error!(mail = id, error = %e, "e-mail given up after {MAX_ATTEMPTS} attempts");
                } else {
                    tracing::warn!(mail = id, attempts, error = %e, "e-mail not sent, will retry");
                }
                store::mark_attempt(&state.db, id, status, attempts, state.now() + backoff(attempts), &e.to_string()).await?;
                done.failed += 1;
            }
        }
    }
    Ok(done)
}

/// How long a delivered (or given-up) message is kept: its copy holds personal data (the
/// address, names, a booking's accessibility needs), so it goes after this.
pub const KEEP_DELIVERED_SECS: i64 = 30 * 86_400;

/// Forget messages sent or given up before `before`, and the file outbox's copies of that
/// age (by modification time). Pending messages are never touched. Returns the rows removed.
pub async fn purge_delivered(state: &AppState, before: i64) -> anyhow::Result<u64> {
    let removed = store::delete_delivered(&state.db, before).await?;
    let dir = state.config.data_dir.join("outbox");
    if let Ok(mut entries) = tokio::fs::read_dir(&dir).await {
        let cutoff = std::time::UNIX_EPOCH + std::time::Duration::from_secs(before.max(0) as u64);
        while let Some(entry) = entries.next_entry().await? {
            let is_old = entry.metadata().await.ok().and_then(|m| m.modified().ok()).is_some_and(|t| t < cutoff);
            if is_old && entry.path().extension().is_some_and(|e| e == "eml") {
                tokio::fs::remove_file(entry.path()).await?;
            }
        }
    }
    Ok(removed)
}

/// Seconds before the next attempt: 30 s doubling, at most 6 hours.
pub fn backoff(attempts: i64) -> i64 {
    (30_i64 << attempts.clamp(0, 10)).min(6 * 3600)
}

/// The site's host name, from its public address (for the sender address and UIDs).
pub fn site_host(public_url: &str) -> String {
    let rest = public_url.split_once("://").map_or(public_url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = if host.starts_with('[') { host } else { host.split(':').next().unwrap_or(host) };
    if host.is_empty() { "essaim.invalid".to_string() } else { host.to_ascii_lowercase() }
}

/// The real RFC 5322 message: a text part (and HTML if any), the .ics as an attachment.
pub fn build_message(state: &AppState, mail: &Mail) -> anyhow::Result<Message> {
    let host = site_host(&state.config.public_url);
    let from: Mailbox =
        format!("essaim <ne-pas-repondre@{host}>").parse().or_else(|_| "essaim <ne-pas-repondre@essaim.invalid>".parse())?;
    let to: Mailbox = mail.to.parse()?;
    // A stable Message-ID: a message sent again after a crash is recognisably the same.
    let local: String = mail.dedup_key.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '.' }).collect();
    let builder =
        Message::builder().from(from).to(to).subject(mail.subject.clone()).message_id(Some(format!("<{local}@{host}>"))).date_now();
    let body = match &mail.html {
        Some(html) => MultiPart::alternative_plain_html(mail.text.clone(), html.clone()),
        None => MultiPart::mixed().singlepart(SinglePart::plain(mail.text.clone())),
    };
    let message = match &mail.ics {
        Some((ics, method)) => {
            let kind = ContentType::parse(&format!("text/calendar; charset=utf-8; method={}", method.as_str()))?;
            let attachment = Attachment::new("invitation.ics".to_string()).body(ics.clone(), kind);
            builder.multipart(MultiPart::mixed().multipart(body).singlepart(attachment))?
        }
        None => builder.multipart(body)?,
    };
    Ok(message)
}

/// Where `smtp_url` points.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpTarget {
    pub implicit_tls: bool,
    pub host: String,
    pub port: u16,
    pub user: Option<String>,
    pub password: Option<String>,
}

impl SmtpTarget {
    fn is_loopback(&self) -> bool {
        matches!(self.host.as_str(), "localhost" | "127.0.0.1" | "::1" | "[::1]")
    }
}

/// Parse `smtp://user:pass@host:port` or `smtps://…`; the error says what is wrong.
pub fn parse_smtp_url(url: &str) -> Result<SmtpTarget, String> {
    let url = url.trim();
    let (implicit_tls, rest) = if let Some(r) = url.strip_prefix("smtps://") {
        (true, r)
    } else if let Some(r) = url.strip_prefix("smtp://") {
        (false, r)
    } else {
        return Err("must start with smtp:// or smtps://".to_string());
    };
    let rest = rest.trim_end_matches('/');
    let (userinfo, hostport) = match rest.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, rest),
    };
    let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
    let (user, password) = match userinfo {
        Some(u) => match u.split_once(':') {
            Some((u, p)) => (Some(decode(u)), Some(decode(p))),
            None => (Some(decode(u)), None),
        },
        None => (None, None),
    };
    let default_port = if implicit_tls { 465 } else { 587 };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || !p.is_empty() => {
            (h.to_string(), p.parse::<u16>().map_err(|_| format!("\"{p}\" is not a port number"))?)
        }
        _ => (hostport.to_string(), default_port),
    };
    if host.is_empty() || host.contains(['/', '?', ' ']) {
        return Err("needs a host name, as in smtp://user:password@mail.example.org:587".to_string());
    }
    Ok(SmtpTarget { implicit_tls, host, port, user, password })
}

enum Transport {
    Files(std::path::PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl Transport {
    fn from_config(state: &AppState) -> anyhow::Result<Transport> {
        let Some(url) = &state.config.smtp_url else {
            return Ok(Transport::Files(state.config.data_dir.join("outbox")));
        };
        let t = parse_smtp_url(url).map_err(|m| anyhow::anyhow!("ESSAIM_SMTP_URL: {m}"))?;
        let mut builder = if t.implicit_tls {
            AsyncSmtpTransport::<Tokio1Executor>::relay(&t.host)?
        } else if t.is_loopback() {
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(t.host.clone())
        } else {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&t.host)?
        };
        builder = builder.port(t.port).timeout(Some(Duration::from_secs(20)));
        if let (Some(user), Some(password)) = (t.user, t.password) {
            builder = builder.credentials(Credentials::new(user, password));
        }
        Ok(Transport::Smtp(builder.build()))
    }

    async fn send(&self, id: i64, mail: &Mail, message: Message) -> anyhow::Result<()> {
        match self {
            Transport::Smtp(smtp) => {
                smtp.send(message).await?;
            }
            Transport::Files(dir) => {
                tokio::fs::create_dir_all(dir).await?;
                let safe: String = mail.dedup_key.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
                // Named by row: a message delivered again after a crash replaces its file.
                let path = dir.join(format!("{id:08}-{safe}.eml"));
                let tmp = dir.join(format!(".{id:08}.tmp"));
                tokio::fs::write(&tmp, message.formatted()).await?;
                tokio::fs::rename(&tmp, &path).await?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls() {
        let t = parse_smtp_url("smtp://u%40x:p%3Aw@mail.example.org:2525").unwrap();
        assert_eq!((t.implicit_tls, t.host.as_str(), t.port), (false, "mail.example.org", 2525));
        assert_eq!((t.user.as_deref(), t.password.as_deref()), (Some("u@x"), Some("p:w")));
        let t = parse_smtp_url("smtps://mail.example.org").unwrap();
        assert_eq!((t.implicit_tls, t.port, t.user), (true, 465, None));
        assert!(parse_smtp_url("http://x").is_err());
        assert!(parse_smtp_url("smtp://h:port").is_err());
        assert!(parse_smtp_url("smtp://").is_err());
    }

    #[test]
    fn hosts_and_backoff() {
        assert_eq!(site_host("https://reseau.example:8443/x"), "reseau.example");
        assert_eq!(site_host("http://127.0.0.1:8080"), "127.0.0.1");
        assert_eq!(backoff(0), 30);
        assert_eq!(backoff(1), 60);
        assert_eq!(backoff(30), 6 * 3600);
    }
}
