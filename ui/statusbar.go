package ui

import (
	"time"

	"github.com/parley-im/parley/xmppclient"
)

// statusBar renders the one-line bar: state, account, key hint.
func statusBar(st Styles, c connState, account string, hints []string, now time.Time, w int) string {
	state := " " + c.label(now) + " "
	jid := clean(account)
	stateW := stateWidth(c, now, w)
	rest := w - stateW
	jidW := min(width(jid)+2, max(0, rest))
	hintW := max(0, rest-jidW)
	// As many whole hints as fit, most important first.
	hint := ""
	for _, h := range hints {
		next := h
		if hint != "" {
			next = hint + " · " + h
		}
		if width(next)+2 > hintW {
			break
		}
		hint = next
	}
	if hint == "" && len(hints) > 0 {
		hint = trunc(hints[0], max(0, hintW-2))
	}
	hint = " " + hint + " "
	out := st.Status(c.status).Render(fit(state, stateW))
	if jidW > 0 {
		out += st.BarJID.Render(fit(" "+jid, jidW))
	}
	if hintW > 0 {
		out += st.BarHint.Render(fitRight(hint, hintW))
	}
	return out
}

// stateWidth is the room the connection state gets in a bar w cells wide:
// first of all (it carries the failure reason), then the JID, then the
// hints.
func stateWidth(c connState, now time.Time, w int) int {
	n := width(" " + c.label(now) + " ")
	if c.failed() {
		return min(n, max(16, w-20))
	}
	return min(n, max(16, w/2))
}

// failed reports a connection that ended with a reason to read.
func (c connState) failed() bool {
	return c.status == xmppclient.StatusConnectionFailed || c.status == xmppclient.StatusDisconnected
}

// reasonCut reports whether the bar w cells wide cuts the failure reason:
// the notice line then says it whole.
func (c connState) reasonCut(now time.Time, w int) bool {
	return c.failed() && c.reason != "" && stateWidth(c, now, w) < width(" "+c.label(now)+" ")
}
