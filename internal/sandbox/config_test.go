package sandbox

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestRenderConfig(t *testing.T) {
	all := func(string) bool { return true }
	o, err := Options{Dir: "/sb", Port: 15222}.normalize()
	if err != nil {
		t.Fatal(err)
	}
	cfg := renderConfig(o, 0, all)
	for _, want := range []string{
		`c2s_ports = { 15222 }`, `s2s_ports = { }`, `modules_disabled = { "s2s" }`,
		`allow_registration = true`, `c2s_require_encryption = true`, `run_as_root = true`,
		`authentication = "internal_hashed"`, `log = { info = "/sb/prosody.log" }`,
		`ssl = { certificate = "/sb/cert.pem", key = "/sb/key.pem" }`,
		`"vcard_legacy"`, `"smacks"`, `VirtualHost "localhost"`,
	} {
		if !strings.Contains(cfg, want) {
			t.Errorf("config lacks %s:\n%s", want, cfg)
		}
	}
	if strings.Contains(cfg, `"vcard"`) {
		t.Error("config enables vcard next to vcard_legacy")
	}
	if i, j := strings.Index(cfg, "modules_enabled"), strings.Index(cfg, "VirtualHost"); i > j {
		t.Error("global options after the VirtualHost line")
	}

	o.ClosedRegistration, o.Debug, o.Domain = true, true, "chat.example"
	o.Modules = []string{"http_file_share", "roster"}
	o.ExtraConfig = "http_ports = { 5280 }"
	cfg = renderConfig(o, 1000, func(m string) bool { return m != "smacks" })
	for _, want := range []string{
		`allow_registration = false`, `log = { debug = `, `"http_file_share"`,
		`VirtualHost "chat.example"`, "http_ports = { 5280 }\n\nVirtualHost",
	} {
		if !strings.Contains(cfg, want) {
			t.Errorf("config lacks %s:\n%s", want, cfg)
		}
	}
	for _, bad := range []string{"run_as_root", `"smacks"`} {
		if strings.Contains(cfg, bad) {
			t.Errorf("config has %s:\n%s", bad, cfg)
		}
	}
	if n := strings.Count(cfg, `"roster"`); n != 1 {
		t.Errorf("roster listed %d times", n)
	}
}

func TestNormalize(t *testing.T) {
	o, err := Options{Dir: "rel", Domain: "Chat.Example"}.normalize()
	if err != nil || !filepath.IsAbs(o.Dir) || o.Domain != "chat.example" {
		t.Errorf("normalize = %+v, %v", o, err)
	}
	for _, bad := range []Options{
		{},
		{Dir: "d", Domain: `x"y`},
		{Dir: "d", Domain: "a..b"},
		{Dir: "d", Port: -1},
		{Dir: "d", Port: 65536},
		{Dir: "d", Modules: []string{"x y"}},
	} {
		if _, err := bad.normalize(); err == nil {
			t.Errorf("normalize(%+v) accepted", bad)
		}
	}
}

func TestLuaString(t *testing.T) {
	for in, want := range map[string]string{
		"/tmp/a b":     `"/tmp/a b"`,
		`q"b\c`:        `"q\034b\092c"`,
		"n\nl":         `"n\010l"`,
		"\u00e9":       `"\195\169"`,
		`\u1234`:       `"\092u1234"`,
		"]]--[[ x = 1": `"]]--[[ x = 1"`,
	} {
		if got := luaString(in); got != want {
			t.Errorf("luaString(%q) = %s, want %s", in, got, want)
		}
	}
}
