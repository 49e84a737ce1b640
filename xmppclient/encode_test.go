package xmppclient

import (
	"bytes"
	"encoding/xml"
	"testing"

	"mellium.im/xmlstream"
	"mellium.im/xmpp/jid"
	"mellium.im/xmpp/stanza"
)

// encoded writes r as the session would (encoding/xml) and returns the
// bytes, so tests can read the stanza back as a server would.
func encoded(t *testing.T, r xml.TokenReader) []byte {
	t.Helper()
	var buf bytes.Buffer
	e := xml.NewEncoder(&buf)
	if _, err := xmlstream.Copy(e, r); err != nil {
		t.Fatal(err)
	}
	if err := e.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestOutgoingPresenceCarriesShowStatusCapsAndPhoto(t *testing.T) {
	c := New(Config{JID: "alice@example.org"})
	c.presence.show, c.presence.status, c.presence.photoHash = ShowDND, "in a <meeting> & busy", "0123abcd"
	b := encoded(t, c.outgoingPresence("", jid.JID{}))
	var p struct {
		XMLName xml.Name
		Type    *string `xml:"type,attr"`
		To      *string `xml:"to,attr"`
		Show    string  `xml:"show"`
		Status  string  `xml:"status"`
		Caps    struct {
			Hash string `xml:"hash,attr"`
			Node string `xml:"node,attr"`
			Ver  string `xml:"ver,attr"`
		} `xml:"http://jabber.org/protocol/caps c"`
		Photo *string `xml:"vcard-temp:x:update x>photo"`
	}
	if err := xml.Unmarshal(b, &p); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if p.XMLName.Local != "presence" || p.Type != nil || p.To != nil {
		t.Fatalf("not a broadcast available presence: %s", b)
	}
	if p.Show != "dnd" || p.Status != c.presence.status {
		t.Fatalf("show %q status %q in %s", p.Show, p.Status, b)
	}
	if p.Caps.Hash != "sha-1" || p.Caps.Node != capsNode || p.Caps.Ver != c.capsVer() {
		t.Fatalf("caps %+v in %s", p.Caps, b)
	}
	if p.Photo == nil || *p.Photo != "0123abcd" {
		t.Fatalf("photo hash missing in %s", b)
	}
}

func TestOutgoingPresenceOnlineHasNoShow(t *testing.T) {
	c := New(Config{JID: "alice@example.org"})
	c.presence.show = ShowOnline
	b := encoded(t, c.outgoingPresence("", jid.JID{}))
	var p struct {
		Show   *string   `xml:"show"`
		Status *string   `xml:"status"`
		Caps   *struct{} `xml:"http://jabber.org/protocol/caps c"`
	}
	if err := xml.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	if p.Show != nil || p.Status != nil || p.Caps == nil {
		t.Fatalf("online presence: %s", b)
	}
}

func TestDirectedSubscriptionPresenceIsBare(t *testing.T) {
	c := New(Config{JID: "alice@example.org"})
	c.presence.status = "hi"
	to := jid.MustParse("bob@example.org")
	b := encoded(t, c.outgoingPresence(stanza.SubscribePresence, to))
	var p struct {
		Type     string     `xml:"type,attr"`
		To       string     `xml:"to,attr"`
		Children []xml.Name `xml:",any"`
	}
	if err := xml.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	if p.Type != "subscribe" || p.To != "bob@example.org" || len(p.Children) != 0 {
		t.Fatalf("subscribe presence: %s", b)
	}
}

func TestChatMessageReadsBack(t *testing.T) {
	body := "a < b & \"c\"\nnext line"
	b := encoded(t, chatMessage(jid.MustParse("bob@example.org"), "id-1", body))
	var m struct {
		XMLName xml.Name
		Type    string `xml:"type,attr"`
		To      string `xml:"to,attr"`
		ID      string `xml:"id,attr"`
		Body    string `xml:"body"`
	}
	if err := xml.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.XMLName.Local != "message" || m.Type != "chat" || m.To != "bob@example.org" || m.ID != "id-1" || m.Body != body {
		t.Fatalf("message %+v from %s", m, b)
	}
}

type publishOptionsField struct {
	Var   string `xml:"var,attr"`
	Value string `xml:"value"`
}

type publishBack struct {
	XMLName xml.Name
	Publish struct {
		Node string `xml:"node,attr"`
		Item struct {
			ID   string `xml:"id,attr"`
			Nick struct {
				XMLName xml.Name
				Text    string `xml:",chardata"`
			} `xml:"http://jabber.org/protocol/nick nick"`
		} `xml:"item"`
	} `xml:"http://jabber.org/protocol/pubsub publish"`
	Options *struct {
		X struct {
			Type  string                `xml:"type,attr"`
			Field []publishOptionsField `xml:"field"`
		} `xml:"jabber:x:data x"`
	} `xml:"http://jabber.org/protocol/pubsub publish-options"`
}

func TestPublishRequestWithOptions(t *testing.T) {
	payload := []byte(`<nick xmlns='http://jabber.org/protocol/nick'>A &amp; B</nick>`)
	b := encoded(t, publishRequest("http://jabber.org/protocol/nick", "current", payload, PublishOptions{AccessModel: "presence", MaxItems: 1}))
	var p publishBack
	if err := xml.Unmarshal(b, &p); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if p.XMLName.Space != "http://jabber.org/protocol/pubsub" || p.Publish.Node != "http://jabber.org/protocol/nick" || p.Publish.Item.ID != "current" || p.Publish.Item.Nick.Text != "A & B" {
		t.Fatalf("publish %+v from %s", p, b)
	}
	if p.Options == nil || p.Options.X.Type != "submit" {
		t.Fatalf("no submitted publish-options in %s", b)
	}
	got := map[string]string{}
	for _, f := range p.Options.X.Field {
		got[f.Var] = f.Value
	}
	want := map[string]string{"FORM_TYPE": nsPublishOptions, "pubsub#access_model": "presence", "pubsub#max_items": "1"}
	if len(got) != len(want) {
		t.Fatalf("fields %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("field %s = %q, want %q (%s)", k, got[k], v, b)
		}
	}
}

func TestPublishRequestWithoutOptions(t *testing.T) {
	b := encoded(t, publishRequest("urn:xmpp:avatar:data", "", []byte(`<data xmlns='urn:xmpp:avatar:data'>AAAA</data>`), PublishOptions{}))
	var p publishBack
	if err := xml.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	if p.Options != nil || p.Publish.Node != "urn:xmpp:avatar:data" {
		t.Fatalf("publish without options: %s", b)
	}
	if bytes.Contains(b, []byte(" id=")) {
		t.Fatalf("an item without id got one: %s", b)
	}
}

func TestItemsRequest(t *testing.T) {
	type items struct {
		Items struct {
			Node     string `xml:"node,attr"`
			MaxItems string `xml:"max_items,attr"`
			Item     []struct {
				ID string `xml:"id,attr"`
			} `xml:"item"`
		} `xml:"http://jabber.org/protocol/pubsub items"`
	}
	var newest, one items
	if err := xml.Unmarshal(encoded(t, itemsRequest("n", "")), &newest); err != nil {
		t.Fatal(err)
	}
	if newest.Items.Node != "n" || newest.Items.MaxItems != "1" || len(newest.Items.Item) != 0 {
		t.Fatalf("newest item request %+v", newest)
	}
	if err := xml.Unmarshal(encoded(t, itemsRequest("n", "abc")), &one); err != nil {
		t.Fatal(err)
	}
	if one.Items.MaxItems != "" || len(one.Items.Item) != 1 || one.Items.Item[0].ID != "abc" {
		t.Fatalf("item request %+v", one)
	}
}

func TestLastActivityAnswerReadsBack(t *testing.T) {
	iq := stanza.IQ{ID: "q1", Type: stanza.GetIQ, From: jid.MustParse("bob@example.org/pc")}
	b := encoded(t, iq.Result(lastActivityAnswer(42)))
	var r struct {
		Type  string `xml:"type,attr"`
		ID    string `xml:"id,attr"`
		To    string `xml:"to,attr"`
		Query struct {
			Seconds string `xml:"seconds,attr"`
		} `xml:"jabber:iq:last query"`
	}
	if err := xml.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if r.Type != "result" || r.ID != "q1" || r.To != "bob@example.org/pc" || r.Query.Seconds != "42" {
		t.Fatalf("answer %+v from %s", r, b)
	}
}

func TestMetadataQueryReadsBack(t *testing.T) {
	meta := []Meta{{Key: "a&b", Value: "x<y"}, {Key: "n", Value: 3}, {Key: "ok", Value: true}}
	var q metaStorage
	if err := xml.Unmarshal(encoded(t, privateQuery(metadataEntries(meta))), &q); err != nil {
		t.Fatal(err)
	}
	want := [][3]string{{"a&b", "string", "x<y"}, {"n", "number", "3"}, {"ok", "bool", "true"}}
	if len(q.Meta.Entry) != len(want) {
		t.Fatalf("entries %+v", q.Meta.Entry)
	}
	for i, w := range want {
		e := q.Meta.Entry[i]
		if e.Key != w[0] || e.Type != w[1] || e.Value != w[2] {
			t.Fatalf("entry %d = %+v, want %v", i, e, w)
		}
	}
}

func TestShowRankOrder(t *testing.T) {
	order := []Show{ShowOnline, ShowDND, ShowAway, ShowXA, ShowOffline}
	for i := 1; i < len(order); i++ {
		if order[i-1].Rank() <= order[i].Rank() {
			t.Errorf("%s (%d) does not rank above %s (%d)", order[i-1], order[i-1].Rank(), order[i], order[i].Rank())
		}
	}
	if ShowOffline.Rank() != 0 || Show("bogus").Rank() != 0 {
		t.Errorf("offline or unknown is not 0")
	}
}
