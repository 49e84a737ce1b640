package xmppclient

import (
	"mellium.im/xmpp/stanza"

	"github.com/parley-im/parley/profile"
)

// errorText is the free text of a stanza error, sanitised: it is written
// by the other side (a server or a contact's client) and ends up in the
// sentence shown to the user, in the terminal and in the CLI's JSON.
func errorText(se stanza.Error) string {
	text := se.Text[""]
	if text == "" {
		for _, t := range se.Text {
			text = t
			break
		}
	}
	return profile.Sanitize(text)
}
