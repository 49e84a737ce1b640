package e2e

import (
	"crypto/rand"
	"encoding/hex"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// unique returns prefix and random hex digits: names that no other test
// (or earlier run on the same server) used.
func unique(t *testing.T, prefix string) string {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return prefix + hex.EncodeToString(b)
}

// q quotes s for a screen pattern.
func q(s string) string { return regexp.QuoteMeta(s) }

// waitScreen polls the screen until ok holds, failing after limit with the
// last screen.
func waitScreen(t *testing.T, tm *testenv.Tmux, limit time.Duration, what string, ok func(string) bool) string {
	t.Helper()
	var screen string
	deadline := time.Now().Add(limit)
	for {
		if screen = tm.Screen(); ok(screen) {
			return screen
		}
		if time.Now().After(deadline) {
			t.Fatalf("the screen never showed %s within %v; last screen:\n%s", what, limit, screen)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestRegisterLogOutLogIn registers through the UI on the sandbox, sees
// the generated credentials, reaches the contact list connected, logs out,
// and logs in again from the saved account on the welcome screen: with no
// keyring the UI asks for the password (masked), and it is the typed
// password that counts (a wrong one is refused).
func TestRegisterLogOutLogIn(t *testing.T) {
	w := newWorld(t)
	tm := w.startUI()
	user := unique(t, "reg")
	a, screen := registerUI(t, tm, user)
	jid, pw := a.jid, a.password
	if len(pw) < 12 {
		t.Fatalf("the generated password %q is short:\n%s", pw, screen)
	}
	for _, want := range []string{"On the local sandbox server", "No keyring is reachable", "● CONNECTED"} {
		if !strings.Contains(screen, want) {
			t.Fatalf("the credentials screen lacks %q:\n%s", want, screen)
		}
	}
	tm.WaitFor(`No contacts yet`, step)

	tm.Type("/logout")
	tm.WaitFor(`(?m)^/logout`, step)
	tm.Keys("Enter")
	tm.WaitFor(`(?s)Your accounts\s+▸\s+`+q(jid)+`\s+sandbox · asks for password.*Logged out\.\s+○ OFFLINE`, step)

	// A wrong password is refused: the password typed is the one used.
	tm.Keys("Enter")
	tm.WaitFor(`Password for `+q(jid)+`: `, step)
	tm.Type("not" + pw)
	tm.Keys("Enter")
	tm.WaitFor(`(?m)^  Log in$(?s:.*)^  ✗ .*wrong password(?s:.*)○ OFFLINE`, step)
	tm.Keys("Escape")
	tm.WaitFor(`Your accounts\s+▸\s+`+q(jid), step)

	tm.Keys("Enter")
	tm.WaitFor(`Password for `+q(jid)+`: `, step)
	tm.Type(pw)
	screen = tm.WaitFor(`Password for `+q(jid)+`: `+strings.Repeat("•", len(pw)), step)
	if strings.Contains(screen, pw) {
		t.Fatalf("the password is shown in clear:\n%s", screen)
	}
	tm.Keys("Enter")
	tm.WaitFor(`(?s)Contacts .*● CONNECTED\s+`+q(jid), step)
}

// TestProfileEditReachesContact edits the profile in the UI and sees the
// new nickname arrive at a befriended second account running `parley
// watch` (another process, another machine's directories).
func TestProfileEditReachesContact(t *testing.T) {
	w := newWorld(t)
	tm := w.startUI()
	user := unique(t, "ed")
	a, _ := registerUI(t, tm, user)
	b := w.connect(w.newAccount())
	befriend(t, tm, b, a.jid)
	watch := w.startWatch(b.account)
	watch.waitFor(step, "CONNECTED", connected)

	nick, status, email := "Alice "+unique(t, ""), "down the rabbit hole", user+"@example.org"
	tm.Keys("e")
	tm.WaitFor(`(?s)Edit your profile.*▸ Name\s+`+q(user), step)
	tm.Keys("C-u")
	tm.Type(nick)
	tm.Keys("Tab", "Tab")
	tm.WaitFor(`▸ Status`, step)
	tm.Type(status)
	tm.Keys("Tab", "Tab")
	tm.WaitFor(`▸ E-mail`, step)
	tm.Type(email)
	tm.WaitFor(`(?s)Name\s+`+q(nick)+`.*Status\s+`+q(status)+`.*E-mail\s+`+q(email), step)
	tm.Keys("C-s")
	tm.WaitFor(`(?s)Your profile.*Nickname\s+`+q(nick)+`.*Status\s+`+q(status)+`.*Profile published\.`, step)

	watch.waitFor(step, "profile event of "+a.jid+" with the new nickname", profileOf(a.jid, func(d profileData) bool {
		return d.NickName == nick && d.Status == status
	}))
}

// TestContactProfileUpdatesLive keeps a contact's profile open while the
// contact (a second session) changes nickname and profile status: the
// view shows both without a key press.
func TestContactProfileUpdatesLive(t *testing.T) {
	w := newWorld(t)
	tm := w.startUI()
	a, _ := registerUI(t, tm, unique(t, "live"))
	b := w.connect(w.newAccount())
	befriend(t, tm, b, a.jid)
	ctx := testenv.Context(t, time.Minute)

	first, second := "Bob "+unique(t, ""), "Robert "+unique(t, "")
	if _, err := b.c.UpdateProfile(ctx, profile.Update{Nickname: first, Status: "first status"}); err != nil {
		t.Fatal(err)
	}
	tm.WaitFor(`● online\s+`+q(first), step)
	tm.Keys("p")
	// The fetch at opening must be over, so that what follows can only
	// come from the events.
	waitScreen(t, tm, step, "the contact's profile, fetched", func(s string) bool {
		return regexp.MustCompile(`(?s)  Profile\n.*Nickname\s+`+q(first)+`.*JID\s+`+q(b.jid)+`.*Status\s+first status`).MatchString(s) &&
			!strings.Contains(s, "fetching the profile")
	})

	if _, err := b.c.UpdateProfile(ctx, profile.Update{Nickname: second, Status: "second status"}); err != nil {
		t.Fatal(err)
	}
	screen := tm.WaitFor(`(?s)Nickname\s+`+q(second)+`.*Status\s+second status`, step)
	if strings.Contains(screen, first) {
		t.Fatalf("the old nickname is still shown:\n%s", screen)
	}
	// The profile's status is no presence text (docs/PROTOCOL.md).
	if regexp.MustCompile(`Presence\s+● online\s+second status`).MatchString(screen) {
		t.Fatalf("the profile's status came as the presence text:\n%s", screen)
	}
}

// TestReconnectShownInStatusBar stops the server under a logged-in UI:
// the status bar says RECONNECTING, then CONNECTED once the server is
// back, and the session works again.
func TestReconnectShownInStatusBar(t *testing.T) {
	w := newWorld(t)
	tm := w.startUI()
	a, _ := registerUI(t, tm, unique(t, "rc"))

	if err := w.srv.Stop(); err != nil {
		t.Fatalf("stop the server: %v", err)
	}
	tm.WaitFor(`↻ RECONNECTING.*`+q(a.jid), step)
	if err := w.srv.Start(testenv.Context(t, testenv.StartTimeout)); err != nil {
		t.Fatalf("start the server again: %v", err)
	}
	tm.WaitFor(`(?s)Connected again\.\s+● CONNECTED\s+`+q(a.jid), 30*time.Second)

	// Not just a label: the session publishes again.
	nick := "Back " + unique(t, "")
	tm.Type("/nick " + nick)
	tm.WaitFor(`(?m)^/nick `+q(nick), step)
	tm.Keys("Enter")
	tm.WaitFor(`(?s)`+q(nick)+`\s+● online.*Profile published\.\s+● CONNECTED`, step)
}

// TestHostileC1AndBidiNicknameIsPlainText: the control characters XML can
// carry (C1 CSI and OSC, bidi overrides and isolates) reach the UI as they
// were published, unlike ESC and BEL. The pane shows the nickname exactly
// as the sanitiser leaves it, and the screen with its escape sequences
// (capture-pane -e) holds none of those characters: a terminal given the
// raw nickname would have run the CSI (eating "31m", colouring the rest)
// or kept the characters in its cells.
func TestHostileC1AndBidiNicknameIsPlainText(t *testing.T) {
	evil := "Ev\u009b31mred\u009d0;owned\u009c\u202egnp.exe\u2066x\u2069"
	clean := profile.Sanitize(evil)
	if clean == evil || strings.ContainsAny(clean, "\u009b\u009d\u009c\u202e\u2066\u2069") {
		t.Fatalf("the sanitiser left %q; the test needs it to remove the controls", clean)
	}
	tm, b := uiWithContactNamed(t, "hc", evil)
	tm.WaitFor(`● online\s+`+q(clean), step)
	for _, view := range []string{"contacts", "profile"} {
		if view == "profile" {
			tm.Keys("p")
			tm.WaitFor(`(?s)  Profile\n.*Nickname\s+`+q(clean)+`\s.*JID\s+`+q(b.jid), step)
		}
		raw := tm.ScreenEscapes()
		for _, r := range []rune{'\u009b', '\u009d', '\u009c', '\u202e', '\u2066', '\u2069'} {
			if strings.ContainsRune(raw, r) {
				t.Fatalf("%s: the terminal holds %U from the nickname:\n%q", view, r, raw)
			}
		}
		if got := tm.Title(); strings.Contains(got, "owned") {
			t.Fatalf("%s: the nickname set the pane title to %q", view, got)
		}
	}
}

// TestHostileNicknameIsPlainText shows a contact whose nickname carries
// terminal escape sequences (published raw, around Parley's validation):
// the UI shows it as plain text and the terminal title is not changed.
func TestHostileNicknameIsPlainText(t *testing.T) {
	// The title check can fail: a program that prints the sequence does
	// change the pane's title.
	control := testenv.StartTmux(t, 40, 5, nil, "printf", `\033]0;owned\007`)
	testenv.Eventually(t, step, "the control pane's title becomes owned", func() bool { return control.Title() == "owned" })

	tm, b := uiWithContactNamed(t, "ho", "\x1b]0;owned\x07\x1b[31m")
	// XML cannot carry ESC or BEL, so the encoder sends U+FFFD in their
	// place; the printable rest of the sequences must show as text.
	shown := `\S*\]0;owned\S*\[31m`
	tm.WaitFor(`● online\s+`+shown, step)
	if got := tm.Title(); strings.Contains(got, "owned") {
		t.Fatalf("the nickname set the pane title to %q", got)
	}
	tm.Keys("p")
	tm.WaitFor(`(?s)  Profile\n.*Nickname\s+`+shown+`\s.*JID\s+`+q(b.jid), step)
	if got := tm.Title(); strings.Contains(got, "owned") {
		t.Fatalf("the nickname set the pane title to %q", got)
	}
}

// uiWithContactNamed opens the UI on a new account befriended with a second
// one, which then publishes nick as its nickname, raw (around Parley's
// validation), as a hostile client would.
func uiWithContactNamed(t *testing.T, prefix, nick string) (*testenv.Tmux, *peer) {
	t.Helper()
	w := newWorld(t)
	tm := w.startUI()
	a, _ := registerUI(t, tm, unique(t, prefix))
	b := w.connect(w.newAccount())
	befriend(t, tm, b, a.jid)
	ctx := testenv.Context(t, time.Minute)
	if err := b.c.Publish(ctx, profile.NodeNickname, "current", profile.EncodeNickname(nick), xmppclient.PublishOptions{}); err != nil {
		t.Fatalf("publish the nickname: %v", err)
	}
	return tm, b
}

// TestUnreachableServerErrorShownWhole logs in at 80×24 through a server
// address where nothing answers: the log-in form shows the whole sentence,
// wrapped, down to the advice at its end, and nothing is cut with "…".
func TestUnreachableServerErrorShownWhole(t *testing.T) {
	testenv.RequireBinary(t, "tmux")
	bin := testenv.Binary(t)
	tm := testenv.StartTmux(t, 80, 24, isolatedEnv(t, t.TempDir()), bin, "--server", "127.0.0.1:1")
	tm.WaitFor(`Log in with an existing account`, step)
	tm.Keys("Down", "Enter")
	tm.WaitFor(`▸ JID`, step)
	tm.Type("alice@example.org")
	tm.Keys("Tab")
	tm.Type("secret")
	tm.Keys("Enter")
	whole := regexp.MustCompile(`✗ Cannot reach the server at 127\.0\.0\.1:1: nothing answers there\. Check the address and that the server runs\.`)
	screen := waitScreen(t, tm, step, "the whole unreachable-server sentence", func(s string) bool {
		return whole.MatchString(strings.Join(strings.Fields(s), " "))
	})
	if strings.Contains(screen, "…") {
		t.Fatalf("something on the screen is cut with …:\n%s", screen)
	}
}

// TestHelpCommandShowsUsageAndExample runs `/help nick` from the welcome
// screen: the usage page names the synopsis and its argument under Usage
// and gives an example under Example.
func TestHelpCommandShowsUsageAndExample(t *testing.T) {
	testenv.RequireBinary(t, "tmux")
	tm := testenv.StartTmux(t, 80, 24, isolatedEnv(t, t.TempDir()), testenv.Binary(t))
	tm.WaitFor(`Create an account`, step)
	tm.Type("/")
	tm.WaitFor(`(?m)^/\s*$`, step)
	tm.Type("help nick")
	tm.Keys("Enter")
	tm.WaitFor(`(?s)/nick — publish a new nickname.*Usage.*/nick NAME.*NAME\s+the nickname.*Example.*/nick Alice Liddell`, step)
}
