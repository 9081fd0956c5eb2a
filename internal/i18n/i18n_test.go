package i18n

import (
	"encoding/json"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/uptray/uptray/assets"
	"github.com/uptray/uptray/internal/status"
)

func messages(t *testing.T, name string) map[string]any {
	t.Helper()
	b, err := fs.ReadFile(assets.Lang, "lang/"+name)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

// Files are lang/<area>.<language>.json. Every area's file in every language has every
// key its English file has, and no key English lacks (a stale one).
func TestEveryLanguageIsComplete(t *testing.T) {
	files, _ := fs.Glob(assets.Lang, "lang/*.en.json")
	if len(files) == 0 {
		t.Fatal("no lang/*.en.json embedded")
	}
	for _, f := range files {
		area := strings.TrimSuffix(path.Base(f), ".en.json")
		en := messages(t, area+".en.json")
		for _, lang := range Languages[1:] {
			name := area + "." + lang + ".json"
			m := messages(t, name)
			for k := range en {
				if v, ok := m[k]; !ok || v == "" {
					t.Errorf("%s lacks %q", name, k)
				}
			}
			for _, k := range slices.Sorted(maps.Keys(m)) {
				if _, ok := en[k]; !ok {
					t.Errorf("%s has %q, which %s.en.json does not", name, k, area)
				}
			}
		}
	}
}

func TestTranslatesAndPluralises(t *testing.T) {
	defer SetLanguage("en")
	SetLanguage("en")
	if got := N("%d services down", 1, 1); got != "1 service down" {
		t.Errorf("en one: %q", got)
	}
	if got := N("%d services down", 3, 3); got != "3 services down" {
		t.Errorf("en other: %q", got)
	}
	if got := SetLanguage("ko_KR.UTF-8"); got != "ko" {
		t.Fatalf("SetLanguage(ko_KR.UTF-8) = %q", got)
	}
	if got := T("Settings…"); got != "설정…" {
		t.Errorf("ko: %q", got)
	}
	if got := N("%d services down", 1, 1); got != "서비스 1개 장애" { // Down is 장애 (the glossary)
		t.Errorf("ko plural: %q", got)
	}
	if got := T("a key nobody wrote"); got != "a key nobody wrote" {
		t.Errorf("a missing key shows its English text, got %q", got)
	}
}

func TestDetect(t *testing.T) {
	for _, c := range []struct{ lcAll, lang, language, want string }{
		{"", "ko_KR.UTF-8", "", "ko"},
		{"", "C.UTF-8", "ko", "en"}, // C means English whatever LANGUAGE says
		{"", "en_US.UTF-8", "ko:en", "ko"},
		{"en_GB.UTF-8", "ko_KR.UTF-8", "", "en"},
		{"", "de_DE.UTF-8", "", "en"}, // not translated: English
		{"", "POSIX", "", "en"},
	} {
		t.Setenv("LC_ALL", c.lcAll)
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", c.lang)
		t.Setenv("LANGUAGE", c.language)
		if got := Detect(); got != c.want {
			t.Errorf("LC_ALL=%q LANG=%q LANGUAGE=%q: %q, want %q", c.lcAll, c.lang, c.language, got, c.want)
		}
	}
}

// Every state has its own word in every language.
func TestStatusWords(t *testing.T) {
	defer SetLanguage("en")
	states := []status.Status{status.Up, status.Degraded, status.Down, status.Offline, status.Paused, status.Unknown}
	for _, lang := range Languages {
		SetLanguage(lang)
		seen := map[string]bool{}
		for _, s := range states {
			w := StatusWord(s)
			if seen[w] || (lang != "en" && w == s.String()) {
				t.Errorf("%s: %v is %q, repeated or untranslated", lang, s, w)
			}
			seen[w] = true
		}
	}
}

// BenchmarkT is a menu label as the tray asks for it on every render.
func BenchmarkT(b *testing.B) {
	for _, lang := range Languages {
		b.Run(lang, func(b *testing.B) {
			SetLanguage(lang)
			defer SetLanguage("en")
			for b.Loop() {
				_ = N("%d of %d down", 2, 2, 12)
				_ = T("Settings…")
			}
		})
	}
}

func TestCacheFollowsLanguage(t *testing.T) {
	defer SetLanguage("en")
	SetLanguage("en")
	en := T("Settings…")
	SetLanguage("ko")
	if ko := T("Settings…"); ko == en {
		t.Fatalf("after SetLanguage(ko) T still gives the English %q", ko)
	}
	SetLanguage("en")
	if got := T("Settings…"); got != en {
		t.Fatalf("back in English: %q, want %q", got, en)
	}
}
