# The README's two commands are `make demo` and `make test`; everything else is for developers.
# Every target installs what it needs first (tools/setup.sh is idempotent and quick when done).

JOBS ?= $(shell nproc)
ARGS ?=

.PHONY: setup build build-debug build-asan demo test unit integration format format-check bench clean

setup:
	@tools/setup.sh

build: setup
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

build-asan: setup
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)

demo: build
	build/freshet demo $(ARGS)

# Everything: format check, unit tests under ASan+UBSan, then unit, integration and
# compatibility tests against the release binary.
test: build build-asan
	@tools/check_format.sh
	@ctest --preset asan
	@ctest --preset release

format:
	@git ls-files '*.h' '*.cc' | xargs clang-format -i

bench: build
	@bench/run.sh $(ARGS)

clean:
	rm -rf build build-asan
