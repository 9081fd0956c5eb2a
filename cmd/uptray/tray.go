package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/uptray/uptray/assets"
	"github.com/uptray/uptray/internal/alert"
	"github.com/uptray/uptray/internal/applog"
	"github.com/uptray/uptray/internal/autostart"
	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/instance"
	"github.com/uptray/uptray/internal/monitor"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/tray"
	"github.com/uptray/uptray/internal/ui"
)

// appName and appID match FyneApp.toml (a test holds them to it); Fyne keeps the
// app's preferences under the ID.
const (
	appName = "Uptray"
	appID   = "io.github.uptray.uptray"
)

// runTray starts the tray app and returns when the user quits or a signal arrives.
func runTray(ctx context.Context, files config.Files, stderr io.Writer) int {
	logPath := applog.Path()
	log, logFile := applog.Open(logPath, stderr, slog.LevelInfo)
	defer logFile.Close()
	slog.SetDefault(log) // a probe's recovered panic is logged through the default logger

	icon := fyne.NewStaticResource("uptray.png", assets.AppIcon())
	// `go build` does not read FyneApp.toml (only `fyne build` does): say it here, so the
	// tray's title is "Uptray" and not the app ID.
	app.SetMetadata(fyne.AppMetadata{ID: appID, Name: appName, Version: version, Icon: icon})
	a := app.NewWithID(appID)
	desk, ok := a.(desktop.App)
	if !ok {
		fmt.Fprintln(stderr, "uptray: this desktop has no system tray; use `uptray watch` instead")
		return exitConfigError
	}
	a.SetIcon(icon)

	var ta *trayApp
	lock, err := instance.Acquire(instanceSocket(), "show", func(string) {
		fyne.Do(func() { ta.settings.Show() }) // a second start: show ourselves instead
	})
	switch {
	case errors.Is(err, instance.ErrRunning):
		fmt.Fprintln(stderr, "uptray: already running; the running one was told to show itself")
		return exitOK
	case err != nil:
		log.Warn("single-instance lock unavailable; going on", "err", err)
	default:
		defer lock.Release()
	}
	ta = newTrayApp(a, desk, files, log, logPath)
	return ta.run(ctx)
}

// trayApp is the running tray app: the engine, the notifier, the tray and the windows.
type trayApp struct {
	fyne      fyne.App
	files     config.Files
	log       *slog.Logger
	cfg       *config.Config
	configErr error
	// wholeFileErr: a file was left out whole (not one service): the menu says so.
	wholeFileErr bool
	opts         monitor.Options
	engine       *monitor.Engine
	runner       *alert.Runner
	notifier     *alert.Desktop
	tray         *tray.Tray
	settings     *ui.Settings
	about        *ui.About
}

func newTrayApp(a fyne.App, desk desktop.App, files config.Files, log *slog.Logger, logPath string) *trayApp {
	ta := &trayApp{fyne: a, files: files, log: log, opts: engineOptions(log)}
	ta.cfg, ta.wholeFileErr, ta.configErr = loadForTray(files)
	ta.engine = monitor.New(ta.cfg, ta.opts)
	settings, _ := alert.SettingsFrom(ta.cfg.Notifications) // validated with the config
	ta.notifier = alert.NewDesktop(assets.StateIcon, ta.onAction, alert.WithDesktopLog(log))
	ta.runner = alert.NewRunner(clock.Real{}, alert.NewPolicy(settings), ta.notifier, log)
	ta.about = ui.NewAbout(a, ui.AboutInfo{
		Version: versionLine(), MachineFile: files.Machine, UserFile: files.User, LogFile: logPath,
		Diagnostics: func() string {
			header := fmt.Sprintf("Uptray %s, %s/%s", versionLine(), runtime.GOOS, runtime.GOARCH)
			return tray.Diagnostics(header, ta.engine.Snapshot())
		},
	})
	ta.settings = ui.NewSettings(a, ui.Deps{
		Files: files, Engine: ta.engine, Test: testOnce(ta.opts.Check), Saved: func(l *config.Loaded) { ta.apply(l.Merged) },
		Autostart: autostart.New(appID, executable()),
	})
	ta.tray = tray.New(ta.engine, ta.runner, tray.DesktopSurface{App: desk}, tray.Actions{
		CheckNow:     ta.engine.CheckNow,
		CheckAll:     ta.engine.CheckAll,
		Snooze:       func(until time.Time) { ta.runner.Snooze(until); ta.tray.Refresh() },
		Resume:       func() { ta.runner.Resume(); ta.tray.Refresh() },
		OpenURL:      ta.openURL,
		OpenSettings: ta.settings.Show,
		About:        ta.about.Show,
		Quit:         a.Quit,
	})
	return ta
}

// run runs everything until Quit or a signal, then stops the engine (bounded wait).
func (ta *trayApp) run(ctx context.Context) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	transitions := ta.engine.Subscribe()
	watcher := config.NewWatcher(ta.files)
	wg.Add(2)
	go func() { defer wg.Done(); ta.engine.Run(ctx) }()
	go func() { defer wg.Done(); ta.runner.Run(ctx, transitions) }()

	// The tray must exist before Run: Fyne starts the system tray only when it starts.
	ta.tray.Render(ta.engine.Snapshot())
	ta.fyne.Lifecycle().SetOnStarted(func() {
		ta.greet()
		go ta.checkTrayHost(ctx)
		go ta.tray.Run(ctx)
		edits := &reloader{app: ta}
		go watcher.Run(ctx, 2*time.Second, edits.reload)
	})
	// Quit and SIGINT/SIGTERM both end Run; the signal context covers a signal that
	// arrives before Fyne has its own handler in place.
	go func() {
		<-ctx.Done()
		fyne.Do(ta.fyne.Quit)
	}()
	ta.log.Info("started", "version", version, "services", len(ta.cfg.Services), "sources", len(ta.cfg.Sources), "config", ta.files.User)
	ta.fyne.Run()
	cancel()
	defer ta.notifier.Close()
	stopped := make(chan struct{})
	go func() { wg.Wait(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(1500 * time.Millisecond):
		ta.log.Warn("engine did not stop in time; exiting anyway")
	}
	return exitOK
}

// greet says what needs saying at start: a config error, or that nothing is set up
// yet (and then the settings window helps). On the UI goroutine.
func (ta *trayApp) greet() {
	switch {
	case ta.configErr != nil:
		ta.log.Warn("configuration has errors; running without them", "err", ta.configErr)
		if ta.wholeFileErr {
			ta.tray.SetNotice("Config error — open Settings")
		}
		ta.notify("Uptray: the configuration has errors", firstLine(ta.configErr.Error()))
	case len(ta.cfg.Services)+len(ta.cfg.Sources) == 0:
		ta.notify("Uptray is running", "No services are configured yet: add one in the settings window.")
	default:
		return
	}
	ta.settings.Show()
}

// checkTrayHost shows, on a desktop that draws no tray icons (GNOME without the
// AppIndicator extension), a window that says so: otherwise Uptray is invisible there.
func (ta *trayApp) checkTrayHost(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	ok, err := tray.HostAvailable(ctx)
	if ok {
		return
	}
	ta.log.Warn("this desktop shows no tray icons; notifications go on", "err", err)
	fyne.Do(func() { ui.NewNoTray(ta.fyne, ta.settings.Show).Show() })
}

// apply runs a newly saved or edited configuration. On the UI goroutine.
func (ta *trayApp) apply(cfg *config.Config) {
	ta.engine.Apply(cfg)
	if s, err := alert.SettingsFrom(cfg.Notifications); err == nil {
		ta.runner.SetSettings(s)
	}
	ta.tray.SetNotice("")
	ta.log.Info("configuration applied", "services", len(cfg.Services), "sources", len(cfg.Sources))
}

// onAction answers a notification's button, on the notifier's goroutine.
func (ta *trayApp) onAction(action string, n alert.Notification) {
	switch action {
	case alert.ActionDetails:
		fyne.Do(func() { ta.settings.ShowService(n.Details) })
	case alert.ActionOpen:
		fyne.Do(func() { ta.openURL(n.Open) })
	}
}

func (ta *trayApp) openURL(s string) {
	if u, err := url.Parse(s); err == nil {
		ta.fyne.OpenURL(u)
	}
}

// notify sends an app message (not about a service) through the notification queue.
func (ta *trayApp) notify(title, body string) {
	ta.runner.Send(alert.Notification{Title: title, Body: body, Status: status.Unknown})
}

// loadForTray reads the configuration leniently: a broken service is a row of its own
// (`Config error: <field> — open Settings`) and every other one runs. A file with a
// problem outside its services and sources (a syntax error, a bad [defaults]) is left
// out whole; wholeFile tells so, for the menu's notice.
func loadForTray(files config.Files) (cfg *config.Config, wholeFile bool, err error) {
	loaded, err := config.LoadLenient(files)
	var es config.Errors
	if errors.As(err, &es) {
		wholeFile = slices.ContainsFunc(es, func(e config.FieldError) bool { return e.Service == 0 && e.Source == 0 })
	} else if err != nil {
		wholeFile = true
	}
	return loaded.Merged, wholeFile, err
}

// reloader picks up a config file edited by hand. An invalid edit keeps the running
// configuration and tells the user once per distinct problem. The watcher calls it
// from one goroutine only.
type reloader struct {
	app     *trayApp
	lastErr string
}

func (r *reloader) reload() {
	merged, wholeFile, err := loadForTray(r.app.files)
	if err != nil {
		msg := firstLine(err.Error())
		if msg != r.lastErr {
			body := msg + "\nThe other services are watched as before."
			if wholeFile {
				body = msg + "\nThe previous configuration stays in use."
			}
			r.app.notify("Uptray: the edited configuration has errors", body)
		}
		r.lastErr = msg
		if wholeFile {
			r.app.log.Warn("edited configuration has errors; keeping the running one", "err", err)
			return
		}
		r.app.log.Warn("edited configuration has broken entries; running the rest", "err", err)
	} else {
		r.lastErr = ""
	}
	fyne.Do(func() {
		r.app.apply(merged)
		r.app.settings.ReloadFromDisk()
	})
}

// testOnce runs one check of a service with its own timeout, for the settings
// window's Test button.
func testOnce(check monitor.CheckFunc) func(context.Context, config.Spec) status.Result {
	return func(ctx context.Context, spec config.Spec) status.Result {
		ctx, cancel := context.WithTimeout(ctx, spec.Timeout)
		defer cancel()
		r := check(ctx, spec.Service)
		r.At = time.Now()
		return r
	}
}

func executable() string {
	if exe, err := os.Executable(); err == nil {
		return exe
	}
	return "uptray"
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func instanceSocket() string {
	dir := os.Getenv("XDG_RUNTIME_DIR")
	if dir == "" {
		if d, err := os.UserCacheDir(); err == nil {
			dir = filepath.Join(d, "uptray")
		} else {
			dir = os.TempDir()
		}
	}
	return filepath.Join(dir, "uptray.sock")
}
