package xmppclient

import (
	"crypto/sha1"
	"encoding/base64"
	"sort"
	"strings"
	"testing"
)

// The caps hash Parley sends is the XEP-0115 §5.1 string of what
// disco#info answers, computed here by hand, and that answer names the
// queries Parley answers (version, time, disco#items).
func TestCapsHashCoversTheAnsweredQueries(t *testing.T) {
	c := New(Config{JID: "user@example.org"})
	feats := append([]string{}, baseFeatures...)
	sort.Strings(feats)
	s := "client/console//Parley<" + strings.Join(feats, "<") + "<"
	sum := sha1.Sum([]byte(s))
	want := base64.StdEncoding.EncodeToString(sum[:])
	if got := c.capsVer(); got != want {
		t.Fatalf("caps ver %q, the XEP-0115 string %q hashes to %q", got, s, want)
	}
	advertised := map[string]bool{}
	for _, f := range c.discoInfo().Features {
		advertised[f.Var] = true
	}
	for _, ns := range []string{"jabber:iq:version", "urn:xmpp:time", "http://jabber.org/protocol/disco#items", "http://jabber.org/protocol/disco#info", "jabber:iq:last", "urn:xmpp:ping", "urn:xmpp:receipts", "http://jabber.org/protocol/chatstates", "urn:xmpp:carbons:2", "urn:xmpp:sid:0"} {
		if !advertised[ns] {
			t.Errorf("disco#info does not advertise %s", ns)
		}
	}
	// The same features in the same order give the same hash: the value
	// below changes only when the feature list does, and then on purpose.
	if got := c.capsVer(); got != "AmBghSPcPzsbz8l36pfRz+MCjdA=" {
		t.Errorf("caps ver %q: the advertised features changed; update this value with them", got)
	}
}
