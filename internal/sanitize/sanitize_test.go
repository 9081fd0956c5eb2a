package sanitize

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	long := strings.Repeat("x", 500<<10)
	cases := []struct {
		name, in, want string
	}{
		{"plain", "Elevated error rates", "Elevated error rates"},
		{"empty", "", ""},
		{"terminal escapes", "\u001b[2J\u001b[31mALL CLEAR\u001b[0m <a href=…>Re-login here</a>",
			"[2J[31mALL CLEAR[0m <a href=…>Re-login here</a>"},
		{"tabs and newlines", "\tDown\r\n\nsince 10:00  \n", "Down since 10:00"},
		{"other whitespace", "a\u00a0\u2028b\u3000\vc\fd\u0085e", "a b c d e"},
		{"C0, DEL and C1", "a\x00b\x07c\x7fd\u0080e\u009bf\u009fg", "abcdefg"},
		{"bidi override", "api\u202egnp.exe", "apignp.exe"},
		{"bidi embeddings and isolates", "\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069ok", "ok"},
		{"bidi marks", "a\u200eb\u200fc\u061cd", "abcd"},
		{"zero-width and byte order marks", "pay\u200bpal\ufeff\u2060\u00ad", "paypal"},
		{"tag characters", "ok\U000E0041\U000E007F", "ok"},
		{"joiners stay", "👩\u200d💻 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "👩\u200d💻 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"},
		{"Korean stays", "결제 서비스 장애", "결제 서비스 장애"},
		{"invalid UTF-8", "a\xffb\xc3", "a\ufffdb\ufffd"},
		{"only controls", "\x1b\x1b\u202e", ""},
		{"spaces around hidden", "a \u202e b", "a b"},
		{"200 characters", strings.Repeat("é", 200), strings.Repeat("é", 200)},
		{"201 characters", strings.Repeat("é", 201), strings.Repeat("é", 199) + "…"},
		{"500 KB word", long, strings.Repeat("x", 199) + "…"},
		{"cut after a space", strings.Repeat("x", 198) + " yy", strings.Repeat("x", 198) + "…"},
		{"space at the limit", strings.Repeat("x", 199) + " y", strings.Repeat("x", 199) + "…"},
		{"whitespace past the limit", strings.Repeat("x", 200) + "   \x1b  ", strings.Repeat("x", 200)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Text(tc.in)
			if got != tc.want {
				t.Errorf("Text(%.60q) = %q, want %q", tc.in, got, tc.want)
			}
			checkClean(t, got)
		})
	}
}

// TestTextCleanIsShared: clean text comes back as it is, without a copy.
func TestTextCleanIsShared(t *testing.T) {
	s := "HTTP 503 (want 200)"
	if n := testing.AllocsPerRun(100, func() { _ = Text(s) }); n != 0 {
		t.Errorf("%v allocations for clean text, want 0", n)
	}
}

// TestTextLongInputIsCheap: a huge input is not copied or scanned past the cap.
func TestTextLongInputIsCheap(t *testing.T) {
	huge := strings.Repeat("word ", 20<<20/5) // 20 MiB
	if n := testing.AllocsPerRun(10, func() { _ = Text(huge) }); n > 2 {
		t.Errorf("%v allocations, want at most 2", n)
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{
		"", "ok", "\u001b[2J\u001b[31mALL CLEAR", "a\u202eb", "\xff\xfe", strings.Repeat("é ", 150),
		"  a  \t b ", strings.Repeat("x", 199) + " \u202e y",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		checkClean(t, got)
		if again := Text(got); again != got {
			t.Errorf("Text(Text(%q)) = %q, want %q", s, again, got)
		}
	})
}

// checkClean asserts what every caller relies on.
func checkClean(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("%q is not valid UTF-8", s)
	}
	if n := utf8.RuneCountInString(s); n > MaxRunes {
		t.Errorf("%d characters, want at most %d", n, MaxRunes)
	}
	if strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") || strings.Contains(s, "  ") {
		t.Errorf("%q has stray spaces", s)
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || (unicode.IsSpace(r) && r != ' ') {
			t.Errorf("%q contains %U", s, r)
		}
	}
}
