package profile

import (
	"strings"
	"testing"
)

const foreignVCard4 = `<vcard xmlns="urn:ietf:params:xml:ns:vcard-4.0">` +
	`<fn><text>Alice Liddell</text></fn><nickname><text>al</text></nickname>` +
	`<bday><date>1852-05-04</date></bday>` +
	`<adr><parameters><type><text>home</text></type></parameters><locality>Oxford</locality></adr>` +
	`<tel><parameters><type><text>work</text></type></parameters><uri>tel:+441865000000</uri></tel>` +
	`<tel><parameters><type><text>cell</text></type><pref><integer>1</integer></pref></parameters><uri>tel:+15550100</uri></tel>` +
	`<email><parameters><type><text>home</text></type></parameters><text>old@example.org</text></email>` +
	`<x-custom xmlns="urn:example:other">kept</x-custom>` +
	`</vcard>`

func TestEditVCard4KeepsForeignProperties(t *testing.T) {
	out, err := EditVCard4([]byte(foreignVCard4), Profile{Nickname: "Ally", MobileNumber: "+15550199", Email: "new@example.org", Status: "s"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeVCard4(out)
	if err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if got.Nickname != "Ally" || got.MobileNumber != "+15550199" || got.Email != "new@example.org" || got.Status != "s" {
		t.Errorf("decoded %+v from\n%s", got, out)
	}
	s := string(out)
	for _, want := range []string{
		"Alice Liddell</text>", "1852-05-04</date>", "Oxford</locality>",
		"tel:+441865000000</uri>", "<integer>1</integer>", "<text>home</text>", "urn:example:other", "kept</x-custom>",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the edited vCard4 lost %q:\n%s", want, s)
		}
	}
	for _, gone := range []string{"+15550100", "old@example.org", ">al<"} {
		if strings.Contains(s, gone) {
			t.Errorf("the edited vCard4 still has %q:\n%s", gone, s)
		}
	}
}

func TestEditVCard4FollowsAndRemoves(t *testing.T) {
	first, err := EncodeVCard4(Profile{Nickname: "A", MobileNumber: "+1555", Email: "a@example.org", Status: "s"})
	if err != nil {
		t.Fatal(err)
	}
	out, err := EditVCard4(first, Profile{Nickname: "B"})
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	if !strings.Contains(s, "<fn") || strings.Count(s, ">B</text>") != 2 {
		t.Errorf("fn and nickname should both be B (fn was the nickname):\n%s", s)
	}
	for _, gone := range []string{"tel", "email", "note"} {
		if strings.Contains(s, "<"+gone) {
			t.Errorf("%s not removed:\n%s", gone, s)
		}
	}
	if empty, err := EditVCard4(nil, Profile{Nickname: "C"}); err != nil || !strings.Contains(string(empty), ">C</text>") {
		t.Errorf("no current vCard4: %s, %v", empty, err)
	}
}
