package profile

import "encoding/xml"

// XEP-0172 user nickname, published on the PEP node NodeNickname.

type nickElem struct {
	XMLName xml.Name `xml:"http://jabber.org/protocol/nick nick"`
	Text    string   `xml:",chardata"`
}

// EncodeNickname writes <nick xmlns='http://jabber.org/protocol/nick'>.
// An empty nick gives an empty element, which clears the nickname.
func EncodeNickname(nick string) []byte {
	return marshal(nickElem{Text: nick})
}

// DecodeNickname reads a <nick/> payload and returns the nickname,
// sanitised ("" for an empty element). A payload over 64 KiB is refused
// (413).
func DecodeNickname(b []byte) (string, error) {
	const what = "nickname"
	if len(b) > maxNickBytes {
		return "", tooLarge(what, len(b), maxNickBytes)
	}
	var n struct {
		Text string `xml:",chardata"`
	}
	if err := decodeRoot(b, what, NSNick, "nick", &n); err != nil {
		return "", err
	}
	return Sanitize(n.Text), nil
}
