//! Host resolution for the client's ureq agent.
//!
//! ureq's default resolver starts a thread for every request once any timeout is configured (so
//! that a DNS lookup can time out), even when the host is an IP literal and the connection comes
//! from the keep-alive pool. Measured here that cost ~150 µs per call. This resolver answers IP
//! literals directly and caches hostname lookups for a minute, delegating misses to ureq's
//! default resolver so a slow DNS server still honours the connect timeout.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

const TTL: Duration = Duration::from_secs(60);

#[derive(Debug, Default)]
pub(crate) struct CachingResolver {
    default: DefaultResolver,
    cache: Mutex<HashMap<String, (ResolvedSocketAddrs, Instant)>>,
}

fn default_port(uri: &Uri) -> Option<u16> {
    match uri.scheme_str() {
        Some("https") => Some(443),
        Some("http") => Some(80),
        _ => None,
    }
}

impl Resolver for CachingResolver {
    fn resolve(&self, uri: &Uri, config: &Config, timeout: NextTimeout) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let Some(authority) = uri.authority() else {
            return self.default.resolve(uri, config, timeout);
        };
        let host = authority.host().trim_start_matches('[').trim_end_matches(']');
        if let (Ok(ip), Some(port)) = (host.parse::<IpAddr>(), authority.port_u16().or_else(|| default_port(uri))) {
            let mut out = self.empty();
            out.push(SocketAddr::new(ip, port));
            return Ok(out);
        }
        let key = authority.as_str().to_owned();
        if let Ok(cache) = self.cache.lock()
            && let Some((addrs, at)) = cache.get(&key)
            && at.elapsed() < TTL
        {
            return Ok(addrs.clone());
        }
        let addrs = self.default.resolve(uri, config, timeout)?;
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(key, (addrs.clone(), Instant::now()));
        }
        Ok(addrs)
    }
}
