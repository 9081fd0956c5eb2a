package redact

import (
	"strconv"
	"strings"
	"testing"
)

func TestURL(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "https://example.com/health", "https://example.com/health"},
		{"host and port", "https://example.com:8443/x", "https://example.com:8443/x"},
		{"ipv6", "http://[::1]:8080/x?page=2", "http://[::1]:8080/x?page=2"},
		{"user only", "https://bob@example.com/", "https://bob@example.com/"},
		{"password", "https://bob:hunter2@example.com/x", "https://bob:xxxxx@example.com/x"},
		{"empty password", "https://bob:@example.com/", "https://bob:xxxxx@example.com/"},
		{"password with @ and :", "https://bob:p@s:s@example.com/", "https://bob:xxxxx@example.com/"},
		{"password with %zz", "https://bob:p%zz@example.com/", "https://bob:xxxxx@example.com/"},
		{"password with quote", "https://bob:it's@example.com/", "https://bob:xxxxx@example.com/"},
		{"password with space", "https://bob:p ss@example.com/", "https://bob:xxxxx@example.com/"},
		{"password with #", "https://bob:s3cr#t@example.com/x", "https://bob:xxxxx@example.com/x"},
		{"password with / and ?", "https://bob:a/b?c@example.com/x", "https://bob:xxxxx@example.com/x"},
		{"password of digits and #", "https://bob:12#34@example.com/", "https://bob:xxxxx@example.com/"},
		{"password of digits and /", "https://bob:12/34@example.com/", "https://bob:12/34@example.com/"}, // reads as host:port and a path
		{"port and fragment", "https://h:8080/#top", "https://h:8080/#top"},
		{"token", "https://example.com/x?token=abc&page=2", "https://example.com/x?token=xxxxx&page=2"},
		{"any case", "https://example.com/?Access_Token=abc;API-KEY=def", "https://example.com/?Access_Token=xxxxx;API-KEY=xxxxx"},
		{"every key", "https://h/?private_token=1&api_key=2&apikey=3&key=4&secret=5&client_secret=6&password=7&sig=8&signature=9",
			"https://h/?private_token=xxxxx&api_key=xxxxx&apikey=xxxxx&key=xxxxx&secret=xxxxx&client_secret=xxxxx&password=xxxxx&sig=xxxxx&signature=xxxxx"},
		{"suffix", "https://h/?x-api-key=1&monkey=2&auth_token=3", "https://h/?x-api-key=xxxxx&monkey=2&auth_token=xxxxx"},
		{"escaped key", "https://h/?%74oken=abc", "https://h/?%74oken=xxxxx"},
		{"value with # and space", "https://h/?token=a#b c&page=2", "https://h/?token=xxxxx&page=2"},
		{"fragment", "https://h/cb#access_token=abc&state=1", "https://h/cb#access_token=xxxxx&state=1"},
		{"query in fragment", "https://h/#x?token=abc", "https://h/#x?token=xxxxx"},
		{"query then fragment", "https://h/?page=1#token=abc", "https://h/?page=1#token=xxxxx"},
		{"both", "https://bob:pw@h/?sig=abc", "https://bob:xxxxx@h/?sig=xxxxx"},
		{"no value", "https://h/?token&token=", "https://h/?token&token=xxxxx"},
		{"at in path", "https://h/users/@me", "https://h/users/@me"},
		{"email in query", "https://h/?email=a@b.com", "https://h/?email=a@b.com"},
		{"no scheme", "bob:pw@mail.example.com:993", "bob:xxxxx@mail.example.com:993"},
		{"scheme written wrong", "http//bob:pw@h/x", "http//bob:xxxxx@h/x"},
		{"one slash", "https:/bob:pw@h/x", "https:xxxxx@h/x"},
		{"no scheme, query", "example.com/x?token=abc", "example.com/x?token=xxxxx"},
		{"host:port", "mail.example.com:993", "mail.example.com:993"},
		{"scheme-relative", "//bob:pw@h/", "//bob:xxxxx@h/"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := URL(tt.in); got != tt.want {
				t.Errorf("URL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"hint", `"http//bob:pw@h" is not an http(s) URL (try https://http//bob:pw@h)`,
			`"http//bob:xxxxx@h" is not an http(s) URL (try https://http//bob:xxxxx@h)`},
		{"quoted with space", `"https://bob:p ss@h/x" contains spaces`, `"https://bob:xxxxx@h/x" contains spaces`},
		{"quoted with escaped quote", `"https://bob:p\"s@h/" is bad`, `"https://bob:xxxxx@h/" is bad`},
		{"unquoted with space", "try https://bob:p ss@h/x) now", "try https://bob:xxxxx@h/x) now"},
		{"two URLs", "a https://u:1@h b http://h/?token=2 c", "a https://u:xxxxx@h b http://h/?token=xxxxx c"},
		{"error", `Get "https://h/?api_key=abc": dial tcp: refused`, `Get "https://h/?api_key=xxxxx": dial tcp: refused`},
		{"key=value", "login failed: password=hunter2, user=bob", "login failed: password=xxxxx, user=bob"},
		{"nothing", "HTTP 503 (want 200)", "HTTP 503 (want 200)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q)\n = %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// The password never survives, whatever it holds.
func TestURLNeverLeaksPassword(t *testing.T) {
	for _, pw := range []string{"hunter2", "p%zz", "it's", "a b", "s3#cr", "x/y", "q?r", "a@b", "a:b", `"q"`, "ü€"} {
		for _, form := range []string{"https://bob:%s@example.com/x", "https://bob:%s@example.com", "ftp://bob:%s@10.0.0.1:21/"} {
			in := strings.Replace(form, "%s", pw, 1)
			for _, got := range []string{URL(in), Text(in), Text(strconv.Quote(in) + " is wrong"), Text("(try " + in + ")")} {
				if strings.Contains(got, pw) || !strings.Contains(got, "bob:xxxxx@") {
					t.Errorf("%q gave %q", in, got)
				}
			}
		}
	}
}

// A password never survives URL or Text, and neither ever panics. Two kinds of
// password are read otherwise, as a browser would: one holding '@' then '/' (a shorter
// password and a path), and digits then '/' or '?' ("bob:12/x@h": host bob, port 12).
func FuzzURL(f *testing.F) {
	for _, s := range []string{"hunter2", "p%zz", "it's", "a b", "s3#cr", "x/y", "q?r", `"`, "12#", ":"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pw string) {
		in := "https://bob:" + pw + "@example.com/x?page=1"
		got, text := URL(in), Text(strconv.Quote(in))
		Text(pw)
		URL(pw)
		digits := strings.TrimLeft(pw, "0123456789")
		if pw == "" || strings.ContainsAny(pw, "@\\") || strings.Contains(in[:12]+"xxxxx@example.com/x?page=1", pw) ||
			digits != pw && (strings.HasPrefix(digits, "/") || strings.HasPrefix(digits, "?")) {
			return
		}
		if strings.Contains(got, pw) {
			t.Errorf("URL(%q) = %q", in, got)
		}
		if !strings.ContainsAny(pw, "\"") && strings.Contains(text, pw) {
			t.Errorf("Text(%q) = %q", strconv.Quote(in), text)
		}
	})
}
