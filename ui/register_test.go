package ui

import (
	"testing"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/xmppclient"
)

func openRegisterForm(t *testing.T, b *fakeBackend) *Model {
	t.Helper()
	m := newTestModel(t, b, 80, 30)
	drain(t, m, m.Init())
	press(t, m, "enter")
	if m.screen != screenRegister {
		t.Fatalf("no registration form:\n%s", screenText(m))
	}
	return m
}

func TestRegisterIdentifierValidatedAsTyped(t *testing.T) {
	m := openRegisterForm(t, &fakeBackend{})
	press(t, m, "al")
	mustNotShow(t, m, "Only letters")
	press(t, m, "-")
	mustShow(t, m, "✗ Only letters A–Z and digits 0–9")
	press(t, m, "backspace", "ice")
	mustNotShow(t, m, "✗")
	for range 70 {
		press(t, m, "x")
	}
	if got := len(m.register.form.get("identifier").value()); got != 64 {
		t.Fatalf("identifier has %d characters, want the 64 limit", got)
	}
}

func TestRegisterSandboxWithMetadataShowsCredentialsOnce(t *testing.T) {
	b := &fakeBackend{}
	m := openRegisterForm(t, b)
	mustNotShow(t, m, "Domain") // sandbox is the default: no server fields
	press(t, m, "Alice42", "tab", "tab", "plan=trial", "tab", "age=42", "tab", "beta=true", "enter")
	if len(b.regs) != 1 {
		t.Fatalf("registrations = %+v", b.regs)
	}
	req := b.regs[0]
	if req.Identifier != "Alice42" || !req.Sandbox || len(req.Meta) != 3 {
		t.Fatalf("request = %+v", req)
	}
	want := []xmppclient.Meta{{Key: "plan", Value: "trial"}, {Key: "age", Value: int64(42)}, {Key: "beta", Value: true}}
	for i, w := range want {
		if req.Meta[i] != w {
			t.Fatalf("meta[%d] = %#v, want %#v", i, req.Meta[i], w)
		}
	}
	if m.screen != screenRegisterDone {
		t.Fatalf("screen = %v", m.screen)
	}
	mustShow(t, m, "alice42@localhost", "s3cret-generated-password-xyz", "alice42", "Saved in the system keyring", "only time")
	press(t, m, "enter")
	if m.screen != screenContacts {
		t.Fatalf("did not continue into the session:\n%s", screenText(m))
	}
	mustNotShow(t, m, "s3cret-generated-password-xyz")
	if m.regDone.result.Password != "" {
		t.Fatal("the password is still in the model after it was shown")
	}
}

func TestRegisterRealServerNeedsDomain(t *testing.T) {
	b := &fakeBackend{}
	m := openRegisterForm(t, b)
	press(t, m, "bob", "tab", "space") // a real server
	mustShow(t, m, "Domain", "Server")
	press(t, m, "ctrl+s")
	if len(b.regs) != 0 {
		t.Fatal("submitted without a domain")
	}
	mustShow(t, m, "Enter the server's XMPP domain")
	press(t, m, "example.org", "ctrl+s")
	if len(b.regs) != 1 || b.regs[0].Sandbox || b.regs[0].Domain != "example.org" {
		t.Fatalf("registrations = %+v", b.regs)
	}
}

func TestRegisterConflictShownAtIdentifier(t *testing.T) {
	b := &fakeBackend{regErr: errtext.New(errtext.Conflict, "The user name alice is taken; choose another.")}
	m := openRegisterForm(t, b)
	press(t, m, "alice", "ctrl+s")
	if m.screen != screenRegister {
		t.Fatal("left the form after a failure")
	}
	if got := m.register.form.get("identifier").err; got != "The user name alice is taken; choose another." {
		t.Fatalf("identifier error = %q", got)
	}
	if m.register.form.get("identifier").value() != "alice" {
		t.Fatal("the form lost the identifier")
	}
}

func TestRegisterBadMetadata(t *testing.T) {
	b := &fakeBackend{}
	m := openRegisterForm(t, b)
	press(t, m, "bob", "tab", "tab", "novalue", "ctrl+s")
	if len(b.regs) != 0 {
		t.Fatal("submitted bad metadata")
	}
	mustShow(t, m, "Write it as key=value")
	press(t, m, "ctrl+u", "a=1", "tab", "a=2", "ctrl+s")
	if len(b.regs) != 0 {
		t.Fatal("submitted a duplicate key")
	}
	mustShow(t, m, `The key "a" is used twice.`)
}

func TestParseMeta(t *testing.T) {
	for in, want := range map[string]any{
		"k=v": "v", "k = 3": int64(3), "k=2.5": 2.5, "k=false": false, "k=a=b": "a=b", "k=": "",
	} {
		got, ok, err := parseMeta(in)
		if err != nil || !ok || got.Key != "k" || got.Value != want {
			t.Errorf("parseMeta(%q) = %#v %v %v, want %#v", in, got, ok, err, want)
		}
	}
	for _, in := range []string{"novalue", "=v"} {
		if _, _, err := parseMeta(in); err == nil {
			t.Errorf("parseMeta(%q) accepted", in)
		}
	}
}
