package xmppclient

import (
	"context"
	"encoding/xml"
	"errors"
	"os"

	"mellium.im/xmlstream"
	"mellium.im/xmpp"
	"mellium.im/xmpp/stanza"
)

// Unregister deletes the account on the server (XEP-0077 §3.2, <remove/>;
// mellium has no package for in-band registration) and then ends the
// client as Logout does: servers close the stream once the account is
// gone, and a reconnect could only fail. On an error the account may
// still exist, and the client stays connected.
func (c *Client) Unregister(ctx context.Context) error {
	sess, reqCtx, ended, cancel, err := c.sessionUntilEnd(ctx)
	if err != nil {
		return err
	}
	defer cancel()
	remove := xmlstream.Wrap(
		xmlstream.Wrap(nil, xml.StartElement{Name: xml.Name{Space: nsRegister, Local: "remove"}}),
		xml.StartElement{Name: xml.Name{Space: nsRegister, Local: "query"}},
	)
	what := "Deleting the account " + c.account.String()
	err = sess.UnmarshalIQElement(reqCtx, remove, stanza.IQ{Type: stanza.SetIQ}, nil)
	if err != nil && ctx.Err() == nil && isClosed(ended) {
		// The stream ended before the answer came. Servers close it as
		// they delete the account, and the answer can go down with the
		// connection (Prosody sends it just before its close, and a
		// reset loses what the client had not yet read): a log-in tells
		// whether the account is still there.
		gone, verr := c.accountGone(ctx)
		switch {
		case verr != nil:
			return stanzaErr(verr, what)
		case !gone:
			return &RequestError{What: what, Lost: true, Err: errors.New("the server closed the connection without deleting the account")}
		}
		err = nil
	}
	if err != nil {
		return stanzaErr(err, what)
	}
	// The goodbye may fail: the server may have closed the stream already.
	_ = c.Logout(ctx)
	c.forgetCaches()
	return nil
}

// accountGone logs in once more with the account's password, on a
// connection of its own: a refused password means the account is gone.
func (c *Client) accountGone(ctx context.Context) (bool, error) {
	features := []xmpp.StreamFeature{channelBindingTypes(), saslFeature(c.cfg.Password), xmpp.BindResource()}
	sess, err := openStream(ctx, c.cfg, c.account.Bare(), features, nil, nil)
	var ae *AuthError
	if errors.As(err, &ae) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	_ = sess.Close()
	if conn := sess.Conn(); conn != nil {
		_ = conn.Close()
	}
	return false, nil
}

// isClosed reports whether ch is closed.
func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// forgetCaches removes what this client kept on disk of the account: the
// roster and the contacts' profiles (the account is gone).
func (c *Client) forgetCaches() {
	c.mu.Lock()
	roster := c.rosterCache.path
	c.mu.Unlock()
	if roster != "" {
		_ = os.Remove(roster)
	}
	c.forgetProfileSnapshot()
}
