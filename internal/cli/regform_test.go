package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/xmppclient"
)

// A Prosody that asks for an e-mail address at registration: without it
// register is a 400 naming the field (and carrying the form); with
// --field it registers, and a plain client logs in with the result.
func TestRegisterWithRequiredFormField(t *testing.T) {
	isolate(t)
	srv := testenv.Prosody(t, testenv.RegistrationFields("email+", "nick"))
	flags := serverFlags(srv)

	r := run(t, "", append([]string{"register", "Erin", "--domain", srv.Domain}, flags...)...)
	if r.code != 1 || r.resp.StatusCode != 400 || !strings.Contains(r.resp.Message, `"email"`) || !strings.Contains(r.resp.Message, "--field email=VALUE") {
		t.Fatalf("register without the e-mail: %s", r.out)
	}
	form := refusedForm(t, r)
	email, ok := form.Field("email")
	if nick, _ := form.Field("nick"); !ok || !email.Required || email.Label == "" || nick.Required {
		t.Fatalf("form in the refusal: %s", r.resp.Data)
	}
	// The refusal came before the form was sent: the name is still free.
	r = run(t, "", append([]string{"register", "Erin", "--domain", srv.Domain, "--field", "email=erin@example.org"}, flags...)...)
	if r.code != 0 || r.resp.StatusCode != 200 || !strings.Contains(string(r.resp.Data), `"erin@`+srv.Domain+`"`) {
		t.Fatalf("register with the e-mail: %s", r.out)
	}
	logInWith(t, srv.Addr, srv.CAFile, r)

	r = run(t, "", append([]string{"register", "Frank", "--domain", srv.Domain, "--field", "email=f@example.org", "--field", "shoe=42"}, flags...)...)
	if r.resp.StatusCode != 400 || !strings.Contains(r.resp.Message, `"shoe"`) {
		t.Fatalf("register with an unknown field: %s", r.out)
	}
}

// refusedForm is the registration form a refusal carries as its data.
func refusedForm(t *testing.T, r result) xmppclient.RegisterForm {
	t.Helper()
	var data struct {
		Form xmppclient.RegisterForm `json:"form"`
	}
	if err := json.Unmarshal(r.resp.Data, &data); err != nil {
		t.Fatal(err)
	}
	return data.Form
}

// logInWith logs a plain client in with the credentials register printed.
func logInWith(t *testing.T, addr, caFile string, r result) {
	t.Helper()
	var res xmppclient.RegisterResult
	if err := json.Unmarshal(r.resp.Data, &res); err != nil || res.UserJID == "" || res.Password == "" {
		t.Fatalf("register data %s (%v)", r.resp.Data, err)
	}
	c := xmppclient.New(xmppclient.Config{JID: res.UserJID, Password: res.Password, Server: addr, CAFile: caFile, Timeout: 10 * time.Second, Quiet: true})
	ctx := testenv.Context(t, time.Minute)
	if err := c.Connect(ctx); err != nil {
		t.Fatalf("log in with the registered credentials: %v", err)
	}
	_ = c.Logout(ctx)
}
