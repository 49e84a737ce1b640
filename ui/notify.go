package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/parley-im/parley/xmppclient"
)

// notifier decides whether a new message notifies: the terminal bell and a
// desktop notification (OSC 9, or OSC 777 where the terminal speaks that
// one), only while the terminal has said it is not focused (focus
// reporting, mode 1004). A terminal that never reports focus is taken to
// be focused: it is not disturbed.
type notifier struct {
	off     bool // PARLEY_NOTIFY=off, or /notify off
	blurred bool // the terminal's last focus report was a blur
	osc777  bool // the terminal takes OSC 777 notify, not OSC 9
}

// newNotifier reads the setting and the terminal kind from env.
func newNotifier(env []string) notifier {
	get := func(name string) string {
		for _, kv := range env {
			if v, ok := strings.CutPrefix(kv, name+"="); ok {
				return v
			}
		}
		return ""
	}
	term := get("TERM")
	return notifier{
		off: strings.EqualFold(get("PARLEY_NOTIFY"), "off"),
		// VTE (GNOME Terminal and friends), urxvt and foot show OSC 777;
		// the others that notify at all (iTerm2, WezTerm, Ghostty, kitty)
		// take OSC 9.
		osc777: get("VTE_VERSION") != "" || strings.HasPrefix(term, "rxvt") || strings.HasPrefix(term, "foot"),
	}
}

// maxNotifyText bounds the message text a notification shows.
const maxNotifyText = 80

// sequence is what the terminal is sent for a message from name: the bell,
// then the notification. Both texts are cleaned (no control characters can
// end the sequence early) and the separators of OSC 777 are replaced.
func (n notifier) sequence(name, body string) string {
	title := "Parley: message from " + clean(name)
	text := trunc(clean(body), maxNotifyText)
	if n.osc777 {
		return "\a\x1b]777;notify;" + strings.ReplaceAll(title, ";", ",") + ";" + strings.ReplaceAll(text, ";", ",") + "\x1b\\"
	}
	// OSC 9's text must not start with a digit (ConEmu reads 9;N as a
	// command): the title comes first.
	return "\a\x1b]9;" + title + ": " + text + "\x1b\\"
}

// notifyFor is the notification for the newest message among evs, if one
// is due: at most one per run of events, none for one's own messages, none
// while the terminal is focused or when notifications are off.
func (m *Model) notifyFor(evs []xmppclient.Event) tea.Cmd {
	if m.notify.off || !m.notify.blurred || !m.loggedIn() {
		return nil
	}
	for i := len(evs) - 1; i >= 0; i-- {
		ev, ok := evs[i].(xmppclient.MessageEvent)
		if !ok || bare(ev.From) == m.state.account || ev.Body == "" {
			continue
		}
		return tea.Raw(m.notify.sequence(m.state.displayName(bare(ev.From)), ev.Body))
	}
	return nil
}

// cmdNotify is /notify on|off.
func cmdNotify(m *Model, arg string) tea.Cmd {
	switch strings.ToLower(strings.TrimSpace(arg)) {
	case "on":
		m.notify.off = false
		m.info("Notifications on: a new message rings while the terminal is not focused.")
	case "off":
		m.notify.off = true
		m.info("Notifications off (PARLEY_NOTIFY=off turns them off at start).")
	default:
		state := "on"
		if m.notify.off {
			state = "off"
		}
		m.info("Notifications are " + state + ": /notify on or /notify off.")
	}
	return nil
}
