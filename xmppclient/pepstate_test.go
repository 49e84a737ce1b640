package xmppclient

import "testing"

// Only a repeat of the current item is dropped; a retraction forgets it,
// and each publisher's node has its own state.
func TestPEPStateDropsOnlyRepeats(t *testing.T) {
	var d pepState
	steps := []struct {
		from, node, id, payload string
		want                    bool
	}{
		{"a@x", "nick", "current", "<nick>X</nick>", true},
		{"a@x", "nick", "current", "<nick>X</nick>", false}, // the full-JID copy
		{"a@x", "nick", "current", "<nick>Y</nick>", true},
		{"a@x", "nick", "current", "<nick>X</nick>", true}, // back to X
		{"b@x", "nick", "current", "<nick>X</nick>", true}, // another publisher
		{"a@x", "avatar", "current", "<nick>X</nick>", true},
		{"a@x", "nick", "other", "<nick>X</nick>", true}, // same payload, new item
	}
	for i, s := range steps {
		if got := d.changed(s.from, s.node, s.id, []byte(s.payload)); got != s.want {
			t.Fatalf("step %d (%+v): changed = %v", i, s, got)
		}
	}
	d.retracted("a@x", "nick")
	if !d.changed("a@x", "nick", "other", []byte("<nick>X</nick>")) {
		t.Fatal("the item retracted and published again was dropped")
	}
}
