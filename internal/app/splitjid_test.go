package app

import "testing"

// SplitJID reads an address as a JID (a resource may hold '@'), and text
// that is no address yet at its first '@'.
func TestSplitJID(t *testing.T) {
	for _, c := range []struct{ in, local, domain string }{
		{"alice@example.org", "alice", "example.org"},
		{"alice@example.org/phone@home", "alice", "example.org"},
		{"example.org", "", "example.org"},
		{"half typed@", "half typed", ""},
	} {
		if local, domain := SplitJID(c.in); local != c.local || domain != c.domain {
			t.Errorf("SplitJID(%q) = %q, %q; want %q, %q", c.in, local, domain, c.local, c.domain)
		}
	}
}
