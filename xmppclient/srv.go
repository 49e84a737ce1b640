package xmppclient

import (
	"context"
	"math/rand/v2"
	"net"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Finding a domain's server (RFC 6120 §3.2, XEP-0368): the SRV records of
// both _xmpps-client (TLS from the first byte) and _xmpp-client
// (STARTTLS) are looked up and merged into one list ordered by priority,
// then by weight (RFC 2782); with no records at all, the domain itself on
// 5222.
//
// mellium's dial.Dialer is not used for this: it tries every
// _xmpps-client record before any _xmpp-client one whatever their
// priorities, its fallback tries the domain on 5223 with TLS before 5222,
// it cannot dial an explicit host:port, and the lookup and ordering it is
// built on (its internal discover package; Go's net.Resolver orders each
// service alone) cannot be reached or given a deterministic choice to
// test with.

// Services looked up, and the port of the fallback.
const (
	serviceDirectTLS = "xmpps-client"
	serviceStartTLS  = "xmpp-client"
	fallbackPort     = 5222
)

// srvResolver looks up SRV records; *net.Resolver is one, tests give a
// fake.
type srvResolver interface {
	LookupSRV(ctx context.Context, service, proto, name string) (string, []*net.SRV, error)
}

// target is one address to try and how to speak to it.
type target struct {
	addr      string // host:port
	directTLS bool   // TLS from the first byte; else STARTTLS
}

// srvRecord is a record tagged with its service.
type srvRecord struct {
	net.SRV
	directTLS bool
}

// discoverTargets returns the addresses to try for domain, in order.
// pick(n) returns a number in [0, n): the weighted choice among records of
// one priority (rand.IntN; tests fix it).
func discoverTargets(ctx context.Context, r srvResolver, domain string, pick func(n int) int) []target {
	var (
		wg      sync.WaitGroup
		recs    [2][]srvRecord
		refused [2]bool // the service is "decidedly not available" (target ".")
	)
	for i, service := range []string{serviceDirectTLS, serviceStartTLS} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			recs[i], refused[i] = lookupService(ctx, r, service, domain, i == 0)
		}()
	}
	wg.Wait()
	merged := append(recs[0], recs[1]...)
	if len(merged) == 0 {
		if refused[0] || refused[1] {
			// RFC 6120 §3.2.1: a "." target means no service here; no
			// fallback either.
			return nil
		}
		return []target{{addr: net.JoinHostPort(domain, strconv.Itoa(fallbackPort))}}
	}
	ordered := orderSRV(merged, pick)
	out := make([]target, 0, len(ordered))
	for _, rec := range ordered {
		host := strings.TrimSuffix(rec.Target, ".")
		out = append(out, target{addr: net.JoinHostPort(host, strconv.Itoa(int(rec.Port))), directTLS: rec.directTLS})
	}
	return out
}

// lookupService returns one service's records; refused is a lone "."
// record. A failed lookup (no such name, or a resolver error) gives no
// records: the other service or the fallback is tried. (Go returns the
// valid records of an answer with some invalid ones beside an error; they
// are used.)
func lookupService(ctx context.Context, r srvResolver, service, domain string, directTLS bool) (recs []srvRecord, refused bool) {
	_, addrs, _ := r.LookupSRV(ctx, service, "tcp", domain)
	if len(addrs) == 1 && (addrs[0].Target == "." || addrs[0].Target == "") {
		return nil, true
	}
	for _, a := range addrs {
		if a == nil || a.Target == "." || a.Target == "" {
			continue
		}
		recs = append(recs, srvRecord{SRV: *a, directTLS: directTLS})
	}
	return recs, false
}

// orderSRV sorts records as RFC 2782 says: lowest priority first; among
// records of one priority, repeatedly choose one at random with a
// probability proportional to its weight (zero-weight records put first,
// so that they are chosen rarely but can be), until none is left.
func orderSRV(recs []srvRecord, pick func(n int) int) []srvRecord {
	if pick == nil {
		pick = rand.IntN
	}
	sorted := append([]srvRecord(nil), recs...)
	sort.SliceStable(sorted, func(i, j int) bool {
		if sorted[i].Priority != sorted[j].Priority {
			return sorted[i].Priority < sorted[j].Priority
		}
		return sorted[i].Weight == 0 && sorted[j].Weight != 0
	})
	out := make([]srvRecord, 0, len(sorted))
	for start := 0; start < len(sorted); {
		end := start
		for end < len(sorted) && sorted[end].Priority == sorted[start].Priority {
			end++
		}
		out = append(out, byWeight(sorted[start:end], pick)...)
		start = end
	}
	return out
}

// byWeight orders one priority's records by RFC 2782's weighted choice:
// a number in [0, sum of weights] is drawn, and the first record whose
// running sum of weights reaches it is next.
func byWeight(group []srvRecord, pick func(n int) int) []srvRecord {
	left := append([]srvRecord(nil), group...)
	out := make([]srvRecord, 0, len(left))
	for len(left) > 0 {
		sum := 0
		for _, r := range left {
			sum += int(r.Weight)
		}
		n := pick(sum + 1)
		chosen, running := len(left)-1, 0
		for i, r := range left {
			running += int(r.Weight)
			if running >= n {
				chosen = i
				break
			}
		}
		out = append(out, left[chosen])
		left = append(left[:chosen], left[chosen+1:]...)
	}
	return out
}
