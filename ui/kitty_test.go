package ui

import (
	"bytes"
	"context"
	"fmt"
	"image/color"
	"io"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/kitty"

	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// terminal is a model on a terminal with the given environment, and what
// the model has written to it with tea.Raw (as the program would).
type terminal struct {
	t       *testing.T
	m       *Model
	written []string
}

func newTerminal(t *testing.T, opts Options, env ...string) *terminal {
	t.Helper()
	s := newFakeSession("alice@example.org")
	s.contacts = sampleContacts()
	s.profiles["alice@example.org"] = profile.Profile{JID: "alice@example.org", Nickname: "Alice"}
	opts.Backend = &fakeBackend{accounts: []Account{{JID: "alice@example.org", HasSecret: true}}, stored: true, password: "pw", session: s}
	opts.Environ = env
	opts.Width, opts.Height = 100, 30
	m := NewModel(context.Background(), opts)
	m.now = func() time.Time { return testNow }
	m.colors = colorprofile.TrueColor
	return &terminal{t: t, m: m}
}

// run runs cmd as the program would, depth first: raw output is
// recorded, every message goes back to the model.
func (tm *terminal) run(cmd tea.Cmd) {
	tm.t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 10000 {
			tm.t.Fatal("too many messages")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil, spinner.TickMsg, tickMsg:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case tea.RawMsg:
			tm.written = append(tm.written, fmt.Sprint(msg.Msg))
			queue = append(queue, tm.m.update(msg))
		case tea.QuitMsg:
			tm.written = append(tm.written, quitMark)
		default:
			// tea.Sequence's message is unexported: a slice of commands,
			// run in order before what is queued.
			if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
				seq := make([]tea.Cmd, 0, v.Len()+len(queue))
				for i := range v.Len() {
					seq = append(seq, v.Index(i).Interface().(tea.Cmd))
				}
				queue = append(seq, queue...)
				continue
			}
			queue = append(queue, tm.m.update(msg))
		}
	}
}

// quitMark stands in written for the program's end.
const quitMark = "(quit)"

func (tm *terminal) send(msg tea.Msg) { tm.t.Helper(); tm.run(tm.m.update(msg)) }

func (tm *terminal) press(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		for _, msg := range keyMsgs(k) {
			tm.send(msg)
		}
	}
}

// transmissions are the images written, as their option strings.
func (tm *terminal) transmissions() []string {
	var out []string
	for _, w := range tm.written {
		for _, m := range regexp.MustCompile(`\x1b_G([^;\x1b]*)`).FindAllStringSubmatch(w, -1) {
			if strings.Contains(m[1], "a=T") {
				out = append(out, m[1])
			}
		}
	}
	return out
}

// openBobsProfile logs in (after Init), gives Bob an avatar and opens
// his profile.
func (tm *terminal) openBobsProfile() {
	tm.t.Helper()
	tm.press("enter")
	if tm.m.screen != screenContacts {
		tm.t.Fatalf("not logged in:\n%s", screenText(tm.m))
	}
	data := pngBytes(tm.t, 64, 64, color.NRGBA{200, 30, 30, 255}, color.NRGBA{30, 30, 200, 255})
	tm.send(xmppclient.ProfileEvent{Profile: profile.Profile{JID: "bob@example.org", Nickname: "Bob", Avatar: profile.Avatar{ID: "bobpic", Data: data}}})
	tm.press("p")
	if tm.m.screen != screenProfile {
		tm.t.Fatalf("not on Bob's profile:\n%s", screenText(tm.m))
	}
}

var (
	kittyReply   = uv.KittyGraphicsEvent{Options: kitty.Options{ID: graphicsQueryID}, Payload: []byte("OK")}
	kittyVersion = tea.TerminalVersionMsg{Name: "kitty(0.35.2)"}
)

// A terminal that answers the graphics query gets each avatar once, as a
// virtual placement, and the screen draws it with placeholders whose
// colour is the image's number.
func TestKittyGraphicsWhenTheTerminalAnswers(t *testing.T) {
	tm := newTerminal(t, Options{}, "TERM=xterm-kitty", "COLORTERM=truecolor")
	tm.run(tm.m.Init())
	if len(tm.written) == 0 || !strings.Contains(tm.written[0], "a=q") || !strings.Contains(tm.written[0], fmt.Sprintf("i=%d", graphicsQueryID)) ||
		!strings.HasSuffix(tm.written[0], ansi.RequestNameVersion+ansi.RequestPrimaryDeviceAttributes) {
		t.Fatalf("start-up query = %q", tm.written)
	}
	tm.send(kittyReply)
	tm.send(kittyVersion)
	tm.send(uv.PrimaryDeviceAttributesEvent{62, 4})
	tm.openBobsProfile()

	sent := tm.transmissions()
	if len(sent) != 1 {
		t.Fatalf("transmissions = %q, want one", sent)
	}
	cols, rows, _ := profileAvatarSize(100, tm.m.bodyHeight())
	for _, want := range []string{"U=1", "f=100", "q=2", fmt.Sprintf("c=%d", cols), fmt.Sprintf("r=%d", rows)} {
		if !strings.Contains(sent[0], want) {
			t.Errorf("transmission %q lacks %s", sent[0], want)
		}
	}
	var num uint32
	if _, err := fmt.Sscanf(sent[0][strings.Index(sent[0], "i="):], "i=%d", &num); err != nil || num == 0 || num >= 1<<24 {
		t.Fatalf("image number in %q: %d, %v", sent[0], num, err)
	}
	view := tm.m.View().Content
	fg := fmt.Sprintf("38;2;%d;%d;%d", num>>16&0xff, num>>8&0xff, num&0xff)
	cell := string(kitty.Placeholder) + string(kitty.Diacritic(0)) + string(kitty.Diacritic(0))
	if !strings.Contains(view, fg) || !strings.Contains(view, cell) || strings.Contains(view, "▀") {
		t.Fatalf("profile view has no placeholders in %s:\n%q", fg, view)
	}
	if got := strings.Count(view, string(kitty.Placeholder)); got != cols*rows {
		t.Errorf("%d placeholder cells, want %d", got, cols*rows)
	}
	// Redrawing and moving around sends nothing again.
	tm.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	tm.press("esc", "p")
	if sent := tm.transmissions(); len(sent) != 1 {
		t.Fatalf("the avatar was sent again: %q", sent)
	}
	if !strings.Contains(tm.m.View().Content, cell) {
		t.Fatal("placeholders gone after going back and forth")
	}
	// A new avatar is sent under a new number; the old image is freed.
	data := pngBytes(t, 64, 64, color.NRGBA{30, 200, 30, 255}, color.NRGBA{30, 30, 30, 255})
	tm.send(xmppclient.ProfileEvent{Profile: profile.Profile{JID: "bob@example.org", Nickname: "Bob", Avatar: profile.Avatar{ID: "bobpic2", Data: data}}})
	if sent := tm.transmissions(); len(sent) != 2 || strings.Contains(sent[1], fmt.Sprintf("i=%d,", num)) {
		t.Fatalf("new avatar: transmissions %q", sent)
	}
	if all := strings.Join(tm.written, ""); strings.Count(all, fmt.Sprintf("a=d,d=I,i=%d,", num)) != 1 {
		t.Fatalf("old image %d not freed: %q", num, tm.written)
	}
	// Quitting frees the image still in the terminal, before the end.
	newNum := regexp.MustCompile(`i=(\d+)`).FindStringSubmatch(tm.transmissions()[1])[1]
	tm.written = nil
	tm.run(tm.m.quit())
	if all := strings.Join(tm.written, ""); !strings.Contains(all, "a=d,d=I,i="+newNum+",") || !strings.HasSuffix(all, quitMark) {
		t.Fatalf("quitting wrote %q, want image %s freed and then the end", tm.written, newNum)
	}
}

// A terminal that answers only the DA1 request has no kitty graphics:
// half-blocks, and nothing but the query written.
func TestNoKittyGraphicsWithoutAnAnswer(t *testing.T) {
	tm := newTerminal(t, Options{}, "TERM=xterm-256color", "COLORTERM=truecolor")
	tm.run(tm.m.Init())
	tm.send(uv.PrimaryDeviceAttributesEvent{62, 22})
	tm.send(kittyReply) // late, after DA1: not an answer to the query
	tm.openBobsProfile()
	for _, w := range tm.written[1:] {
		if strings.Contains(w, "\x1b_G") {
			t.Fatalf("graphics written to a terminal without them: %q", w)
		}
	}
	view := tm.m.View().Content
	if strings.ContainsRune(view, kitty.Placeholder) || !strings.Contains(view, "▀") {
		t.Fatalf("want half-blocks, got %q", view)
	}
}

// NO_COLOR draws initials even where the terminal has graphics and the
// setting asks for them; nothing is asked or sent.
func TestNoColorAvatarsAreInitials(t *testing.T) {
	for _, setting := range []AvatarRenderer{AvatarsAuto, AvatarsKitty} {
		tm := newTerminal(t, Options{Avatars: setting}, "TERM=xterm-kitty", "NO_COLOR=1")
		tm.m.colors = colorprofile.Ascii
		tm.run(tm.m.Init())
		tm.openBobsProfile()
		tm.send(kittyReply)
		tm.press("esc", "p")
		for _, w := range tm.written {
			if strings.Contains(w, "\x1b_G") || strings.Contains(w, "\x1b[c") {
				t.Fatalf("%s: written under NO_COLOR: %q", setting, w)
			}
		}
		if s := screenText(tm.m); !strings.Contains(s, "╭") {
			t.Fatalf("%s: no initials box:\n%s", setting, s)
		}
		if strings.ContainsRune(tm.m.View().Content, kitty.Placeholder) || strings.Contains(tm.m.View().Content, "▀") {
			t.Fatalf("%s: image drawn under NO_COLOR", setting)
		}
	}
}

// The Linux console shows an escape it does not know: it is not asked.
func TestLinuxConsoleIsNotAsked(t *testing.T) {
	tm := newTerminal(t, Options{}, "TERM=linux")
	tm.run(tm.m.Init())
	for _, w := range tm.written {
		if strings.Contains(w, "\x1b_G") {
			t.Fatalf("graphics query on the Linux console: %q", w)
		}
	}
}

// A setting forces one renderer without asking the terminal.
func TestAvatarSettingForcesRenderer(t *testing.T) {
	tm := newTerminal(t, Options{}, "TERM=xterm-256color", "PARLEY_AVATARS=kitty")
	tm.run(tm.m.Init())
	tm.openBobsProfile()
	if len(tm.written) == 0 || strings.Contains(tm.written[0], "a=q") {
		t.Fatalf("forced kitty asked anyway: %q", tm.written)
	}
	if len(tm.transmissions()) != 1 || !strings.ContainsRune(tm.m.View().Content, kitty.Placeholder) {
		t.Fatalf("forced kitty drew no pixels: %q", tm.written)
	}

	tm = newTerminal(t, Options{Avatars: AvatarsBlocks}, "TERM=xterm-kitty", "PARLEY_AVATARS=kitty")
	tm.run(tm.m.Init())
	tm.openBobsProfile()
	tm.send(kittyReply)
	if len(tm.written) != 0 || !strings.Contains(tm.m.View().Content, "▀") {
		t.Fatalf("--avatars blocks: written %q", tm.written)
	}

	tm = newTerminal(t, Options{Avatars: AvatarsInitials}, "TERM=xterm-kitty")
	tm.run(tm.m.Init())
	tm.openBobsProfile()
	if v := tm.m.View().Content; strings.Contains(v, "▀") || strings.ContainsRune(v, kitty.Placeholder) || !strings.Contains(ansi.Strip(v), "B") {
		t.Fatalf("--avatars initials drew an image")
	}
}

// Inside tmux the query and the images go through its passthrough; the
// DA1 request does not (tmux answers it).
func TestKittyGraphicsThroughTmux(t *testing.T) {
	tm := newTerminal(t, Options{}, "TERM=tmux-256color", "TMUX=/tmp/tmux-1000/default,1,0")
	tm.run(tm.m.Init())
	if q := tm.written[0]; !strings.HasPrefix(q, "\x1bPtmux;\x1b\x1b_G") || !strings.HasSuffix(q, ansi.TmuxPassthrough(ansi.RequestNameVersion)+ansi.RequestPrimaryDeviceAttributes) {
		t.Fatalf("query in tmux = %q", q)
	}
	// tmux answers DA1 itself, before the terminal's answer comes through.
	tm.send(uv.PrimaryDeviceAttributesEvent{1})
	tm.send(kittyReply)
	tm.send(kittyVersion)
	tm.openBobsProfile()
	for _, w := range tm.written[1:] {
		if strings.Contains(w, "\x1b_G") && !strings.HasPrefix(w, "\x1bPtmux;") {
			t.Fatalf("graphics not wrapped for tmux: %q", w)
		}
	}
	if len(tm.transmissions()) != 1 {
		t.Fatalf("transmissions = %q", tm.transmissions())
	}

	// Without allow-passthrough tmux drops the query: only its own DA1
	// answer comes, and avatars stay half-blocks.
	tm = newTerminal(t, Options{}, "TERM=tmux-256color", "TMUX=/tmp/tmux-1000/default,1,0")
	tm.run(tm.m.Init())
	tm.send(uv.PrimaryDeviceAttributesEvent{1})
	tm.openBobsProfile()
	if len(tm.transmissions()) != 0 || !strings.Contains(tm.m.View().Content, "▀") {
		t.Fatalf("graphics without an answer: %q", tm.written)
	}
}

// In 256 colours the image number is a palette index.
func TestKittyPlaceholders256(t *testing.T) {
	s := placeholders(200, 3, 2, false)
	if !strings.Contains(s, "38;5;200") || strings.Count(s, string(kitty.Placeholder)) != 6 {
		t.Fatalf("placeholders = %q", s)
	}
	for _, l := range strings.Split(s, "\n") {
		if width(l) != 3 || ansi.StringWidth(l) != 3 {
			t.Fatalf("a row of 3 cells measures %d / %d", width(l), ansi.StringWidth(l))
		}
	}
	var n kittyNumbers
	for range 1000 {
		if v := n.take(false); v == 0 || v > 255 {
			t.Fatalf("256-colour number %d", v)
		}
		if v := n.take(true); v == 0 || v >= 1<<24 {
			t.Fatalf("24-bit number %d", v)
		}
	}
}

func TestParseAvatarRenderer(t *testing.T) {
	for in, want := range map[string]AvatarRenderer{"": AvatarsAuto, "auto": AvatarsAuto, "Kitty": AvatarsKitty, "blocks": AvatarsBlocks, " initials ": AvatarsInitials} {
		if got, err := ParseAvatarRenderer(in); err != nil || got != want {
			t.Errorf("ParseAvatarRenderer(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseAvatarRenderer("sixel"); err == nil {
		t.Error("sixel accepted")
	}
}

// lockedBuffer is a terminal's output, written by the program and read
// by the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// The real program on a terminal that answers: the query goes out, the
// answer comes back through Bubble Tea's input decoder, the own avatar is
// transmitted once and drawn with placeholders.
func TestRunKittyGraphicsEndToEnd(t *testing.T) {
	s := newFakeSession("alice@example.org")
	data := pngBytes(t, 64, 64, color.NRGBA{200, 30, 30, 255}, color.NRGBA{30, 30, 200, 255})
	s.profiles["alice@example.org"] = profile.Profile{JID: "alice@example.org", Nickname: "Alice", Avatar: profile.Avatar{ID: "alicepic", Data: data}}
	b := &fakeBackend{stored: true, password: "pw", session: s}
	in, term := io.Pipe()
	out := &lockedBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- Run(context.Background(), Options{
			Account: "alice@example.org", Backend: b, Input: in, Output: out,
			Environ: []string{"TERM=xterm-kitty", "COLORTERM=truecolor"}, Width: 100, Height: 30,
			// The output is not a terminal: say what it would be.
			ProgramOptions: []tea.ProgramOption{tea.WithColorProfile(colorprofile.TrueColor)},
		})
	}()
	defer term.Close()
	waitFor := func(what string, ok func(string) bool) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for !ok(out.String()) {
			if time.Now().After(deadline) {
				t.Fatalf("no %s in the output: %q", what, out.String())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	waitFor("graphics query", func(s string) bool { return strings.Contains(s, "a=q") && strings.Contains(s, "\x1b[c") })
	// kitty's answer to the query, its name and version, then the DA1 answer.
	if _, err := term.Write([]byte("\x1b_Gi=31;OK\x1b\\\x1bP>|kitty(0.35.2)\x1b\\\x1b[?62;4;22c")); err != nil {
		t.Fatal(err)
	}
	waitFor("placeholder", func(s string) bool { return strings.ContainsRune(s, kitty.Placeholder) })
	// The image goes out as a command of its own, so it may follow the
	// frame that first draws its placeholders (the terminal fills them
	// when it arrives).
	waitFor("transmission", func(s string) bool { return strings.Contains(s, "a=T") })
	o := out.String()
	if n := strings.Count(o, "a=T"); n != 1 || !strings.Contains(o, "U=1") {
		t.Fatalf("%d transmissions (want 1 with U=1) in %q", n, o)
	}
	if _, err := term.Write([]byte("q")); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if n := strings.Count(out.String(), "a=T"); n != 1 {
		t.Fatalf("%d transmissions by the end, want 1", n)
	}
}
