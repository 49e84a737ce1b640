package xmppclient

import (
	"context"
	"encoding/xml"
	"fmt"

	"mellium.im/xmlstream"
	"mellium.im/xmpp/stanza"
)

// nsChatStates is XEP-0085; mellium has no package for it.
const nsChatStates = "http://jabber.org/protocol/chatstates"

// chatStates are the XEP-0085 elements a message may carry.
type chatStates struct {
	Active    *struct{} `xml:"http://jabber.org/protocol/chatstates active"`
	Composing *struct{} `xml:"http://jabber.org/protocol/chatstates composing"`
	Paused    *struct{} `xml:"http://jabber.org/protocol/chatstates paused"`
	Inactive  *struct{} `xml:"http://jabber.org/protocol/chatstates inactive"`
	Gone      *struct{} `xml:"http://jabber.org/protocol/chatstates gone"`
}

// state is the chat state a message carries, "" for none.
func (s chatStates) state() ChatState {
	switch {
	case s.Composing != nil:
		return ChatComposing
	case s.Paused != nil:
		return ChatPaused
	case s.Inactive != nil:
		return ChatInactive
	case s.Gone != nil:
		return ChatGone
	case s.Active != nil:
		return ChatActive
	}
	return ""
}

func chatStateElement(s ChatState) xml.TokenReader {
	return xmlstream.Wrap(nil, xml.StartElement{Name: xml.Name{Space: nsChatStates, Local: string(s)}})
}

// SendChatState tells a contact whether we are typing (XEP-0085). The
// message carries a no-store hint (XEP-0334): a chat state is not worth
// keeping in anyone's archive.
func (c *Client) SendChatState(ctx context.Context, to string, state ChatState) error {
	j, err := parseContact(to)
	if err != nil {
		return err
	}
	switch state {
	case ChatActive, ChatComposing, ChatPaused, ChatInactive, ChatGone:
	default:
		return fmt.Errorf("send chat state: %q is not a chat state", state)
	}
	sess, err := c.session()
	if err != nil {
		return err
	}
	msg := stanza.Message{Type: stanza.ChatMessage, To: j}.Wrap(xmlstream.MultiReader(
		chatStateElement(state),
		xmlstream.Wrap(nil, xml.StartElement{Name: xml.Name{Space: "urn:xmpp:hints", Local: "no-store"}}),
	))
	if err := sess.Send(ctx, msg); err != nil {
		return sendErr(fmt.Sprintf("send chat state to %s", j), err)
	}
	return nil
}
