package xmppclient_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"os"
	"slices"
	"testing"
	"time"

	"mellium.im/sasl"
	"mellium.im/xmpp"
	"mellium.im/xmpp/jid"

	"github.com/parley-im/parley/internal/testenv"
	"github.com/parley-im/parley/profile"
	"github.com/parley-im/parley/xmppclient"
)

// Benchmarks against a throwaway Prosody (skipped without one; see
// BENCHMARKS.md). Run with a fixed count, e.g. -benchtime=20x: each
// reports the median and 95th percentile of its b.N samples.

// reportQuantiles reports the median and p95 of d in milliseconds.
func reportQuantiles(b *testing.B, d []time.Duration, what string) {
	b.Helper()
	if len(d) == 0 {
		return
	}
	s := slices.Clone(d)
	slices.Sort(s)
	q := func(p float64) float64 {
		i := int(p*float64(len(s))+0.5) - 1
		i = max(0, min(len(s)-1, i))
		return float64(s[i].Microseconds()) / 1000
	}
	b.ReportMetric(q(0.5), "ms-p50-"+what)
	b.ReportMetric(q(0.95), "ms-p95-"+what)
	b.ReportMetric(0, "ns/op") // the wall time per op includes set-up; the quantiles are the figures
}

// BenchmarkLogin compares Parley's login (New + Connect until CONNECTED:
// STARTTLS, SASL, bind, presence, roster) with a bare mellium session that
// does only STARTTLS + SASL + bind, against the same server and account.
func BenchmarkLogin(b *testing.B) {
	srv := testenv.NewServer(b, testenv.ProsodyName, testenv.ServerOptions{})
	j, pw := testenv.Account(b, srv)

	b.Run("parley", func(b *testing.B) {
		cfg := config(srv, j, pw)
		cfg.AvatarCacheDir = b.TempDir()
		var d []time.Duration
		for i := 0; i < b.N; i++ {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			start := time.Now()
			c := xmppclient.New(cfg)
			if err := c.Connect(ctx); err != nil {
				b.Fatal(err)
			}
			d = append(d, time.Since(start))
			b.StopTimer()
			_ = c.Logout(ctx)
			cancel()
			b.StartTimer()
		}
		reportQuantiles(b, d, "login")
	})

	for _, quick := range []bool{false, true} {
		name := "bare-mellium"
		if quick {
			name += "-quickack"
		}
		b.Run(name, func(b *testing.B) {
			pem, err := os.ReadFile(srv.CAFile)
			if err != nil {
				b.Fatal(err)
			}
			roots := x509.NewCertPool()
			roots.AppendCertsFromPEM(pem)
			account := jid.MustParse(j)
			var d []time.Duration
			for i := 0; i < b.N; i++ {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				start := time.Now()
				sess, err := bareLogin(ctx, srv.Addr, quick, account, pw, &tls.Config{ServerName: account.Domainpart(), RootCAs: roots, MinVersion: tls.VersionTLS12})
				if err != nil {
					b.Fatal(err)
				}
				d = append(d, time.Since(start))
				b.StopTimer()
				_ = sess.Close()
				_ = sess.Conn().Close()
				cancel()
				b.StartTimer()
			}
			reportQuantiles(b, d, "login")
		})
	}
}

// bareLogin is the least a client can do to log in with mellium.
// With quick, its TCP connection acknowledges at once as Parley's does
// (xmppclient.QuickACK): without it, Prosody's Nagle algorithm and the
// delayed ACK add a 40 ms stall to every log-in.
func bareLogin(ctx context.Context, addr string, quick bool, account jid.JID, pw string, tlsCfg *tls.Config) (*xmpp.Session, error) {
	var dialer net.Dialer
	conn, err := dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	if quick {
		conn = xmppclient.QuickACK(conn)
	}
	origin, _ := account.WithResource("bench")
	sess, err := xmpp.NewSession(ctx, account.Domain(), origin, conn, 0, xmpp.NewNegotiator(func(*xmpp.Session, *xmpp.StreamConfig) xmpp.StreamConfig {
		return xmpp.StreamConfig{Features: []xmpp.StreamFeature{
			xmpp.StartTLS(tlsCfg),
			xmpp.SASL("", pw, sasl.ScramSha256, sasl.ScramSha1, sasl.Plain),
			xmpp.BindResource(),
		}}
	}))
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("bare login: %w", err)
	}
	return sess, nil
}

// BenchmarkProfilePropagation measures how long after UpdateProfile
// returns a contact gets the ProfileEvent ("return"), and from the call
// ("call"), on loopback. The event is stamped when it arrives, by a reader
// that runs while UpdateProfile does: "return" is negative when the
// contact had the event before UpdateProfile returned.
func BenchmarkProfilePropagation(b *testing.B) {
	srv := testenv.NewServer(b, testenv.ProsodyName, testenv.ServerOptions{})
	a, aEv := benchOnline(b, srv)
	c, cEv := benchOnline(b, srv)
	benchBefriend(b, a, aEv, c, cEv)
	ctx := testenv.Context(b, 10*time.Minute)
	// The first update also finds out whether the server mirrors vCard4.
	if _, err := a.UpdateProfile(ctx, profile.Update{Nickname: "warm up", Status: "s"}); err != nil {
		b.Fatal(err)
	}

	var fromReturn, fromCall []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		nick := fmt.Sprintf("Bench %d", i)
		// Drop what is queued so that the event below is this update's.
		for len(cEv) > 0 {
			<-cEv
		}
		arrived := make(chan time.Time, 1)
		go func() {
			deadline := time.After(10 * time.Second)
			for {
				select {
				case ev := <-cEv:
					if pe, ok := ev.(xmppclient.ProfileEvent); ok && pe.Profile.JID == a.Account() && pe.Profile.Nickname == nick {
						arrived <- time.Now()
						return
					}
				case <-deadline:
					close(arrived)
					return
				}
			}
		}()
		start := time.Now()
		if _, err := a.UpdateProfile(ctx, profile.Update{Nickname: nick, Status: "benchmarking"}); err != nil {
			b.Fatal(err)
		}
		returned := time.Now()
		seen, ok := <-arrived
		if !ok {
			b.Fatalf("no profile event for %q", nick)
		}
		fromReturn = append(fromReturn, seen.Sub(returned))
		fromCall = append(fromCall, seen.Sub(start))
	}
	b.StopTimer()
	reportQuantiles(b, fromReturn, "return")
	reportQuantiles(b, fromCall, "call")
}

func benchOnline(b *testing.B, srv *testenv.Server) (*xmppclient.Client, <-chan xmppclient.Event) {
	b.Helper()
	j, pw := testenv.Account(b, srv)
	cfg := config(srv, j, pw)
	cfg.AvatarCacheDir = b.TempDir()
	c := xmppclient.New(cfg)
	events, _ := c.Subscribe()
	if err := c.Connect(testenv.Context(b, 30*time.Second)); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = c.Logout(context.Background()) })
	return c, events
}

// benchBefriend is befriend for a benchmark.
func benchBefriend(b *testing.B, x *xmppclient.Client, _ <-chan xmppclient.Event, y *xmppclient.Client, yEv <-chan xmppclient.Event) {
	b.Helper()
	ctx := testenv.Context(b, 30*time.Second)
	if err := x.AddContact(ctx, y.Account(), ""); err != nil {
		b.Fatal(err)
	}
	deadline := time.After(10 * time.Second)
	for asked := false; !asked; {
		select {
		case ev := <-yEv:
			sr, ok := ev.(xmppclient.SubscriptionRequestEvent)
			asked = ok && sr.From == x.Account()
		case <-deadline:
			b.Fatal("no subscription request")
		}
	}
	if err := y.AcceptSubscription(ctx, x.Account()); err != nil {
		b.Fatal(err)
	}
	until := time.Now().Add(10 * time.Second)
	for {
		cx, ok1 := x.Contact(y.Account())
		cy, ok2 := y.Contact(x.Account())
		if ok1 && ok2 && cx.Subscription == "both" && cy.Subscription == "both" && cx.Show == xmppclient.ShowOnline && cy.Show == xmppclient.ShowOnline {
			return
		}
		if time.Now().After(until) {
			b.Fatal("no mutual subscription")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
