package profile

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

// Length bounds of sanitised text, in runes (code points).
const (
	MaxLen     = 256  // one-line fields: nickname, status, e-mail, …
	MaxTextLen = 8192 // multi-line text: a chat message
)

// Sanitize makes an untrusted one-line string (a nickname, a status, a
// resource, …) safe to show in a terminal, bounded to MaxLen runes. See
// SanitizeLine.
func Sanitize(s string) string { return SanitizeLine(s, MaxLen) }

// SanitizeLine makes an untrusted one-line string safe to show in a
// terminal:
//
//   - invalid UTF-8 becomes U+FFFD (one per run of bad bytes);
//   - line breaks (LF, CR, VT, FF, NEL U+0085, U+2028, U+2029) and tabs
//     become spaces, runs of white space collapse to one space, and leading
//     and trailing white space goes;
//   - every other C0 control (NUL, BEL, ESC, …), DEL and every C1 control
//     (U+0080–U+009F, among them the one-character CSI U+009B and OSC
//     U+009D) is removed;
//   - every invisible format character (Unicode category Cf) is removed:
//     the bidi marks, embeddings, overrides and isolates (U+061C, U+200E,
//     U+200F, U+202A–U+202E, U+2066–U+2069), the zero-width space, word
//     joiner, BOM U+FEFF, soft hyphen, tag characters, … — except the
//     zero-width joiner U+200D, which emoji sequences need, and the
//     zero-width non-joiner U+200C, which Persian and Indic text needs;
//     neither can move the cursor or reorder text;
//   - the result is cut to at most max runes (MaxLen when max <= 0), on a
//     grapheme cluster boundary so that no emoji or accented letter is
//     split (a single cluster longer than max is cut at a rune).
//
// Only the control characters of an escape sequence are removed: the
// printable rest stays as plain text, so "\x1b]0;owned\x07\x1b[31m" comes
// out as "]0;owned[31m". Without its ESC (or the C1 CSI/OSC) a terminal
// cannot interpret it, so it is harmless, and showing it makes the attempt
// visible instead of hiding text a person might need to see.
func SanitizeLine(s string, max int) string {
	if max <= 0 {
		max = MaxLen
	}
	return sanitize(s, max, false)
}

// SanitizeText is Sanitize for multi-line text (a chat message): the same
// rules, but line breaks are kept as "\n" (CRLF, CR, VT, FF, NEL, U+2028
// and U+2029 all become "\n"), a tab becomes four spaces, and white space
// is neither collapsed nor trimmed. The result has at most max runes
// (MaxTextLen when max <= 0).
func SanitizeText(s string, max int) string {
	if max <= 0 {
		max = MaxTextLen
	}
	return sanitize(s, max, true)
}

// runeClass is what the sanitiser does with a rune.
type runeClass uint8

const (
	keep    runeClass = iota
	drop              // a control or invisible format character
	space             // a tab or other horizontal white space to normalise
	newline           // a line break
)

// classify sorts a valid rune.
func classify(r rune) runeClass {
	switch {
	case r == '\t':
		return space
	case r == '\n' || r == '\r' || r == '\v' || r == '\f' || r == 0x85 || r == 0x2028 || r == 0x2029:
		return newline
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
		return drop
	case r == 0x200c || r == 0x200d: // ZWNJ, ZWJ
		return keep
	case r < 0xad:
		return keep // fast path for ASCII and Latin-1
	case unicode.Is(unicode.Cf, r):
		return drop
	}
	return keep
}

// isUnsafe reports whether r is something Sanitize would remove or
// rewrite in a one-line field (a control, a format character or a line
// break; tabs included).
func isUnsafe(r rune) bool { return classify(r) != keep }

// HasUnsafe reports whether s holds a character Sanitize would remove or
// rewrite in a one-line field (or is not UTF-8): input that goes to the
// server with one is refused, not rewritten.
func HasUnsafe(s string) bool { return !utf8.ValidString(s) || strings.IndexFunc(s, isUnsafe) >= 0 }

// graphemeSlack is how many runes past the bound the sanitiser collects,
// so that the cluster boundary at the bound can be found. Any boundary
// found before the end of what was collected is exact, because a
// boundary depends only on the runes before it and the one after it.
const graphemeSlack = 32

func sanitize(s string, max int, multiline bool) string {
	var b strings.Builder
	b.Grow(min(len(s), 4*max+8))
	collect := max + graphemeSlack // stop once this many runes are written
	n := 0                         // runes written
	pendingSpace := false          // one-line: a space to write before the next rune
	lastBad := -1                  // end offset of the last invalid byte seen
	for i := 0; i < len(s) && n <= collect; {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			bad := lastBad == i // continues a run of invalid bytes
			i++
			lastBad = i
			if bad {
				continue
			}
			r = utf8.RuneError
		} else {
			i += size
		}
		switch c := classify(r); {
		case c == drop:
			continue
		case multiline && c == newline:
			if r == '\r' && i < len(s) && s[i] == '\n' {
				i++ // CRLF is one line break
			}
			b.WriteByte('\n')
			n++
			continue
		case multiline && c == space:
			b.WriteString("    ")
			n += 4
			continue
		case !multiline && (c != keep || unicode.IsSpace(r)):
			pendingSpace = n > 0
			continue
		}
		if pendingSpace {
			b.WriteByte(' ')
			n++
			pendingSpace = false
		}
		b.WriteRune(r)
		n++
	}
	out := b.String()
	if n > max {
		out = cutGraphemes(out, max)
		if !multiline {
			out = strings.TrimRight(out, " ")
		}
	}
	return out
}

// cutGraphemes returns the longest prefix of s made of whole grapheme
// clusters with at most max runes; if even the first cluster is longer, s
// cut at max runes.
func cutGraphemes(s string, max int) string {
	state, rest, runes, cut := -1, s, 0, 0
	for len(rest) > 0 {
		cluster, next, _, newState := uniseg.FirstGraphemeClusterInString(rest, state)
		c := utf8.RuneCountInString(cluster)
		if runes+c > max {
			break
		}
		runes += c
		cut += len(cluster)
		rest, state = next, newState
	}
	if cut == 0 && max > 0 {
		for i := range s {
			if max == 0 {
				return s[:i]
			}
			max--
		}
	}
	return s[:cut]
}
