package ui

import (
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/uptray/uptray/internal/secret"
)

// addTokenSource fills the Add form with a token source and returns its editor.
func addTokenSource(t *testing.T, h *harness, token string) *sourceEditor {
	t.Helper()
	h.s.tabs.SelectIndex(sourcesTab)
	test.Tap(h.s.sources.add)
	e := h.s.srcEdit
	test.Type(e.name, "Ops Gatus")
	test.Type(e.url, "https://gatus.example.com")
	e.auth.SetSelected(e.auth.Options[1]) // a token
	test.Type(e.token, token)
	return e
}

// editSource opens the editor of the user's source name, with keys as the keychain.
func editSource(t *testing.T, user, name string, keys Secrets) (*harness, *sourceEditor) {
	t.Helper()
	h := newHarness(t, "", oneService+user, Deps{Secrets: keys})
	h.s.tabs.SelectIndex(sourcesTab)
	h.selectSource(name)
	test.Tap(h.s.sources.edit)
	return h, h.s.srcEdit
}

func TestTypedTokenGoesToTheKeychain(t *testing.T) {
	const token = "tok-2b1e"
	keys := secret.NewMemory()
	h := newHarness(t, "", oneService, Deps{Secrets: keys})
	e := addTokenSource(t, h, token)
	h.q.waitFor(t, "the keychain probe", func() bool { return e.kc.content.Visible() })
	if got := e.kc.text.Text; got != "Saving puts the token in the keychain." {
		t.Errorf("row = %q", got)
	}
	test.Tap(e.save_)
	h.q.waitFor(t, "the save", func() bool { return h.s.srcEdit == nil })

	got, _ := h.userFile().Source("Ops Gatus")
	if got.Token != "keyring:Ops Gatus/token" {
		t.Fatalf("the file holds token %q, want the reference", got.Token)
	}
	if raw, _ := os.ReadFile(h.files.User); strings.Contains(string(raw), token) {
		t.Fatalf("the token is in the file:\n%s", raw)
	}
	if v, err := keys.Resolve(got.Token); v != token || err != nil {
		t.Errorf("keychain = %q, %v", v, err)
	}
	// Export carries the reference (or nothing), never the value.
	for _, leaveOut := range []bool{false, true} {
		data, err := exportData(h.s.loaded.User, leaveOut)
		if err != nil || strings.Contains(string(data), token) || strings.Contains(string(data), "keyring:") == leaveOut {
			t.Errorf("export (leave out %v): %v\n%s", leaveOut, err, data)
		}
	}

	// Editing shows where it is kept, and saving again stores nothing new.
	h.selectSource("Ops Gatus")
	test.Tap(h.s.sources.edit)
	e = h.s.srcEdit
	h.q.waitFor(t, "the keychain probe", func() bool { return e.kc.content.Visible() })
	if got := e.kc.text.Text; got != "The token is kept in the keychain." || e.kc.move.Visible() {
		t.Errorf("row = %q, move shown %v", got, e.kc.move.Visible())
	}

	// A new token replaces the value behind the same reference, and the entry stays.
	e.token.SetText("")
	test.Type(e.token, "tok-new")
	test.Tap(e.save_)
	h.q.waitFor(t, "the second save", func() bool { return h.s.srcEdit == nil })
	if got, _ := h.userFile().Source("Ops Gatus"); got.Token != "keyring:Ops Gatus/token" {
		t.Errorf("token = %q", got.Token)
	}
	h.q.waitFor(t, "the new value", func() bool { v, _ := keys.Resolve("keyring:Ops Gatus/token"); return v == "tok-new" })

	// Removing the source deletes its entry.
	h.selectSource("Ops Gatus")
	test.Tap(h.s.sources.remove)
	test.Tap(h.dialogButton("Remove"))
	h.q.waitFor(t, "the entry deleted", func() bool {
		_, err := keys.Resolve("keyring:Ops Gatus/token")
		return err != nil && strings.Contains(err.Error(), "not found")
	})
}

func TestNoKeychainKeepsThePlainValue(t *testing.T) {
	const token = "tok-77aa"
	h := newHarness(t, "", oneService, Deps{Secrets: secret.NewUnavailable("no Secret Service on the bus")})
	e := addTokenSource(t, h, token)
	h.q.waitFor(t, "the keychain probe", func() bool { return e.kc.probed })
	want := "No keychain on this system: the token is kept in the config file (readable only by you)."
	if got := e.kc.text.Text; got != want || !e.kc.content.Visible() {
		t.Errorf("row = %q (shown %v), want %q", got, e.kc.content.Visible(), want)
	}
	test.Tap(e.save_)
	if h.s.srcEdit != nil {
		t.Fatal("the editor stays open")
	}
	if got, _ := h.userFile().Source("Ops Gatus"); got.Token != token {
		t.Errorf("token = %q, want the plain value", got.Token)
	}
	if fi, err := os.Stat(h.files.User); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the file's mode: %v, %v", fi.Mode(), err)
	}
}

func TestMoveHandWrittenPasswordToTheKeychain(t *testing.T) {
	user := `
[[sources]]
name = "Ops Gatus"
kind = "gatus"
url = "https://gatus.example.com"
username = "ops"
password = "hand-written"
interval = "2m"
`
	keys := secret.NewMemory()
	h, e := editSource(t, user, "Ops Gatus", keys)
	h.q.waitFor(t, "the keychain probe", func() bool { return e.kc.move.Visible() })
	if got := e.kc.text.Text; got != "The password is in the config file (readable only by you)." {
		t.Errorf("row = %q", got)
	}
	test.Tap(e.kc.move)
	h.q.waitFor(t, "the move", func() bool {
		got, _ := h.userFile().Source("Ops Gatus")
		return got.Password == "keyring:Ops Gatus/password"
	})
	got, _ := h.userFile().Source("Ops Gatus")
	if got.Username != "ops" || got.Interval.Duration.Minutes() != 2 {
		t.Errorf("the move changed more than the password: %+v", got)
	}
	if v, _ := keys.Resolve(got.Password); v != "hand-written" {
		t.Errorf("keychain holds %q", v)
	}
	if e.kc.text.Text != "The password is kept in the keychain." || e.kc.move.Visible() {
		t.Errorf("after the move: %q, move shown %v", e.kc.text.Text, e.kc.move.Visible())
	}
}

// A hand-written value the user does not touch stays in the file when the form is
// saved: only Move to keychain moves it.
func TestSavingKeepsAnUntouchedPlainValue(t *testing.T) {
	user := `
[[sources]]
name = "Ops"
kind = "alertmanager"
url = "https://am.example.com"
token = "it-wrote-this"
`
	h, e := editSource(t, user, "Ops", secret.NewMemory())
	test.Type(e.include, "web-*")
	test.Tap(e.save_)
	h.q.waitFor(t, "the save", func() bool { return h.s.srcEdit == nil })
	if got, _ := h.userFile().Source("Ops"); got.Token != "it-wrote-this" {
		t.Errorf("token = %q", got.Token)
	}
}

// A reference whose entry is missing (a file imported from another laptop) says so
// in the editor, and typing the token again stores it.
func TestMissingEntryAsksForTheTokenAgain(t *testing.T) {
	user := `
[[sources]]
name = "Ops"
kind = "alertmanager"
url = "https://am.example.com"
token = "keyring:Ops/token"
`
	keys := secret.NewMemory()
	h, e := editSource(t, user, "Ops", keys)
	h.q.waitFor(t, "the keychain probe", func() bool { return e.kc.probed })
	want := `The token's keychain entry cannot be read (keyring entry "Ops/token" not found): type the token again.`
	if got := e.kc.text.Text; got != want {
		t.Errorf("row = %q, want %q", got, want)
	}
	e.token.SetText("")
	test.Type(e.token, "tok-again")
	test.Tap(e.save_)
	h.q.waitFor(t, "the save", func() bool { return h.s.srcEdit == nil })
	if v, err := keys.Resolve("keyring:Ops/token"); v != "tok-again" || err != nil {
		t.Errorf("keychain = %q, %v", v, err)
	}
}
