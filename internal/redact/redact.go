// Package redact hides the secrets people write into URLs — the password of
// `user:password@` and the values of query keys such as token or api_key — before a
// URL is logged, printed, shown in an error or exported. It works on the text, not on
// a parsed URL: the URLs that most need it are the broken ones (a password holding
// `#`, `%zz`, a quote or a space), which net/url refuses or cuts in the wrong place.
// Where a broken URL is ambiguous, it masks too much rather than too little.
package redact

import (
	"net/url"
	"regexp"
	"strings"
)

// Mask replaces each secret: the word net/url's URL.Redacted uses.
const Mask = "xxxxx"

// secretKeys are the query keys whose values are masked (compared in lower case),
// besides any key ending in one of secretSuffixes ("auth_token", "x-api-key").
var (
	secretKeys = map[string]bool{
		"token": true, "access_token": true, "private_token": true, "refresh_token": true, "id_token": true,
		"api_key": true, "api-key": true, "apikey": true, "key": true,
		"secret": true, "client_secret": true, "password": true, "passwd": true,
		"sig": true, "signature": true,
	}
	secretSuffixes = []string{"_token", "-token", "_key", "-key", "_secret", "-secret", "_password", "-password"}
)

// URL returns s with the password of its userinfo and the values of secret query
// and fragment keys replaced by Mask: "https://bob:xxxxx@host/?token=xxxxx&page=2".
// The user name stays: it is not a secret, it tells the helpdesk which account is
// used, and "bob:xxxxx@" still shows that a password is set. Everything else is kept
// as written. A target missing its scheme is read from its "//" if it has one, else
// as starting with its host ("bob:pw@host:993").
func URL(s string) string {
	var b strings.Builder
	rest := s
	if i := strings.Index(s, "://"); i > 0 && isScheme(s[:i]) {
		b.WriteString(s[:i+3])
		rest = s[i+3:]
	} else if i := strings.Index(s, "//"); i >= 0 {
		// A scheme written wrong ("http//bob:pw@host") or none ("//bob:pw@host"):
		// the authority still follows the "//".
		b.WriteString(s[:i+2])
		rest = s[i+2:]
	}
	at := userinfoEnd(rest)
	if i := strings.Index(rest, "//"); at < 0 && i >= 0 {
		// A scheme written twice, as a hint may ("https://http//bob:pw@host").
		b.WriteString(rest[:i+2])
		rest = rest[i+2:]
		at = userinfoEnd(rest)
	}
	if at >= 0 {
		if user, _, ok := strings.Cut(rest[:at], ":"); ok {
			b.WriteString(user + ":" + Mask)
			rest = rest[at:]
		}
	}
	if q := strings.IndexAny(rest, "?#"); q >= 0 {
		b.WriteString(rest[:q+1])
		rest = maskPairs(rest[q+1:])
	}
	b.WriteString(rest)
	return b.String()
}

// userinfoEnd returns the index of the '@' that ends the userinfo at the start of
// rest (what follows "scheme://"), or -1 when there is none.
func userinfoEnd(rest string) int {
	// As RFC 3986 reads it: the authority ends at the first '/', '?' or '#', and the
	// userinfo at its last '@'.
	authority := rest
	if end := strings.IndexAny(rest, "/?#"); end >= 0 {
		authority = rest[:end]
	}
	if at := strings.LastIndex(authority, "@"); at >= 0 {
		return at
	}
	if !brokenUserinfo(rest, len(authority)) {
		return -1
	}
	return hostAt(rest, len(authority))
}

// brokenUserinfo reports whether rest, whose authority (without '@') is its first n
// bytes, reads "user:pass" rather than "host:port": in "bob:s3cr#t@host" a '#' (or
// '/', '?') of the password cut the authority short, and "s3cr" is no port. Digits
// before a '#' are a password too ("bob:12#3@host"): a fragment never follows a bare
// host:port in a link anybody writes; before '/' or '?' they are taken for a port.
func brokenUserinfo(rest string, n int) bool {
	user, port, ok := strings.Cut(rest[:n], ":")
	if !ok || strings.ContainsAny(user, "[]") {
		return false
	}
	return !isPort(port) || n < len(rest) && rest[n] == '#'
}

// hostAt returns the index of the last '@' in s at or after from that is followed by
// something shaped like a host, or -1. The last one, so that a password holding an
// '@' is masked whole.
func hostAt(s string, from int) int {
	for i := len(s) - 1; i >= from; i-- {
		if s[i] == '@' && i+1 < len(s) && isHostByte(s[i+1]) {
			return i
		}
	}
	return -1
}

func isHostByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(".-_%[", c) >= 0
}

func isScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return s != ""
}

func isPort(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// maskPairs masks the values of secret keys in a query or fragment, "k=v&k=v;k=v".
// A secret value runs to the next '&' or ';', through any '#' or space, so no part of
// it is left; after any other pair a '#' starts the fragment, read the same way.
func maskPairs(q string) string {
	var b strings.Builder
	for q != "" {
		end := strings.IndexAny(q, "&;")
		pair := q
		if end >= 0 {
			pair = q[:end]
		}
		key, _, hasValue := strings.Cut(pair, "=")
		name := key[strings.LastIndexAny(key, "?#")+1:] // "x?token=": a query in the fragment
		switch h := strings.IndexByte(pair, '#'); {
		case hasValue && isSecretKey(name):
			b.WriteString(key + "=" + Mask)
		case h >= 0:
			b.WriteString(pair[:h+1])
			q = q[h+1:]
			continue
		default:
			b.WriteString(pair)
		}
		if end < 0 {
			break
		}
		b.WriteByte(q[end])
		q = q[end+1:]
	}
	return b.String()
}

func isSecretKey(key string) bool {
	if k, err := url.QueryUnescape(key); err == nil {
		key = k
	}
	key = strings.ToLower(strings.TrimSpace(key))
	if secretKeys[key] {
		return true
	}
	for _, suffix := range secretSuffixes {
		if strings.HasSuffix(key, suffix) {
			return true
		}
	}
	return false
}

var (
	schemeStart = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*:?//`) // "http//": a colon forgotten
	keyValue    = regexp.MustCompile(`[A-Za-z0-9_.%-]+=[^\s&;,"')]+`)
)

// Text redacts every URL in free text, such as an error message, as URL does, and the
// value of any secret key=value outside them ("password=hunter2"). A URL runs to the
// next space, or to its closing quote when it is quoted as %q writes it, so a password
// with a space is caught there; unquoted, it runs on to the '@' before its host.
func Text(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range schemeStart.FindAllStringIndex(s, -1) {
		if m[0] < last {
			continue // inside the URL before
		}
		end := urlEnd(s, m[0], m[1])
		b.WriteString(maskWords(s[last:m[0]]))
		b.WriteString(URL(s[m[0]:end]))
		last = end
	}
	b.WriteString(maskWords(s[last:]))
	return b.String()
}

// urlEnd returns where the URL whose scheme starts at s[start] ends; body is where
// the part after "://" starts.
func urlEnd(s string, start, body int) int {
	if start > 0 && s[start-1] == '"' {
		for i := body; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++
			case '"':
				return i
			}
		}
		return len(s)
	}
	end := body + spaceAt(s[body:])
	rest := s[body:end]
	if userinfoEnd(rest) >= 0 || !brokenUserinfo(rest, authorityLen(rest)) {
		return end
	}
	// "https://bob:p ss@host": the space cut the password; it runs to the last '@'
	// before a host on this line.
	line := s[body:]
	if nl := strings.IndexByte(line, '\n'); nl >= 0 {
		line = line[:nl]
	}
	if at := hostAt(line, len(rest)); at >= 0 {
		return body + at + spaceAt(s[body+at:])
	}
	return end
}

func authorityLen(rest string) int {
	if end := strings.IndexAny(rest, "/?#"); end >= 0 {
		return end
	}
	return len(rest)
}

// spaceAt returns the index of the first white space in s, or len(s).
func spaceAt(s string) int {
	if i := strings.IndexAny(s, " \t\r\n"); i >= 0 {
		return i
	}
	return len(s)
}

// maskWords masks secret key=value pairs in text that holds no URL.
func maskWords(s string) string {
	if !strings.Contains(s, "=") {
		return s
	}
	return keyValue.ReplaceAllStringFunc(s, func(kv string) string {
		key, _, _ := strings.Cut(kv, "=")
		if isSecretKey(key) {
			return key + "=" + Mask
		}
		return kv
	})
}
