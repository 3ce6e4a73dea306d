//! One typed configuration: defaults, then an optional TOML file, then `ESSAIM_…` variables.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The settings essaim runs with. Secrets never appear in `Debug` output.
#[derive(Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; defaults to `essaim.db` in the data folder.
    pub database_url: String,
    /// Fill an empty database with demo content on first start.
    pub demo: bool,
    /// The public address of the site, used for canonical URLs, feeds and the sitemap.
    pub public_url: String,
    /// Secure cookies with the `__Host-` prefix; on by default when `public_url` is https.
    pub secure_cookies: bool,
    /// The time zone in which dates are shown.
    pub timezone: String,
    /// `json` or `text` logs.
    pub log_format: String,
    /// Reverse proxies whose `X-Forwarded-For` is believed (the client's address comes from it).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// `smtp://user:password@host:port` (STARTTLS required) or `smtps://…` (implicit TLS);
    /// absent: e-mails are written as .eml files under `<data_dir>/outbox/`.
    pub smtp_url: Option<String>,
    /// Megabytes of rendered pages kept in memory (`ESSAIM_PAGE_CACHE_MB`, default 32; 0: off).
    pub page_cache_mb: usize,
    /// Days an audit log entry is kept before the hourly purge removes it (default 365).
    pub audit_retention_days: u32,
    /// The language the network writes its content in (posts, pages, names); pages in the
    /// other language mark that content with `lang` (`ESSAIM_CONTENT_LANG`, default fr).
    pub content_lang: crate::core::i18n::Locale,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("data_dir", &self.data_dir)
            .field("database", &redact_url(&self.database_url))
            .field("demo", &self.demo)
            .field("public_url", &self.public_url)
            .field("secure_cookies", &self.secure_cookies)
            .field("timezone", &self.timezone)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("smtp", &self.smtp_url.as_deref().map(redact_url))
            .field("page_cache_mb", &self.page_cache_mb)
            .field("audit_retention_days", &self.audit_retention_days)
            .field("content_lang", &self.content_lang)
            .finish()
    }
}

/// A database URL for logs: its scheme, host and database only (no user, password or
/// query string, where a password may also hide).
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return "***".to_string() };
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let host_and_db = rest.rsplit_once('@').map(|(_, h)| h).unwrap_or(rest);
    format!("{scheme}://{host_and_db}")
}

/// A setting that could not be understood; the message names it.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {setting}: {message}")]
pub struct ConfigError {
    pub setting: String,
    pub message: String,
}

fn bad(setting: &str, message: impl Into<String>) -> ConfigError {
    ConfigError { setting: setting.to_string(), message: message.into() }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<String>,
    data_dir: Option<String>,
    database_url: Option<String>,
    demo: Option<bool>,
    public_url: Option<String>,
    secure_cookies: Option<bool>,
    timezone: Option<String>,
    log_format: Option<String>,
    trusted_proxies: Option<String>,
    smtp_url: Option<String>,
    page_cache_mb: Option<usize>,
    audit_retention_days: Option<u32>,
    content_lang: Option<String>,
}

/// Raw values before parsing, from whichever layer set them last.
#[derive(Default)]
struct Raw {
    listen: Option<(String, String)>,
    data_dir: Option<(String, String)>,
    database_url: Option<(String, String)>,
    demo: Option<(String, String)>,
    public_url: Option<(String, String)>,
    secure_cookies: Option<(String, String)>,
    timezone: Option<(String, String)>,
    log_format: Option<(String, String)>,
    trusted_proxies: Option<(String, String)>,
    smtp_url: Option<(String, String)>,
    page_cache_mb: Option<(String, String)>,
    audit_retention_days: Option<(String, String)>,
    content_lang: Option<(String, String)>,
}

impl Config {
    /// Load from the optional TOML file (`ESSAIM_CONFIG` or the path given) and the environment.
    pub fn load(file: Option<&Path>) -> Result<Config, ConfigError> {
        Self::load_from(file, |name| std::env::var(name).ok())
    }

    /// Load with an explicit environment, for tests.
    pub fn load_from(file: Option<&Path>, env: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let mut raw = Raw::default();
        let file = file.map(Path::to_path_buf).or_else(|| env("ESSAIM_CONFIG").map(PathBuf::from));
        if let Some(path) = file {
            let text = std::fs::read_to_string(&path).map_err(|e| bad("ESSAIM_CONFIG", format!("cannot read {}: {e}", path.display())))?;
            let parsed: FileConfig = toml::from_str(&text).map_err(|e| bad(&path.display().to_string(), e.to_string()))?;
            let src = |k: &str| format!("{} ({k})", path.display());
            let set = |v: Option<String>, k: &str| v.map(|v| (src(k), v));
            raw.listen = set(parsed.listen, "listen");
            raw.data_dir = set(parsed.data_dir, "data_dir");
            raw.database_url = set(parsed.database_url, "database_url");
            raw.demo = set(parsed.demo.map(|b| b.to_string()), "demo");
            raw.public_url = set(parsed.public_url, "public_url");
            raw.secure_cookies = set(parsed.secure_cookies.map(|b| b.to_string()), "secure_cookies");
            raw.timezone = set(parsed.timezone, "timezone");
            raw.log_format = set(parsed.log_format, "log_format");
            raw.trusted_proxies = set(parsed.trusted_proxies, "trusted_proxies");
            raw.smtp_url = set(parsed.smtp_url, "smtp_url");
            raw.page_cache_mb = set(parsed.page_cache_mb.map(|n| n.to_string()), "page_cache_mb");
            raw.audit_retention_days = set(parsed.audit_retention_days.map(|n| n.to_string()), "audit_retention_days");
            raw.content_lang = set(parsed.content_lang, "content_lang");
        }
        let over = |slot: &mut Option<(String, String)>, name: &str| {
            if let Some(v) = env(name) {
                *slot = Some((name.to_string(), v));
            }
        };
        over(&mut raw.listen, "ESSAIM_LISTEN");
        over(&mut raw.data_dir, "ESSAIM_DATA_DIR");
        over(&mut raw.database_url, "ESSAIM_DATABASE_URL");
        over(&mut raw.demo, "ESSAIM_DEMO");
        over(&mut raw.public_url, "ESSAIM_PUBLIC_URL");
        over(&mut raw.secure_cookies, "ESSAIM_SECURE_COOKIES");
        over(&mut raw.timezone, "ESSAIM_TIMEZONE");
        over(&mut raw.log_format, "ESSAIM_LOG_FORMAT");
        over(&mut raw.trusted_proxies, "ESSAIM_TRUSTED_PROXIES");
        over(&mut raw.smtp_url, "ESSAIM_SMTP_URL");
        over(&mut raw.page_cache_mb, "ESSAIM_PAGE_CACHE_MB");
        over(&mut raw.audit_retention_days, "ESSAIM_AUDIT_RETENTION_DAYS");
        over(&mut raw.content_lang, "ESSAIM_CONTENT_LANG");
        Self::parse(raw)
    }

    fn parse(raw: Raw) -> Result<Config, ConfigError> {
        let listen = match raw.listen {
            None => SocketAddr::from(([127, 0, 0, 1], 8080)),
            Some((k, v)) => v.trim().parse().map_err(|_| bad(&k, format!("\"{v}\" is not an address and port such as 127.0.0.1:8080")))?,
        };
        let data_dir = match raw.data_dir {
            None => PathBuf::from("data"),
            Some((k, v)) if v.trim().is_empty() => return Err(bad(&k, "must not be empty")),
            Some((_, v)) => PathBuf::from(v),
        };
        let database_url = match raw.database_url {
            None => format!("sqlite://{}", data_dir.join("essaim.db").display()),
            Some((k, v)) => {
                let v = v.trim().to_string();
                if !(v.starts_with("sqlite:") || v.starts_with("postgres://") || v.starts_with("postgresql://")) {
                    return Err(bad(&k, "must start with sqlite:// or postgres://"));
                }
                v
            }
        };
        let demo = parse_bool(raw.demo, true)?;
        let public_url = match raw.public_url {
            None => format!("http://{listen}"),
            Some((k, v)) => {
                let v = v.trim().trim_end_matches('/').to_string();
                if !(v.starts_with("http://") || v.starts_with("https://")) || v.len() < 10 {
                    return Err(bad(&k, format!("\"{v}\" is not an http:// or https:// address")));
                }
                v
            }
        };
        let secure_cookies = parse_bool(raw.secure_cookies, public_url.starts_with("https://"))?;
        let timezone = match raw.timezone {
            None => "Europe/Paris".to_string(),
            Some((k, v)) => {
                jiff::tz::TimeZone::get(v.trim()).map_err(|_| bad(&k, format!("\"{v}\" is not a known time zone such as Europe/Paris")))?;
                v.trim().to_string()
            }
        };
        let log_format = match raw.log_format {
            None => "text".to_string(),
            Some((_, v)) if v == "json" || v == "text" => v,
            Some((k, v)) => return Err(bad(&k, format!("\"{v}\" must be json or text"))),
        };
        let trusted_proxies = match raw.trusted_proxies {
            None => vec![],
            Some((k, v)) => v
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().map_err(|_| bad(&k, format!("\"{s}\" is not an IP address such as 127.0.0.1"))))
                .collect::<Result<_, _>>()?,
        };
        let smtp_url = match raw.smtp_url {
            None => None,
            Some((_, v)) if v.trim().is_empty() => None,
            Some((k, v)) => {
                crate::core::mail::parse_smtp_url(&v).map_err(|m| bad(&k, m))?;
                Some(v.trim().to_string())
            }
        };
        let page_cache_mb = match raw.page_cache_mb {
            None => 32,
            Some((k, v)) => v
                .trim()
                .parse()
                .ok()
                .filter(|n: &usize| *n <= 4096)
                .ok_or_else(|| bad(&k, format!("\"{v}\" is not a number of megabytes from 0 (off) to 4096")))?,
        };
        let audit_retention_days = match raw.audit_retention_days {
            None => 365,
            Some((k, v)) => v
                .trim()
                .parse()
                .ok()
                .filter(|n: &u32| (1..=3650).contains(n))
                .ok_or_else(|| bad(&k, format!("\"{v}\" is not a number of days from 1 to 3650")))?,
        };
        let content_lang = match raw.content_lang {
            None => crate::core::i18n::Locale::Fr,
            Some((k, v)) => match v.trim() {
                "fr" => crate::core::i18n::Locale::Fr,
                "en" => crate::core::i18n::Locale::En,
                _ => return Err(bad(&k, format!("\"{v}\" must be fr or en"))),
            },
        };
        Ok(Config {
            listen,
            data_dir,
            database_url,
            demo,
            public_url,
            secure_cookies,
            timezone,
            log_format,
            trusted_proxies,
            smtp_url,
            page_cache_mb,
            audit_retention_days,
            content_lang,
        })
    }

    pub fn is_postgres(&self) -> bool {
        self.database_url.starts_with("postgres")
    }
}

fn parse_bool(raw: Option<(String, String)>, default: bool) -> Result<bool, ConfigError> {
    match raw {
        None => Ok(default),
        Some((k, v)) => match v.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(true),
            "0" | "false" | "no" | "off" => Ok(false),
            _ => Err(bad(&k, format!("\"{v}\" must be true or false"))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn defaults_serve_sqlite_on_8080() {
        let c = Config::load_from(None, env(&[])).unwrap();
        assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(c.database_url, "sqlite://data/essaim.db");
        assert!(c.demo);
        assert!(!c.secure_cookies);
    }

    #[test]
    fn a_wrong_value_names_the_setting() {
        let err = Config::load_from(None, env(&[("ESSAIM_LISTEN", "nowhere")])).unwrap_err();
        assert_eq!(err.setting, "ESSAIM_LISTEN");
        let err = Config::load_from(None, env(&[("ESSAIM_DEMO", "perhaps")])).unwrap_err();
        assert_eq!(err.setting, "ESSAIM_DEMO");
        let err = Config::load_from(None, env(&[("ESSAIM_DATABASE_URL", "mysql://x")])).unwrap_err();
        assert_eq!(err.setting, "ESSAIM_DATABASE_URL");
        let err = Config::load_from(None, env(&[("ESSAIM_TIMEZONE", "Mars/Olympus")])).unwrap_err();
        assert_eq!(err.setting, "ESSAIM_TIMEZONE");
        let err = Config::load_from(None, env(&[("ESSAIM_TRUSTED_PROXIES", "127.0.0.1, proxy")])).unwrap_err();
        assert_eq!(err.setting, "ESSAIM_TRUSTED_PROXIES");
        let ok = Config::load_from(None, env(&[("ESSAIM_TRUSTED_PROXIES", "127.0.0.1, ::1")])).unwrap();
        assert_eq!(ok.trusted_proxies.len(), 2);
        let err = Config::load_from(None, env(&[("ESSAIM_SMTP_URL", "mail.example.org")])).unwrap_err();
        assert_eq!(err.setting, "ESSAIM_SMTP_URL");
        for wrong in ["0", "-5", "a year", "4000"] {
            let err = Config::load_from(None, env(&[("ESSAIM_AUDIT_RETENTION_DAYS", wrong)])).unwrap_err();
            assert_eq!(err.setting, "ESSAIM_AUDIT_RETENTION_DAYS");
        }
        assert_eq!(Config::load_from(None, env(&[])).unwrap().audit_retention_days, 365);
        assert_eq!(Config::load_from(None, env(&[("ESSAIM_AUDIT_RETENTION_DAYS", "30")])).unwrap().audit_retention_days, 30);
        assert_eq!(Config::load_from(None, env(&[])).unwrap().content_lang, crate::core::i18n::Locale::Fr);
        assert_eq!(Config::load_from(None, env(&[("ESSAIM_CONTENT_LANG", "en")])).unwrap().content_lang, crate::core::i18n::Locale::En);
        assert!(Config::load_from(None, env(&[("ESSAIM_CONTENT_LANG", "de")])).is_err());
    }

    #[test]
    fn smtp_password_is_redacted() {
        let c = Config::load_from(None, env(&[("ESSAIM_SMTP_URL", "smtp://u:hunter2@mail.example.org:587")])).unwrap();
        assert!(c.smtp_url.is_some());
        assert!(!format!("{c:?}").contains("hunter2"));
    }

    #[test]
    fn file_then_environment() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("essaim.toml");
        std::fs::write(&path, "listen = \"127.0.0.1:9000\"\ndemo = false\npublic_url = \"https://reseau.example\"\n").unwrap();
        let c = Config::load_from(Some(&path), env(&[("ESSAIM_LISTEN", "0.0.0.0:8081")])).unwrap();
        assert_eq!(c.listen.to_string(), "0.0.0.0:8081");
        assert!(!c.demo);
        assert!(c.secure_cookies);
        std::fs::write(&path, "lisen = \"x\"\n").unwrap();
        assert!(Config::load_from(Some(&path), env(&[])).is_err());
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact_url("postgres://u:secret@h/db"), "postgres://h/db");
        assert_eq!(redact_url("postgres://u@h/db?password=secret"), "postgres://h/db");
        assert_eq!(redact_url("sqlite://data/essaim.db"), "sqlite://data/essaim.db");
    }
}
