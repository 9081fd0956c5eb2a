package i18n

import (
	"fmt"
	"strings"
	"testing"
)

// The table is lang/config.en.json's keys: each once, none missing (a phrase is a
// value only, looked up whole).
func TestConfigProblemFormatsAreTheKeys(t *testing.T) {
	en := messages(t, "config.en.json")
	seen := map[string]bool{}
	for _, list := range [][]string{problemFormats, problemFragments, problemPhrases} {
		for _, f := range list {
			if seen[f] {
				t.Errorf("%q is listed twice", f)
			}
			seen[f] = true
			if _, ok := en[f]; !ok {
				t.Errorf("%q is not in config.en.json", f)
			}
		}
	}
	for k := range en {
		if !seen[k] {
			t.Errorf("config.en.json has %q, which configproblem.go does not list", k)
		}
	}
	for k := range problemNested {
		if !seen[k] {
			t.Errorf("problemNested has %q, which is not a format", k)
		}
	}
	if len(configProblems().formats) != len(problemFormats)+len(problemFragments) {
		t.Error("the table is not the lists")
	}
}

// configSample fills a format's verbs in: the text config would write, and the values
// as the windows fill the translation in (a Phrase looked up).
func configSample(f reasonFormat) (string, []any) {
	var en, shown []any
	for _, v := range []byte(f.verbs) {
		switch v {
		case 'd':
			en, shown = append(en, 7), append(shown, 7)
		case 'q':
			en, shown = append(en, `a "b"`), append(shown, `a "b"`)
		case 'U':
			en, shown = append(en, rune(7)), append(shown, rune(7))
		case 'P':
			en, shown = append(en, "record type"), append(shown, T("record type"))
		default: // 's', and a Message given as a value of its own
			en, shown = append(en, "x.example"), append(shown, "x.example")
		}
	}
	return fmt.Sprintf(f.key, en...), shown
}

// Filled in, every format reads back as itself in English, and in Korean as the
// windows word it (lang/config.ko.json), by its own entry: no earlier, more general
// format takes it.
func TestConfigProblemFormatsRender(t *testing.T) {
	defer SetLanguage("en")
	tb := configProblems()
	keys := make([]string, len(tb.formats))
	for i, f := range tb.formats {
		keys[i] = f.key
	}
	for _, f := range tb.formats {
		s, _ := configSample(f)
		if got, ok := tb.translate(s, keys, true); !ok || got != s {
			t.Errorf("%q: filled in as %q, reads back as %q (ours: %v)", f.key, s, got, ok)
		}
	}
	SetLanguage("ko")
	ko := reasonLang("ko", tb)
	for i, f := range tb.formats {
		s, shown := configSample(f)
		want := fmt.Sprintf(ko[i], shown...)
		got, ok := tb.translate(s, ko, true)
		if !ok || got != want || strings.Contains(got, "%!") || !hangul(got) {
			t.Errorf("%q in Korean:\n got %q\nwant %q", s, got, want)
		}
	}
}

// configProblemSamples are problems as config words them, and their Korean.
var configProblemSamples = []struct{ en, ko string }{
	{`interval: "fast" is not a duration (try "30s")`, `interval: "fast"은(는) 기간이 아닙니다 (예: "30s")`},
	{`/home/a/.config/uptray/config.toml: line 3: services[1] "Mail: prod": kind: "tcpx" is not a kind of check (one of http, tcp)`,
		`/home/a/.config/uptray/config.toml: 3번째 줄: services[1] "Mail: prod": kind: "tcpx"은(는) 검사 종류가 아닙니다 (http, tcp 중 하나)`},
	{`target: is missing (what to check)`, `target: 값이 없습니다 (확인할 대상)`},
	{`colour: unknown key (did you mean "color"?)`, `colour: 알 수 없는 키입니다 ("color"을(를) 말씀하신 건가요?)`},
	{`colour: unknown key`, `colour: 알 수 없는 키입니다`},
	{`expect_status: "abc" is not a status code: write numbers like 200, 204`,
		`expect_status: "abc"은(는) 올바른 값이 아닙니다: 200, 204처럼 상태 코드를 숫자로 쓰세요`},
	{`proxy: applies only to web checks, not tcp: tcp checks connect directly`,
		`proxy: 웹 검사에만 쓰이며 tcp에는 쓰이지 않습니다: tcp 검사는 직접 연결합니다`},
	{`timeout: applies only to http and tls checks, not ping`, `timeout: http 및 tls 검사에만 쓰이며 ping에는 쓰이지 않습니다`},
	{`name: "a\a" contains a control character (U+0007)`, `name: "a\a"에 제어 문자(U+0007)가 있습니다`},
	// Not config's: as it is.
	{"open /etc/uptray/config.toml: permission denied", "open /etc/uptray/config.toml: permission denied"},
	{`name: "x" is not a colour`, `name: "x" is not a colour`},
	{"record type", "record type"}, // a phrase alone is not a problem
	{"", ""},
}

func TestConfigProblemKorean(t *testing.T) {
	defer SetLanguage("en")
	SetLanguage("ko")
	for _, c := range configProblemSamples {
		if got := ConfigProblem(c.en); got != c.ko {
			t.Errorf("ConfigProblem(%q)\n got %q\nwant %q", c.en, got, c.ko)
		}
	}
	// A reason that holds one (an engine's "Config error: … — open Settings").
	want := "구성 오류: interval: \"fast\"은(는) 기간이 아닙니다 (예: \"30s\") — 설정을 여세요"
	if got := Reason(`Config error: interval: "fast" is not a duration (try "30s") — open Settings`); got != want {
		t.Errorf("Reason:\n got %q\nwant %q", got, want)
	}
	SetLanguage("en")
	for _, c := range configProblemSamples {
		if got := ConfigProblem(c.en); got != c.en {
			t.Errorf("ConfigProblem(%q) = %q in English", c.en, got)
		}
	}
}

func BenchmarkConfigProblem(b *testing.B) {
	defer SetLanguage("en")
	for _, c := range []struct{ name, lang, s string }{
		{"hit", "ko", `interval: "fast" is not a duration (try "30s")`},
		{"hit-line", "ko", `/home/a/.config/uptray/config.toml: line 3: services[1] "Mail": kind: "tcpx" is not a kind of check (one of http, tcp, dns, tls, ping)`},
		{"hit-nested", "ko", `tags: 5 is not text (like ["a", "b"])`},
		{"miss", "ko", "open /etc/uptray/config.toml: permission denied"},
		{"english", "en", `interval: "fast" is not a duration (try "30s")`},
	} {
		b.Run(c.name, func(b *testing.B) { // rendered each time: the cost of a new problem
			SetLanguage(c.lang)
			tb := configProblems()
			ConfigProblem(c.s)
			b.ReportAllocs()
			for b.Loop() {
				if c.lang == "en" {
					ConfigProblem(c.s)
				} else {
					tb.problem(c.s, reasonLang(c.lang, tb))
				}
			}
		})
		b.Run(c.name+"/cached", func(b *testing.B) { // as the tray relabels: seen before
			SetLanguage(c.lang)
			ConfigProblem(c.s)
			b.ReportAllocs()
			for b.Loop() {
				ConfigProblem(c.s)
			}
		})
	}
}
