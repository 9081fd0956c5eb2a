package config

import (
	"errors"
	"unicode/utf8"
)

// Name patterns ([[sources]] include, exclude and rules.match) are path.Match patterns
// with one difference: nothing is special about "/". Remote checks are named
// "group/name" and their names often hold "/" themselves ("Intranet / home page"), so
// `*` matches any run of characters, "/" included, and `?` any one character.
//
//	*         any run of characters, even none
//	?         any one character
//	[abc]     one of these characters; [a-z] a range; [^a-z] or [!a-z] none of them
//	\x        the character x itself (\* is a star)
//
// Matching is case-sensitive, as path.Match is.

var errBadPattern = errors.New("syntax error in pattern")

// MatchName reports whether name matches the name pattern. A malformed pattern
// (validation reports it) matches nothing.
func MatchName(pattern, name string) bool {
	if checkPattern(pattern) != nil {
		return false
	}
	// The classic wildcard walk: on a mismatch, let the last star swallow one more
	// character and go on from just after it. Linear in practice, never exponential.
	p, s := 0, 0
	star, starS := -1, 0
	for s < len(name) {
		if p < len(pattern) {
			if pattern[p] == '*' {
				star, starS = p, s
				p++
				continue
			}
			if ok, pn, sn := matchOne(pattern[p:], name[s:]); ok {
				p, s = p+pn, s+sn
				continue
			}
		}
		if star < 0 {
			return false
		}
		_, w := utf8.DecodeRuneInString(name[starS:])
		starS += w
		p, s = star+1, starS
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// matchOne matches the first element of pattern (not a star) against the first
// character of name, which is not empty. It returns the bytes used of each.
func matchOne(pattern, name string) (ok bool, pn, sn int) {
	r, sn := utf8.DecodeRuneInString(name)
	switch pattern[0] {
	case '?':
		return true, 1, sn
	case '[':
		matched, n, _ := class(pattern, r)
		return matched, n, sn
	case '\\':
		lit, w := utf8.DecodeRuneInString(pattern[1:])
		return lit == r, 1 + w, sn
	}
	lit, w := utf8.DecodeRuneInString(pattern)
	return lit == r, w, sn
}

// class matches r against the class that starts pattern ("[…]") and returns the
// class's length in bytes.
func class(pattern string, r rune) (matched bool, n int, err error) {
	i := 1
	negated := false
	if i < len(pattern) && (pattern[i] == '^' || pattern[i] == '!') {
		negated = true
		i++
	}
	for ranges := 0; ; ranges++ {
		if i < len(pattern) && pattern[i] == ']' && ranges > 0 {
			return matched != negated, i + 1, nil
		}
		var lo, hi rune
		if lo, i, err = classChar(pattern, i); err != nil {
			return false, 0, err
		}
		hi = lo
		if i < len(pattern) && pattern[i] == '-' {
			if hi, i, err = classChar(pattern, i+1); err != nil {
				return false, 0, err
			}
		}
		if lo <= r && r <= hi {
			matched = true
		}
	}
}

// classChar reads one character of a class at pattern[i:], escaped or not.
func classChar(pattern string, i int) (rune, int, error) {
	if i >= len(pattern) || pattern[i] == '-' || pattern[i] == ']' {
		return 0, 0, errBadPattern
	}
	if pattern[i] == '\\' {
		i++
		if i >= len(pattern) {
			return 0, 0, errBadPattern
		}
	}
	r, w := utf8.DecodeRuneInString(pattern[i:])
	if r == utf8.RuneError && w == 1 {
		return 0, 0, errBadPattern
	}
	return r, i + w, nil
}

// checkPattern reports a malformed pattern: an unclosed or empty class, a trailing
// backslash, bytes that are not UTF-8.
func checkPattern(pattern string) error {
	for i := 0; i < len(pattern); {
		switch pattern[i] {
		case '*', '?':
			i++
			continue
		case '[':
			_, n, err := class(pattern[i:], 0)
			if err != nil {
				return err
			}
			i += n
			continue
		case '\\':
			i++
			if i >= len(pattern) {
				return errBadPattern
			}
		}
		r, w := utf8.DecodeRuneInString(pattern[i:])
		if r == utf8.RuneError && w == 1 {
			return errBadPattern
		}
		i += w
	}
	return nil
}
