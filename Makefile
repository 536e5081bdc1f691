# wcheckout — the two commands: `make demo` (the main job) and `make test` (every suite).
# Debug builds throughout; one shared target/ for every crate and binding.
SHELL := /bin/bash
CARGO ?= cargo

.PHONY: demo test test-vectors test-rust test-python test-node test-kotlin build-cli lint bench fmt dist-maven release-check-maven lint-workflows

## Walk a whole payment lifecycle against the embedded sandbox.
demo: build-cli
	./target/debug/wcheckout demo

## Run the Rust, Python, Node and Kotlin suites (installs what is missing).
test: test-vectors test-rust test-python test-node test-kotlin

## The shared vectors are exactly what their independent generator writes.
test-vectors:
	python3 tests/vectors/generate.py --check

build-cli:
	$(CARGO) build -q -p wcheckout-cli

test-rust:
	$(CARGO) test --workspace --exclude wcheckout-python --exclude wcheckout-node --exclude wcheckout-kotlin --exclude uniffi-bindgen

test-python: build-cli
	bash bindings-python/scripts/test.sh

test-node: build-cli
	bash bindings-node/scripts/test.sh

test-kotlin: build-cli
	bash bindings-kotlin/scripts/test.sh

## Formatting and lints, as required before every stop.
lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

## Benchmarks (print figures; never run in `make test`).
bench:
	$(CARGO) bench -p wcheckout --bench protocol

## target/dist/maven/: the Maven repository (jar with release linux-x86-64 + linux-aarch64 libraries,
## sources, javadoc, pom) as `mvn deploy` writes it. Installs zig/cargo-zigbuild when missing.
dist-maven:
	bash bindings-kotlin/scripts/dist.sh

## A fresh Kotlin 2.2 Maven project resolves the jar from target/dist/maven and runs the quick start.
release-check-maven:
	bash scripts/release-check/maven.sh

## actionlint over .github/workflows (installs it with `go install` when missing).
lint-workflows:
	bash scripts/lint-workflows.sh
