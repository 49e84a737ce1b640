package ui

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

const hostile = "\x1b]0;owned\x07\x1b[31m"

// assertNoInjection fails if the raw view carries any byte of the hostile
// string's control sequences. The view is drawn without colour, so the
// only escapes in it are the plain attributes (reverse, bold) and resets.
func assertNoInjection(t *testing.T, m *Model) {
	t.Helper()
	v := m.View().Content
	for _, bad := range []string{"\x07", "\x1b]", "\x1b[31m", "\x9b", "\x9d"} {
		if strings.Contains(v, bad) {
			t.Fatalf("view contains %q:\n%q", bad, v)
		}
	}
	if v2 := m.View(); v2.WindowTitle != "" {
		t.Fatalf("window title set to %q", v2.WindowTitle)
	}
}

func TestHostileStringsRenderInert(t *testing.T) {
	m, _, _ := loggedIn(t, 100, 30,
		xmppclient.Contact{JID: "evil@example.org", Name: hostile, Show: xmppclient.ShowOnline, StatusText: hostile},
		xmppclient.Contact{JID: "bob@example.org", Name: "Bob", Show: xmppclient.ShowOffline},
	)
	m.noColor = true
	m.styles = NewStyles(true, true)
	// Everywhere a network string shows up.
	send(t, m, xmppclient.ProfileEvent{Profile: profile.Profile{JID: "evil@example.org", Nickname: hostile, Status: hostile, Email: hostile, MobileNumber: hostile}})
	send(t, m, xmppclient.SubscriptionRequestEvent{From: hostile + "@example.org"})
	send(t, m, xmppclient.MessageEvent{From: "evil@example.org", Body: hostile + "\nline two" + hostile})
	send(t, m, xmppclient.ConnectionEvent{Status: xmppclient.StatusConnectionFailed, Reason: hostile})
	assertNoInjection(t, m)
	mustShow(t, m, "]0;owned") // shown as inert text, not hidden
	press(t, m, "p")           // evil is first (online)
	if m.view.jid != "evil@example.org" {
		t.Fatalf("profile of %q", m.view.jid)
	}
	assertNoInjection(t, m)
	press(t, m, "esc", "enter")
	if m.screen != screenChat {
		t.Fatal("no chat")
	}
	assertNoInjection(t, m)
	mustShow(t, m, "line two")
}

func TestWideCharactersKeepColumnsAligned(t *testing.T) {
	names := []string{
		"山田太郎山田太郎山田太郎山田太郎山田太郎",                                     // CJK, wider than the column
		"🎉🎉 party 👩‍👩‍👧‍👦 family emoji name long",                  // emoji, ZWJ sequence
		"Zoë Åström-Ñúñez with a long surname",                     // precomposed
		"e\u0301e\u0301e\u0301 combining marks and more text here", // combining marks
		"plain ascii name that is quite long indeed",
	}
	var cs []xmppclient.Contact
	for i, n := range names {
		cs = append(cs, xmppclient.Contact{JID: string(rune('a'+i)) + "@example.org", Name: n,
			Show: xmppclient.ShowOnline, StatusText: "状态 🎉 " + n})
	}
	for _, w := range []int{60, 61, 80, 120} {
		m, _, _ := loggedIn(t, w, 20, cs...)
		lines := strings.Split(m.View().Content, "\n")
		if len(lines) != 20 {
			t.Fatalf("width %d: %d lines", w, len(lines))
		}
		statusCol := -1
		for i, l := range lines {
			if got := lipgloss.Width(l); got != w {
				t.Fatalf("width %d: line %d is %d cells: %q", w, i, got, ansi.Strip(l))
			}
			plain := ansi.Strip(l)
			if !strings.Contains(plain, "状态") {
				continue
			}
			// The status column starts at the same cell on every row.
			col := ansi.StringWidth(plain[:strings.Index(plain, "状态")])
			if statusCol < 0 {
				statusCol = col
			} else if col != statusCol {
				t.Fatalf("width %d: status column at %d, want %d: %q", w, col, statusCol, plain)
			}
			if strings.ContainsRune(plain, '\uFFFD') {
				t.Fatalf("a character was cut in half: %q", plain)
			}
		}
		if statusCol < 0 {
			t.Fatalf("width %d: no status shown", w)
		}
	}
}

func TestTruncNeverSplitsGraphemes(t *testing.T) {
	for _, s := range []string{"山田太郎", "👩‍👩‍👧‍👦👩‍👩‍👧‍👦", "e\u0301e\u0301e\u0301e\u0301"} {
		for w := 1; w <= 8; w++ {
			got := trunc(s, w)
			if ansi.StringWidth(got) > w {
				t.Errorf("trunc(%q, %d) = %q is %d wide", s, w, got, ansi.StringWidth(got))
			}
			if rest := strings.TrimSuffix(got, ellipsis); !strings.HasPrefix(s, rest) {
				t.Errorf("trunc(%q, %d) = %q is not a prefix", s, w, got)
			}
		}
	}
	if got := trunc("山田太郎", 5); got != "山田…" {
		t.Errorf("trunc = %q, want 山田…", got)
	}
	if got := fit("👩‍👩‍👧‍👦", 5); ansi.StringWidth(got) != 5 {
		t.Errorf("fit width = %d", ansi.StringWidth(got))
	}
}
