# Short commands for every routine; the README and CI call these.
.PHONY: demo test test-rust test-python test-wasm lint bench

demo:           ## the main job on the built-in sample district
	cargo run --release -p examples --bin appraise

test:           ## every test: Rust, Python, Node, browser (installs what it needs)
	bash scripts/test.sh

test-rust:
	bash scripts/test-rust.sh

test-python:
	bash scripts/test-python.sh

test-wasm:
	bash scripts/test-wasm.sh

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

bench:          ## every benchmark (Rust criterion, Python, JS) and a table of ratios
	bash benches/run.sh
