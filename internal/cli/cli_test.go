package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/sandbox"
	"github.com/parley-im/parley/internal/testenv"
)

// isolate points every XDG dir (and HOME) at a temp dir and hides any
// session bus, so a test touches nothing of the machine's.
func isolate(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	for _, v := range []string{"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR", "HOME"} {
		t.Setenv(v, dir+"/"+strings.ToLower(v))
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
}

type result struct {
	code int
	resp struct {
		StatusCode int             `json:"statusCode"`
		Message    string          `json:"message"`
		Data       json.RawMessage `json:"data"`
	}
	out string
}

// run runs parley with args (and stdin) in-process.
func run(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	var r result
	r.code = Main(args, strings.NewReader(stdin), &out, &errOut)
	r.out = out.String()
	if strings.HasPrefix(strings.TrimSpace(r.out), "{") {
		// The first JSON value (watch prints one per line).
		if err := json.NewDecoder(&out).Decode(&r.resp); err != nil {
			t.Fatalf("parley %v printed no JSON object: %v\n%s", args, err, r.out)
		}
	}
	if errOut.Len() > 0 {
		t.Logf("stderr of parley %v: %s", args, errOut.String())
	}
	return r
}

func serverFlags(srv *sandbox.Server) []string {
	return []string{"--server", srv.Addr, "--ca", srv.CAFile}
}

func TestCommandsAgainstProsody(t *testing.T) {
	isolate(t)
	srv := testenv.Prosody(t)
	flags := serverFlags(srv)

	reg := run(t, "", append([]string{"register", "Carol", "--domain", srv.Domain, "--meta", "plan=trial", "--meta", "beta=true"}, flags...)...)
	if reg.code != 0 || reg.resp.StatusCode != 200 {
		t.Fatalf("register: %s", reg.out)
	}
	var data map[string]any
	_ = json.Unmarshal(reg.resp.Data, &data)
	for _, k := range []string{"username", "password", "userJid", "isProfileUpdated", "isSandbox"} {
		if _, ok := data[k]; !ok {
			t.Errorf("register data lacks %q: %s", k, reg.resp.Data)
		}
	}
	pw := data["password"].(string) + "\n"
	if data["userJid"] != "carol@"+srv.Domain || data["isSandbox"] != false {
		t.Fatalf("register data %s", reg.resp.Data)
	}
	// No keyring here: the message says so, and later commands read the
	// password from stdin.
	// One sentence for the registration, one for the password, which says
	// how to give it to the next command (this one has exited, so nothing
	// is kept "for this session").
	if m := reg.resp.Message; !strings.Contains(m, "the password is not saved") || !strings.Contains(m, "--password-stdin") ||
		strings.Contains(m, "memory") || strings.Contains(m, "quits") || strings.Count(m, "keyring") != 1 || strings.Count(m, ". ") != 1 {
		t.Errorf("register's password sentence: %q", m)
	}

	t.Run("duplicate register is 409, exit 1", func(t *testing.T) {
		r := run(t, "", append([]string{"register", "carol", "--domain", srv.Domain}, flags...)...)
		if r.code != 1 || r.resp.StatusCode != 409 {
			t.Fatalf("%d %s", r.code, r.out)
		}
	})
	t.Run("invalid identifier is 400", func(t *testing.T) {
		r := run(t, "", append([]string{"register", "no-dash", "--domain", srv.Domain}, flags...)...)
		if r.code != 1 || r.resp.StatusCode != 400 {
			t.Fatalf("%d %s", r.code, r.out)
		}
	})
	t.Run("whoami with the password on stdin", func(t *testing.T) {
		r := run(t, pw, append([]string{"whoami", "--password-stdin"}, flags...)...)
		var d map[string]string
		_ = json.Unmarshal(r.resp.Data, &d)
		if r.code != 0 || !strings.HasPrefix(d["userJid"], "carol@"+srv.Domain+"/") {
			t.Fatalf("%d %s", r.code, r.out)
		}
	})
	t.Run("global flags before the command", func(t *testing.T) {
		r := run(t, pw, append(append([]string{"--account", "carol@" + srv.Domain}, flags...), "--password-stdin", "whoami")...)
		if r.code != 0 {
			t.Fatalf("%d %s", r.code, r.out)
		}
	})
	t.Run("wrong password is 401", func(t *testing.T) {
		r := run(t, "nope\n", append([]string{"connect", "carol@" + srv.Domain, "--password-stdin"}, flags...)...)
		if r.code != 1 || r.resp.StatusCode != 401 || !strings.Contains(r.resp.Message, "login of carol@"+srv.Domain+":") {
			t.Fatalf("%d %s", r.code, r.out)
		}
		// The account tried is the most recently used one when none is named.
		r = run(t, "nope\n", append([]string{"whoami", "--password-stdin"}, flags...)...)
		if r.code != 1 || r.resp.StatusCode != 401 || !strings.Contains(r.resp.Message, "login of carol@"+srv.Domain+":") {
			t.Fatalf("%d %s", r.code, r.out)
		}
	})
	t.Run("profile set then get", func(t *testing.T) {
		r := run(t, pw, append([]string{"profile", "set", "--name", "Carol C", "--status", "busy", "--mobile", "555-123-4567", "--email", "carol@example.org", "--password-stdin"}, flags...)...)
		if r.code != 0 {
			t.Fatalf("set: %s", r.out)
		}
		r = run(t, pw, append([]string{"profile", "get", "--password-stdin"}, flags...)...)
		var p map[string]string
		_ = json.Unmarshal(r.resp.Data, &p)
		if r.code != 0 || p["nickName"] != "Carol C" || p["statusText"] != "busy" || p["mobileNumber"] != "555-123-4567" || p["email"] != "carol@example.org" {
			t.Fatalf("get: %s", r.out)
		}
		// A set that leaves flags out keeps their values.
		r = run(t, pw, append([]string{"profile", "set", "--status", "free", "--password-stdin"}, flags...)...)
		_ = json.Unmarshal(r.resp.Data, &p)
		if r.code != 0 || p["nickName"] != "Carol C" || p["statusText"] != "free" {
			t.Fatalf("partial set: %s", r.out)
		}
	})
	t.Run("bad email is 400", func(t *testing.T) {
		r := run(t, pw, append([]string{"profile", "set", "--email", "not an email", "--password-stdin"}, flags...)...)
		if r.code != 1 || r.resp.StatusCode != 400 {
			t.Fatalf("%d %s", r.code, r.out)
		}
	})
	t.Run("contacts and lastseen of a stranger", func(t *testing.T) {
		other, _ := testenv.Account(t, srv)
		r := run(t, pw, append([]string{"contacts", "add", other, "--password-stdin"}, flags...)...)
		if r.code != 0 {
			t.Fatalf("add: %s", r.out)
		}
		r = run(t, pw, append([]string{"contacts", "list", "--password-stdin"}, flags...)...)
		if r.code != 0 || !strings.Contains(string(r.resp.Data), other) {
			t.Fatalf("list: %s", r.out)
		}
		r = run(t, pw, append([]string{"lastseen", other, "--password-stdin"}, flags...)...)
		if r.code != 1 || r.resp.StatusCode != 403 {
			t.Fatalf("lastseen of someone who has not accepted: %s", r.out)
		}
	})
	t.Run("watch prints JSON lines and stops", func(t *testing.T) {
		start := time.Now()
		r := run(t, pw, append([]string{"watch", "--seconds", "1", "--password-stdin"}, flags...)...)
		if r.code != 0 || time.Since(start) > 30*time.Second {
			t.Fatalf("watch: %d %s", r.code, r.out)
		}
		lines := strings.Split(strings.TrimSpace(r.out), "\n")
		var first struct {
			Event string
			Data  map[string]any
		}
		if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || first.Event != "connection" || first.Data["state"] != "CONNECTING" {
			t.Fatalf("first watch line %q (%v)", lines[0], err)
		}
		for _, l := range lines {
			if !json.Valid([]byte(l)) {
				t.Fatalf("not JSON: %q", l)
			}
		}
	})
	t.Run("unreachable server is 503", func(t *testing.T) {
		r := run(t, pw, "whoami", "--password-stdin", "--server", "127.0.0.1:1", "--ca", srv.CAFile)
		if r.code != 1 || r.resp.StatusCode != 503 {
			t.Fatalf("%d %s", r.code, r.out)
		}
	})
}

func TestHelp(t *testing.T) {
	isolate(t)
	r := run(t, "", "--help")
	if r.code != 0 || !strings.Contains(r.out, "Commands:") || !strings.Contains(r.out, "register") {
		t.Fatalf("parley --help: %s", r.out)
	}
	for name := range commands() {
		r := run(t, "", name, "--help")
		if r.code != 0 || !strings.Contains(r.out, "Usage: parley "+name) {
			t.Errorf("parley %s --help: %d %s", name, r.code, r.out)
		}
	}
}
