//! The shared token store against the real sandbox (one live token per merchant) and a real
//! `redis-server`: many clients (each with its own in-process cache, as separate processes have)
//! share one token; private `memory` tokens knock each other out; compare-and-delete; an
//! unreachable store is a `token_store` error unless the fallback is opted into.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Duration;

use support::redis::RedisServer;
use support::{Env, amount, unique};
use wcheckout::model::*;
use wcheckout::{Client, Error};
use wcheckout_sandbox::SandboxConfig;

fn env() -> Env {
    // Supersede (the default): a new token makes the previous one invalid.
    Env::with(SandboxConfig { time_scale: 0.001, ..SandboxConfig::default() })
}

fn counts(env: &Env) -> (u64, u64) {
    let c = env.state()["counts"].clone();
    (c["tokensIssued"].as_u64().unwrap(), c["tokenRejections"].as_u64().unwrap())
}

fn temp_dir(tag: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("wcheckout-{tag}-{}", unique("")))
}

/// `workers` clients, each on its own thread with its own client (its own in-process token
/// cache, as a separate process has), make `calls` calls each at once; returns the failures.
fn hammer(env: &Env, store: &str, workers: usize, calls: usize) -> Vec<Error> {
    let clients: Vec<Client> = (0..workers).map(|_| env.builder().token_store(store).build().unwrap()).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = clients
            .iter()
            .map(|c| {
                s.spawn(move || {
                    let mut failed = Vec::new();
                    for i in 0..calls {
                        let r = if i % 4 == 0 {
                            let req = CreateCheckoutOrderRequest::new(unique("H"), amount("1"), "c", Token::EthUsdt);
                            c.create_checkout_order(&req, None).map(drop)
                        } else {
                            c.list_checkout_orders(&ListCheckoutOrdersRequest {
                                page_size: Some(1),
                                ..Default::default()
                            })
                            .map(drop)
                        };
                        if let Err(e) = r {
                            failed.push(e);
                        }
                    }
                    failed
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    })
}

#[test]
fn redis_store_one_token_for_every_client_and_no_failure() {
    let Some(redis) = RedisServer::start() else { return };
    let env = env();
    let failed = hammer(&env, &redis.url(), 6, 40);
    assert!(failed.is_empty(), "{failed:?}");
    assert_eq!(counts(&env), (1, 0), "one token issued, never refused");
    // The key is namespaced by a hash, and holds the token and its expiry only.
    let keys = redis.command("KEYS wcheckout:token:*");
    assert!(!keys.contains("demo_api_key") && keys.contains("wcheckout:token:"), "{keys}");
}

#[test]
fn file_store_one_token_for_every_client() {
    let dir = temp_dir("tokens");
    let env = env();
    let failed = hammer(&env, &format!("file://{}", dir.display()), 6, 40);
    assert!(failed.is_empty(), "{failed:?}");
    assert_eq!(counts(&env), (1, 0));
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap()).collect();
    let token_file = files.iter().find(|e| e.file_name().to_string_lossy().ends_with(".json")).unwrap();
    let text = std::fs::read_to_string(token_file.path()).unwrap();
    let stored: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut keys: Vec<&str> = stored.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["accessToken", "expiresAtMs", "refreshAtMs"]);
    assert!(!text.contains("demo_api_secret") && !text.contains("demo_sign_key"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(token_file.metadata().unwrap().permissions().mode() & 0o777, 0o600);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn memory_stores_knock_each_other_out() {
    let env = env();
    let failed = hammer(&env, "memory", 6, 40);
    let (issued, rejected) = counts(&env);
    assert!(issued > 1 && rejected > 0, "private tokens thrash: issued {issued}, rejected {rejected}");
    // Some calls may fail outright (a token superseded twice within one call); never silently.
    assert!(failed.iter().all(|e| e.code() == "auth_error"), "{failed:?}");
}

#[test]
fn a_slow_client_never_evicts_a_fresh_token() {
    let Some(redis) = RedisServer::start() else { return };
    let env = env();
    let list = ListCheckoutOrdersRequest { page_size: Some(1), ..Default::default() };
    let slow = env.builder().token_store(redis.url()).build().unwrap();
    slow.list_checkout_orders(&list).unwrap(); // token 1, cached in `slow` and in the store
    env.control("POST", "/_sandbox/tokens/expire", serde_json::Value::Null);
    // Another client loads token 1 from the store, is refused, deletes it (still the stored
    // one), and fetches token 2.
    let fast = env.builder().token_store(redis.url()).build().unwrap();
    fast.list_checkout_orders(&list).unwrap();
    assert_eq!(counts(&env), (2, 1));
    // `slow` still holds token 1: refused, its compare-and-delete leaves token 2, which it uses.
    slow.list_checkout_orders(&list).unwrap();
    assert_eq!(counts(&env), (2, 2));
    // A third client finds token 2 in the store: nothing new issued.
    env.builder().token_store(redis.url()).build().unwrap().list_checkout_orders(&list).unwrap();
    assert_eq!(counts(&env), (2, 2));
}

#[test]
fn after_a_reset_one_client_refetches_for_all() {
    let Some(redis) = RedisServer::start() else { return };
    let env = env();
    assert!(hammer(&env, &redis.url(), 3, 4).is_empty());
    env.control("POST", "/_sandbox/reset", serde_json::Value::Null); // forgets the token and counts
    let failed = hammer(&env, &redis.url(), 3, 8);
    assert!(failed.is_empty(), "{failed:?}");
    let (issued, _) = counts(&env);
    assert_eq!(issued, 1, "one refetch shared by every client");
}

#[test]
fn an_unreachable_store_is_a_token_store_error_unless_the_fallback_is_on() {
    let env = env();
    // A port nothing listens on (bound, then freed).
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("redis://:hunter2pass@127.0.0.1:{port}/0");
    let c = env.builder().token_store(&url).build().unwrap();
    let e = c.get_checkout_order_info("NOPE1").unwrap_err();
    assert!(matches!(e, Error::TokenStore { .. }), "{e:?}");
    assert!(e.is_retryable() && !e.outcome_unknown());
    let text = format!("{e} {e:?} {c:?}");
    assert!(text.contains(&format!("127.0.0.1:{port}")), "names the store: {text}");
    assert!(!text.contains("hunter2pass"), "never the password: {text}");
    assert_eq!(counts(&env).0, 0, "no private token was fetched");
    let c = env.builder().token_store(&url).token_store_fallback(true).build().unwrap();
    assert_eq!(c.get_checkout_order_info("NOPE1").unwrap_err().retcode(), Some("00010"));
    assert_eq!(counts(&env).0, 1);
    // Bad URLs are refused when the client is built.
    for bad in ["ftp://x", "file://relative", "redis://[::1"] {
        let r = env.builder().token_store(bad).build();
        assert_eq!(r.unwrap_err().code(), "invalid_argument", "{bad}");
    }
}

#[test]
fn a_crashed_lock_holder_does_not_block_for_longer_than_the_lock_ttl() {
    let Some(redis) = RedisServer::start() else { return };
    let env = env();
    let c = env.builder().token_store(redis.url()).timeout(Duration::from_secs(2)).max_retries(0).build().unwrap();
    // The token lock of this merchant, taken by a "crashed" process, expires after 3 s.
    let keys_before = redis.command("KEYS wcheckout:token:*");
    assert!(keys_before.starts_with("*0"), "{keys_before}");
    c.list_checkout_orders(&ListCheckoutOrdersRequest::default()).unwrap();
    let key = redis.command("KEYS wcheckout:token:*");
    let key = key.lines().find(|l| l.starts_with("wcheckout:token:")).unwrap().to_owned();
    redis.command(&format!("DEL {key}"));
    redis.command(&format!("SET {key}:lock crashed PX 3000"));
    let other = env.builder().token_store(redis.url()).timeout(Duration::from_secs(2)).max_retries(0).build().unwrap();
    let started = std::time::Instant::now();
    other.list_checkout_orders(&ListCheckoutOrdersRequest::default()).unwrap();
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(2_500), "waited for the lock: {waited:?}");
}
