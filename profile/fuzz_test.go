package profile

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The seeds make each target an ordinary test; run one with, e.g.,
//	go test -run '^$' -fuzz '^FuzzDecodeVCard4$' -fuzztime 15s ./profile

// checkDecodeErr fails unless a decoder error is a 413 or a malformed 500.
func checkDecodeErr(t *testing.T, err error) {
	t.Helper()
	switch CodeOf(err) {
	case codeTooLarge:
	case codeInternal:
		wantMalformed(t, err)
	default:
		t.Fatalf("unexpected error %v (code %d)", err, CodeOf(err))
	}
}

// checkProfile fails unless every string of p is sanitised.
func checkProfile(t *testing.T, p Profile) {
	t.Helper()
	for name, s := range map[string]string{"nickname": p.Nickname, "status": p.Status, "mobile": p.MobileNumber,
		"email": p.Email, "id": p.Avatar.ID, "type": p.Avatar.Type, "url": p.Avatar.URL} {
		checkSafe(t, name, s)
		if !utf8.ValidString(s) {
			t.Fatalf("%s %q is not UTF-8", name, s)
		}
	}
	for name, s := range map[string]string{"nickname": p.Nickname, "status": p.Status, "mobile": p.MobileNumber, "email": p.Email} {
		if utf8.RuneCountInString(s) > MaxLen {
			t.Fatalf("%s has %d runes", name, utf8.RuneCountInString(s))
		}
	}
	if p.Avatar.Data != nil && (len(p.Avatar.Data) > MaxImageBytes || p.Avatar.ID != AvatarID(p.Avatar.Data)) {
		t.Fatalf("avatar of %d bytes with id %s", len(p.Avatar.Data), p.Avatar.ID)
	}
}

func addFixtures(f *testing.F, names ...string) {
	for _, n := range names {
		f.Add(fixture(f, n))
	}
}

func FuzzDecodeVCard4(f *testing.F) {
	addFixtures(f, "prosody-vcard4-from-vcard-temp.xml", "gajim-vcard4.xml", "reencoded-vcard4.xml", "hostile-vcard4.xml")
	b, _ := EncodeVCard4(Profile{Nickname: "n", Status: "s", MobileNumber: "+1234567", Email: "e@x.org", Avatar: Avatar{URL: "https://x.org/"}})
	f.Add(b)
	f.Add([]byte("<vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'><tel><uri>tel:%ZZ;x</uri></tel></vcard>"))
	f.Fuzz(func(t *testing.T, in []byte) {
		p, err := DecodeVCard4(in)
		if err != nil {
			checkDecodeErr(t, err)
			return
		}
		checkProfile(t, p)
		// What was read survives being written and read again.
		b, err := EncodeVCard4(p)
		if err != nil {
			t.Fatal(err)
		}
		again, err := DecodeVCard4(b)
		if err != nil {
			t.Fatalf("re-read %s: %v", b, err)
		}
		if again.Nickname != p.Nickname || again.Status != p.Status || again.Email != p.Email || again.Avatar.URL != p.Avatar.URL {
			t.Fatalf("re-read %+v as %+v", p, again)
		}
	})
}

func FuzzDecodeVCardTemp(f *testing.F) {
	addFixtures(f, "prosody-vcard-temp-from-pep.xml", "prosody-vcard-temp-empty.xml", "profanity-vcard-temp.xml",
		"psi-vcard-temp.xml", "legacy-email-text-vcard-temp.xml")
	b, _ := EncodeVCardTemp(Profile{Nickname: "n", Status: "s", MobileNumber: "+1234567", Email: "e@x.org", Avatar: Avatar{Data: []byte("GIF89a")}})
	f.Add(b)
	f.Fuzz(func(t *testing.T, in []byte) {
		p, err := DecodeVCardTemp(in)
		if err != nil {
			checkDecodeErr(t, err)
			return
		}
		checkProfile(t, p)
		b, err := EncodeVCardTemp(p)
		if err != nil {
			t.Fatal(err)
		}
		again, err := DecodeVCardTemp(b)
		if err != nil {
			t.Fatalf("re-read %s: %v", b, err)
		}
		if again.Nickname != p.Nickname || again.Status != p.Status || again.Email != p.Email || !bytes.Equal(again.Avatar.Data, p.Avatar.Data) {
			t.Fatalf("re-read %+v as %+v", p, again)
		}
	})
}

func FuzzDecodeAvatarMetadata(f *testing.F) {
	addFixtures(f, "gajim-avatar-metadata.xml", "conversations-avatar-metadata.xml", "prosody-avatar-metadata-from-vcard.xml",
		"xep0084-multi-metadata.xml", "disabled-metadata.xml")
	f.Fuzz(func(t *testing.T, in []byte) {
		a, disabled, err := DecodeAvatarMetadata(in)
		if err != nil {
			checkDecodeErr(t, err)
			return
		}
		checkProfile(t, Profile{Avatar: a})
		if disabled != (a.ID == "") || a.Width < 0 || a.Height < 0 {
			t.Fatalf("got %+v, disabled %v", a, disabled)
		}
		// A decoded avatar has no Origin, so its URL is not announced again:
		// a URL goes out only with what is known of the image there.
		again, disabledAgain, err := DecodeAvatarMetadata(EncodeAvatarMetadata(a))
		if err != nil || disabledAgain != disabled || again.ID != a.ID || again.Type != a.Type || again.URL != "" {
			t.Fatalf("re-read %+v as %+v, %v", a, again, err)
		}
		a.Origin = &Origin{URL: a.URL, ID: AvatarID([]byte(a.URL)), Type: "image/gif", Bytes: 1}
		again, _, err = DecodeAvatarMetadata(EncodeAvatarMetadata(a))
		if err != nil || again.ID != a.ID || again.Type != a.Type || again.URL != a.URL {
			t.Fatalf("re-read %+v as %+v, %v", a, again, err)
		}
	})
}

func FuzzDecodeAvatarData(f *testing.F) {
	addFixtures(f, "gajim-avatar-data.xml", "conversations-avatar-data.xml")
	f.Add([]byte("<data xmlns='urn:xmpp:avatar:data'>aGk</data>"))
	f.Add([]byte("<data xmlns='urn:xmpp:avatar:data'>a G\nk=</data>"))
	f.Fuzz(func(t *testing.T, in []byte) {
		data, err := DecodeAvatarData(in)
		if err != nil {
			checkDecodeErr(t, err)
			return
		}
		if len(data) == 0 || len(data) > MaxImageBytes {
			t.Fatalf("%d bytes", len(data))
		}
		again, err := DecodeAvatarData(EncodeAvatarData(data))
		if err != nil || !bytes.Equal(again, data) {
			t.Fatalf("round trip: %v", err)
		}
	})
}

func FuzzDecodeNickname(f *testing.F) {
	addFixtures(f, "conversations-nick.xml")
	f.Add(EncodeNickname("a <b> & c"))
	f.Add([]byte("<nick xmlns='http://jabber.org/protocol/nick'>\u202e&#x9b;x</nick>"))
	f.Fuzz(func(t *testing.T, in []byte) {
		nick, err := DecodeNickname(in)
		if err != nil {
			checkDecodeErr(t, err)
			return
		}
		checkProfile(t, Profile{Nickname: nick})
		if again, err := DecodeNickname(EncodeNickname(nick)); err != nil || again != nick {
			t.Fatalf("re-read %q as %q, %v", nick, again, err)
		}
	})
}

func FuzzDecodeVCardUpdate(f *testing.F) {
	addFixtures(f, "prosody-xupdate.xml", "prosody-xupdate-none.xml", "gajim-xupdate-no-avatar.xml")
	f.Fuzz(func(t *testing.T, in []byte) {
		hash, present, err := DecodeVCardUpdate(in)
		if err != nil {
			checkDecodeErr(t, err)
			return
		}
		if hash != "" && (!present || !IsAvatarID(hash)) {
			t.Fatalf("hash %q present %v", hash, present)
		}
		enc := EncodeVCardUpdate(hash)
		if present && hash == "" {
			enc = EncodeVCardUpdateNoAvatar()
		}
		h2, p2, err := DecodeVCardUpdate(enc)
		if err != nil || h2 != hash || p2 != present {
			t.Fatalf("re-read (%q, %v) as (%q, %v), %v", hash, present, h2, p2, err)
		}
	})
}

// FuzzImage checks image bytes as they come from a contact, then turns
// what passes into an avatar as LoadImage does.
func FuzzImage(f *testing.F) {
	f.Add(fixture(f, "avatar-48.png"))
	f.Add(fixture(f, "gopher.lossless.webp"))
	f.Add(fixture(f, "blue-purple-pink.lossy.webp"))
	f.Add(encodeJPEG(f, testImage(30, 20)))
	f.Add(withEXIF(encodeJPEG(f, testImage(8, 4)), "II", 8))
	f.Add(encodeGIF(f, testImage(9, 9)))
	f.Add(pngHeader(60000, 60000))
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := jpegOrientation(data); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
		cfg, format, err := CheckImage(data)
		if err != nil {
			if c := CodeOf(err); c != codeBadRequest && c != codeTooLarge {
				t.Fatalf("CheckImage: %v (code %d)", err, c)
			}
			return
		}
		if _, ok := imageTypes[format]; !ok || cfg.Width > MaxImageSide || cfg.Height > MaxImageSide {
			t.Fatalf("accepted %s %d×%d", format, cfg.Width, cfg.Height)
		}
		if cfg.Width*cfg.Height > 1<<20 {
			return // valid but slow to decode: not what fuzzing is for
		}
		a, err := avatarFromImage(data)
		if err != nil {
			if c := CodeOf(err); c != codeBadRequest {
				t.Fatalf("avatarFromImage: %v (code %d)", err, c)
			}
			return
		}
		if a.Width < 1 || a.Height < 1 || a.Width > AvatarSide || a.Height > AvatarSide || a.ID != AvatarID(a.Data) {
			t.Fatalf("avatar %d×%d", a.Width, a.Height)
		}
		if c, f, err := CheckImage(a.Data); err != nil || f != "png" || c.Width != a.Width || c.Height != a.Height {
			t.Fatalf("published avatar does not check: %v", err)
		}
	})
}

// checkSanitized is the sanitiser's contract: valid UTF-8, no C0 control
// (but "\n" in text), no DEL, no C1 control, no format character but ZWJ
// and ZWNJ, at most max runes, and nothing left to do.
func checkSanitized(t *testing.T, in, out string, max int, text bool) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("%q → %q: not UTF-8", in, out)
	}
	for _, r := range out {
		bad := r < 0x20 && !(text && r == '\n') || r >= 0x7f && r <= 0x9f ||
			unicode.Is(unicode.Cf, r) && r != 0x200c && r != 0x200d || r == 0x2028 || r == 0x2029
		if bad {
			t.Fatalf("%q → %q holds %U", in, out, r)
		}
	}
	if n := utf8.RuneCountInString(out); n > max {
		t.Fatalf("%q → %d runes, max %d", in, n, max)
	}
	var again string
	if text {
		again = SanitizeText(out, max)
	} else {
		again = SanitizeLine(out, max)
		if strings.TrimSpace(out) != out || strings.Contains(out, "  ") {
			t.Fatalf("%q → %q: white space not collapsed", in, out)
		}
	}
	if again != out {
		t.Fatalf("%q → %q → %q: not idempotent", in, out, again)
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"\x1b]0;owned\x07\x1b[31m", "a\u202eb", "\u009b31m", "bad\xff\xfe", "👨\u200d👩\u200d👧 x",
		"e\u0301\u0301\u0301", "  a \t\n b  ", "\r\n\r\n", "\U000e0041\ufeff"} {
		f.Add(s, uint16(5))
		f.Add(s, uint16(256))
	}
	f.Fuzz(func(t *testing.T, s string, m uint16) {
		max := int(m%1024) + 1
		checkSanitized(t, s, SanitizeLine(s, max), max, false)
		checkSanitized(t, s, SanitizeText(s, max), max, true)
		if max == MaxLen && Sanitize(s) != SanitizeLine(s, max) {
			t.Fatal("Sanitize differs from SanitizeLine(MaxLen)")
		}
	})
}

func FuzzValidate(f *testing.F) {
	f.Add("Bob", "", "hi", "+49 170 1234567", "bob@example.org")
	f.Add("\x1b[31m", "ftp://x", "\n", "++1", "Bob <b@x.org>")
	f.Fuzz(func(t *testing.T, nick, img, status, mobile, email string) {
		if img != "" && !isURL(img) {
			img = "" // no file system probing from the fuzzer
		}
		u := Update{Nickname: nick, Image: img, Status: status, MobileNumber: mobile, Email: email}
		err := u.Validate()
		if err == nil {
			n := u.Normalized()
			if Sanitize(n.Nickname) != n.Nickname || Sanitize(n.Status) != n.Status {
				t.Fatalf("valid %+v is not what Sanitize keeps", n)
			}
			if err := n.Validate(); err != nil {
				t.Fatalf("normalised %+v invalid: %v", n, err)
			}
			return
		}
		wantCode(t, err, codeBadRequest)
		var fields []string
		for _, fe := range err.(*ValidationError).Fields {
			fields = append(fields, fe.Field)
		}
		if len(fields) == 0 || !reflect.DeepEqual(fields, dedupe(fields)) {
			t.Fatalf("fields %v", fields)
		}
	})
}

func dedupe(s []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// VerifyAvatar accepts exactly the SHA-1 of the data, however the id is
// cased or padded, and refuses anything else as malformed, including the
// right id with one digit changed.
func FuzzVerifyAvatar(f *testing.F) {
	f.Add([]byte("GIF89a"), AvatarID([]byte("GIF89a")))
	f.Add([]byte("GIF89a"), " "+strings.ToUpper(AvatarID([]byte("GIF89a")))+"\n")
	f.Add([]byte{}, "")
	f.Add([]byte("x"), "\u202e0000")
	f.Fuzz(func(t *testing.T, data []byte, id string) {
		sum := AvatarID(data)
		err := VerifyAvatar(data, id)
		if match := strings.ToLower(strings.TrimSpace(id)) == sum; match != (err == nil) {
			t.Fatalf("VerifyAvatar(%d bytes, %q) = %v; the SHA-1 is %s", len(data), id, err, sum)
		}
		if err != nil && !errors.Is(err, ErrMalformed) {
			t.Fatalf("refusal is not ErrMalformed: %v", err)
		}
		if err := VerifyAvatar(data, sum); err != nil {
			t.Fatalf("the data's own SHA-1 refused: %v", err)
		}
		flipped := []byte(sum)
		flipped[len(flipped)-1] ^= 1 // '0'↔'1', 'a'↔'`'…: never the same digit
		if VerifyAvatar(data, string(flipped)) == nil {
			t.Fatalf("an id one digit off accepted: %s for %s", flipped, sum)
		}
	})
}
