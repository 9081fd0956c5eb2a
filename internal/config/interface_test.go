package config

import (
	"errors"
	"strings"
	"testing"
)

func TestInterfaceLanguage(t *testing.T) {
	for _, lang := range []string{"system", "en", "ko"} {
		c, err := Parse([]byte("[interface]\nlanguage = \"" + lang + "\"\n"))
		if err != nil {
			t.Fatalf("language = %q: %v", lang, err)
		}
		if c.Interface.LanguageOr() != lang {
			t.Errorf("language = %q read as %q", lang, c.Interface.LanguageOr())
		}
	}
	c, err := Parse(nil)
	if err != nil || c.Interface.LanguageOr() != "system" {
		t.Fatalf("no [interface]: language %q, %v; want system", c.Interface.LanguageOr(), err)
	}

	_, err = Parse([]byte("[interface]\nlanguage = \"fr\"\n"))
	var es Errors
	if !errors.As(err, &es) || len(es) != 1 || es[0].Where != "interface" || es[0].Field != "language" ||
		!strings.Contains(es[0].Msg, `"fr"`) || !strings.Contains(es[0].Msg, `"system", "en", "ko"`) {
		t.Fatalf("language = \"fr\": %v; want one error naming interface: language and the choices", err)
	}
	_, err = Parse([]byte("[interface]\nlanguag = \"ko\"\n"))
	if !errors.As(err, &es) || len(es) != 1 || !strings.Contains(es[0].Error(), "language") {
		t.Fatalf("a typo in [interface]: %v; want an unknown key suggesting language", err)
	}
}

func TestInterfaceAndSoundMerge(t *testing.T) {
	machine, err := Parse([]byte("[interface]\nlanguage = \"en\"\n[notifications]\nsound_critical = true\n"))
	if err != nil {
		t.Fatal(err)
	}
	user, err := Parse([]byte("[interface]\nlanguage = \"ko\"\n[notifications]\nsound_critical = false\n"))
	if err != nil {
		t.Fatal(err)
	}
	m := Merge(machine, user)
	if m.Interface.Language != "ko" || On(m.Notifications.SoundCritical, true) {
		t.Errorf("merged: language %q, sound_critical %v; want the user's ko and false", m.Interface.Language, m.Notifications.SoundCritical)
	}
	m = Merge(machine, &Config{})
	if m.Interface.Language != "en" || !On(m.Notifications.SoundCritical, false) {
		t.Errorf("user sets nothing: language %q, sound_critical %v; want the machine's", m.Interface.Language, m.Notifications.SoundCritical)
	}
	if On((&Config{}).Notifications.SoundCritical, true) != true {
		t.Error("sound_critical unset must read as the default, true")
	}
}
