package i18n

import (
	"strings"
	"testing"
	"unicode"
)

// hangul reports whether s has Korean in it.
func hangul(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Hangul, r) })
}

// reasonSamples are reasons as the checks write them, and their Korean.
var reasonSamples = []struct{ en, ko string }{
	{"HTTP 503 (want 200)", "HTTP 503 (기대값 200)"},
	{"HTTP 404 (want 2xx or 3xx)", "HTTP 404 (기대값 2xx 또는 3xx)"},
	{"HTTP 500 (want 200, 204 or 301)", "HTTP 500 (기대값 200, 204 또는 301)"},
	{"slow: 401 ms (max 200 ms)", "느림: 401 ms (최대 200 ms)"},
	{"slow: 2.3 s (max 1 s), certificate valid for 30 days", "느림: 2.3 s (최대 1 s), 인증서 유효 기간 30일 남음"},
	{"connect: connection refused", "연결 거부됨 (connect: connection refused)"},
	{"timed out after 10s", "10s 후 시간 초과"},
	{"certificate expires in 3 days", "인증서가 3일 후 만료됨"},
	{"certificate expires in 1 day", "인증서가 1일 후 만료됨"},
	{"certificate expired less than an hour ago", "인증서가 1시간 미만 전에 만료됨"},
	{"proxy proxy.corp:3128 refused the connection", "프록시 proxy.corp:3128 이(가) 연결을 거부함"},
	{"proxy proxy.corp:3128 did not answer (timed out after 5s)", "프록시 proxy.corp:3128 이(가) 응답하지 않음 (5s 후 시간 초과)"},
	{"proxy proxy.corp:3128: connect: no route to host", "프록시 proxy.corp:3128: 호스트로 가는 경로 없음 (connect: no route to host)"},
	{"server unreachable: DNS: no such host kuma.internal", "서버에 연결할 수 없음: DNS: kuma.internal 호스트가 없음"},
	{"status page unreachable: TLS: certificate is for a.example, b.example, not c.example",
		"상태 페이지에 연결할 수 없음: TLS: 인증서가 c.example 이(가) 아닌 a.example, b.example 용임"},
	{`body does not contain "ok \"yes\""`, `본문에 "ok \"yes\"" 이(가) 없음`},
	{"1 of 3 pings lost", "ping 3개 중 1개 손실"},
	{"A record for x.example is 10.0.0.1, want 10.0.0.2", "x.example 의 A 레코드가 10.0.0.1 임, 기대값 10.0.0.2"},
	{"no connectivity target answered: 1.1.1.1:53: timed out after 3s; 8.8.8.8:53: connect: connection refused",
		"응답한 연결 확인 대상 없음: 1.1.1.1:53: 3s 후 시간 초과; 8.8.8.8:53: 연결 거부됨 (connect: connection refused)"},
	{"Payments API: major outage", "Payments API: 주요 장애"},
	{"Database upgrade — investigating", "Database upgrade — 조사 중"},
	{"maintenance — Database upgrade", "점검 중 — Database upgrade"},
	{"down since before 10:42: Connection refused", "10:42 이전부터 장애: Connection refused"},
	{"HTTP 401 from the server (check the source's token or username and password)",
		"서버가 HTTP 401 응답 (소스의 토큰 또는 사용자 이름과 비밀번호를 확인하세요)"},
	// A vendor's words and an OS error we do not list stay as written.
	{"Elevated error rates on API", "Elevated error rates on API"},
	{"Payments API: Elevated error rates", "Payments API: Elevated error rates"},
	{"dial tcp: lookup x on 127.0.0.53:53: server misbehaving", "dial tcp: lookup x on 127.0.0.53:53: server misbehaving"},
	{"3 days", "3 days"},         // a fragment alone is not ours
	{"200 or 204", "200 or 204"}, // nor this
	{"", ""},
}

func TestReasonKorean(t *testing.T) {
	defer SetLanguage("en")
	SetLanguage("ko")
	for _, c := range reasonSamples {
		if got := Reason(c.en); got != c.ko {
			t.Errorf("Reason(%q)\n got %q\nwant %q", c.en, got, c.ko)
		}
	}
}

func TestReasonEnglishUnchanged(t *testing.T) {
	SetLanguage("en")
	for _, c := range reasonSamples {
		if got := Reason(c.en); got != c.en {
			t.Errorf("Reason(%q) = %q in English", c.en, got)
		}
	}
	// Filled in, every format reads back as itself in English.
	tb := reasons()
	keys := make([]string, len(tb.formats))
	for i, f := range tb.formats {
		keys[i] = f.key
	}
	for _, f := range tb.formats {
		s := sampleOf(f)
		if got, ok := tb.translate(s, keys, true); !ok || got != s {
			t.Errorf("%q: filled in as %q, reads back as %q (ours: %v)", f.key, s, got, ok)
		}
	}
}

// sampleOf fills a format's verbs in.
func sampleOf(f reasonFormat) string {
	i := 0
	return reasonVerb.ReplaceAllStringFunc(f.key, func(string) string {
		v := f.verbs[i]
		i++
		switch v {
		case 'd':
			return "7"
		case 'q':
			return `"a \"b\""`
		}
		return "x.example"
	})
}

// Every format is in lang/reasons.en.json as itself, and renders in Korean with every
// value it was given and no fmt complaint.
func TestReasonFormatsRender(t *testing.T) {
	en := messages(t, "reasons.en.json")
	defer SetLanguage("en")
	SetLanguage("ko")
	tb := reasons()
	ko := reasonLang("ko", tb)
	seen := map[string]bool{}
	for i, f := range tb.formats {
		if seen[f.key] {
			t.Errorf("%q is in the table twice", f.key)
		}
		seen[f.key] = true
		if v, ok := en[f.key]; !ok {
			t.Errorf("%q is not in reasons.en.json", f.key)
		} else if s, isText := v.(string); isText && s != f.key {
			t.Errorf("reasons.en.json: %q is %q, not itself", f.key, s)
		}
		s := sampleOf(f)
		got, ok := tb.translate(s, ko, true)
		if !ok || strings.Contains(got, "%!") || !hangul(ko[i]) && ko[i] != f.key {
			t.Errorf("%q in Korean: %q", s, got)
		}
		for _, want := range []string{"7", "x.example", `"a \"b\""`} {
			if strings.Count(s, want) != strings.Count(got, want) {
				t.Errorf("%q in Korean lost a value %s: %q", s, want, got)
			}
		}
	}
	for k := range en {
		if !seen[k] {
			t.Errorf("reasons.en.json has %q, which reason.go does not", k)
		}
	}
}

func BenchmarkReason(b *testing.B) {
	defer SetLanguage("en")
	for _, c := range []struct{ name, lang, s string }{
		{"hit", "ko", "slow: 401 ms (max 200 ms), HTTP 503 (want 200)"},
		{"hit-simple", "ko", "connect: connection refused"},
		{"hit-nested", "ko", "proxy proxy.corp:3128: connect: no route to host"},
		{"miss", "ko", "Elevated error rates on the API for customers in the EU region"},
		{"miss-vendor-component", "ko", "Payments API: Elevated error rates"},
		{"english", "en", "slow: 401 ms (max 200 ms), HTTP 503 (want 200)"},
	} {
		b.Run(c.name, func(b *testing.B) { // rendered each time: the cost of a new reason
			SetLanguage(c.lang)
			tb := reasons()
			Reason(c.s)
			b.ReportAllocs()
			for b.Loop() {
				if c.lang == "en" {
					Reason(c.s)
				} else {
					tb.translate(c.s, reasonLang(c.lang, tb), false)
				}
			}
		})
		b.Run(c.name+"/cached", func(b *testing.B) { // as the tray relabels: seen before
			SetLanguage(c.lang)
			Reason(c.s)
			b.ReportAllocs()
			for b.Loop() {
				Reason(c.s)
			}
		})
	}
}
