package xmppclient

import (
	"context"
	"fmt"
	"net"
	"reflect"
	"testing"
)

// fakeSRV answers SRV lookups from a table; a missing service is a
// not-found error, as Go's resolver gives.
type fakeSRV map[string][]*net.SRV

func (f fakeSRV) LookupSRV(_ context.Context, service, proto, name string) (string, []*net.SRV, error) {
	key := "_" + service + "._" + proto + "." + name
	recs, ok := f[key]
	if !ok {
		return "", nil, &net.DNSError{Err: "no such host", Name: key, IsNotFound: true}
	}
	return key, recs, nil
}

// picks returns a pick function that gives the numbers in order, and
// records the n it was asked for each time.
func picks(t *testing.T, seq ...int) (func(n int) int, *[]int) {
	asked := []int{}
	return func(n int) int {
		if len(seq) == 0 {
			t.Fatalf("pick(%d) asked more often than the test expects", n)
		}
		v := seq[0]
		seq = seq[1:]
		asked = append(asked, n)
		if v >= n {
			t.Fatalf("the test gives %d for pick(%d)", v, n)
		}
		return v
	}, &asked
}

func addrsOf(ts []target) []string {
	out := make([]string, 0, len(ts))
	for _, tg := range ts {
		mode := "starttls"
		if tg.directTLS {
			mode = "tls"
		}
		out = append(out, fmt.Sprintf("%s/%s", tg.addr, mode))
	}
	return out
}

// Both services' records are merged: priority first across the two, and
// within one priority the weighted choice of RFC 2782 with the running
// sums of the weights (zero weights first).
func TestDiscoverMergesByPriorityAndWeight(t *testing.T) {
	r := fakeSRV{
		"_xmpps-client._tcp.example.org": {
			{Target: "tls-a.example.org.", Port: 5223, Priority: 10, Weight: 30},
			{Target: "tls-backup.example.org.", Port: 443, Priority: 30, Weight: 0},
		},
		"_xmpp-client._tcp.example.org": {
			{Target: "plain-a.example.org.", Port: 5222, Priority: 10, Weight: 10},
			{Target: "plain-zero.example.org.", Port: 5222, Priority: 10, Weight: 0},
			{Target: "plain-first.example.org.", Port: 5222, Priority: 5, Weight: 1},
		},
	}
	// Priority 5: one record, pick(1+1). Priority 10, sorted with the zero
	// weight first: [plain-zero 0, tls-a 30, plain-a 10], sum 40: 31 lands
	// on plain-a (running sums 0, 30, 40). Then [plain-zero 0, tls-a 30],
	// sum 30: 0 lands on plain-zero. Then tls-a alone, pick(31). Priority
	// 30: tls-backup alone, pick(1).
	pick, asked := picks(t, 0, 31, 0, 5, 0)
	got := addrsOf(discoverTargets(context.Background(), r, "example.org", pick))
	want := []string{
		"plain-first.example.org:5222/starttls",
		"plain-a.example.org:5222/starttls",
		"plain-zero.example.org:5222/starttls",
		"tls-a.example.org:5223/tls",
		"tls-backup.example.org:443/tls",
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("order:\n got %v\nwant %v", got, want)
	}
	if wantAsked := []int{2, 41, 31, 31, 1}; !reflect.DeepEqual(*asked, wantAsked) {
		t.Fatalf("pick was asked for %v, want %v (sum of the weights left, plus one)", *asked, wantAsked)
	}
}

// Another draw over the same records gives the other order: the weight
// decides, not the service.
func TestDiscoverWeightChoosesDirectTLS(t *testing.T) {
	r := fakeSRV{
		"_xmpps-client._tcp.example.org": {{Target: "tls.example.org.", Port: 5223, Priority: 0, Weight: 60}},
		"_xmpp-client._tcp.example.org":  {{Target: "plain.example.org.", Port: 5222, Priority: 0, Weight: 40}},
	}
	for _, tc := range []struct {
		draw int
		want []string
	}{
		{draw: 0, want: []string{"tls.example.org:5223/tls", "plain.example.org:5222/starttls"}},
		{draw: 60, want: []string{"tls.example.org:5223/tls", "plain.example.org:5222/starttls"}},
		{draw: 61, want: []string{"plain.example.org:5222/starttls", "tls.example.org:5223/tls"}},
		{draw: 100, want: []string{"plain.example.org:5222/starttls", "tls.example.org:5223/tls"}},
	} {
		pick, _ := picks(t, tc.draw, 0)
		got := addrsOf(discoverTargets(context.Background(), r, "example.org", pick))
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("draw %d: got %v, want %v", tc.draw, got, tc.want)
		}
	}
}

// No records at all: the domain on 5222 with STARTTLS. A lone "." record
// of one service drops that service; "." for both means no service.
func TestDiscoverFallbackAndRefusal(t *testing.T) {
	pick := func(int) int { return 0 }
	if got, want := addrsOf(discoverTargets(context.Background(), fakeSRV{}, "example.org", pick)), []string{"example.org:5222/starttls"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("no records: got %v, want %v", got, want)
	}
	only := fakeSRV{
		"_xmpps-client._tcp.example.org": {{Target: ".", Port: 0}},
		"_xmpp-client._tcp.example.org":  {{Target: "xmpp.example.org.", Port: 5222}},
	}
	if got, want := addrsOf(discoverTargets(context.Background(), only, "example.org", pick)), []string{"xmpp.example.org:5222/starttls"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("direct TLS refused: got %v, want %v", got, want)
	}
	none := fakeSRV{
		"_xmpps-client._tcp.example.org": {{Target: ".", Port: 0}},
		"_xmpp-client._tcp.example.org":  {{Target: ".", Port: 0}},
	}
	if got := discoverTargets(context.Background(), none, "example.org", pick); len(got) != 0 {
		t.Fatalf("both services refused: got %v, want nothing to dial", addrsOf(got))
	}
}
