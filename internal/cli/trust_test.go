package cli

import (
	"crypto/sha256"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/keystore"
)

// certFingerprint is the SHA-256 of the certificate in a PEM file, in
// openssl's form (upper case, colons).
func certFingerprint(t *testing.T, file string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		t.Fatalf("%s: no PEM block", file)
	}
	sum := sha256.Sum256(block.Bytes)
	pairs := make([]string, len(sum))
	for i, b := range sum {
		pairs[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(pairs, ":")
}

// A server whose self-signed certificate no CA vouches for: connect
// refuses it and names --trust-fingerprint with its fingerprint; with
// that flag it logs in and pins the certificate in the account; a later
// log-in of the account (without the flag) meets another certificate
// and is refused with both fingerprints.
func TestTrustFingerprintPinsTheAccount(t *testing.T) {
	isolate(t)
	f := testenv.NewFakeServer(t, testenv.FakeOptions{})
	fp := certFingerprint(t, f.CAFile)
	const jid = "user@localhost"

	r := run(t, "pw\n", "connect", jid, "--password-stdin", "--server", f.Addr)
	if r.code == 0 || r.resp.StatusCode != 503 || !strings.Contains(r.resp.Message, "--trust-fingerprint "+fp) {
		t.Fatalf("untrusted server: %s; want 503 offering --trust-fingerprint %s", r.out, fp)
	}

	lower := strings.ToLower(strings.ReplaceAll(fp, ":", ""))
	r = run(t, "pw\n", "connect", jid, "--password-stdin", "--server", f.Addr, "--trust-fingerprint", lower)
	if r.code != 0 || r.resp.StatusCode != 200 {
		t.Fatalf("connect with the fingerprint: %s", r.out)
	}
	wantPin(t, jid, fp)

	// The saved account alone (its server, its pin) logs in again.
	if r := run(t, "pw\n", "whoami", "--account", jid, "--password-stdin"); r.code != 0 {
		t.Fatalf("whoami with the saved pin: %s", r.out)
	}

	// Another certificate where the account's server was: refused.
	other := testenv.NewFakeServer(t, testenv.FakeOptions{})
	changed := certFingerprint(t, other.CAFile)
	r = run(t, "pw\n", "whoami", "--account", jid, "--password-stdin", "--server", other.Addr)
	if r.code == 0 || r.resp.StatusCode != 503 || !strings.Contains(r.resp.Message, fp) || !strings.Contains(r.resp.Message, changed) {
		t.Fatalf("changed certificate: %s; want 503 naming %s and %s", r.out, fp, changed)
	}
	if strings.Contains(string(other.Received()), "<auth") {
		t.Fatal("the password was offered to the server with the changed certificate")
	}
}

// wantPin fails unless the saved account jid pins fp.
func wantPin(t *testing.T, jid, fp string) {
	t.Helper()
	st, err := keystore.Open()
	if err != nil {
		t.Fatal(err)
	}
	acc, found, err := st.Account(jid)
	if err != nil || !found || acc.TrustFingerprint != fp {
		t.Fatalf("saved account %+v (found %v, %v); want the pin %s", acc, found, err, fp)
	}
}

// register takes --trust-fingerprint too, on a real server whose
// certificate no CA signed, and the account it saves keeps the pin.
func TestRegisterWithTrustFingerprint(t *testing.T) {
	isolate(t)
	srv := testenv.Prosody(t)
	fp := certFingerprint(t, srv.CAFile)
	r := run(t, "", "register", "Pinned", "--domain", srv.Domain, "--server", srv.Addr, "--trust-fingerprint", fp)
	if r.code != 0 || r.resp.StatusCode != 200 {
		t.Fatalf("register with the fingerprint: %s", r.out)
	}
	jid := "pinned@" + srv.Domain
	wantPin(t, jid, fp)
	var data map[string]any
	_ = json.Unmarshal(r.resp.Data, &data)
	pw, _ := data["password"].(string)
	if r := run(t, pw+"\n", "whoami", "--account", jid, "--password-stdin"); r.code != 0 {
		t.Fatalf("whoami with the saved pin: %s", r.out)
	}
}
