package xmppclient

import (
	"encoding/xml"
	"strconv"

	"mellium.im/xmlstream"
	"mellium.im/xmpp/form"
	"mellium.im/xmpp/pubsub"
)

// nsPublishOptions is the FORM_TYPE of XEP-0060 publish-options.
const nsPublishOptions = "http://jabber.org/protocol/pubsub#publish-options"

// publishRequest is the <pubsub/> payload of a publish to node. payload is
// the item's child element as XML (from the profile codecs).
//
// Built here rather than with pubsub.Publish: mellium's publish has no
// publish-options, which the profile nodes need (access model, one item).
func publishRequest(node, itemID string, payload []byte, opts PublishOptions) xml.TokenReader {
	var itemAttr []xml.Attr
	if itemID != "" {
		itemAttr = []xml.Attr{{Name: xml.Name{Local: "id"}, Value: itemID}}
	}
	publish := xmlstream.Wrap(
		xmlstream.Wrap(rawXML(payload), xml.StartElement{Name: xml.Name{Local: "item"}, Attr: itemAttr}),
		xml.StartElement{Name: xml.Name{Local: "publish"}, Attr: []xml.Attr{{Name: xml.Name{Local: "node"}, Value: node}}},
	)
	children := []xml.TokenReader{publish}
	if opts.AccessModel != "" || opts.MaxItems > 0 {
		children = append(children, xmlstream.Wrap(publishOptionsForm(opts), xml.StartElement{Name: xml.Name{Local: "publish-options"}}))
	}
	return xmlstream.Wrap(xmlstream.MultiReader(children...), xml.StartElement{Name: xml.Name{Space: pubsub.NS, Local: "pubsub"}})
}

// publishOptionsForm is the submitted data form of the options asked for.
func publishOptionsForm(opts PublishOptions) xml.TokenReader {
	fields := []form.Field{form.Hidden("FORM_TYPE")}
	values := map[string]string{"FORM_TYPE": nsPublishOptions}
	if opts.AccessModel != "" {
		fields = append(fields, form.Text("pubsub#access_model"))
		values["pubsub#access_model"] = opts.AccessModel
	}
	if opts.MaxItems > 0 {
		fields = append(fields, form.Text("pubsub#max_items"))
		values["pubsub#max_items"] = strconv.Itoa(opts.MaxItems)
	}
	data := form.New(fields...)
	for id, v := range values {
		// Cannot fail: every field is a text or hidden one given a string.
		_, _ = data.Set(id, v)
	}
	// Submit reports false only when a required field is unset; none is
	// required here.
	submission, _ := data.Submit()
	return submission
}

// itemsRequest is the <pubsub/> payload that fetches the item id of node,
// or the newest item when id is "".
//
// Built here rather than with pubsub.Fetch: mellium's fetch asks for one
// item with an attribute on <items/> instead of an <item id/> child
// (XEP-0060 §6.5.8), and its iterator holds up the session until closed,
// while the bounded rawElement decoding of pepItem is needed for avatars.
func itemsRequest(node, id string) xml.TokenReader {
	attr := []xml.Attr{{Name: xml.Name{Local: "node"}, Value: node}}
	var item xml.TokenReader
	if id != "" {
		item = xmlstream.Wrap(nil, xml.StartElement{Name: xml.Name{Local: "item"}, Attr: []xml.Attr{{Name: xml.Name{Local: "id"}, Value: id}}})
	} else {
		attr = append(attr, xml.Attr{Name: xml.Name{Local: "max_items"}, Value: "1"})
	}
	return xmlstream.Wrap(
		xmlstream.Wrap(item, xml.StartElement{Name: xml.Name{Local: "items"}, Attr: attr}),
		xml.StartElement{Name: xml.Name{Space: pubsub.NS, Local: "pubsub"}},
	)
}
