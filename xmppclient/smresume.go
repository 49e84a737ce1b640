package xmppclient

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"strconv"

	"mellium.im/xmlstream"
	"mellium.im/xmpp"
)

// smFeature notes whether the server offers stream management; it has
// nothing to negotiate itself (enable and resume happen around bind).
func smFeature(offered *bool) xmpp.StreamFeature {
	return xmpp.StreamFeature{
		Name:       xml.Name{Space: nsSM, Local: "sm"},
		Necessary:  xmpp.Authn,
		Prohibited: xmpp.Ready,
		Parse: func(ctx context.Context, d *xml.Decoder, start *xml.StartElement) (bool, interface{}, error) {
			*offered = true
			return false, nil, d.Skip()
		},
	}
}

// bindOrResume is mellium's resource binding, except that a stream that
// broke within the server's window is resumed instead (XEP-0198 §5): the
// same full JID, the server's queue of what we missed, and our
// unacknowledged stanzas sent again. When the server refuses, it binds.
func (c *Client) bindOrResume(offered, resumed *bool) xmpp.StreamFeature {
	bind := xmpp.BindResource()
	f := bind
	f.Negotiate = func(ctx context.Context, s *xmpp.Session, data interface{}) (xmpp.SessionState, io.ReadWriter, error) {
		if *offered && !c.cfg.Quiet && c.sm.resumable() {
			ok, err := c.resume(s)
			if err != nil {
				return 0, nil, err
			}
			if ok {
				*resumed = true
				return xmpp.Ready, nil, nil
			}
		}
		return bind.Negotiate(ctx, s, data)
	}
	return f
}

// resume asks for the broken stream back. On <resumed/> it drops what
// the server says it received and writes the rest again (the outgoing
// scanner counts and queues them anew); on <failed/> it forgets the
// stream but keeps the unacknowledged messages for the fresh session.
func (c *Client) resume(s *xmpp.Session) (bool, error) {
	c.sm.mu.Lock()
	id, h, bound := c.sm.id, c.sm.in, c.sm.bound
	c.sm.mu.Unlock()

	w := s.TokenWriter()
	defer w.Close()
	if _, err := xmlstream.Copy(w, smElement("resume", "h", strconv.FormatUint(uint64(h), 10), "previd", id)); err != nil {
		return false, err
	}
	if err := w.Flush(); err != nil {
		return false, err
	}
	r := s.TokenReader()
	defer r.Close()
	d := xml.NewTokenDecoder(r)
	var answer struct {
		XMLName xml.Name
		H       string `xml:"h,attr"`
	}
	if err := d.Decode(&answer); err != nil {
		return false, err
	}
	if answer.XMLName.Space != nsSM {
		return false, errors.New("stream management: the server answered a resume with " + answer.XMLName.Local)
	}
	if answer.XMLName.Local != "resumed" {
		c.sm.mu.Lock()
		c.sm.id = "" // <failed/>: a fresh session, which resends the messages
		c.sm.mu.Unlock()
		return false, nil
	}
	if n, err := strconv.ParseUint(answer.H, 10, 32); err == nil {
		c.publishAcked(c.sm.ack(uint32(n)))
	}
	c.sm.mu.Lock()
	again := c.sm.queue
	c.sm.queue, c.sm.queueBytes, c.sm.out, c.sm.lost = nil, 0, c.sm.acked, timeZero
	c.sm.mu.Unlock()
	for _, st := range again {
		if _, err := xmlstream.Copy(w, rawXML(st.raw)); err != nil {
			return false, err
		}
	}
	if err := w.Flush(); err != nil {
		return false, err
	}
	s.UpdateAddr(bound)
	return true, nil
}
