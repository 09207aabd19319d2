# The README's two commands are `make demo` and `make test`; everything else is for developers.
# Every target installs what it needs first (tools/setup.sh is idempotent and quick when done).

JOBS ?= $(shell nproc)
ARGS ?=

.PHONY: setup build build-all build-asan build-fuzz demo test format bench bench-check fuzz chaos soak clean

setup:
	@tools/setup.sh

# The server binary only (what `make demo` needs).
build: setup
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS) --target freshet

# Everything: the server, the tests and the load generator.
build-all: setup
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

build-asan: setup
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)

build-fuzz: setup
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS) --target fuzzers

# The reference architecture live (examples/refarch/demo.py): a server on ./freshet-data, the
# stack deployed, tweets streaming in. ARGS=N puts N tweets and exits when all are in the table.
demo: build
	@/usr/bin/python3 examples/refarch/demo.py $(ARGS)

# Everything: format check, unit tests under ASan+UBSan, a short run of every fuzz target, then
# unit, integration and compatibility tests against the release binary.
test: build-all build-asan build-fuzz
	@tools/check_format.sh
	@ctest --preset asan
	@tools/fuzz.sh 10
	@ctest --preset release

# The long fuzz run (5 minutes per target).
fuzz: build-fuzz
	@tools/fuzz.sh 300

# The pipeline under 20 SIGKILLs at random moments (tests/chaos/); prints its figures.
chaos: build-all
	@/usr/bin/python3 tests/chaos/pipeline_chaos.py --kills 20

# The pipeline for 10 minutes at half its sustained rate (bench/soak.py, target P13): memory,
# descriptors and latency over time, zero records lost; writes soak.svg. ARGS="--minutes 1" is
# the quick run.
soak: build
	@/usr/bin/python3 bench/soak.py $(ARGS)

format:
	@git ls-files --cached --others --exclude-standard '*.h' '*.cc' | xargs clang-format -i

bench: build-all
	@bench/run.sh $(ARGS)

# Fails when the server's instructions per request (callgrind) grew by more than 10% against
# bench/instructions.json for a fixed set of workloads (about a minute).
bench-check: build-all
	@/usr/bin/python3 bench/check_instructions.py

clean:
	rm -rf build build-asan build-fuzz
