package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/lang"

	"github.com/uptray/uptray/assets"
	"github.com/uptray/uptray/internal/applog"
	"github.com/uptray/uptray/internal/autostart"
	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/control"
	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/probe"
	"github.com/uptray/uptray/internal/secret"
	"github.com/uptray/uptray/internal/source"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/store"
	"github.com/uptray/uptray/internal/tray"
	"github.com/uptray/uptray/internal/ui"
)

// windowDetails names the details window among the shown ones.
const windowDetails = "details"

// lastWindowGrace is how long the windows process waits, after a window closed with
// none left open, before it quits: "Open Settings" on one window closes it just before
// the next one opens.
const lastWindowGrace = 500 * time.Millisecond

// runWindows is the windows process (`uptray windows --open settings`): the Fyne
// windows, started by the resident on demand, quitting when the last one closes so the
// GL driver's memory goes back to the system. It sees the engine only through the
// control channel; configuration changes go through the file, which the resident watches.
func runWindows(ctx context.Context, files config.Files, open string, stderr io.Writer) int {
	logPath := applog.Path()
	log, logFile := applog.Open(logPath, stderr, slog.LevelInfo)
	defer logFile.Close()
	log = log.With("process", "windows")
	if runtime.GOOS == "linux" && os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		// GLFW would panic: say it plainly instead (a session without a desktop).
		log.Error("no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set)")
		fmt.Fprintln(stderr, "uptray windows: no display (set DISPLAY or WAYLAND_DISPLAY)")
		return exitProblem
	}

	// The language first: every window's words are read when it is built. A change
	// in Preferences applies to the windows opened after it (this process ends with
	// its last window).
	language := useLanguage(files, log)

	icon := fyne.NewStaticResource("uptray.png", assets.AppIcon())
	app.SetMetadata(fyne.AppMetadata{ID: appID, Name: appName, Version: version, Icon: icon})
	a := app.NewWithID(appID)
	a.SetIcon(icon)
	a.Settings().SetTheme(ui.Theme())

	remote := &remoteEngine{}
	client, err := control.Dial(ctx, control.DefaultPath(), control.RoleWindows)
	if err != nil {
		// The windows still work on the files; the live state stays grey.
		log.Warn("no resident Uptray to talk to; showing the settings without live state", "err", err)
	} else {
		defer client.Close()
		client.Send(control.Message{Type: control.TypeSubscribe})
		go remote.follow(client)
	}

	w := &windows{app: a, log: log, client: client}
	w.settings = ui.NewSettings(a, ui.Deps{
		Files: files, Engine: remote, Test: testOnce(engineOptions(log).Check),
		Saved: func(l *config.Loaded) {
			if client != nil {
				client.Send(control.Message{Type: control.TypeReload}) // the watcher would too, within 2 s
			}
			// A new language: the windows built from now on speak it; the ones not
			// shown are built again when next opened (a shown one keeps its words).
			if setting := l.Merged.Interface.LanguageOr(); setting != language {
				language = setting
				setLanguage(setting, log)
				w.relanguage()
			}
		},
		Autostart:  autostart.New(appID, executable()),
		Components: probe.NewRegistry(probe.Options{UserAgent: "Uptray/" + version}).Components,
		TestSource: readOnce(engineOptions(log).Fetch),
		Details:    func(name string) { w.open(control.WindowService, name) },
		Secrets:    secret.System(),
	})
	w.about = ui.NewAbout(a, ui.AboutInfo{
		Version: versionLine(), MachineFile: existing(files.Machine), UserFile: files.User, LogFile: logPath,
		Diagnostics: func() string {
			header := fmt.Sprintf("Uptray %s, %s/%s", versionLine(), runtime.GOOS, runtime.GOARCH)
			return tray.Diagnostics(header, remote.Snapshot())
		},
	})
	w.noTray = ui.NewNoTray(a, func() { w.open(control.WindowSettings, "") })
	w.details = ui.NewDetails(a, ui.DetailsDeps{
		History:  func() (*store.Reader, error) { return store.OpenReader(store.DefaultPath(), clock.Real{}) },
		Snapshot: remote.Snapshot,
		CheckNow: func(name string) {
			if client != nil {
				client.Send(control.Message{Type: control.TypeCheckNow, Name: name})
			}
		},
		Edit: func(name string) { w.open(control.WindowSettings, ""); w.settings.ShowService(name) },
		OpenURL: func(raw string) {
			if u, err := url.Parse(raw); err == nil {
				a.OpenURL(u)
			}
		},
	})
	defer w.details.Close()
	w.details.SetOnHide(func() { w.closed(windowDetails) })
	w.settings.SetOnHide(func() { w.closed(control.WindowSettings) })
	w.about.SetOnHide(func() { w.closed(control.WindowAbout) })
	w.noTray.SetOnHide(func() { w.closed(control.WindowNoTray) })

	a.Lifecycle().SetOnStarted(func() {
		window, service, _ := strings.Cut(open, ":")
		w.open(window, service)
		if client != nil {
			go w.serveOpens(ctx)
		}
	})
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	a.Run()
	return exitOK
}

// windows keeps the windows process's windows and quits with the last one.
type windows struct {
	app      fyne.App
	log      *slog.Logger
	client   *control.Client
	settings *ui.Settings
	about    *ui.About
	noTray   *ui.NoTray
	details  *ui.Details
	shown    map[string]bool // which windows are open; on the UI goroutine
	quitting bool
}

// open shows a window (settings, about, welcome, notray, or service with a name). On the
// UI goroutine.
func (w *windows) open(window, service string) {
	if w.shown == nil {
		w.shown = map[string]bool{}
	}
	switch window {
	case control.WindowAbout:
		w.about.Show()
	case control.WindowNoTray:
		w.noTray.Show()
	case control.WindowService:
		w.details.Show(service)
		window = windowDetails
	default: // settings, welcome (the settings window starts with it when nothing is set up)
		w.settings.Show()
		window = control.WindowSettings
	}
	w.shown[window] = true
}

// relanguage drops the windows that are not shown, so that each is built again, in
// the language now set, when next opened. On the UI goroutine.
func (w *windows) relanguage() {
	if !w.shown[control.WindowAbout] {
		w.about.Forget()
	}
	if !w.shown[control.WindowNoTray] {
		w.noTray.Forget()
	}
	if !w.shown[windowDetails] {
		w.details.Forget()
	}
	w.settings.ForgetOnHide()
}

// closed is called when a window is closed: with none left, quit after a moment.
func (w *windows) closed(window string) {
	delete(w.shown, window)
	if len(w.shown) > 0 {
		return
	}
	time.AfterFunc(lastWindowGrace, func() {
		fyne.Do(func() {
			if len(w.shown) == 0 && !w.quitting {
				w.quitting = true
				if w.client != nil {
					w.client.Close() // first: the resident starts a new process for the next open
				}
				w.app.Quit()
			}
		})
	})
}

// serveOpens shows what the resident asks for while this process runs (a second click
// on Settings… raises the window here instead of starting another process).
func (w *windows) serveOpens(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case m, ok := <-w.client.Opens():
			if !ok {
				return // the resident is gone: the windows stay until closed
			}
			fyne.Do(func() {
				if !w.quitting {
					w.open(m.Window, m.Service)
				}
			})
		}
	}
}

// remoteEngine is the engine as the windows process sees it: the newest snapshot the
// resident sent.
type remoteEngine struct {
	mu   sync.Mutex
	snap status.Snapshot
}

func (r *remoteEngine) Snapshot() status.Snapshot {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.snap
}

func (r *remoteEngine) follow(c *control.Client) {
	for snap := range c.Snapshots() {
		r.mu.Lock()
		r.snap = snap
		r.mu.Unlock()
	}
}

// useLanguage sets the windows' language from the configuration ([interface]
// language; "system" follows the OS) and returns the setting.
func useLanguage(files config.Files, log *slog.Logger) string {
	setting := "system"
	if l, _ := config.Load(files); l != nil { // a broken file: the settings window says so
		setting = l.Merged.Interface.LanguageOr()
	}
	setLanguage(setting, log)
	return setting
}

// setLanguage sets the language for Uptray's words (i18n) and for Fyne's own (dialog
// buttons, the entry's Copy/Paste menu), which Fyne reads from the locale
// environment: LANGUAGE is set to the same language before Fyne's translations are
// loaded again, so the two never disagree.
func setLanguage(setting string, log *slog.Logger) {
	tag := i18n.SetLanguage(setting)
	os.Setenv("LANGUAGE", tag)
	// go-locale ignores LANGUAGE under a bare C or POSIX locale (as gettext does).
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			if s == "C" || s == "POSIX" {
				os.Setenv(v, "C.UTF-8")
			}
			break
		}
	}
	if err := lang.AddTranslationsFS(assets.Lang, "lang"); err != nil {
		log.Warn("Fyne could not load the translations", "err", err)
	}
	log.Debug("language", "setting", setting, "language", tag)
}

// existing returns path, or "" when there is no file there (About says "(none)").
func existing(path string) string {
	if _, err := os.Stat(path); path == "" || err != nil {
		return ""
	}
	return path
}

// readOnce reads a monitoring server once for the source editor's Test, as the engine
// reads it (keychain references resolved), and keeps each check's result.
func readOnce(fetch func(context.Context, config.Source) ([]source.Entry, error)) func(context.Context, config.Source) ([]status.Result, error) {
	return func(ctx context.Context, src config.Source) ([]status.Result, error) {
		entries, err := fetch(ctx, src)
		if err != nil {
			return nil, err
		}
		out := make([]status.Result, len(entries))
		for i, e := range entries {
			out[i] = e.Result
		}
		return out, nil
	}
}
