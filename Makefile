# Parley — the two commands README.md promises, and their parts.
#
#   make run    set up the local sandbox server and open Parley against it
#   make test   run the whole test suite (integration tests start their own
#               Prosody and Secret Service; see README.md)

GO      ?= go
BIN     ?= bin/parley
PKGS    ?= ./...
# Integration tests run real servers; -p 1 keeps two CPUs from juggling
# several Prosody instances at once.
TESTFLAGS ?= -race -count=1 -p 1 -timeout 30m

.PHONY: run build test vet fmt-check deps clean bench bench-quick bench-peer demo-check

# A static binary (no cgo): it starts without the dynamic loader and keeps
# libc out of its resident memory (about 1.5 MiB less); nothing in Parley
# needs cgo. Tests keep cgo, which -race requires.
build:
	CGO_ENABLED=0 $(GO) build -o $(BIN) .

# Installs Prosody when missing (as root; otherwise prints the command),
# builds, and lets the demo start the sandbox (one line, no JSON), seed
# live demo friends and open the UI with a fresh trial account; on quit it
# says how to stop the sandbox.
run: build
	@sh internal/scripts/ensure-prosody.sh
	@$(BIN) demo

# The demo without the UI: sets up a sandbox and its friends, checks a
# friend's profile and presence, prints JSON (a few seconds). It runs in
# throwaway XDG dirs on a free port and stops its sandbox afterwards, so it
# never touches the sandbox of `make run`.
demo-check: build
	@d=$$(mktemp -d); \
	export XDG_CONFIG_HOME=$$d/config XDG_DATA_HOME=$$d/data XDG_STATE_HOME=$$d/state XDG_CACHE_HOME=$$d/cache; \
	$(BIN) demo --check --port 0; rc=$$?; \
	$(BIN) sandbox stop >/dev/null; rm -rf $$d; exit $$rc

test: fmt-check vet demo-check
	$(GO) test $(TESTFLAGS) $(PKGS)

vet:
	$(GO) vet $(PKGS)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

clean:
	rm -rf bin

# Every figure of BENCHMARKS.md in one command (about 15 minutes): the
# quick benchmarks, then the slow drivers.
bench: bench-quick bench-peer

# Login and profile propagation against a throwaway Prosody, the image
# pipeline, the contacts screen at 1,000 and 10,000 contacts, event bursts,
# the local history with a chat of 100,000 messages (and the memory it adds),
# an archive catch-up of 1,000 messages.
bench-quick:
	$(GO) test -run '^$$' -bench . -benchtime=20x -count=1 ./xmppclient
	$(GO) test -run '^$$' -bench LoadImage24MP -benchtime=5x -count=1 ./profile
	$(GO) test -run '^$$' -bench ContactsView -benchtime=2s -count=1 ./ui
	$(GO) test -run '^$$' -bench EventBurst -benchtime=5x -count=3 ./ui
	$(GO) test -run '^$$' -bench . -benchtime=100x -count=1 ./internal/history
	$(GO) test -run '^$$' -bench ArchiveCatchUp1000 -benchtime=1x -count=3 ./internal/app

# Slow drivers against the real binary (tmux, Prosody, Profanity,
# dbus-run-session + gnome-keyring-daemon): memory with 1,000 contacts and
# launch-to-online / RSS against Profanity.
bench-peer:
	PARLEY_BENCH=1 $(GO) test -count=1 -v -timeout 90m -run 'TestMemoryLargeRoster|TestPeerProfanity' ./internal/bench
