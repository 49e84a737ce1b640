package xmppclient

import (
	"context"

	"mellium.im/xmpp/pubsub"

	"github.com/parley-im/parley/profile"
)

// removeAvatar publishes "no avatar" (XEP-0084 §4.5: an empty
// <metadata/>) and then retracts the old image from the data node, so a
// contact who kept its id cannot fetch it any more. The retraction is
// best effort: the empty metadata already tells every client there is
// none.
func (c *Client) removeAvatar(ctx context.Context) error {
	old := c.currentAvatar(ctx)
	if err := c.publishProfileNode(ctx, profile.NodeAvatarMetadata, "", profile.EncodeAvatarMetadata(profile.Avatar{})); err != nil {
		return err
	}
	if old.ID == "" {
		return nil
	}
	sess, err := c.session()
	if err == nil {
		err = pubsub.Delete(ctx, sess, profile.NodeAvatarData, old.ID, false)
	}
	if err != nil {
		c.log.Warn("old avatar not retracted", "id", old.ID, "err", err)
	}
	return nil
}
