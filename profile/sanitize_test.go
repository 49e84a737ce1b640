package profile

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Romeo", "Romeo"},
		{"escape sequences", "\x1b]0;owned\x07\x1b[31m", "]0;owned[31m"},
		{"ansi around text", "\x1b[1mbold\x1b[0m", "[1mbold[0m"},
		{"C1 CSI and OSC", "\u009b31mred\u009d0;title\u009c", "31mred0;title"},
		{"NUL BEL DEL", "a\x00b\x07c\x7fd", "abcd"},
		{"bidi override", "abc\u202edcba\u202c", "abcdcba"},
		{"bidi isolates and marks", "\u2066a\u2067b\u2068c\u2069\u200ed\u200fe\u061cf\u202ag\u202bh\u202di", "abcdefghi"},
		{"invisible format", "zero\u200bwidth\ufeffbom\u00adsoft\u2060join\U000e0041tag", "zerowidthbomsoftjointag"},
		{"ZWJ emoji kept", "family 👨\u200d👩\u200d👧", "family 👨\u200d👩\u200d👧"},
		{"ZWNJ kept", "می\u200cخواهم", "می\u200cخواهم"},
		{"invalid UTF-8", "a\xff\xfeb\xc3", "a\ufffdb\ufffd"},
		{"real U+FFFD kept", "a\ufffdb", "a\ufffdb"},
		{"line breaks and tabs", "a\nb\r\nc\td\u2028e\u0085f", "a b c d e f"},
		{"collapse and trim", "  lead \t\n  trail  ", "lead trail"},
		{"unicode spaces", "a\u00a0\u3000b", "a b"},
		{"only controls", "\x1b\x07\u202e", ""},
		{"accents kept", "Ölçü café", "Ölçü café"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Sanitize(tc.in)
			if got != tc.want {
				t.Fatalf("Sanitize(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if again := Sanitize(got); again != got {
				t.Fatalf("not idempotent: %q → %q", got, again)
			}
		})
	}
}

func TestSanitizeEscapeLeavesNoControl(t *testing.T) {
	got := Sanitize("\x1b]0;owned\x07\x1b[31m")
	if strings.ContainsAny(got, "\x1b\x07") {
		t.Fatalf("%q still holds ESC or BEL", got)
	}
}

func TestSanitizeLength(t *testing.T) {
	if got := Sanitize(strings.Repeat("a", 300)); got != strings.Repeat("a", MaxLen) {
		t.Fatalf("len %d, want %d", len(got), MaxLen)
	}
	// A two-rune emoji straddling the bound is dropped whole.
	in := strings.Repeat("a", MaxLen-1) + "👍🏽" + "tail"
	if got := Sanitize(in); got != strings.Repeat("a", MaxLen-1) {
		t.Fatalf("got %d runes ending %q", utf8.RuneCountInString(got), got[len(got)-8:])
	}
	// An accented letter made of two runes is not split either.
	in = strings.Repeat("b", 9) + "e\u0301" + "x"
	if got := SanitizeLine(in, 10); got != strings.Repeat("b", 9) {
		t.Fatalf("got %q", got)
	}
	// One cluster longer than the bound is cut at a rune.
	in = "e" + strings.Repeat("\u0301", 50)
	if got := SanitizeLine(in, 10); utf8.RuneCountInString(got) != 10 {
		t.Fatalf("got %d runes", utf8.RuneCountInString(got))
	}
	// A cut that ends in a space leaves no trailing space.
	if got := SanitizeLine("abcd efgh", 5); got != "abcd" {
		t.Fatalf("got %q", got)
	}
	// Removed characters do not count.
	in = strings.Repeat("\u200b", 1000) + "ok"
	if got := SanitizeLine(in, 2); got != "ok" {
		t.Fatalf("got %q", got)
	}
	// max <= 0 means the default.
	if got := SanitizeLine(strings.Repeat("c", 1000), 0); utf8.RuneCountInString(got) != MaxLen {
		t.Fatalf("got %d runes", utf8.RuneCountInString(got))
	}
	// A huge input is bounded without trouble.
	if got := Sanitize(strings.Repeat("\x1b[31mz", 1<<20)); utf8.RuneCountInString(got) > MaxLen {
		t.Fatalf("got %d runes", utf8.RuneCountInString(got))
	}
}

func TestSanitizeText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"lines kept", "one\ntwo\r\nthree\rfour", "one\ntwo\nthree\nfour"},
		{"tabs", "\tcode", "    code"},
		{"other breaks", "a\u2028b\u2029c\vd\fe\u0085f", "a\nb\nc\nd\ne\nf"},
		{"spaces kept", "  a  b  ", "  a  b  "},
		{"escapes", "\x1b[2J\x1b]8;;http://x\x07link\x1b]8;;\x07", "[2J]8;;http://xlink]8;;"},
		{"C1 and bidi", "\u009b2Jx\u202ey", "2Jxy"},
		{"invalid", "ok\xff", "ok\ufffd"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := SanitizeText(tc.in, 100); got != tc.want {
				t.Fatalf("SanitizeText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	if got := SanitizeText(strings.Repeat("line\n", 100), 12); got != "line\nline\nli" {
		t.Fatalf("got %q", got)
	}
	if got := SanitizeText(strings.Repeat("x", MaxTextLen+10), 0); utf8.RuneCountInString(got) != MaxTextLen {
		t.Fatalf("got %d runes", utf8.RuneCountInString(got))
	}
}
