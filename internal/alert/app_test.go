package alert

import (
	"strings"
	"testing"

	"github.com/uptray/uptray/internal/i18n"
)

// The notices about a broken configuration give config's first problem, which comes
// in English, in the language in use: the file, the place and the values as written.
func TestConfigErrorNoticesInKorean(t *testing.T) {
	defer i18n.SetLanguage("en")
	const english = `/home/a/.config/uptray/config.toml: line 5: services[1] "Mail": kind: "tcpx" is not a kind of check (one of http, tcp)`
	for _, c := range []struct{ lang, problem string }{
		{"en", english},
		{"ko", `/home/a/.config/uptray/config.toml: 5번째 줄: services[1] "Mail": kind: "tcpx"은(는) 검사 종류가 아닙니다 (http, tcp 중 하나)`},
	} {
		i18n.SetLanguage(c.lang)
		if got := ConfigErrorsNotice(english); got.Body != c.problem || got.Title != i18n.T("Uptray: the configuration has errors") {
			t.Errorf("%s: start notice %q: %q, want %q", c.lang, got.Title, got.Body, c.problem)
		}
		for _, whole := range []bool{false, true} {
			want := i18n.F("%s\nThe other services are watched as before.", c.problem)
			if whole {
				want = i18n.F("%s\nThe previous configuration stays in use.", c.problem)
			}
			if got := EditedConfigErrorsNotice(english, whole); got.Body != want || !strings.HasPrefix(got.Body, c.problem+"\n") {
				t.Errorf("%s: edited notice (whole file %v): %q, want %q", c.lang, whole, got.Body, want)
			}
		}
	}
	if got := EditedConfigErrorsNotice(english, false).Body; got == english+"\nThe other services are watched as before." {
		t.Errorf("the Korean edited notice is English: %q", got)
	}
	// An error that is not config's (the file cannot be read) stays as it is.
	const other = "open /etc/uptray/config.toml: permission denied"
	if got := ConfigErrorsNotice(other); got.Body != other {
		t.Errorf("Korean notice of another error: %q", got.Body)
	}
	i18n.SetLanguage("en")
	if got := EditedConfigErrorsNotice(english, false).Body; got != english+"\nThe other services are watched as before." {
		t.Errorf("English edited notice %q", got)
	}
}
