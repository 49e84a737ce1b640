package profile

import "testing"

func TestNicknameRoundTrip(t *testing.T) {
	for _, nick := range []string{"Romeo", "", "a <b> & \"c\" 'd'", "Ölçü 👨\u200d👩\u200d👧"} {
		b := EncodeNickname(nick)
		got, err := DecodeNickname(b)
		if err != nil || got != nick {
			t.Fatalf("%s: got %q, %v; want %q", b, got, err, nick)
		}
	}
	if got := string(EncodeNickname("Romeo")); got != `<nick xmlns="http://jabber.org/protocol/nick">Romeo</nick>` {
		t.Fatalf("got %s", got)
	}
}

func TestDecodeNickname(t *testing.T) {
	got, err := DecodeNickname(fixture(t, "conversations-nick.xml"))
	if err != nil || got != "Romeo 🌹" {
		t.Fatalf("got %q, %v", got, err)
	}
	got, err = DecodeNickname([]byte("<nick xmlns='http://jabber.org/protocol/nick'>\n  \u202eevil\u009b31m \n</nick>"))
	if err != nil || got != "evil31m" {
		t.Fatalf("got %q, %v", got, err)
	}
	for _, bad := range []string{"", "<nick>x</nick>", "<nick xmlns='urn:other'>x</nick>", "<nick xmlns='http://jabber.org/protocol/nick'>x"} {
		_, err := DecodeNickname([]byte(bad))
		wantMalformed(t, err)
	}
	_, err = DecodeNickname(make([]byte, maxNickBytes+1))
	wantCode(t, err, 413)
}
