package xmppclient

import (
	"context"
	"fmt"

	"mellium.im/xmpp/form"
	"mellium.im/xmpp/pubsub"
)

// The access models Parley gives its profile nodes (XEP-0060 §4.5).
const (
	accessPresence = "presence" // contacts: whoever is subscribed to our presence
	accessOpen     = "open"     // everyone
)

// NodeAccessError is a profile node that could not be given the access
// model the visibility setting asks for: one that exists more open than
// allowed and could not be closed, or one the server would not open.
// Nothing was published into it.
type NodeAccessError struct {
	Node string
	// AccessModel is the model asked for: "presence" (contacts only; also
	// when empty) or "open" (everyone).
	AccessModel string
	Err         error // the server's refusal of the publish-options or of the configure
}

func (e *NodeAccessError) Error() string {
	model := e.AccessModel
	if model == "" {
		model = accessPresence
	}
	return fmt.Sprintf("xmppclient: node %s cannot be given access model %s: %v", e.Node, model, e.Err)
}

func (e *NodeAccessError) Unwrap() error { return e.Err }

// NodeReconfiguredEvent says that a profile node that existed with
// another access model (another client's "visible to everyone", or an
// earlier visibility setting) was given the one the setting asks for
// before Parley published into it.
type NodeReconfiguredEvent struct {
	Node        string
	AccessModel string // the model the node has now
}

func (NodeReconfiguredEvent) event() {}

// publishProfileNode publishes with the access model the visibility
// setting gives node (nodeAccess). A node made earlier with other
// settings makes the server refuse the options; the node is then
// reconfigured (the user is told with a NodeReconfiguredEvent and a log
// line) and the item published again with the options. Publishing
// without the options would put a field into a node that may be more
// open than the setting allows, so where the reconfiguration fails
// nothing is published and the error is a NodeAccessError.
func (c *Client) publishProfileNode(ctx context.Context, node, id string, payload []byte) error {
	opts := PublishOptions{AccessModel: nodeAccess(c.visibility(), node)}
	err := c.Publish(ctx, node, id, payload, opts)
	if !optionsRefused(err) {
		return err
	}
	if cerr := c.configureAccess(ctx, node, opts.AccessModel); cerr != nil {
		c.log.Warn("profile node has other settings and cannot be reconfigured; nothing published", "node", node, "access_model", opts.AccessModel, "err", cerr)
		return &NodeAccessError{Node: node, AccessModel: opts.AccessModel, Err: cerr}
	}
	c.log.Warn("profile node had other settings; reconfigured", "node", node, "access_model", opts.AccessModel)
	c.bus.publish(NodeReconfiguredEvent{Node: node, AccessModel: opts.AccessModel})
	if err := c.Publish(ctx, node, id, payload, opts); err != nil {
		return &NodeAccessError{Node: node, AccessModel: opts.AccessModel, Err: err}
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
