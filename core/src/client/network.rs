//! The network side of a client: which certificate authorities it trusts and which proxy it uses.
//!
//! **Trust.** By default a client verifies servers with the platform's trust store (ureq's
//! `platform-verifier`: the OS store on Linux — which honours `SSL_CERT_FILE` / `SSL_CERT_DIR` —
//! the keychain on macOS, the certificate store on Windows). Where no store exists (a `scratch`
//! container without `ca-certificates`, Android) it falls back to the Mozilla roots compiled in.
//! [`ClientBuilder::ca_bundle`] adds CAs from a PEM file (a TLS-inspecting proxy's CA, a private
//! CA) to the platform's roots.
//!
//! **Proxy.** By default the usual environment variables apply: `HTTPS_PROXY` (for an `https`
//! base URL) or `HTTP_PROXY` (for `http`), then `ALL_PROXY`, each also in lower case; hosts in
//! `NO_PROXY` are reached directly. [`ClientBuilder::proxy`] sets one explicitly (`http://`,
//! `https://`, `socks4://`, `socks5://`, `socks5h://`, with optional `user:password@`), or
//! `"direct"` to ignore the environment. Proxy credentials are secrets: they never appear in
//! `Debug`, logs or errors.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use ureq::tls::{Certificate, PemItem, RootCerts};

use super::ClientBuilder;
use crate::error::{Error, Result};

/// Where the proxy setting comes from.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) enum ProxySetting {
    /// `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY` (and lower-case forms), with `NO_PROXY`.
    #[default]
    FromEnv,
    /// Never a proxy, whatever the environment says.
    Direct,
    /// This proxy URL (may hold credentials: never shown).
    Url(String),
}

/// Trust and proxy settings of a [`ClientBuilder`].
#[derive(Clone, Default)]
pub(crate) struct NetworkOptions {
    pub(crate) ca_bundle: Option<PathBuf>,
    pub(crate) ca_pem: Option<String>,
    pub(crate) proxy: ProxySetting,
    pub(crate) no_proxy: Option<String>,
}

impl fmt::Debug for NetworkOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let proxy = match &self.proxy {
            ProxySetting::FromEnv => "from environment".to_owned(),
            ProxySetting::Direct => "direct".to_owned(),
            ProxySetting::Url(url) => redact_proxy_url(url),
        };
        f.debug_struct("NetworkOptions")
            .field("ca_bundle", &self.ca_bundle)
            .field("ca_pem", &self.ca_pem.as_ref().map(|_| "<PEM>"))
            .field("proxy", &proxy)
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

impl ClientBuilder {
    /// Trusts the CA certificates in this PEM file in addition to the platform's trust store
    /// (for a TLS-inspecting proxy or a private CA). Read when the client is built: a missing
    /// file or one without a certificate is an `invalid_argument` error then.
    pub fn ca_bundle(mut self, path: impl Into<PathBuf>) -> Self {
        self.network.ca_bundle = Some(path.into());
        self
    }

    /// Like [`ClientBuilder::ca_bundle`], with the PEM text itself (one or more
    /// `-----BEGIN CERTIFICATE-----` blocks). Bindings use it for stores they export, such as the
    /// JVM's trust store.
    pub fn ca_pem(mut self, pem: impl Into<String>) -> Self {
        self.network.ca_pem = Some(pem.into());
        self
    }

    /// The proxy: `http://host:port`, `https://…`, `socks4://…`, `socks5://…` or `socks5h://…`,
    /// with optional `user:password@` (percent-encoded); or `"direct"` (also `"none"` or `""`)
    /// for no proxy even when the environment names one. Without this call the environment
    /// decides (see the [module docs](self)). `NO_PROXY` applies to an explicit proxy too.
    pub fn proxy(mut self, proxy: impl Into<String>) -> Self {
        let proxy = proxy.into();
        self.network.proxy = match proxy.trim().to_ascii_lowercase().as_str() {
            "" | "direct" | "none" => ProxySetting::Direct,
            _ => ProxySetting::Url(proxy.trim().to_owned()),
        };
        self
    }

    /// Hosts reached without the proxy, comma-separated as in `NO_PROXY` (`localhost`,
    /// `.internal.example`, `*.example.com`, `*`). Replaces the `NO_PROXY` environment variable.
    pub fn no_proxy(mut self, hosts: impl Into<String>) -> Self {
        self.network.no_proxy = Some(hosts.into());
        self
    }
}

/// Shows a proxy URL without its credentials: `http://<redacted>@host:port`.
pub(crate) fn redact_proxy_url(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let shown = match authority.rfind('@') {
        Some(at) => format!("<redacted>@{}", &authority[at + 1..]),
        None => authority.to_owned(),
    };
    if scheme.is_empty() { format!("{shown}{tail}") } else { format!("{scheme}://{shown}{tail}") }
}

/// The proxy's `user:password` in every form it may take in text (for redaction).
pub(crate) fn proxy_secrets(options: &NetworkOptions) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |url: &str| {
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let authority = &rest[..rest.find('/').unwrap_or(rest.len())];
        if let Some(at) = authority.rfind('@') {
            let userinfo = &authority[..at];
            let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
            for s in [userinfo, user, password] {
                if !s.is_empty() {
                    out.push(s.to_owned());
                    if let Ok(decoded) = percent_decode(s) {
                        out.push(decoded);
                    }
                }
            }
        }
    };
    if let ProxySetting::Url(url) = &options.proxy {
        add(url);
    }
    for name in ENV_PROXY_VARS {
        if let Ok(url) = std::env::var(name) {
            add(&url);
        }
    }
    out.sort();
    out.dedup();
    out
}

fn percent_decode(s: &str) -> std::result::Result<String, ()> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3).ok_or(())?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| ())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| ())
}

const ENV_PROXY_VARS: [&str; 6] = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"];

fn env_nonempty(name: &str) -> Option<String> {
    std::env::var(name).ok().map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// The proxy for a client whose base URL has `scheme`, or `None` for direct connections.
pub(crate) fn proxy(options: &NetworkOptions, scheme: &str) -> Result<Option<ureq::Proxy>> {
    let (url, from_env) = match &options.proxy {
        ProxySetting::Direct => return Ok(None),
        ProxySetting::Url(url) => (url.clone(), None),
        ProxySetting::FromEnv => {
            let names: [&str; 4] = if scheme == "https" {
                ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
            } else {
                ["http_proxy", "HTTP_PROXY", "ALL_PROXY", "all_proxy"]
            };
            match names.iter().find_map(|n| env_nonempty(n).map(|v| (v, *n))) {
                Some((url, name)) => (url, Some(name)),
                None => return Ok(None),
            }
        }
    };
    let invalid = |why: &str| {
        let source = from_env.map_or_else(|| "proxy".to_owned(), |n| format!("the {n} environment variable"));
        Error::InvalidArgument {
            reason: format!("{source} is not a usable proxy URL ({why}): {}", redact_proxy_url(&url)),
        }
    };
    let scheme_given = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
    if let Some(s) = &scheme_given
        && !matches!(s.as_str(), "http" | "https" | "socks" | "socks4" | "socks4a" | "socks5" | "socks5h")
    {
        return Err(invalid("the scheme must be http, https, socks4, socks4a, socks5 or socks5h"));
    }
    // ureq is lenient (an empty host or port 99999 pass): check the authority first.
    let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, _)) if !h.ends_with(']') && h.contains(':') => (host_port, None), // bare IPv6
        Some((h, p)) => (h, Some(p)),
        None => (host_port, None),
    };
    if host.trim_matches(['[', ']']).is_empty() {
        return Err(invalid("no host"));
    }
    if port.is_some_and(|p| !matches!(p.parse::<u16>(), Ok(1..))) {
        return Err(invalid("the port must be 1 to 65535"));
    }
    let parsed = ureq::Proxy::new(&url).map_err(|_| invalid("expected scheme://[user:password@]host[:port]"))?;
    let no_proxy = match &options.no_proxy {
        Some(list) => Some(list.clone()),
        None => env_nonempty("NO_PROXY").or_else(|| env_nonempty("no_proxy")),
    };
    // Rebuilt through the builder to attach the NO_PROXY entries (trimmed, unlike ureq's reader).
    let mut builder = ureq::Proxy::builder(parsed.protocol()).host(parsed.host()).port(parsed.port());
    if let Some(user) = parsed.username() {
        builder = builder.username(user);
    }
    if let Some(password) = parsed.password() {
        builder = builder.password(password);
    }
    for entry in no_proxy.iter().flat_map(|l| l.split(',')).map(str::trim).filter(|e| !e.is_empty()) {
        // `host:port` entries: the port is not compared, the host is.
        let host = entry.rsplit_once(':').filter(|(h, p)| !h.contains(':') && p.parse::<u16>().is_ok());
        builder = builder.no_proxy(host.map_or(entry, |(h, _)| h));
    }
    builder.build().map(Some).map_err(|_| invalid("expected scheme://[user:password@]host[:port]"))
}

/// The root certificates a client trusts.
pub(crate) fn root_certs(options: &NetworkOptions) -> Result<RootCerts> {
    let mut extra = Vec::new();
    if let Some(path) = &options.ca_bundle {
        let shown = path.display();
        let pem = std::fs::read(path).map_err(|e| Error::InvalidArgument {
            reason: format!("ca_bundle {shown} cannot be read: {}", e.kind()),
        })?;
        extra.extend(pem_certificates(&pem, &format!("ca_bundle {shown}"))?);
    }
    if let Some(pem) = &options.ca_pem {
        extra.extend(pem_certificates(pem.as_bytes(), "ca_pem")?);
    }
    if extra.is_empty() {
        return Ok(if platform_store_present() { RootCerts::PlatformVerifier } else { RootCerts::WebPki });
    }
    // The platform verifier cannot take extra roots through ureq: the same system roots it
    // would load (the same loader, so SSL_CERT_FILE / SSL_CERT_DIR apply), plus the extras.
    let mut certs: Vec<Certificate<'static>> = Vec::new();
    #[cfg(not(target_os = "android"))]
    certs.extend(
        rustls_native_certs::load_native_certs().certs.iter().map(|c| Certificate::from_der(c.as_ref()).to_owned()),
    );
    certs.extend(extra);
    Ok(RootCerts::Specific(Arc::new(certs)))
}

fn pem_certificates(pem: &[u8], what: &str) -> Result<Vec<Certificate<'static>>> {
    let mut certs = Vec::new();
    for item in ureq::tls::parse_pem(pem) {
        match item {
            Ok(PemItem::Certificate(c)) => certs.push(c.to_owned()),
            Ok(_) => {}
            Err(_) => {
                return Err(Error::InvalidArgument { reason: format!("{what} is not valid PEM") });
            }
        }
    }
    if certs.is_empty() {
        return Err(Error::InvalidArgument {
            reason: format!("{what} holds no PEM certificate (-----BEGIN CERTIFICATE-----)"),
        });
    }
    Ok(certs)
}

/// Whether the platform has a trust store the platform verifier can load. Linux and other
/// Unixes: a CA file or directory where OpenSSL would look (or `SSL_CERT_FILE` / `SSL_CERT_DIR`);
/// stat calls only. macOS and Windows always have one. Android needs JNI set-up the bindings do
/// not do, so it uses the bundled roots.
fn platform_store_present() -> bool {
    #[cfg(target_os = "android")]
    return false;
    #[cfg(all(unix, not(target_vendor = "apple"), not(target_os = "android")))]
    {
        let probe = openssl_probe::probe();
        return probe.cert_file.is_some() || !probe.cert_dir.is_empty();
    }
    #[allow(unreachable_code)]
    true
}

/// The text of a certificate failure: what is wrong, for which host, and what to do.
pub(crate) fn certificate_problem(error: &rustls::Error, host: &str) -> Option<String> {
    use rustls::CertificateError as C;
    let rustls::Error::InvalidCertificate(cert) = error else {
        return None;
    };
    let what = match cert {
        C::UnknownIssuer => "it is not issued by a trusted certificate authority (unknown issuer)".to_owned(),
        C::Expired | C::ExpiredContext { .. } => "it has expired".to_owned(),
        C::NotValidYet | C::NotValidYetContext { .. } => "it is not valid yet (check the clock)".to_owned(),
        C::NotValidForName | C::NotValidForNameContext { .. } => "it is not valid for this host name".to_owned(),
        C::Revoked => "it has been revoked".to_owned(),
        C::BadSignature => "its signature is invalid".to_owned(),
        other => format!("{other:?}"),
    };
    Some(format!(
        "TLS certificate problem for host {host}: {what}. If a proxy inspects TLS or the server uses a \
         private CA, give its CA certificate as ca_bundle (a PEM file) or add it to the system trust store \
         (on Linux also SSL_CERT_FILE / SSL_CERT_DIR)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_credentials_never_show() {
        assert_eq!(redact_proxy_url("http://user:p%40ss@proxy:3128"), "http://<redacted>@proxy:3128");
        assert_eq!(redact_proxy_url("socks5://u@h:1080/x"), "socks5://<redacted>@h:1080/x");
        assert_eq!(redact_proxy_url("proxy:3128"), "proxy:3128");
        let options =
            NetworkOptions { proxy: ProxySetting::Url("http://us3r:p%40ss@h:1".into()), ..Default::default() };
        let secrets = proxy_secrets(&options);
        for s in ["us3r:p%40ss", "us3r", "p%40ss", "p@ss"] {
            assert!(secrets.iter().any(|x| x == s), "{s} in {secrets:?}");
        }
        assert!(!format!("{options:?}").contains("p%40ss"));
    }

    #[test]
    fn bad_proxy_urls_are_invalid_arguments_without_credentials() {
        for url in ["ftp://user:secretpw@h:1", "http://user:secretpw@:99999"] {
            let options = NetworkOptions { proxy: ProxySetting::Url(url.into()), ..Default::default() };
            let e = proxy(&options, "https").expect_err(url);
            assert_eq!(e.code(), "invalid_argument", "{url}");
            assert!(!e.to_string().contains("secretpw"), "{e}");
        }
    }

    #[test]
    fn direct_means_no_proxy() {
        let options = NetworkOptions { proxy: ProxySetting::Direct, ..Default::default() };
        assert!(proxy(&options, "https").unwrap().is_none());
    }
}
