package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// windowText is every text of a window's labels and buttons.
func windowText(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, o := range test.LaidOutObjects(o) {
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.Button:
			b.WriteString(w.Text + "\n")
		case *keyButton:
			b.WriteString(w.Text + "\n")
		}
	}
	return b.String()
}

func TestNoTrayExplainsAndOffersSettings(t *testing.T) {
	a := test.NewTempApp(t)
	opened := 0
	n := NewNoTray(a, func() { opened++ })
	n.Show()
	text := windowText(n.win.Content())
	for _, want := range []string{"no tray icons", "StatusNotifierWatcher", "GNOME", "AppIndicator and KStatusNotifierItem Support",
		"gnome-shell-extension-appindicator", "KDE Plasma, Xfce, Cinnamon", "keeps watching", "notifies",
		"start Uptray again from the applications menu", "Open Settings", "OK"} {
		if !strings.Contains(text, want) {
			t.Errorf("the window does not say %q:\n%s", want, text)
		}
	}
	test.Tap(n.copyBtn)
	if got := a.Clipboard().Content(); got != "sudo apt install gnome-shell-extension-appindicator" {
		t.Errorf("clipboard = %q", got)
	}

	open := func() bool {
		for _, w := range a.Driver().AllWindows() {
			if w == n.win {
				return true
			}
		}
		return false
	}
	test.Tap(n.okBtn)
	if opened != 0 {
		t.Error("OK opened the settings")
	}
	// OK hides the window, never closes it: with no tray that would end the app.
	if !open() {
		t.Fatal("OK closed the window")
	}
	n.Show()
	test.Tap(n.settingsBtn)
	if opened != 1 || !open() {
		t.Errorf("Open Settings: opened %d times, window kept %v", opened, open())
	}
}
