package xmppclient_test

import (
	"context"
	"errors"
	"testing"

	"github.com/parley-im/parley/internal/errtext"
	"github.com/parley-im/parley/xmppclient"
)

// Metadata with a control or invisible character is refused, naming its
// key, before anything is sent (the server address here answers nothing).
func TestMetadataWithControlCharactersIsRefused(t *testing.T) {
	for _, m := range []xmppclient.Meta{{Key: "note", Value: "a\x1b[31mred"}, {Key: "note", Value: "line\nbreak"}, {Key: "no\u202ete", Value: "x"}, {Key: "note", Value: "zero\u200bwidth"}} {
		_, err := xmppclient.Register(context.Background(), xmppclient.Config{JID: "localhost", Server: "127.0.0.1:1"}, "alice", []xmppclient.Meta{m})
		var re *xmppclient.RegisterError
		if !errors.As(err, &re) || re.Problem != xmppclient.RegisterMetaControl || errtext.Code(err) != errtext.BadRequest {
			t.Fatalf("%q=%q: %v", m.Key, m.Value, err)
		}
	}
	if _, err := xmppclient.Register(context.Background(), xmppclient.Config{JID: "localhost", Server: "127.0.0.1:1"}, "alice", []xmppclient.Meta{{Key: "note", Value: "plain text, ünïcode"}}); errors.As(err, new(*xmppclient.RegisterError)) {
		t.Fatalf("plain metadata refused: %v", err)
	}
}
