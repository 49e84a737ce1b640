package cli

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/parley-im/parley/internal/app"
	"github.com/parley-im/parley/internal/demo"
	"github.com/parley-im/parley/keystore"
)

// refusingKeyring is a keyring that refuses every write, like one that is
// locked or gone.
type refusingKeyring struct{}

func (refusingKeyring) Set(string, string, string) error { return errors.New("locked") }
func (refusingKeyring) Get(string, string) (string, error) {
	return "", errors.New("locked")
}
func (refusingKeyring) Delete(string, string) error { return errors.New("locked") }

func TestDemoTrialKeep(t *testing.T) {
	p := demo.Presenter{JID: "guest1@localhost", Password: "s3cret-pw"}
	for _, tc := range []struct {
		name    string
		backend keystore.Backend
		want    string
		showsPW bool
	}{
		{"keyring", &demo.MemoryKeyring{}, "password is in the keyring", false},
		{"no keyring", refusingKeyring{}, "note it now, it is not shown again: s3cret-pw", true},
	} {
		st, err := keystore.OpenWith(keystore.Options{ConfigDir: t.TempDir(), Backend: tc.backend})
		if err != nil {
			t.Fatal(err)
		}
		var kept atomic.Bool
		got, err := demoTrial(app.New(app.Options{Store: st}), p, &kept).Keep(context.Background())
		if err != nil || !strings.Contains(got, tc.want) || strings.Contains(got, p.Password) != tc.showsPW {
			t.Fatalf("%s: Keep = %q, %v", tc.name, got, err)
		}
		if acc, found, _ := st.Account(p.JID); !found || !acc.Sandbox || !kept.Load() {
			t.Fatalf("%s: the account is not kept: %+v %v", tc.name, acc, kept.Load())
		}
		if bye := demoGoodbye(p, kept.Load(), "127.0.0.1:5222"); strings.Contains(bye, "forgotten") || !strings.Contains(bye, "parley sandbox stop") {
			t.Fatalf("%s: goodbye %q", tc.name, bye)
		}
	}
	if bye := demoGoodbye(p, false, "127.0.0.1:5222"); !strings.Contains(bye, "guest1@localhost was throwaway and is forgotten now") {
		t.Fatalf("goodbye without keeping: %q", bye)
	}
}
