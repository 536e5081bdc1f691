//! Release hygiene: one version for the whole repository, set in the root `Cargo.toml`
//! (`[workspace.package] version`), and every package manifest agrees with it; the licence
//! files and the changelog entry exist. `python3 scripts/version.py set X.Y.Z` changes them all.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The workspace version: the cli crate inherits it (`version.workspace = true`).
const VERSION: &str = env!("CARGO_PKG_VERSION");

const PLATFORMS: [(&str, &str, &str, Option<&str>); 7] = [
    ("linux-x64-gnu", "linux", "x64", Some("glibc")),
    ("linux-arm64-gnu", "linux", "arm64", Some("glibc")),
    ("linux-x64-musl", "linux", "x64", Some("musl")),
    ("linux-arm64-musl", "linux", "arm64", Some("musl")),
    ("darwin-x64", "darwin", "x64", None),
    ("darwin-arm64", "darwin", "arm64", None),
    ("win32-x64-msvc", "win32", "x64", None),
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn read(rel: &str) -> String {
    fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

fn json(rel: &str) -> Value {
    serde_json::from_str(&read(rel)).unwrap_or_else(|e| panic!("parse {rel}: {e}"))
}

/// The lines of one `[section]` of a TOML file (up to the next header).
fn toml_section(text: &str, header: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            inside = t == header;
            continue;
        }
        if inside {
            lines.push(t.to_string());
        }
    }
    lines
}

fn quoted_value(line: &str) -> Option<&str> {
    let start = line.find('"')? + 1;
    let end = start + line[start..].find('"')?;
    Some(&line[start..end])
}

#[test]
fn workspace_version_is_set_once_in_the_root_manifest() {
    let cargo = read("Cargo.toml");
    let package = toml_section(&cargo, "[workspace.package]");
    let line = package.iter().find(|l| l.starts_with("version")).expect("[workspace.package] version");
    assert_eq!(quoted_value(line), Some(VERSION));
    // Path dependencies on our own crates carry the same version.
    let deps = toml_section(&cargo, "[workspace.dependencies]");
    for name in ["wcheckout ", "wcheckout-sandbox "] {
        let dep =
            deps.iter().find(|l| l.starts_with(name)).unwrap_or_else(|| panic!("{name}in [workspace.dependencies]"));
        assert!(dep.contains(&format!("version = \"{VERSION}\"")), "{dep}");
    }
    let workspace = toml_section(&cargo, "[workspace]");
    let members = workspace.iter().find(|l| l.starts_with("members")).expect("[workspace] members");
    let members: Vec<&str> = members.split('"').skip(1).step_by(2).collect();
    assert!(members.len() >= 7, "{members:?}");
    for member in members {
        let manifest = read(&format!("{member}/Cargo.toml"));
        let package = toml_section(&manifest, "[package]");
        assert!(
            package.iter().any(|l| l == "version.workspace = true"),
            "{member}/Cargo.toml must inherit the workspace version"
        );
    }
}

#[test]
fn python_package_takes_its_version_from_cargo() {
    let pyproject = read("bindings-python/pyproject.toml");
    let project = toml_section(&pyproject, "[project]");
    assert!(
        project.iter().any(|l| l.replace(' ', "") == r#"dynamic=["version"]"#),
        "pyproject.toml: dynamic = [\"version\"]"
    );
    assert!(!project.iter().any(|l| l.starts_with("version")), "pyproject.toml must not pin its own version");
    assert!(project.iter().any(|l| l.starts_with("license-files")), "pyproject.toml ships the licence files");
}

#[test]
fn npm_packages_carry_the_workspace_version() {
    let main = json("bindings-node/package.json");
    assert_eq!(main["version"], VERSION, "bindings-node/package.json");
    let lock = json("bindings-node/package-lock.json");
    assert_eq!(lock["version"], VERSION, "bindings-node/package-lock.json");
    assert_eq!(lock["packages"][""]["version"], VERSION, "bindings-node/package-lock.json packages[\"\"]");
    let targets = main["napi"]["targets"].as_array().expect("napi.targets");
    assert_eq!(targets.len(), PLATFORMS.len(), "one napi target per platform package");

    let mut dirs: Vec<String> = fs::read_dir(root().join("bindings-node/npm"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    dirs.sort();
    let mut expected: Vec<String> = PLATFORMS.iter().map(|p| p.0.to_string()).collect();
    expected.sort();
    assert_eq!(dirs, expected, "bindings-node/npm/ holds exactly the platform packages");

    for (key, os, cpu, libc) in PLATFORMS {
        let rel = format!("bindings-node/npm/{key}/package.json");
        let pkg = json(&rel);
        assert_eq!(pkg["name"], format!("wcheckout-{key}"), "{rel}");
        assert_eq!(pkg["version"], VERSION, "{rel}");
        assert_eq!(pkg["os"], serde_json::json!([os]), "{rel}");
        assert_eq!(pkg["cpu"], serde_json::json!([cpu]), "{rel}");
        match libc {
            Some(l) => assert_eq!(pkg["libc"], serde_json::json!([l]), "{rel}"),
            None => assert!(pkg.get("libc").is_none(), "{rel}"),
        }
        assert_eq!(pkg["main"], format!("wcheckout.{key}.node"), "{rel}");
        let files = pkg["files"].as_array().expect("files");
        for f in ["LICENSE-MIT", "LICENSE-APACHE"] {
            assert!(files.iter().any(|v| v == f), "{rel} ships {f}");
        }
    }
}

/// The `<version>` of the project itself in a pom, resolving a `${property}` reference.
fn pom_version(pom: &str) -> String {
    let mut top = pom.to_string();
    for block in [
        "parent",
        "dependencies",
        "dependencyManagement",
        "build",
        "profiles",
        "reporting",
        "pluginRepositories",
        "repositories",
        "distributionManagement",
    ] {
        let (open, close) = (format!("<{block}>"), format!("</{block}>"));
        while let (Some(s), Some(e)) = (top.find(&open), top.find(&close)) {
            if e < s {
                break;
            }
            top.replace_range(s..e + close.len(), "");
        }
    }
    let start = top.find("<version>").expect("project <version>") + "<version>".len();
    let value = top[start..start + top[start..].find("</version>").unwrap()].trim().to_string();
    match value.strip_prefix("${").and_then(|v| v.strip_suffix('}')) {
        Some(prop) => {
            let open = format!("<{prop}>");
            let s = pom.find(&open).unwrap_or_else(|| panic!("pom property {prop}")) + open.len();
            pom[s..s + pom[s..].find('<').unwrap()].trim().to_string()
        }
        None => value,
    }
}

#[test]
fn maven_pom_carries_the_workspace_version() {
    assert_eq!(pom_version(&read("bindings-kotlin/pom.xml")), VERSION, "bindings-kotlin/pom.xml project version");
}

#[test]
fn pom_version_reads_literals_and_properties() {
    let literal = "<project><parent><version>9</version></parent><artifactId>a</artifactId><version>1.2.3</version><dependencies><dependency><version>7</version></dependency></dependencies></project>";
    assert_eq!(pom_version(literal), "1.2.3");
    let property =
        "<project><version>${revision}</version><properties><revision>4.5.6</revision></properties></project>";
    assert_eq!(pom_version(property), "4.5.6");
}

#[test]
fn changelog_has_this_version_and_an_unreleased_section() {
    let changelog = read("CHANGELOG.md");
    assert!(changelog.lines().any(|l| l.starts_with("## [Unreleased]")), "CHANGELOG.md: ## [Unreleased]");
    assert!(
        changelog.lines().any(|l| l.starts_with(&format!("## [{VERSION}]"))),
        "CHANGELOG.md: ## [{VERSION}] - date"
    );
}

#[test]
fn licence_files_exist_and_the_python_package_links_them() {
    let mit = read("LICENSE-MIT");
    assert!(mit.starts_with("MIT License") && mit.contains("Copyright (c) The wcheckout authors"), "LICENSE-MIT");
    let apache = read("LICENSE-APACHE");
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004"), "LICENSE-APACHE");
    assert!(apache.contains("END OF TERMS AND CONDITIONS"), "LICENSE-APACHE is the full text");
    // bindings-python/LICENSE-* are links to the root files (maturin ships them from there).
    assert_eq!(read("bindings-python/LICENSE-MIT"), mit);
    assert_eq!(read("bindings-python/LICENSE-APACHE"), apache);
}
