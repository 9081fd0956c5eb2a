package ui

import (
	"encoding/json"
	"io/fs"
	"sort"
	"testing"

	"github.com/uptray/uptray/assets"
	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/i18n"
)

// langKeys are the keys of every translation file of a language.
func langKeys(t *testing.T, lang string) map[string]bool {
	t.Helper()
	keys := map[string]bool{}
	files, _ := fs.Glob(assets.Lang, "lang/*."+lang+".json")
	for _, f := range files {
		b, _ := fs.ReadFile(assets.Lang, f)
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for k := range m {
			keys[k] = true
		}
	}
	return keys
}

// shownWords are the words the editors show through i18n.T at display time, which
// the coverage test in internal/i18n cannot see: config's table of kinds (labels,
// target labels and hints, field labels, placeholders and hints), and the editors'
// own tables of labels, hints and choices.
func shownWords() map[string]string {
	words := map[string]string{} // word → where it comes from
	add := func(where, w string) {
		if w != "" {
			words[w] = where
		}
	}
	for _, k := range config.Kinds() {
		add("kind "+k.Name+" label", k.Label)
		add("kind "+k.Name+" target label", k.TargetLabel)
		add("kind "+k.Name+" target hint", k.TargetHint)
	}
	for _, f := range config.KindFields() {
		add("field "+f.Key+" label", f.Label)
		add("field "+f.Key+" hint", f.Hint)
		if f.Widget != config.WidgetDuration && f.Widget != config.WidgetChoice {
			add("field "+f.Key+" placeholder", f.Placeholder) // a duration's picker shows its own
		}
	}
	for k, l := range commonLabels {
		add("commonLabels "+k, l)
	}
	for k, l := range sourceLabels {
		add("sourceLabels "+k, l)
	}
	for k, h := range sourceHints {
		add("sourceHints "+k, h)
	}
	for k, l := range sourceKindLabels {
		add("sourceKindLabels "+k, l)
	}
	for k, l := range categoryLabels {
		add("categoryLabels "+k, l)
	}
	for k, c := range durationChoices {
		add("durationChoices "+k, c.unset)
	}
	add("durationChoiceOf default", durationChoiceOf("").unset)
	for k, l := range netLabels {
		add("netLabels "+k, l)
	}
	for k, h := range netHints {
		add("netHints "+k, h)
	}
	for _, a := range []string{authNone, authToken, authBasic} {
		add("auth choice", a)
	}
	return words
}

// TestShownWordsAreTranslated: every label, hint and choice the editors translate at
// display time has a key in English and in Korean.
func TestShownWordsAreTranslated(t *testing.T) {
	words := shownWords()
	var sorted []string
	for w := range words {
		sorted = append(sorted, w)
	}
	sort.Strings(sorted)
	for _, lang := range i18n.Languages {
		keys := langKeys(t, lang)
		for _, w := range sorted {
			if !keys[w] {
				t.Errorf("%s: %q (%s) has no key in lang/*.%s.json", lang, w, words[w], lang)
			}
		}
	}
}
