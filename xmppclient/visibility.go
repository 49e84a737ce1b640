package xmppclient

import (
	"context"

	"github.com/parley-im/parley/profile"
)

// Who may see the profile (profile.Visibility) decides the access model
// of each profile node: a node is open only when every field it carries
// is public under the setting. So under "mixed" the XEP-0172 nickname
// and the XEP-0084 avatar nodes are open, while the vCard4 node, which
// carries the nickname too but also status, mobile number and e-mail,
// stays contacts-only: everyone reads the nickname from XEP-0172, only
// contacts read vCard4.

// nodeFields are the Parley fields each profile node carries.
var nodeFields = map[string][]string{
	profile.NodeNickname:       {profile.FieldNickname},
	profile.NodeAvatarData:     {profile.FieldImage},
	profile.NodeAvatarMetadata: {profile.FieldImage},
	// vCard4 carries an avatar URL as PHOTO, besides its own fields.
	profile.NodeVCard4: {profile.FieldNickname, profile.FieldImage, profile.FieldStatus, profile.FieldMobile, profile.FieldEmail},
}

// nodeAccess is the access model of a profile node under v. A node not
// listed in nodeFields is contacts-only.
func nodeAccess(v profile.Visibility, node string) string {
	fields, ok := nodeFields[node]
	if !ok {
		return accessPresence
	}
	for _, f := range fields {
		if !v.Public(f) {
			return accessPresence
		}
	}
	return accessOpen
}

// profileNodes from the most private to the most public: closing goes in
// this order, so the private fields are the first to leave an open node,
// and opening in the reverse one.
var profileNodes = []string{profile.NodeVCard4, profile.NodeNickname, profile.NodeAvatarMetadata, profile.NodeAvatarData}

// Visibility is who may see the profile now: Config.Visibility until an
// UpdateProfile with another setting succeeds in reconfiguring the nodes.
func (c *Client) Visibility() profile.Visibility { return c.visibility() }

func (c *Client) visibility() profile.Visibility {
	c.profiles.mu.Lock()
	defer c.profiles.mu.Unlock()
	if c.profiles.visibility != "" {
		return c.profiles.visibility
	}
	return c.cfg.Visibility.OrDefault()
}

// applyVisibility gives every existing profile node the access model v
// asks for (owner configure; a node not made yet gets it from the
// publish-options of its first publish). The nodes to close go first,
// then those to open. A refusal stops it with a *NodeAccessError: the
// nodes this call opened are closed again (best effort) and the setting
// stays as it was, so a node is never left more open than the setting in
// force.
func (c *Client) applyVisibility(ctx context.Context, v profile.Visibility) error {
	v = v.OrDefault()
	old := c.visibility()
	var closing, opening []string
	for _, node := range profileNodes {
		if nodeAccess(v, node) == accessPresence {
			closing = append(closing, node)
		} else {
			opening = append([]string{node}, opening...)
		}
	}
	var opened []string
	for _, node := range append(closing, opening...) {
		model := nodeAccess(v, node)
		err := c.configureAccess(ctx, node, model)
		if err != nil && !notFound(err) {
			for _, n := range opened {
				if rerr := c.configureAccess(ctx, n, nodeAccess(old, n)); rerr != nil && !notFound(rerr) {
					c.log.Warn("profile node not closed again", "node", n, "err", rerr)
				}
			}
			c.log.Warn("profile node cannot be reconfigured for the visibility", "node", node, "access_model", model, "err", err)
			return &NodeAccessError{Node: node, AccessModel: model, Err: err}
		}
		if err == nil && model == accessOpen {
			opened = append(opened, node)
		}
	}
	c.profiles.mu.Lock()
	c.profiles.visibility = v
	c.profiles.mu.Unlock()
	return nil
}
