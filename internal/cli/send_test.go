package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/parley-im/parley/internal/history"
	"github.com/parley-im/parley/internal/sandbox"
	"github.com/parley-im/parley/internal/testenv"
)

// send reports a bounce as a failure with the server's reason, never as
// sent; a message that arrives is "sent" and in the local history, which
// logout --forget removes.
func TestSendHistoryAndForget(t *testing.T) {
	srv, flags, me, pw := registered(t, "dora")
	friend, _ := testenv.Account(t, srv)

	r := run(t, pw, append([]string{"send", "nobody@" + srv.Domain, "into", "the", "void", "--password-stdin"}, flags...)...)
	if r.code != 1 || r.resp.StatusCode == 200 || !strings.Contains(strings.ToLower(r.resp.Message), "nobody@"+srv.Domain) {
		t.Fatalf("send to nobody: %d %s", r.code, r.out)
	}
	r = run(t, pw, append([]string{"send", friend, "hello", "friend", "--password-stdin"}, flags...)...)
	var sent map[string]string
	_ = json.Unmarshal(r.resp.Data, &sent)
	if r.code != 0 || sent["state"] != "sent" || sent["to"] != friend {
		t.Fatalf("send: %d %s", r.code, r.out)
	}
	r = run(t, "", "history", friend, "--account", me)
	var h struct {
		Messages []messageJSON `json:"messages"`
	}
	_ = json.Unmarshal(r.resp.Data, &h)
	if r.code != 0 || len(h.Messages) != 1 || h.Messages[0].Body != "hello friend" || h.Messages[0].State != "sent" || h.Messages[0].Direction != "out" {
		t.Fatalf("history: %s", r.out)
	}
	r = run(t, pw, append([]string{"logout", "--forget", "--password-stdin"}, flags...)...)
	if r.code != 0 {
		t.Fatalf("logout --forget: %s", r.out)
	}
	if ok, err := history.Exists(me); err != nil || ok {
		t.Fatalf("history still there after --forget (%v)", err)
	}
}

// registered registers user with the CLI on a fresh Prosody in isolated
// directories and returns the server's flags, the JID and the password
// line for --password-stdin.
func registered(t *testing.T, user string) (srv *sandbox.Server, flags []string, jid, pwLine string) {
	t.Helper()
	isolate(t)
	srv = testenv.Prosody(t)
	flags = serverFlags(srv)
	reg := run(t, "", append([]string{"register", user, "--domain", srv.Domain}, flags...)...)
	if reg.code != 0 {
		t.Fatalf("register: %s", reg.out)
	}
	var data map[string]any
	_ = json.Unmarshal(reg.resp.Data, &data)
	return srv, flags, data["userJid"].(string), data["password"].(string) + "\n"
}
