package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/secret"
)

// Secrets is the OS keychain as the settings window uses it (Deps.Secrets); nil
// keeps tokens and passwords in the config file, as before there was a keychain.
type Secrets = secret.Secrets

// The credential fields a keychain entry is named after ("Ops Gatus/token").
const fieldToken, fieldPassword = "token", "password" // i18n:ignore config field names

// keychainRow is the source editor's line about where its token or password is
// kept: in the keychain, or in the config file (with "Move to keychain" when a
// keychain is there), or that this system has none. The keychain is only ever
// called off the UI goroutine: it may wait for an unlock prompt.
type keychainRow struct {
	e        *sourceEditor
	keys     Secrets
	probed   bool  // Available has answered
	availErr error // its answer
	refErr   error // why the reference the file holds does not resolve, if it does not
	// plainOK: storing failed once; the next Save keeps the value in the file.
	plainOK bool
	problem string // the last failure, shown until the next change

	text    *widget.Label
	move    *widget.Button
	content *fyne.Container
}

// newKeychainRow makes the row (hidden until the probe answers) and starts the probe.
func (e *sourceEditor) newKeychainRow() fyne.CanvasObject {
	k := &keychainRow{e: e, keys: e.s.deps.Secrets}
	e.kc = k
	k.text = widget.NewLabel("")
	k.text.Wrapping = fyne.TextWrapWord
	k.move = widget.NewButton(i18n.T("Move to keychain"), k.moveToKeychain)
	k.content = container.NewBorder(nil, nil, nil, k.move, k.text)
	k.content.Hide()
	if k.keys == nil {
		return k.content
	}
	prev := e.onChange
	e.onChange = func(key string) { // the sign-in or a secret changed: say where it goes
		prev(key)
		k.problem = ""
		k.refresh()
	}
	keys, do, base := k.keys, e.s.do, e.base
	go func() {
		err := keys.Available() // probed once per keychain; a D-Bus round trip, or a wait
		var refErr error
		for _, ref := range []string{base.Token, base.Password} {
			if err == nil && secret.IsRef(ref) {
				_, refErr = keys.Resolve(ref) // the value is dropped: only whether it is there counts
			}
		}
		do(func() {
			k.probed, k.availErr, k.refErr = true, err, refErr
			k.refresh()
		})
	}()
	return k.content
}

// field is the secret the form shows now: "token", "password", or "".
func (k *keychainRow) field() (key string, entry *field, stored string) {
	switch e := k.e; {
	case e.laidOut["token"]:
		return fieldToken, e.token, e.base.Token
	case e.laidOut["password"]:
		return fieldPassword, e.password, e.base.Password
	}
	return "", nil, ""
}

// refresh words the row for the form as it is now.
func (k *keychainRow) refresh() {
	shown, moving := k.content.Visible(), k.move.Visible()
	k.update()
	if k.content.Visible() != shown || k.move.Visible() != moving {
		k.e.content.Refresh() // the form's bottom grows or shrinks: lay it out again
	}
}

func (k *keychainRow) update() {
	key, entry, stored := k.field()
	if k.keys == nil || !k.probed || key == "" {
		k.content.Hide()
		return
	}
	token := key == "token"
	typed := entry.Text
	if key == "token" {
		typed = strings.TrimSpace(typed)
	}
	k.move.Hide()
	var text string
	switch {
	case k.problem != "":
		text = k.problem
	case secret.IsRef(typed) && typed == stored && (k.refErr != nil || k.availErr != nil):
		why := k.refErr
		if why == nil {
			why = k.availErr
		}
		text = pick(token, i18n.F("The token's keychain entry cannot be read (%s): type the token again.", why),
			i18n.F("The password's keychain entry cannot be read (%s): type the password again.", why))
	case k.availErr != nil:
		text = pick(token, i18n.T("No keychain on this system: the token is kept in the config file (readable only by you)."),
			i18n.T("No keychain on this system: the password is kept in the config file (readable only by you)."))
	case secret.IsRef(typed):
		text = pick(token, i18n.T("The token is kept in the keychain."), i18n.T("The password is kept in the keychain."))
	case typed != "" && typed == stored && k.e.origName != "":
		text = pick(token, i18n.T("The token is in the config file (readable only by you)."),
			i18n.T("The password is in the config file (readable only by you)."))
		k.move.Show()
	case typed != "":
		text = pick(token, i18n.T("Saving puts the token in the keychain."), i18n.T("Saving puts the password in the keychain."))
	default:
		k.content.Hide()
		return
	}
	k.text.SetText(text)
	k.content.Show()
}

func pick(first bool, a, b string) string {
	if first {
		return a
	}
	return b
}

// typedSecret is the token or password typed in the form that is not in the file
// yet, if any: Save puts it in the keychain. A value the file already holds (a
// hand-written one) stays where it is unless the user moves it.
func (e *sourceEditor) typedSecret() (key, value string) {
	src, _ := e.source()
	switch {
	case src.Token != "" && !secret.IsRef(src.Token) && src.Token != e.base.Token:
		return fieldToken, src.Token
	case src.Password != "" && !secret.IsRef(src.Password) && src.Password != e.base.Password:
		return fieldPassword, src.Password
	}
	return "", ""
}

// saveWithKeychain is the source editor's Save: a typed token or password goes to
// the keychain first, and the form then saves its reference. Without a keychain,
// or after a failure the user has seen, the value is saved in the file.
func (e *sourceEditor) saveWithKeychain() {
	k := e.kc
	key, value := e.typedSecret()
	if k == nil || k.keys == nil || key == "" || k.plainOK || (k.probed && k.availErr != nil) {
		e.saveAndForget()
		return
	}
	e.showAll = true
	if e.validate(); len(e.errs) > 0 {
		e.save() // shows every problem and saves nothing
		return
	}
	name := strings.TrimSpace(e.name.Text)
	keys, do := k.keys, e.s.do
	e.save_.Disable() // a second Save while the keychain answers would store twice
	go func() {
		ref, err := keys.Store(secret.Key(name, key), value)
		do(func() {
			if e.s.srcEdit != e {
				return // the editor was closed meanwhile
			}
			e.save_.Enable()
			if err != nil {
				k.plainOK = true
				k.problem = i18n.F("Could not put it in the keychain (%s). Save again to keep it in the config file (readable only by you).", err)
				k.refresh()
				return
			}
			e.setSecret(key, ref)
			e.saveAndForget()
		})
	}()
}

// setSecret puts a reference in the token or password field, as the program's
// doing, not the user's.
func (e *sourceEditor) setSecret(key, ref string) {
	e.loading = true
	if key == "token" {
		e.token.SetText(ref)
	} else {
		e.password.SetText(ref)
	}
	e.loading = false
}

// moveToKeychain stores the value the file holds in the keychain and writes its
// reference into the file in its place; the rest of the form is left as it is.
func (k *keychainRow) moveToKeychain() {
	e := k.e
	key, _, stored := k.field()
	if key == "" || stored == "" || secret.IsRef(stored) || e.origName == "" {
		return
	}
	keys, do, name := k.keys, e.s.do, e.origName
	k.move.Disable()
	go func() {
		ref, err := keys.Store(secret.Key(name, key), stored)
		do(func() {
			k.move.Enable()
			if e.s.srcEdit != e {
				return
			}
			if err != nil {
				k.problem = i18n.F("Could not move it to the keychain (%s).", err)
				k.refresh()
				return
			}
			ok := e.s.editUser(i18n.T("move it to the keychain"), func(u *config.Config) {
				for i := range u.Sources {
					if src := &u.Sources[i]; src.Name == name {
						replaceSecret(src, key, stored, ref)
					}
				}
			})
			if !ok {
				return
			}
			replaceSecret(&e.base, key, stored, ref)
			e.setSecret(key, ref)
			k.problem = ""
			k.refresh()
		})
	}()
}

// saveAndForget saves the form, then lets go of the keychain entries the source
// referred to before and no longer does (a replaced token).
func (e *sourceEditor) saveAndForget() {
	base := e.base
	e.save()
	e.s.forgetSecrets(base)
}

// forgetSecrets deletes the keychain entries src referred to that no source of the
// saved files refers to any more (a removed source, a replaced token). It runs after
// the save that dropped them, so a failed save keeps them; an entry left behind
// (the keychain did not answer) is harmless.
func (s *Settings) forgetSecrets(src config.Source) {
	keys := s.deps.Secrets
	if keys == nil {
		return
	}
	s.do(func() {
		var gone []string
		for _, ref := range []string{src.Token, src.Password} {
			if secret.IsRef(ref) && !s.refersTo(ref) {
				gone = append(gone, ref)
			}
		}
		if len(gone) > 0 {
			go func() {
				for _, ref := range gone {
					keys.Delete(ref)
				}
			}()
		}
	})
}

// refersTo reports whether a source of the loaded files uses ref; when they could
// not be read, it says yes (keep the entry).
func (s *Settings) refersTo(ref string) bool {
	if s.loaded == nil || s.loaded.Merged == nil {
		return true
	}
	return slices.ContainsFunc(s.loaded.Merged.Sources, func(src config.Source) bool {
		return src.Token == ref || src.Username == ref || src.Password == ref
	})
}

// replaceSecret swaps a source's token or password for ref if it still holds old.
func replaceSecret(src *config.Source, key, old, ref string) {
	p := &src.Password
	if key == "token" {
		p = &src.Token
	}
	if *p == old {
		*p = ref
	}
}
