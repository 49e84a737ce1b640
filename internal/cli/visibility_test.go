package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
)

// A bad --visibility is a 400 that names the setting, before any log-in
// (no account exists here: a log-in would fail otherwise).
func TestProfileSetVisibilityBadValueIs400(t *testing.T) {
	isolate(t)
	for _, bad := range []string{"everyone", "friends", "contact", ""} {
		args := []string{"profile", "set", "--visibility", bad}
		if bad == "" {
			args = []string{"profile", "set", "--visibility=  "}
		}
		r := run(t, "", args...)
		if bad == "" {
			// Blank is the default, contacts: no parse error, so the
			// missing account is what fails.
			if r.resp.StatusCode == 400 && strings.Contains(r.resp.Message, "visibility") {
				t.Errorf("--visibility blank refused as a bad value: %s", r.out)
			}
			continue
		}
		if r.code != 1 || r.resp.StatusCode != 400 {
			t.Fatalf("--visibility %q: exit %d, %s; want 400", bad, r.code, r.out)
		}
		if !strings.Contains(r.resp.Message, "visibility") || !strings.Contains(r.resp.Message, "contacts, mixed or public") || !strings.Contains(r.resp.Message, bad) {
			t.Errorf("--visibility %q: message %q does not name the setting, its choices and the value", bad, r.resp.Message)
		}
	}
}

// The good values pass the parse (and then fail only for want of an
// account), in any case.
func TestProfileSetVisibilityGoodValuesParse(t *testing.T) {
	isolate(t)
	for _, good := range []string{"contacts", "mixed", "public", "Public"} {
		r := run(t, "", "profile", "set", "--visibility", good)
		if strings.Contains(r.resp.Message, "visibility") {
			t.Errorf("--visibility %s refused: %s", good, r.out)
		}
		if r.resp.StatusCode == 200 {
			t.Errorf("--visibility %s without an account succeeded: %s", good, r.out)
		}
	}
}

func TestProfileJSONShowsOwnVisibilityOnly(t *testing.T) {
	own := profileJSON(profileWithVisibility("public"))
	if own.Visibility != "public" {
		t.Fatalf("own profile JSON visibility %q", own.Visibility)
	}
	if other := profileJSON(profileWithVisibility("")); other.Visibility != "" {
		t.Fatalf("another's profile JSON carries a visibility %q", other.Visibility)
	}
}

func profileWithVisibility(v string) profile.Profile {
	return profile.Profile{JID: "a@example.org", Nickname: "A", Visibility: profile.Visibility(v)}
}

// The setting goes through the command to the account and back out of
// profile get, in a later session.
func TestProfileVisibilityCommandAgainstProsody(t *testing.T) {
	isolate(t)
	srv := testenv.Prosody(t)
	flags := serverFlags(srv)
	reg := run(t, "", append([]string{"register", "vera", "--domain", srv.Domain}, flags...)...)
	if reg.code != 0 {
		t.Fatalf("register: %s", reg.out)
	}
	var data map[string]any
	_ = json.Unmarshal(reg.resp.Data, &data)
	pw := data["password"].(string) + "\n"

	var p map[string]string
	r := run(t, pw, append([]string{"profile", "set", "--name", "Vera", "--visibility", "mixed", "--password-stdin"}, flags...)...)
	_ = json.Unmarshal(r.resp.Data, &p)
	if r.code != 0 || p["visibility"] != "mixed" {
		t.Fatalf("set: %s", r.out)
	}
	r = run(t, pw, append([]string{"profile", "get", "--password-stdin"}, flags...)...)
	p = nil
	_ = json.Unmarshal(r.resp.Data, &p)
	if r.code != 0 || p["visibility"] != "mixed" || p["nickName"] != "Vera" {
		t.Fatalf("get in a later session: %s", r.out)
	}
	// A set without the flag keeps it.
	r = run(t, pw, append([]string{"profile", "set", "--status", "here", "--password-stdin"}, flags...)...)
	p = nil
	_ = json.Unmarshal(r.resp.Data, &p)
	if r.code != 0 || p["visibility"] != "mixed" {
		t.Fatalf("set without --visibility: %s", r.out)
	}
}
