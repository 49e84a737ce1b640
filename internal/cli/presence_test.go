package cli

import (
	"encoding/json"
	"testing"

	"github.com/parley-im/parley/keystore"
)

// parley presence set keeps the availability and text in the saved
// account without going online; parley presence reads them back. An
// account that is not saved is a 404, a wrong availability a 400.
func TestPresenceCommandKeepsTheChoice(t *testing.T) {
	isolate(t)
	if r := run(t, "", "presence", "--account", "alice@example.org"); r.resp.StatusCode != 404 {
		t.Fatalf("no saved account: %s", r.out)
	}
	st, err := keystore.Open()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveAccount(keystore.Account{JID: "alice@example.org", Server: "127.0.0.1:1"}); err != nil {
		t.Fatal(err)
	}
	read := func() map[string]string {
		t.Helper()
		r := run(t, "", "presence")
		var d map[string]string
		if r.code != 0 || json.Unmarshal(r.resp.Data, &d) != nil {
			t.Fatalf("parley presence: %s", r.out)
		}
		return d
	}
	if d := read(); d["show"] != "online" || d["statusText"] != "" || d["userJid"] != "alice@example.org" {
		t.Fatalf("before any choice: %v", d)
	}
	if r := run(t, "", "presence", "set", "away", "at", "lunch"); r.code != 0 {
		t.Fatalf("presence set: %s", r.out)
	}
	if d := read(); d["show"] != "away" || d["statusText"] != "at lunch" {
		t.Fatalf("after set away: %v", d)
	}
	if r := run(t, "", "presence", "set", "asleep"); r.resp.StatusCode != 400 {
		t.Fatalf("a wrong availability: %s", r.out)
	}
	if r := run(t, "", "presence", "set", "available"); r.code != 0 {
		t.Fatalf("presence set available: %s", r.out)
	}
	if d := read(); d["show"] != "online" || d["statusText"] != "" {
		t.Fatalf("after set available: %v", d)
	}
	acc, _, _ := st.Account("alice@example.org")
	if acc.Server != "127.0.0.1:1" {
		t.Fatalf("the rest of the account changed: %+v", acc)
	}
}
