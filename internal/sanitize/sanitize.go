// Package sanitize turns text from servers Uptray does not control (status pages,
// feeds, monitoring servers, DNS answers) into data that is safe to show anywhere: in a
// terminal, a menu, a notification, a log. It is applied once, where the text enters;
// everything after shows it as it is.
package sanitize

import (
	"unicode"
	"unicode/utf8"
)

// MaxRunes is the most characters Text returns, the ellipsis included: a reason is a
// line in a menu, not a page.
const MaxRunes = 200

const ellipsis = '…'

// Text returns s as one short line of plain text:
//   - whitespace of any kind (tabs, newlines, no-break spaces…) becomes one space
//     between words, none at either end;
//   - control characters (C0, DEL, C1: ESC of terminal escapes among them) and
//     invisible format characters (bidi overrides, embeddings, isolates and marks,
//     zero-width spaces, byte order marks, tag characters) are removed, so the text
//     can neither drive a terminal nor read differently from what it is;
//   - invalid UTF-8 becomes U+FFFD;
//   - more than MaxRunes characters are cut to MaxRunes, the last being "…".
//
// Text stops reading s once the line is full, so a 500 KB word costs no more than a
// short one. Text(Text(s)) == Text(s).
func Text(s string) string {
	if clean(s) {
		return s
	}
	l := line{buf: make([]byte, 0, min(len(s), 4*MaxRunes))}
	// A space is owed between words: written only before the next visible character,
	// so none ends the line.
	pending := false
	for _, r := range s { // range yields U+FFFD for each invalid byte
		if unicode.IsSpace(r) {
			pending = l.n > 0
			continue
		}
		if hidden(r) {
			continue
		}
		if (pending && !l.add(' ')) || !l.add(r) {
			return l.truncated()
		}
		pending = false
	}
	return string(l.buf)
}

// line collects at most MaxRunes characters.
type line struct {
	buf []byte
	n   int // characters in buf
	cut int // len(buf) when it held MaxRunes-1 characters: where "…" goes
}

// add appends r, or reports false when the line is already full.
func (l *line) add(r rune) bool {
	if l.n == MaxRunes {
		return false
	}
	if l.n == MaxRunes-1 {
		l.cut = len(l.buf)
	}
	l.buf = utf8.AppendRune(l.buf, r)
	l.n++
	return true
}

// truncated is the line cut to MaxRunes-1 characters and "…".
func (l *line) truncated() string {
	b := l.buf[:l.cut]
	for len(b) > 0 && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return string(utf8.AppendRune(b, ellipsis))
}

// hidden reports whether r is a character Text removes. Zero-width joiners and
// non-joiners stay: emoji and scripts such as Persian and Hindi need them.
func hidden(r rune) bool {
	if r == '\u200c' || r == '\u200d' {
		return false
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}

// clean reports whether s is short printable ASCII with single spaces between words:
// most remote text is, and it is returned as it is, without a copy.
func clean(s string) bool {
	if len(s) > MaxRunes || (len(s) > 0 && (s[0] == ' ' || s[len(s)-1] == ' ')) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' || (c == ' ' && s[i+1] == ' ') {
			return false
		}
	}
	return true
}
