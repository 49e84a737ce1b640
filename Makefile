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

.PHONY: run build test vet fmt-check deps clean

build:
	$(GO) build -o $(BIN) .

# Installs Prosody when missing (as root; otherwise prints the command),
# builds, starts the sandbox and opens the UI with a trial account.
run: build
	@sh internal/scripts/ensure-prosody.sh
	$(BIN) sandbox start
	$(BIN)

test: fmt-check vet
	$(GO) test $(TESTFLAGS) $(PKGS)

vet:
	$(GO) vet $(PKGS)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

clean:
	rm -rf bin
