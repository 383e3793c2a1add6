# The two commands of the README:
#   make run   – install what is missing, build (Release), start berth on 127.0.0.1:5000
#   make test  – install what is missing, build (Release and ASan+UBSan), run every test
JOBS ?= $(shell nproc)
# Paths inside the checkout are hashed relative to it, so ccache hits across clones (CI's fresh
# clone reuses what a developer's checkout compiled).
export CCACHE_BASEDIR ?= $(CURDIR)
# The ASan build's leak check, in unit tests and in the berth the e2e tests start, skips only
# the third-party caches listed there.
export LSAN_OPTIONS ?= suppressions=$(CURDIR)/tests/lsan-suppressions.txt
RELEASE_DIR := build/release
ASAN_DIR := build/asan
FUZZ_DIR := build/fuzz
# Seconds each fuzz target runs in `make test` (all targets share the cores).
FUZZ_SECONDS ?= 60
CMAKE_COMMON := -G Ninja -DBERTH_WERROR=ON
LISTEN ?= 127.0.0.1:5000
DATA_DIR ?= ./berth-data
# More flags for `berth serve` in `make run`, e.g. BERTH_FLAGS=--trail-digest-interval=60.
BERTH_FLAGS ?=

.PHONY: all deps test-deps release asan fuzz run test unit-test e2e-test fuzz-test bench clean

all: release

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh --with-test-tools

release: deps
	@cmake -S . -B $(RELEASE_DIR) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(RELEASE_DIR) -j $(JOBS)

asan: deps
	@cmake -S . -B $(ASAN_DIR) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Debug -DBERTH_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_DIR) -j $(JOBS)

# The libFuzzer targets (fuzz/), with clang, ASan and UBSan: a tree of their own.
fuzz: test-deps
	@CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Debug \
	  -DBERTH_FUZZ=ON -DBERTH_TESTS=OFF >/dev/null
	@cmake --build $(FUZZ_DIR) -j $(JOBS) --target fuzzers

run: release
	$(RELEASE_DIR)/berth serve --listen $(LISTEN) --data-dir $(DATA_DIR) $(BERTH_FLAGS)

unit-test: release asan
	cd $(RELEASE_DIR) && ctest --output-on-failure -j $(JOBS)
	cd $(ASAN_DIR) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

# End-to-end: the real aws CLIs, boto3 and skopeo against the Release build, then against the
# sanitizer build (any ASan/UBSan report fails the run through berth's exit status).
e2e-test: release asan
	BERTH_BIN=$(RELEASE_DIR)/berth python3 tests/e2e/run.py -q
	BERTH_BIN=$(ASAN_DIR)/berth python3 tests/e2e/run.py -q

# A short run of every fuzz target from its seed corpus (fuzz/run.sh); a crash fails the test.
fuzz-test: fuzz
	fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

test: test-deps unit-test e2e-test fuzz-test

bench: release
	bench/describe_repositories.sh
	bench/registry.sh

clean:
	rm -rf build
