package xmppclient

import (
	"context"
	"fmt"

	"mellium.im/xmpp/form"
	"mellium.im/xmpp/pubsub"
)

// NodeAccessError is a profile node that exists with an access model more
// open than contacts-only and could not be made contacts-only: nothing
// was published into it.
type NodeAccessError struct {
	Node string
	Err  error // the server's refusal of the publish-options or of the configure
}

func (e *NodeAccessError) Error() string {
	return fmt.Sprintf("xmppclient: node %s is not contacts-only and cannot be reconfigured: %v", e.Node, e.Err)
}

func (e *NodeAccessError) Unwrap() error { return e.Err }

// NodeReconfiguredEvent says that a profile node another client had made
// with other settings (such as "visible to everyone") was made
// contacts-only before Parley published into it.
type NodeReconfiguredEvent struct {
	Node        string
	AccessModel string // the model the node has now
}

func (NodeReconfiguredEvent) event() {}

// publishProfileNode publishes with contacts-only access. A node made
// earlier with other settings makes the server refuse the options; the
// node is then reconfigured to contacts-only (the user is told with a
// NodeReconfiguredEvent and a log line) and the item published again with
// the options. Publishing without the options would put a private field
// into a node that may be open to everyone, so where the reconfiguration
// fails nothing is published and the error is a NodeAccessError.
func (c *Client) publishProfileNode(ctx context.Context, node, id string, payload []byte) error {
	err := c.Publish(ctx, node, id, payload, contactsOnly)
	if !optionsRefused(err) {
		return err
	}
	if cerr := c.configureAccess(ctx, node, contactsOnly.AccessModel); cerr != nil {
		c.log.Warn("profile node has other settings and cannot be reconfigured; nothing published", "node", node, "err", cerr)
		return &NodeAccessError{Node: node, Err: cerr}
	}
	c.log.Warn("profile node had other settings; reconfigured to contacts-only", "node", node, "access_model", contactsOnly.AccessModel)
	c.bus.publish(NodeReconfiguredEvent{Node: node, AccessModel: contactsOnly.AccessModel})
	if err := c.Publish(ctx, node, id, payload, contactsOnly); err != nil {
		return &NodeAccessError{Node: node, Err: err}
	}
	return nil
}

// configureAccess sets the access model of one of our PEP nodes (XEP-0060
// §8.2, owner configure). Only the access model is submitted: the node's
// other settings stay as the server and the other client left them.
func (c *Client) configureAccess(ctx context.Context, node, model string) error {
	sess, err := c.session()
	if err != nil {
		return err
	}
	data := form.New(form.Hidden("FORM_TYPE"), form.Text("pubsub#access_model"))
	// Cannot fail: both fields are text fields given a string.
	_, _ = data.Set("FORM_TYPE", pubsub.NS+"#node_config")
	_, _ = data.Set("pubsub#access_model", model)
	if err := pubsub.SetConfig(ctx, sess, node, data); err != nil {
		return stanzaErr(err, "Configuring "+node)
	}
	return nil
}
