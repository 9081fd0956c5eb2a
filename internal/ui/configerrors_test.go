package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2/test"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/status"
)

const badConfig = `[[services]]
name = "Mail"
kind = "tcpx"
target = "x:1"
interval = "fast"

[[services]]
name = "Mail"
kind = "dns"
target = "example.com"
record_type = "ZZ"

[[services]]
name = "Wiki"
kind = "http"
interval = "1s"
expect_status = [200, 999]
`

func badConfigErrors(t *testing.T) config.Errors {
	t.Helper()
	_, err := config.Parse([]byte(badConfig))
	var es config.Errors
	if !errors.As(err, &es) {
		t.Fatalf("Parse: %v, want config.Errors", err)
	}
	return es
}

func errorAbout(t *testing.T, es config.Errors, svc int, field string) config.FieldError {
	t.Helper()
	for _, e := range es {
		if e.Service == svc && e.Field == field {
			return e
		}
	}
	t.Fatalf("no error about services[%d] %s in\n%v", svc, field, es)
	return config.FieldError{}
}

func TestConfigErrorsInEnglishAreTheValidatorsWords(t *testing.T) {
	i18n.SetLanguage("en")
	es := badConfigErrors(t)
	for _, e := range es {
		if got := problemText(e); got != e.Msg {
			t.Errorf("problemText = %q, want the validator's %q", got, e.Msg)
		}
		if got := fieldErrorText(e); got != e.Error() {
			t.Errorf("fieldErrorText = %q, want %q", got, e.Error())
		}
	}
	if got := configText(es); got != es.Error() {
		t.Errorf("configText =\n%s\nwant\n%s", got, es.Error())
	}
	if got := configText(errors.New("disk full")); got != "disk full" {
		t.Errorf("configText of another error = %q", got)
	}
}

func TestConfigErrorsInKorean(t *testing.T) {
	i18n.SetLanguage("ko")
	defer i18n.SetLanguage("en")
	es := badConfigErrors(t)
	for _, c := range []struct {
		svc        int
		field      string
		want, keep []string // Korean words, and values shown as written
	}{
		{1, "interval", []string{"기간이 아닙니다"}, []string{`"fast"`, `"30s"`}},
		{1, "kind", []string{"검사 종류가 아닙니다", "중 하나"}, []string{`"tcpx"`, "http, tcp, dns"}},
		{2, "record_type", []string{"레코드 유형", "아닙니다"}, []string{`"ZZ"`, "A, AAAA"}},
		{2, "name", []string{"이름은 겹치지 않아야 합니다"}, []string{`"Mail"`, "services[1]"}},
		{3, "target", []string{"값이 없습니다"}, nil},
		{3, "interval", []string{"너무 짧습니다", "최소"}, []string{"1s"}},
		{3, "expect_status", []string{"HTTP 상태 코드가 아닙니다"}, []string{"999"}},
	} {
		e := errorAbout(t, es, c.svc, c.field)
		got := problemText(e)
		for _, w := range append(c.want, c.keep...) {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q (English: %q)", c.field, got, w, e.Msg)
			}
		}
		if strings.Contains(got, " is ") || strings.Contains(got, "must") {
			t.Errorf("%s: %q is still English", c.field, got)
		}
	}
	// The whole list, as the import dialog and the banner show it: line by line, the
	// places as in the file.
	all := configText(es)
	if n := strings.Count(all, "\n") + 1; n != len(es) {
		t.Errorf("configText has %d lines for %d errors:\n%s", n, len(es), all)
	}
	if !strings.Contains(all, `services[2] "Mail": record_type: "ZZ"은(는) 올바른 레코드 유형이(가) 아닙니다`) {
		t.Errorf("configText:\n%s", all)
	}
	// Words around the list stay; the list is worded.
	wrapped := configText(fmt.Errorf("encoded configuration does not read back: %w", es))
	if !strings.HasPrefix(wrapped, "encoded configuration does not read back: ") || !strings.HasSuffix(wrapped, all) {
		t.Errorf("wrapped:\n%s", wrapped)
	}
	// A problem that reads after its field's name gets the label first, as in English.
	f := &fieldForm{}
	errs := f.collectErrors(nil, config.Errors{errorAbout(t, es, 3, "target"), errorAbout(t, es, 3, "interval")})
	missing := errs["target"]
	if got := humanize("주소", missing, f.labelFirst[missing]); got != "주소: "+missing {
		t.Errorf("humanize = %q", got)
	}
	short := errs["interval"]
	if got := humanize("간격", short, f.labelFirst[short]); got != short {
		t.Errorf("humanize of a problem with its subject = %q", got)
	}
}

func TestConfigErrorOfAServiceInKorean(t *testing.T) {
	es := badConfigErrors(t)
	e := errorAbout(t, es, 1, "interval")
	english := e.Field + ": " + e.Msg // as config words a kept service's ConfigError
	i18n.SetLanguage("ko")
	defer i18n.SetLanguage("en")
	for _, st := range []status.ServiceState{
		{Status: status.Unknown, ConfigError: english},
		{Status: status.Unknown, Last: status.Result{Reason: "Config error: " + english + " — open Settings"}}, // an older engine
	} {
		got := configError(st)
		if !strings.HasPrefix(got, "interval: ") || !strings.Contains(got, `"fast"은(는) 기간이 아닙니다`) {
			t.Errorf("configError(%q) = %q", english, got)
		}
	}
	if got := configError(status.ServiceState{ConfigError: "colour: unknown colour"}); got != "colour: unknown colour" {
		t.Errorf("an unknown problem = %q, want it as it is", got)
	}
	i18n.SetLanguage("en")
	if got := configError(status.ServiceState{ConfigError: english}); got != english {
		t.Errorf("English: %q, want %q", got, english)
	}
}

// Problems config.Load finds in real files, read back from their English (as the tray
// and the notices have them), are worded as the windows word the structured error.
func TestConfigProblemOfRealErrorsInKorean(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	files := []string{
		write("interval.toml", "[[services]]\nname = \"Mail\"\nkind = \"tcp\"\ntarget = \"mail.example.com:993\"\ninterval = \"fast\"\n"),
		write("kind.toml", "[[services]]\nname = \"Mail\"\nkind = \"tcpx\"\ntarget = \"mail.example.com:993\"\n"),
		write("duplicate.toml", "[[services]]\nname = \"Mail\"\nkind = \"tcp\"\ntarget = \"mail.example.com:993\"\n\n"+
			"[[services]]\nname = \"mail\"\nkind = \"ping\"\ntarget = \"mail.example.com\"\n"),
		write("target.toml", "[[services]]\nname = \"Wiki\"\nkind = \"http\"\n\n[[services]]\nname = \"Ping\"\nkind = \"ping\"\n"),
		write("bad.toml", badConfig+"\n[[services]]\nname = \"Old\"\nkind = \"http\"\ntarget = \"https://old.example.com\"\ntimeout = \"2m\"\ncolour = \"red\"\ncert_min_days = -1\nexpect_status = \"200\"\n"),
		write("type.toml", "[[services]]\nname = 5\nkind = \"http\"\ntarget = \"https://x.example.com\"\nexpect_status = [\"200\"]\nproxy = \"none\"\n\n[[services]]\nname = \"Tcp\"\nkind = \"tcp\"\ntarget = \"x.example.com:1\"\nproxy = \"none\"\nintervall = \"1m\"\nexpect_status = [200]\nrecord_type = \"A\"\n"),
	}
	defer i18n.SetLanguage("en")
	seen := 0
	for _, file := range files {
		_, err := config.Load(config.Files{User: file})
		var es config.Errors
		if !errors.As(err, &es) {
			t.Fatalf("%s: %v, want config.Errors", filepath.Base(file), err)
		}
		for _, e := range es {
			if e.Format == "" {
				continue
			}
			seen++
			short := e.Msg // a ConfigError, as the tray shows it
			if e.Field != "" {
				short = e.Field + ": " + e.Msg
			}
			i18n.SetLanguage("ko")
			want, wantShort := configText(e), fieldErrorText(config.FieldError{Field: e.Field, Msg: e.Msg, Format: e.Format, Args: e.Args})
			if got := i18n.ConfigProblem(e.Error()); got != want {
				t.Errorf("%s:\n got %q\nwant %q", e.Error(), got, want)
			}
			if got := i18n.ConfigProblem(short); got != wantShort {
				t.Errorf("%s:\n got %q\nwant %q", short, got, wantShort)
			}
			if !strings.ContainsFunc(want, func(r rune) bool { return unicode.Is(unicode.Hangul, r) }) {
				t.Errorf("%s: not Korean: %q", e.Error(), want)
			}
			i18n.SetLanguage("en")
			if got := i18n.ConfigProblem(e.Error()); got != e.Error() {
				t.Errorf("English: %q, want %q", got, e.Error())
			}
		}
	}
	if seen < 15 {
		t.Errorf("only %d problems read: the files are not as bad as meant", seen)
	}
}

func TestEditorReadErrorsInKorean(t *testing.T) {
	k, _ := config.KindByName("tls")
	f, ok := k.Field("cert_min_days")
	if !ok {
		t.Fatal("tls has no cert_min_days")
	}
	var svc config.Service
	err := f.Set(&svc, "abc")
	if err == nil {
		t.Fatal("abc read as a number of days")
	}
	if got := configText(err); got != err.Error() {
		t.Errorf("English: %q, want %q", got, err.Error())
	}
	i18n.SetLanguage("ko")
	defer i18n.SetLanguage("en")
	if got := configText(err); got != `"abc"은(는) 올바른 값이 아닙니다: 일수를 숫자로 쓰세요` {
		t.Errorf("Korean: %q", got)
	}
}

// The editor shows the validator's problem under its field in Korean, values intact.
func TestEditorShowsConfigErrorsInKorean(t *testing.T) {
	i18n.SetLanguage("ko")
	defer i18n.SetLanguage("en")
	h := newHarness(t, "", oneService, Deps{})
	h.selectService("Intranet")
	h.s.list.editSelected()
	e := h.s.editor
	e.intervalPick.sel.SetSelected(i18n.T("Custom…"))
	e.interval.SetText("fast")
	test.Tap(e.save_)
	if h.s.editor == nil {
		t.Fatal("saved an interval of fast")
	}
	text := h.allText()
	if !strings.Contains(text, `"fast"은(는) 기간이 아닙니다 (예: "30s")`) {
		t.Errorf("no Korean problem under the interval in:\n%s", text)
	}
	if strings.Contains(text, "is not a duration") {
		t.Error("the problem is shown in English")
	}
}

const brokenWiki = `
[[services]]
name = "Intranet"
kind = "http"
target = "https://intranet.example.com"

[[services]]
name = "Wiki"
kind = "http"
target = "https://wiki.example.com"
interval = "5"
`

// The list's row of a service the loader kept although it is broken says what is
// wrong in Korean: the engine's ConfigError is the validator's English.
func TestListRowConfigErrorInKorean(t *testing.T) {
	i18n.SetLanguage("ko")
	defer i18n.SetLanguage("en")
	const english = `interval: "5" is not a duration (try "30s")`
	eng := &fakeEngine{snap: status.Snapshot{Overall: status.Unknown, Services: []status.ServiceState{
		{Name: "Intranet", Status: status.Unknown},
		{Name: "Wiki", Status: status.Unknown, ConfigError: english},
	}}}
	h := newHarness(t, "", brokenWiki, Deps{Engine: eng})
	h.s.Show()
	h.q.waitFor(t, "the snapshot", func() bool { return len(h.s.snap.Services) == 2 })
	_, cell := h.rowOf("Wiki")
	if want := i18n.F("Config error: %s", `interval: "5"은(는) 기간이 아닙니다 (예: "30s")`); cell.Text != want {
		t.Errorf("row = %q, want %q", cell.Text, want)
	}
}
