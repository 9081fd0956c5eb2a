package config

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/uptray/uptray/internal/redact"
)

// Text from the file that Uptray shows: names it displays, and values it repeats in
// errors.

// checkName checks a name shown in the menu and in notifications: present, short
// enough to read, and free of characters that are not text (a NUL, an escape
// sequence, or a bidi override that shows the name in another order than stored).
func checkName(l *errorList, field, name string) {
	switch n := utf8.RuneCountInString(name); {
	case strings.TrimSpace(name) == "":
		l.add(field, "is missing")
	case n > MaxNameLength:
		l.add(field, "is %d characters long (at most %d)", n, MaxNameLength)
	case !utf8.ValidString(name):
		l.add(field, "is not valid UTF-8 text")
	default:
		for _, r := range name {
			if unicode.IsControl(r) {
				l.add(field, "%q contains a control character (%U)", name, r)
				break
			}
			if r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 {
				l.add(field, "%q contains a bidi override (%U), which shows it in another order than written", name, r)
				break
			}
		}
	}
}

// nameProblem says whether a non-empty name is unusable (too long, not text).
func nameProblem(name string) bool {
	l := &errorList{}
	checkName(l, "", name)
	return len(l.errs) > 0
}

// shown prints a value from the file in an error: quoted, any password or token
// in it masked (errors reach the log and notifications), and cut short.
func shown(s string) string { return fmt.Sprintf("%q", clip(redact.URL(s))) }

// clip cuts text from the file to a length an error message can carry.
func clip(s string) string {
	const most = 120
	if utf8.RuneCountInString(s) <= most {
		return s
	}
	return string([]rune(s)[:most]) + "…"
}
