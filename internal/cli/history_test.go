package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parley-im/parley/internal/history"
	"github.com/parley-im/parley/keystore"
)

// fillHistory stores n messages with bob (alternating in and out) and one
// with carol in alice's local history, and returns bob's, oldest first.
func fillHistory(t *testing.T, n int) []history.Message {
	t.Helper()
	ctx := context.Background()
	db, err := history.Open(ctx, "alice@example.org")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	t0 := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	var out []history.Message
	for i := range n {
		m := history.Message{Peer: "bob@example.org", From: "bob@example.org/phone", To: "alice@example.org",
			Direction: history.In, Body: fmt.Sprintf("message %d", i), Time: t0.Add(time.Duration(i) * time.Minute)}
		if i%2 == 1 {
			m.From, m.To, m.Direction, m.State = "alice@example.org/parley", "bob@example.org", history.Out, history.Delivered
		}
		if i == n-1 {
			m.Body = "the lighthouse at dusk"
		}
		s, _, err := db.Store(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if _, _, err := db.Store(ctx, history.Message{Peer: "carol@example.org", Direction: history.In, Body: "the lighthouse, again"}); err != nil {
		t.Fatal(err)
	}
	return out
}

func historyMessages(t *testing.T, r result) []map[string]any {
	t.Helper()
	if r.code != 0 || r.resp.StatusCode != 200 {
		t.Fatalf("history failed: %s", r.out)
	}
	var data struct {
		Messages []map[string]any `json:"messages"`
	}
	if err := json.Unmarshal(r.resp.Data, &data); err != nil || data.Messages == nil {
		t.Fatalf("no messages list in %s: %v", r.resp.Data, err)
	}
	return data.Messages
}

func ids(ms []map[string]any) (s []string) {
	for _, m := range ms {
		s = append(s, fmt.Sprint(m["id"]))
	}
	return s
}

func TestHistoryCommand(t *testing.T) {
	isolate(t)
	stored := fillHistory(t, 5)
	var want []string
	for _, m := range stored {
		want = append(want, m.ID)
	}
	// No server is configured and example.org is not reachable: a 200
	// shows the command read the file without connecting.
	checkAllHistory(t, historyMessages(t, run(t, "", "history", "Bob@Example.org/phone", "--account", "alice@example.org")), want)

	// The saved account is the default, as for the other commands.
	store, err := keystore.Open()
	if err != nil {
		t.Fatal(err)
	}
	if err := store.SaveAccount(keystore.Account{JID: "alice@example.org"}); err != nil {
		t.Fatal(err)
	}
	last := historyMessages(t, run(t, "", "history", "bob@example.org", "--limit", "2"))
	if !slices.Equal(ids(last), want[3:]) {
		t.Errorf("--limit 2: %v, want %v", ids(last), want[3:])
	}
	up := historyMessages(t, run(t, "", "history", "bob@example.org", "--limit", "2", "--before", want[3]))
	if !slices.Equal(ids(up), want[1:3]) {
		t.Errorf("--before %s: %v, want %v", want[3], ids(up), want[1:3])
	}
	found := historyMessages(t, run(t, "", "history", "bob@example.org", "--search", "LIGHTHOUSE"))
	if len(found) != 1 || found[0]["id"] != want[4] {
		t.Errorf("--search: %v", found)
	}
	if none := historyMessages(t, run(t, "", "history", "bob@example.org", "--account", "dave@example.org")); len(none) != 0 {
		t.Errorf("an account without history: %v", none)
	}
	if ok, _ := history.Exists("dave@example.org"); ok {
		t.Error("reading created a database for an account that had none")
	}
}

func TestHistoryCommandRejects(t *testing.T) {
	isolate(t)
	want := fillHistory(t, 2)
	for _, c := range []struct {
		code int
		args []string
	}{
		{400, nil},
		{400, []string{"not a jid"}},
		{400, []string{"bob@example.org", "--limit", "0"}},
		{400, []string{"bob@example.org", "--before", want[1].ID, "--search", "x"}},
		{404, []string{"bob@example.org", "--before", "424242"}},
		{404, []string{"carol@example.org", "--before", want[1].ID}}, // bob's message, not carol's
	} {
		r := run(t, "", append(append([]string{"history"}, c.args...), "--account", "alice@example.org")...)
		if r.code == 0 || r.resp.StatusCode != c.code || strings.TrimSpace(r.resp.Message) == "" {
			t.Errorf("history %v: %s, want %d", c.args, r.out, c.code)
		}
	}
}

// checkAllHistory checks the whole chat as printed: want's ids in order,
// the documented keys only, and the fields of the first two.
func checkAllHistory(t *testing.T, all []map[string]any, want []string) {
	t.Helper()
	if !slices.Equal(ids(all), want) {
		t.Fatalf("ids %v, want %v (oldest first, each once)", ids(all), want)
	}
	keys := []string{"body", "direction", "from", "id", "state", "time", "to"}
	for i, m := range all {
		var got []string
		for k := range m {
			got = append(got, k)
		}
		slices.Sort(got)
		if !slices.Equal(got, keys) {
			t.Errorf("message %d has keys %v, want %v", i, got, keys)
		}
	}
	if m := all[1]; m["direction"] != "out" || m["state"] != "delivered" || m["from"] != "alice@example.org/parley" || m["body"] != "message 1" {
		t.Errorf("second message %v", m)
	}
	if m := all[0]; m["direction"] != "in" || m["state"] != "received" || m["time"] != "2026-03-04T05:06:07Z" {
		t.Errorf("first message %v", m)
	}
}
