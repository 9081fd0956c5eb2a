package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/uptray/uptray/internal/i18n"
)

// gnomeExtensionPackage is the AppIndicator extension's package on Debian and Ubuntu.
const gnomeExtensionPackage = "gnome-shell-extension-appindicator" // i18n:ignore a package's name

// NoTray is the window shown at start when the desktop shows no tray icons (no
// StatusNotifierWatcher): Uptray lives in the tray, so without this window it would
// run invisibly and the user would never learn why.
type NoTray struct {
	app          fyne.App
	openSettings func()
	win          fyne.Window
	settingsBtn  *keyButton
	okBtn        *keyButton
	copyBtn      *keyButton
	onHide       func()
}

// SetOnHide registers f, called on the UI goroutine when the window is closed.
func (n *NoTray) SetOnHide(f func()) { n.onHide = f }

// Forget closes the window if it was built, so that the next Show builds it anew (in
// the language now set). Call on the UI goroutine, while the window is not shown.
func (n *NoTray) Forget() {
	if n.win != nil {
		n.win.SetCloseIntercept(nil)
		n.win.Close()
		n.win = nil
	}
}

// NewNoTray prepares the window; openSettings opens the settings window.
func NewNoTray(a fyne.App, openSettings func()) *NoTray {
	return &NoTray{app: a, openSettings: openSettings}
}

// Show opens the window, or raises it. Call on the UI goroutine.
func (n *NoTray) Show() {
	if n.win == nil {
		n.build()
	}
	n.win.Show()
	n.win.RequestFocus()
}

// hide closes the window without closing it for good: with no tray, closing the last
// window must not end Uptray, which keeps watching.
func (n *NoTray) hide() {
	n.win.Hide()
	if n.onHide != nil {
		n.onHide()
	}
}

func (n *NoTray) build() {
	n.win = n.app.NewWindow(i18n.T("Uptray has no tray icon here"))
	n.win.SetCloseIntercept(n.hide)
	n.win.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			n.hide()
		}
	})

	para := func(text string) *widget.Label {
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	title := widget.NewLabelWithStyle(i18n.T("Uptray is running, but this desktop shows no tray icons"),
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	title.Wrapping = fyne.TextWrapWord

	install := "sudo apt install " + gnomeExtensionPackage // i18n:ignore a command, typed as is
	command := widget.NewLabel(install)
	command.TextStyle.Monospace = true
	command.Selectable = true
	n.copyBtn = newKeyButton(i18n.T("Copy"), theme.ContentCopyIcon(), func() {
		n.app.Clipboard().SetContent(install)
	})

	body := container.NewVBox(
		title,
		para(i18n.T("Uptray shows its icon and menu in the system tray, and this desktop has no place for tray icons (no StatusNotifierWatcher is running).")),
		boldLabel(i18n.T("To see the icon")),
		para(i18n.F("• GNOME: install and turn on the extension “AppIndicator and KStatusNotifierItem Support”. On Debian and Ubuntu its package is %s:", gnomeExtensionPackage)),
		container.NewBorder(nil, nil, nil, n.copyBtn, command),
		para(i18n.T("Then log out and back in, and turn it on in the Extensions app.")),
		para(i18n.T("• KDE Plasma, Xfce, Cinnamon and MATE show tray icons already: make sure your panel has its system tray (notification area).")),
		boldLabel(i18n.T("Meanwhile")),
		para(i18n.T("Uptray keeps watching your services and still notifies you when one goes down. To open its settings, start Uptray again from the applications menu.")),
	)

	n.okBtn = newKeyButton(i18n.T("OK"), nil, n.hide)
	n.settingsBtn = newKeyButton(i18n.T("Open Settings"), theme.SettingsIcon(), func() {
		n.hide()
		if n.openSettings != nil {
			n.openSettings()
		}
	})
	n.settingsBtn.Importance = widget.HighImportance
	// Escape closes the window from any of its buttons (a focused button gets every key).
	n.okBtn.onEscape, n.settingsBtn.onEscape, n.copyBtn.onEscape = n.hide, n.hide, n.hide
	buttons := container.NewHBox(layout.NewSpacer(), n.okBtn, n.settingsBtn)
	n.win.SetContent(withFocusRing(container.NewPadded(container.NewBorder(nil, buttons, nil, nil,
		container.NewVScroll(container.NewPadded(body))))))
	n.win.Resize(fyne.NewSize(620, 520))
}
