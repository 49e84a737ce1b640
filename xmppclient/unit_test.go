package xmppclient

import (
	"bytes"
	"crypto/sha1"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"mellium.im/xmpp/disco"
	"mellium.im/xmpp/disco/info"
)

func TestBackoffGrowsAndCaps(t *testing.T) {
	for n := 0; n < 12; n++ {
		d := backoff(n)
		base := backoffMin << n
		if base > backoffMax || base <= 0 {
			base = backoffMax
		}
		lo, hi := time.Duration(float64(base)*0.75), time.Duration(float64(base)*1.25)
		if d < lo || d > hi {
			t.Errorf("attempt %d: %v outside [%v, %v]", n, d, lo, hi)
		}
	}
}

func TestRedactingWriterHidesSecrets(t *testing.T) {
	var buf bytes.Buffer
	in, out := debugTees(&buf)
	_, _ = out.Write([]byte(`<auth xmlns="urn:ietf:params:xml:ns:xmpp-sasl" mechanism="PLAIN">AGFsaWNlAHNlY3JldA==</auth>`))
	_, _ = in.Write([]byte(`<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>cj1mb28=</challenge>`))
	_, _ = out.Write([]byte(`<iq type='set'><query xmlns='jabber:iq:register'><username>a</username><password>hunter2</password></query></iq>`))
	log := buf.String()
	for _, secret := range []string{"AGFsaWNlAHNlY3JldA==", "cj1mb28=", "hunter2"} {
		if strings.Contains(log, secret) {
			t.Errorf("log holds %q:\n%s", secret, log)
		}
	}
	if !strings.Contains(log, "<username>a</username>") || !strings.Contains(log, "SEND") || !strings.Contains(log, "RECV") {
		t.Errorf("log lost what is not secret:\n%s", log)
	}
}

// The XEP-0115 §5.2 example: mellium's hash must give its documented ver.
func TestCapsHashMatchesXEP0115Example(t *testing.T) {
	inf := disco.Info{
		Identity: []info.Identity{{Category: "client", Type: "pc", Name: "Exodus 0.9.1"}},
		Features: []info.Feature{
			{Var: "http://jabber.org/protocol/caps"},
			{Var: "http://jabber.org/protocol/disco#info"},
			{Var: "http://jabber.org/protocol/disco#items"},
			{Var: "http://jabber.org/protocol/muc"},
		},
	}
	if got := inf.Hash(sha1.New()); got != "QgayPKawpkPSDYmwT/WM94uAlu0=" {
		t.Fatalf("caps ver %q", got)
	}
}

func TestRawXMLKeepsOneXMLNS(t *testing.T) {
	var buf bytes.Buffer
	e := xml.NewEncoder(&buf)
	r := rawXML([]byte(`<nick xmlns='http://jabber.org/protocol/nick'>A &amp; B</nick>`))
	for {
		tok, err := r.Token()
		if err != nil {
			break
		}
		if err := e.EncodeToken(tok); err != nil {
			t.Fatal(err)
		}
	}
	_ = e.Flush()
	if got := buf.String(); strings.Count(got, "xmlns") != 1 || !strings.Contains(got, "A &amp; B") {
		t.Fatalf("re-encoded as %s", got)
	}
}

func TestRawElementDropsDuplicateNamespaces(t *testing.T) {
	var m struct {
		Items []pepItem `xml:"item"`
	}
	src := `<items><item id='x'><vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'><fn><text>A</text></fn></vcard></item></items>`
	if err := xml.Unmarshal([]byte(src), &m); err != nil {
		t.Fatal(err)
	}
	got := string(m.Items[0].Payload.XML)
	var v struct {
		XMLName xml.Name
		FN      string `xml:"fn>text"`
	}
	if err := xml.Unmarshal(m.Items[0].Payload.XML, &v); err != nil || v.FN != "A" || v.XMLName.Space != "urn:ietf:params:xml:ns:vcard-4.0" {
		t.Fatalf("payload %s does not decode back: %v", got, err)
	}
	// Each element declares its namespace once (the bug of re-encoding
	// resolved tokens is a second xmlns attribute on one element).
	for _, tag := range strings.Split(got, "<") {
		if end := strings.Index(tag, ">"); end >= 0 && strings.Count(tag[:end], "xmlns") > 1 {
			t.Fatalf("element <%s> declares xmlns twice", tag[:end])
		}
	}
}

func TestRawElementIsBounded(t *testing.T) {
	big := `<items><item id='x'><data xmlns='urn:xmpp:avatar:data'>` + strings.Repeat("A", maxItem+10) + `</data></item></items>`
	var m struct {
		Items []pepItem `xml:"item"`
	}
	if err := xml.Unmarshal([]byte(big), &m); err == nil {
		t.Fatal("an item over the bound was accepted")
	}
}

func TestValidateIdentifier(t *testing.T) {
	for _, ok := range []string{"a", "Alice01", strings.Repeat("z", 64)} {
		if err := ValidateIdentifier(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "a b", "a-b", "é", strings.Repeat("z", 65), "a@b"} {
		if err := ValidateIdentifier(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestGeneratedPasswords(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		p, err := generatePassword()
		if err != nil {
			t.Fatal(err)
		}
		if len(p) < 24 || seen[p] {
			t.Fatalf("password %q (len %d, repeated %v)", p, len(p), seen[p])
		}
		seen[p] = true
	}
}
