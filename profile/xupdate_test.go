package profile

import "testing"

func TestVCardUpdate(t *testing.T) {
	if got := string(EncodeVCardUpdate(pngID)); got != `<x xmlns="vcard-temp:x:update"><photo>`+pngID+`</photo></x>` {
		t.Fatalf("got %s", got)
	}
	if got := string(EncodeVCardUpdate("")); got != `<x xmlns="vcard-temp:x:update"></x>` {
		t.Fatalf("got %s", got)
	}
	if got := string(EncodeVCardUpdateNoAvatar()); got != `<x xmlns="vcard-temp:x:update"><photo></photo></x>` {
		t.Fatalf("got %s", got)
	}
	tests := []struct {
		name    string
		in      []byte
		hash    string
		present bool
	}{
		{"encoded hash", EncodeVCardUpdate(pngID), pngID, true},
		{"encoded upper case", EncodeVCardUpdate("D6A94A64FC12263A80FC3DCA14E9038B8B151DC5"), pngID, true},
		{"encoded none", EncodeVCardUpdateNoAvatar(), "", true},
		{"encoded unknown", EncodeVCardUpdate(""), "", false},
		{"prosody", fixture(t, "prosody-xupdate.xml"), pngID, true},
		{"prosody without avatar", fixture(t, "prosody-xupdate-none.xml"), "", false},
		{"gajim no avatar", fixture(t, "gajim-xupdate-no-avatar.xml"), "", true},
		{"spaces", []byte("<x xmlns='vcard-temp:x:update'><photo>\n " + pngID + " \n</photo></x>"), pngID, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hash, present, err := DecodeVCardUpdate(tc.in)
			if err != nil || hash != tc.hash || present != tc.present {
				t.Fatalf("got %q, %v, %v; want %q, %v", hash, present, err, tc.hash, tc.present)
			}
		})
	}
	for _, bad := range []string{
		"<x xmlns='vcard-temp:x:update'><photo>../../etc/passwd</photo></x>",
		"<x xmlns='vcard-temp:x:update'><photo>\u202e" + pngID[1:] + "</photo></x>",
		"<x xmlns='jabber:x:avatar'><hash>" + pngID + "</hash></x>",
		"<x/>",
	} {
		_, _, err := DecodeVCardUpdate([]byte(bad))
		wantMalformed(t, err)
	}
	_, _, err := DecodeVCardUpdate(make([]byte, maxXUpdateBytes+1))
	wantCode(t, err, 413)
}
