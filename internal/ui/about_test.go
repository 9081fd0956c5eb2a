package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestAboutCopiesDiagnostics(t *testing.T) {
	a := test.NewTempApp(t)
	ab := NewAbout(a, AboutInfo{Version: "1.2.3", UserFile: "/home/x/.config/uptray/config.toml",
		LogFile: "/home/x/.cache/uptray/uptray.log", Diagnostics: func() string { return "Uptray 1.2.3\n3 services" }})
	ab.Show()
	if !ab.win.Content().Visible() {
		t.Fatal("About window content not shown")
	}
	test.Tap(findButton(t, ab.win.Content(), "Copy diagnostics"))
	if got := a.Clipboard().Content(); got != "Uptray 1.2.3\n3 services" {
		t.Fatalf("clipboard = %q", got)
	}
	if ab.note.Text == "" {
		t.Fatal("no confirmation after copying")
	}
}

// findButton walks a widget tree for the button with that text.
func findButton(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Button:
			if v.Text == text {
				found = v
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case *keyButton:
			if v.Text == text {
				found = &v.Button
			}
		case *focusRing:
			walk(v.content)
		case *widget.Form:
			for _, it := range v.Items {
				walk(it.Widget)
			}
		}
	}
	walk(o)
	if found == nil {
		t.Fatalf("no button %q", text)
	}
	return found
}
