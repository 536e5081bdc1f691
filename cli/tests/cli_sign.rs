//! Runs the real `wcheckout` binary: `sign`, `verify-webhook`, and their exit codes
//! (0 success, 1 the operation failed, 2 usage error).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

const KEY: &str = "aR2822Y6XbehWMclnB0Y2NJK";
const OFFICIAL: &str = "MxrYnCm9Q7JOAvOrISf8+T2kuTW1d/w0at8aaPaoiX08VWfun3XPokVlIx1TkHXdcitls09wzfUGtXQZq23xdg==";
const ABNORMAL: &str = r#"{"eventId":"evt_0a4fee0f8882","eventType":"ABNORMAL_PAYMENT","timestamp":1758701681,"data":{"abnormalPaymentNo":"xxxxxxxx","orderNo":"xxxxxxx","token":"ETH_USDT","amount":"818.89","hash":"0xxxxxxxxxx","pendingAmount":"739.00","createdTime":"2025-12-23 12:56:47","updatedTime":"2025-12-23 12:56:47"}}"#;
const ABNORMAL_SIG: &str = "2cLkiqniDbuoh2rBWd4b4/RLupRQ8FRTF97NRS7nit+vN21mzswahXhloVtWPEYyZ3w8DG1nEBHaCkoJp5Hveg==";
const ABNORMAL_TS: &str = "1758701681000";

fn wcheckout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wcheckout"))
        .args(args)
        .env_remove("WCHECKOUT_SIGN_KEY")
        .output()
        .expect("run the wcheckout binary")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[track_caller]
fn assert_exit(o: &Output, code: i32) {
    assert_eq!(o.status.code(), Some(code), "exit status\nstdout: {}\nstderr: {}", stdout(o), stderr(o));
}

/// A file in a fresh per-test directory under the system temp dir, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(test: &str, contents: &[u8]) -> Self {
        let dir = std::env::temp_dir().join(format!("wcheckout-cli-test-{}-{test}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("body");
        std::fs::write(&path, contents).unwrap();
        TempFile(path)
    }

    fn to_str(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn vectors(file: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors").join(file);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

const SIGN_OFFICIAL: [&str; 11] = [
    "sign",
    "--sign-key",
    KEY,
    "--method",
    "POST",
    "--timestamp",
    "1636360661729",
    "--path",
    "/openapi/test",
    "--body",
    // Spaces outside strings are removed before signing.
    "{ \"a\" : \"124\" }",
];

#[test]
fn sign_official_vector_with_a_body_that_is_made_canonical() {
    let o = wcheckout(&SIGN_OFFICIAL);
    assert_exit(&o, 0);
    assert_eq!(stdout(&o), format!("{OFFICIAL}\n"));
}

#[test]
fn sign_lower_case_method() {
    let mut args = SIGN_OFFICIAL;
    args[4] = "post";
    let o = wcheckout(&args);
    assert_exit(&o, 0);
    assert_eq!(stdout(&o).trim_end(), OFFICIAL);
}

#[test]
fn sign_key_from_the_environment() {
    let o = Command::new(env!("CARGO_BIN_EXE_wcheckout"))
        .args(["sign", "--method", "POST", "--timestamp", "1636360661729", "--path", "/openapi/test"])
        .args(["--body", r#"{"a":"124"}"#])
        .env("WCHECKOUT_SIGN_KEY", KEY)
        .output()
        .unwrap();
    assert_exit(&o, 0);
    assert_eq!(stdout(&o).trim_end(), OFFICIAL);
}

#[test]
fn sign_explain_prints_the_exact_string_to_sign_and_its_length() {
    let mut args = SIGN_OFFICIAL.to_vec();
    args.push("--explain");
    let o = wcheckout(&args);
    assert_exit(&o, 0);
    let out = stdout(&o);
    assert!(out.contains(r#"POST1636360661729/openapi/test{"a":"124"}"#), "{out}");
    assert!(out.lines().any(|l| l.trim() == "bytes: 41"), "{out}");
    assert!(out.contains(OFFICIAL), "{out}");
    // The body shown is the canonical one, not the text given.
    assert!(!out.contains("\"a\" :"), "{out}");
}

#[test]
fn sign_body_file_is_read_and_made_canonical() {
    let path = TempFile::new("sign-body-file", b"{\n  \"a\": \"124\"\n}\n");
    let o = wcheckout(&[
        "sign",
        "--sign-key",
        KEY,
        "--method",
        "POST",
        "--timestamp",
        "1636360661729",
        "--path",
        "/openapi/test",
        "--body-file",
        path.to_str(),
    ]);
    assert_exit(&o, 0);
    assert_eq!(stdout(&o).trim_end(), OFFICIAL);
}

#[test]
fn sign_question_mark_switches_the_query_prefix() {
    let base = [
        "sign",
        "--sign-key",
        KEY,
        "--method",
        "GET",
        "--timestamp",
        "1636360576641",
        "--path",
        "/openapi/test",
        "--query",
        "test=234",
    ];
    let plain = wcheckout(&base);
    assert_exit(&plain, 0);
    assert_eq!(
        stdout(&plain).trim_end(),
        "ZzFOTZDXLTD8Oihw8HlXsqE5luohrZaSMNIRgcggL85CR/r4wkwbJrePnI1HdAhzJ29/tpMGc9wHhIC/g6RLpQ=="
    );
    let mut args = base.to_vec();
    args.extend(["--question-mark", "--explain"]);
    let q = wcheckout(&args);
    assert_exit(&q, 0);
    let out = stdout(&q);
    assert!(out.contains("GET1636360576641/openapi/test?test=234"), "{out}");
    assert!(
        out.contains("KDlQhhUfc4U+kPClhXVT5+ne17NtRQs2R4mlYk9x/QsuD9hhXWh9v967nZJDbYt7nXa2uK0xvR9NfNAQ8j1EqA=="),
        "{out}"
    );
}

/// Runs `wcheckout sign` on a shared signing vector. Values go in `--name=value` form so that a value
/// starting with `-` (a negative timestamp) is not taken for a flag.
fn sign_vector(v: &Value) -> Output {
    let s = |k: &str| v[k].as_str().unwrap();
    let mut args: Vec<String> = ["sign-key", "method", "timestamp", "path", "query", "body"]
        .iter()
        .zip(["signKey", "method", "timestamp", "path", "query", "body"])
        .map(|(flag, field)| format!("--{flag}={}", s(field)))
        .collect();
    args.insert(0, "sign".to_owned());
    if s("queryPrefix") == "questionMark" {
        args.push("--question-mark".to_owned());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    wcheckout(&args)
}

/// Every shared signing vector whose body is already canonical gives the same signature through the CLI;
/// every reject exits 1 with its error code.
#[test]
fn sign_shared_vectors() {
    let doc = vectors("signing.json");
    let mut checked = 0;
    for v in doc["vectors"].as_array().unwrap() {
        let s = |k: &str| v[k].as_str().unwrap();
        if wcheckout::canonicalize(s("body")).unwrap() != s("body") {
            continue;
        }
        let o = sign_vector(v);
        assert_exit(&o, 0);
        assert_eq!(stdout(&o).trim_end(), s("signature"), "{}", s("name"));
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} signing vectors ran through the CLI");
    for v in doc["rejects"].as_array().unwrap() {
        let s = |k: &str| v[k].as_str().unwrap();
        let o = sign_vector(v);
        assert_exit(&o, 1);
        assert!(stderr(&o).contains(s("error")), "{}: {}", s("name"), stderr(&o));
        assert!(stdout(&o).is_empty(), "{}: printed a signature", s("name"));
    }
}

#[test]
fn sign_invalid_json_body_fails() {
    let mut args = SIGN_OFFICIAL;
    args[10] = "{\"a\":";
    let o = wcheckout(&args);
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("invalid_argument"), "{}", stderr(&o));
}

fn verify(body: &str, signature: &str, extra: &[&str]) -> Output {
    let mut args = vec!["verify-webhook", "--sign-key", KEY, "--timestamp", ABNORMAL_TS, "--signature", signature];
    args.extend(["--body", body]);
    args.extend(extra);
    wcheckout(&args)
}

#[test]
fn verify_webhook_valid_prints_the_event_type() {
    let o = verify(ABNORMAL, ABNORMAL_SIG, &["--now", ABNORMAL_TS]);
    assert_exit(&o, 0);
    assert_eq!(stdout(&o).trim_end(), "ABNORMAL_PAYMENT");
}

#[test]
fn verify_webhook_tampered_body_fails() {
    let tampered = ABNORMAL.replace("739.00", "7390.00");
    let o = verify(&tampered, ABNORMAL_SIG, &["--now", ABNORMAL_TS]);
    assert_exit(&o, 1);
    assert!(stdout(&o).contains("webhook_signature_mismatch"), "{}", stdout(&o));
}

#[test]
fn verify_webhook_stale_and_future_fail() {
    let stale = verify(ABNORMAL, ABNORMAL_SIG, &["--now", "1758701801001"]);
    assert_exit(&stale, 1);
    assert!(stdout(&stale).contains("webhook_outside_tolerance"), "{}", stdout(&stale));
    let future = verify(ABNORMAL, ABNORMAL_SIG, &["--now", "1758701560999"]);
    assert_exit(&future, 1);
    assert!(stdout(&future).contains("webhook_outside_tolerance"), "{}", stdout(&future));
    // Exactly 120 s either way is still inside.
    assert_exit(&verify(ABNORMAL, ABNORMAL_SIG, &["--now", "1758701801000"]), 0);
    assert_exit(&verify(ABNORMAL, ABNORMAL_SIG, &["--now", "1758701561000"]), 0);
}

#[test]
fn verify_webhook_without_now_uses_the_real_clock() {
    // The signed timestamp is from 2025; against the real clock it is far outside the window.
    let o = verify(ABNORMAL, ABNORMAL_SIG, &[]);
    assert_exit(&o, 1);
    assert!(stdout(&o).contains("webhook_outside_tolerance"), "{}", stdout(&o));
}

#[test]
fn verify_webhook_tolerance_widens_and_narrows_the_window() {
    // 200 s late: outside the default 120 s, inside 300 s.
    assert_exit(&verify(ABNORMAL, ABNORMAL_SIG, &["--now", "1758701881000"]), 1);
    let wide = verify(ABNORMAL, ABNORMAL_SIG, &["--now", "1758701881000", "--tolerance", "300"]);
    assert_exit(&wide, 0);
    assert_eq!(stdout(&wide).trim_end(), "ABNORMAL_PAYMENT");
    // 61 s late: inside the default, outside 60 s.
    assert_exit(&verify(ABNORMAL, ABNORMAL_SIG, &["--now", "1758701742000"]), 0);
    let narrow = verify(ABNORMAL, ABNORMAL_SIG, &["--now", "1758701742000", "--tolerance", "60"]);
    assert_exit(&narrow, 1);
    assert!(stdout(&narrow).contains("webhook_outside_tolerance"), "{}", stdout(&narrow));
}

#[test]
fn verify_webhook_body_file_is_used_byte_for_byte() {
    let path = TempFile::new("verify-body-file", ABNORMAL.as_bytes());
    let args = |sig| {
        vec![
            "verify-webhook",
            "--sign-key",
            KEY,
            "--timestamp",
            ABNORMAL_TS,
            "--signature",
            sig,
            "--body-file",
            path.to_str(),
            "--now",
            ABNORMAL_TS,
        ]
    };
    let o = wcheckout(&args(ABNORMAL_SIG));
    assert_exit(&o, 0);
    assert_eq!(stdout(&o).trim_end(), "ABNORMAL_PAYMENT");
    // A trailing newline in the file is part of the signed bytes.
    std::fs::write(&path.0, format!("{ABNORMAL}\n")).unwrap();
    let o = wcheckout(&args(ABNORMAL_SIG));
    assert_exit(&o, 1);
    assert!(stdout(&o).contains("webhook_signature_mismatch"), "{}", stdout(&o));
}

/// Shared webhook vectors that carry exactly one SIGNATURE and one TIMESTAMP header give the same outcome
/// through the CLI.
#[test]
fn verify_webhook_shared_vectors() {
    let doc = vectors("webhook.json");
    let mut checked = 0;
    for v in doc["cases"].as_array().unwrap() {
        let headers = v["headers"].as_array().unwrap();
        let find = |name: &str| {
            headers
                .iter()
                .filter(|h| h[0].as_str().unwrap().eq_ignore_ascii_case(name))
                .map(|h| h[1].as_str().unwrap())
                .collect::<Vec<_>>()
        };
        let (sig, ts) = (find("SIGNATURE"), find("TIMESTAMP"));
        if headers.len() != 2 || sig.len() != 1 || ts.len() != 1 {
            continue;
        }
        let name = v["name"].as_str().unwrap();
        let now = v["nowMs"].as_u64().unwrap().to_string();
        let tolerance = v["toleranceSec"].as_u64().unwrap().to_string();
        let args = [
            "verify-webhook".to_owned(),
            format!("--sign-key={}", v["signKey"].as_str().unwrap()),
            format!("--timestamp={}", ts[0]),
            format!("--signature={}", sig[0]),
            format!("--body={}", v["body"].as_str().unwrap()),
            format!("--now={now}"),
            format!("--tolerance={tolerance}"),
        ];
        let o = wcheckout(&args.iter().map(String::as_str).collect::<Vec<_>>());
        match v["expect"]["error"].as_str() {
            None => {
                assert_eq!(o.status.code(), Some(0), "{name}: {}", stdout(&o));
                assert_eq!(stdout(&o).trim_end(), v["expect"]["eventType"].as_str().unwrap(), "{name}");
            }
            Some(code) => {
                assert_eq!(o.status.code(), Some(1), "{name}: {}", stdout(&o));
                assert!(stdout(&o).starts_with(code), "{name}: expected {code}, got {}", stdout(&o));
            }
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} webhook vectors ran through the CLI");
}

#[test]
fn usage_errors_exit_2() {
    // No arguments at all, and an unknown command.
    assert_exit(&wcheckout(&[]), 2);
    assert_exit(&wcheckout(&["no-such-command"]), 2);
    // sign without --sign-key (and no WCHECKOUT_SIGN_KEY), and without --path.
    let o = wcheckout(&["sign", "--method", "GET", "--timestamp", "1", "--path", "/x"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("--sign-key"), "{}", stderr(&o));
    assert_exit(&wcheckout(&["sign", "--sign-key", KEY, "--method", "GET", "--timestamp", "1"]), 2);
    // Both --body and --body-file.
    let path = TempFile::new("usage-both", b"{}");
    let o = wcheckout(&[
        "sign",
        "--sign-key",
        KEY,
        "--method",
        "POST",
        "--timestamp",
        "1",
        "--path",
        "/x",
        "--body",
        "{}",
        "--body-file",
        path.to_str(),
    ]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("--body"), "{}", stderr(&o));
    // A body file that does not exist.
    let o = wcheckout(&[
        "sign",
        "--sign-key",
        KEY,
        "--method",
        "POST",
        "--timestamp",
        "1",
        "--path",
        "/x",
        "--body-file",
        "/nonexistent/wcheckout/body.json",
    ]);
    assert_exit(&o, 2);
    // verify-webhook without --signature, with both bodies, with a non-numeric --now or --tolerance.
    assert_exit(&wcheckout(&["verify-webhook", "--sign-key", KEY, "--timestamp", ABNORMAL_TS, "--body", "{}"]), 2);
    assert_exit(
        &wcheckout(&[
            "verify-webhook",
            "--sign-key",
            KEY,
            "--timestamp",
            ABNORMAL_TS,
            "--signature",
            ABNORMAL_SIG,
            "--body",
            "{}",
            "--body-file",
            path.to_str(),
        ]),
        2,
    );
    assert_exit(&verify(ABNORMAL, ABNORMAL_SIG, &["--now", "soon"]), 2);
    assert_exit(&verify(ABNORMAL, ABNORMAL_SIG, &["--tolerance", "-5"]), 2);
}
