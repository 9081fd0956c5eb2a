// Package i18n gives every word the user sees in the language they read: English or
// Korean today, from the JSON files embedded in assets/lang (go-i18n's format, which
// Fyne's lang package reads as well). It imports no Fyne: the resident tray and the
// notifier use it too.
//
// The key of a message is its English text, so code reads naturally and the English
// file is the list of every string. Formats use fmt verbs; a translation may reorder
// them with explicit indexes (%[2]s).
//
// The command line stays English (scripts parse it): only the tray, notifications and
// windows call SetLanguage.
package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"github.com/uptray/uptray/assets"
)

// Languages are the languages with a translation file, English first (the fallback).
var Languages = []string{"en", "ko"}

var (
	mu sync.RWMutex
	// bundles holds each language's messages, loaded on first use and never written
	// after: an English desktop does not keep Korean's parsed templates (~1 MB), and a
	// localizer in use reads a bundle nobody changes.
	bundles   = map[string]*i18n.Bundle{"en": mustBundle("en")}
	localizer = i18n.NewLocalizer(bundles["en"], "en")
	current   = "en"
	// cache keeps what lookup found for the current language: go-i18n matches languages
	// and executes a template on every call (~2 µs), and the tray asks for the same few
	// dozen strings on every render. Cleared by SetLanguage; bounded by the keys and the
	// plural counts seen.
	cache = map[cacheKey]string{}
)

const maxCached = 4096

type cacheKey struct {
	id     string
	count  int
	plural bool
}

// mustBundle loads lang's files (lang/<area>.<lang>.json). A key a language lacks
// falls back to itself, the English text (TestEveryStringTranslated keeps that rare).
func mustBundle(lang string) *i18n.Bundle {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	files, err := fs.Glob(assets.Lang, "lang/*."+lang+".json")
	if err != nil || len(files) == 0 {
		panic(fmt.Sprintf("i18n: no %s translation files embedded: %v", lang, err))
	}
	for _, f := range files {
		if _, err := b.LoadMessageFileFS(assets.Lang, f); err != nil {
			panic(fmt.Sprintf("i18n: %s: %v", path.Base(f), err)) // caught by TestFilesLoad
		}
	}
	return b
}

// SetLanguage switches every later T, F and N to lang ("ko", "en", "ko-KR"); "" or
// "system" follows the OS (Detect). It returns the language now in use.
func SetLanguage(lang string) string {
	if lang == "" || lang == "system" {
		lang = Detect()
	}
	tag := Match(lang)
	mu.Lock()
	defer mu.Unlock()
	current = tag
	if bundles[tag] == nil {
		bundles[tag] = mustBundle(tag)
	}
	localizer = i18n.NewLocalizer(bundles[tag], tag, "en")
	clear(cache)
	return tag
}

// Language is the language in use ("en" or "ko").
func Language() string {
	mu.RLock()
	defer mu.RUnlock()
	return current
}

// Match returns the supported language closest to lang, English when none is close.
func Match(lang string) string {
	base, _, _ := strings.Cut(strings.ToLower(lang), "_")
	base, _, _ = strings.Cut(base, "-")
	base, _, _ = strings.Cut(base, ".")
	for _, l := range Languages {
		if l == base {
			return l
		}
	}
	return "en"
}

// Detect reads the user's language from the OS: on Linux and the BSDs the locale
// environment (LC_ALL, LC_MESSAGES, LANG, then LANGUAGE's first entry, as gettext
// does); elsewhere systemLanguage asks the OS. "C" and "POSIX" mean English.
func Detect() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			if s == "C" || s == "POSIX" || strings.HasPrefix(s, "C.") || strings.HasPrefix(s, "POSIX.") {
				return "en"
			}
			if l := os.Getenv("LANGUAGE"); l != "" {
				s = strings.Split(l, ":")[0]
			}
			return Match(s)
		}
	}
	if l := systemLanguage(); l != "" {
		return Match(l)
	}
	return "en"
}

// T translates a fixed message.
func T(msg string) string { return lookup(msg, nil) }

// F translates a format and fills it in: F("%s is down", name).
func F(format string, args ...any) string { return fmt.Sprintf(lookup(format, nil), args...) }

// N picks the plural form for count, then fills it in like F: N("%d services down", n, n).
// The key is the English "other" form.
func N(format string, count int, args ...any) string {
	return fmt.Sprintf(lookup(format, &count), args...)
}

// enLocalizer looks keys up in English only: known asks it whether a key exists.
var enLocalizer = i18n.NewLocalizer(bundles["en"], "en")

// known reports whether id is a key of the translation files.
func known(id string) bool {
	_, err := enLocalizer.Localize(&i18n.LocalizeConfig{MessageID: id})
	return err == nil
}

func lookup(id string, count *int) string {
	key := cacheKey{id: id}
	if count != nil {
		key.count, key.plural = *count, true
	}
	mu.RLock()
	l := localizer
	s, ok := cache[key]
	mu.RUnlock()
	if ok {
		return s
	}
	cfg := &i18n.LocalizeConfig{MessageID: id}
	if count != nil {
		cfg.PluralCount = *count
	}
	s, err := l.Localize(cfg)
	if err != nil || s == "" {
		s = id // a missing key shows English; TestEveryStringTranslated catches it
	}
	mu.Lock()
	if l == localizer { // not a result for a language switched away from meanwhile
		if len(cache) >= maxCached { // a caller passing ever-new text must not grow it
			clear(cache)
		}
		cache[key] = s
	}
	mu.Unlock()
	return s
}
