# wcheckout — the two commands: `make demo` (the main job) and `make test` (every suite).
# Debug builds throughout; one shared target/ for every crate and binding.
SHELL := /bin/bash
CARGO ?= cargo

.PHONY: demo test test-vectors test-docs test-rust test-python test-node test-kotlin build-cli ensure-redis lint bench bench-all fmt \
	dist dist-python dist-npm dist-maven release-check release-check-maven lint-workflows fuzz

## Walk a whole payment lifecycle against the embedded sandbox.
demo: build-cli
	./target/debug/wcheckout demo

## Run the Rust, Python, Node and Kotlin suites (installs what is missing).
test: test-vectors test-docs test-rust test-python test-node test-kotlin

## The shared vectors are exactly what their independent generator writes.
test-vectors:
	python3 tests/vectors/generate.py --check

## The client method docs of every binding are what scripts/gen_api_docs.py writes from the
## core's Operation::doc texts (regenerate with `python3 scripts/gen_api_docs.py`).
test-docs: build-cli
	python3 scripts/gen_api_docs.py --check

build-cli:
	$(CARGO) build -q -p wcheckout-cli

## redis-server for the shared-store tests (each suite starts and stops its own on a free port).
ensure-redis:
	bash scripts/ensure-redis.sh

# The suites fail (instead of skipping) when redis-server is missing.
export WCHECKOUT_REQUIRE_REDIS := 1

# The second line: the core's optional features, i.e. the Kotlin binding's UniFFI types (their
# typed-error tests) with the model schema, and the core built without redis.
test-rust: ensure-redis
	$(CARGO) test --workspace --exclude wcheckout-python --exclude wcheckout-node --exclude wcheckout-kotlin --exclude uniffi-bindgen
	$(CARGO) test -p wcheckout --lib --no-default-features --features uniffi,schema

test-python: build-cli ensure-redis
	bash bindings-python/scripts/test.sh

# The Node suite's fleet test also runs Python workers: the wheel must be installed.
test-node: build-cli ensure-redis
	bash bindings-python/scripts/test.sh --install-only
	bash bindings-node/scripts/test.sh

test-kotlin: build-cli ensure-redis
	bash bindings-kotlin/scripts/test.sh

## Formatting and lints, as required before every stop.
lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

## Benchmarks (print figures; never run in `make test`).
bench:
	$(CARGO) bench -p wcheckout --bench protocol

## Every SDK-vs-baseline benchmark (Rust, Python, Node, Kotlin; release builds) side by side:
## target/bench/summary.json and a table. BENCH_ONLY="rust python" picks languages, BENCH_FILTER
## rows, BENCH_CPU the CPU everything runs on (default 0, `none` = unpinned). The Python
## baselines (requests, httpx) go into target/py-bench-venv only.
bench-all:
	BENCH_ONLY="$(BENCH_ONLY)" BENCH_FILTER="$(BENCH_FILTER)" BENCH_CPU="$(BENCH_CPU)" bash scripts/bench/all.sh

## Release artifacts into target/dist/ (python/, npm/, maven/): release builds, stripped.
## Not part of `make test`. Installs its pinned tools (maturin, ziglang, cargo-zigbuild, auditwheel).
dist: dist-python dist-npm dist-maven

dist-python:
	bash scripts/dist/python.sh

dist-npm:
	bash scripts/dist/npm.sh

## target/dist/maven/: the Maven repository (jar with release linux-x86-64 + linux-aarch64 libraries,
## sources, javadoc, pom) as `mvn deploy` writes it. Installs zig/cargo-zigbuild when missing.
dist-maven:
	bash bindings-kotlin/scripts/dist.sh

## Install the artifacts of `make dist` from local registries (pypiserver, verdaccio, the file://
## Maven repository) into clean projects and run the quick starts against the sandbox; the aarch64
## builds run under qemu. Not part of `make test`.
release-check: build-cli
	bash scripts/release-check/run.sh

## Only the Maven part of release-check: a fresh Kotlin 2.2 Maven project resolves the jar from
## target/dist/maven and runs the quick start.
release-check-maven:
	bash scripts/release-check/maven.sh

## actionlint over .github/workflows (installs it with `go install` when missing).
lint-workflows:
	bash scripts/lint-workflows.sh

## Fuzzing (nightly + cargo-fuzz; never part of `make test`): builds and runs each target for
## FUZZ_SECONDS (default 60) in turn and fails on the first crash. See fuzz/README.md.
FUZZ_SECONDS ?= 60
FUZZ_CORE_TARGETS := webhook envelope amount body query
# These need wcheckout_sandbox::fuzzing (built with the fuzz crate's `sandbox` feature).
FUZZ_SANDBOX_TARGETS := sandbox_http sandbox_query
FUZZ_TARGETS ?= $(FUZZ_CORE_TARGETS) $(FUZZ_SANDBOX_TARGETS)

fuzz:
	@$(CARGO) +nightly fuzz --version >/dev/null 2>&1 || $(CARGO) install cargo-fuzz --locked
	@cd fuzz && for t in $(FUZZ_TARGETS); do \
		features=""; case " $(FUZZ_SANDBOX_TARGETS) " in *" $$t "*) features="--features sandbox";; esac; \
		echo "== fuzz $$t for $(FUZZ_SECONDS) s"; \
		$(CARGO) +nightly fuzz run $$features $$t -- -max_total_time=$(FUZZ_SECONDS) -timeout=30 \
			-print_final_stats=1 || { echo "fuzz target $$t failed (crash input under fuzz/artifacts/$$t/)"; exit 1; }; \
	done
