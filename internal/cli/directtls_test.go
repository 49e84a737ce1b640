package cli

import (
	"testing"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/keystore"
)

// A Prosody that speaks TLS from the first byte on a port of its own
// (c2s_direct_tls_ports): connect --direct-tls logs in there and saves
// it in the account, and the saved account logs in again without the
// flag. Without --direct-tls the same port is spoken to with STARTTLS,
// which that port does not understand, and --direct-tls to the STARTTLS
// port fails too: the flag is what decides.
func TestDirectTLSLogsIn(t *testing.T) {
	isolate(t)
	opt, direct := testenv.DirectTLS(t)
	srv := testenv.Prosody(t, opt)
	jid, pw := testenv.Account(t, srv)

	r := run(t, pw+"\n", "whoami", "--account", jid, "--password-stdin", "--server", direct, "--ca", srv.CAFile)
	if r.code == 0 {
		t.Fatalf("STARTTLS to the direct TLS port %s logged in: %s", direct, r.out)
	}
	if r.resp.StatusCode != 503 {
		t.Fatalf("STARTTLS to the direct TLS port: %s; want a 503", r.out)
	}
	r = run(t, pw+"\n", "connect", jid, "--password-stdin", "--server", direct, "--ca", srv.CAFile, "--direct-tls")
	if r.code != 0 || r.resp.StatusCode != 200 {
		t.Fatalf("connect --direct-tls to %s: %s", direct, r.out)
	}
	st, err := keystore.Open()
	if err != nil {
		t.Fatal(err)
	}
	acc, found, err := st.Account(jid)
	if err != nil || !found || !acc.DirectTLS || acc.Server != direct {
		t.Fatalf("saved account %+v (found %v, %v); want server %s with direct TLS", acc, found, err, direct)
	}
	if r := run(t, pw+"\n", "whoami", "--account", jid, "--password-stdin"); r.code != 0 {
		t.Fatalf("whoami with the saved direct TLS account: %s", r.out)
	}

	r = run(t, pw+"\n", "whoami", "--account", jid, "--password-stdin", "--server", srv.Addr, "--ca", srv.CAFile, "--direct-tls")
	if r.code == 0 {
		t.Fatalf("--direct-tls to the STARTTLS port %s logged in: %s", srv.Addr, r.out)
	}
}
