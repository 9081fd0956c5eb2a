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
	opts      monitor.Options
	engine    *monitor.Engine
	runner    *alert.Runner
	tray      *tray.Tray
	settings  *ui.Settings
	about     *ui.About
}

func newTrayApp(a fyne.App, desk desktop.App, files config.Files, log *slog.Logger, logPath string) *trayApp {
	ta := &trayApp{fyne: a, files: files, log: log, opts: engineOptions(log)}
	ta.cfg, ta.configErr = loadForTray(files)
	ta.engine = monitor.New(ta.cfg, ta.opts)
	settings, _ := alert.SettingsFrom(ta.cfg.Notifications) // validated with the config
	ta.runner = alert.NewRunner(clock.Real{}, alert.NewPolicy(settings), alert.NewBeeep(assets.StateIcon), log)
	ta.about = ui.NewAbout(a, ui.AboutInfo{
		Version: versionLine(), MachineFile: files.Machine, UserFile: files.User, LogFile: logPath,
		Diagnostics: func() string {
			header := fmt.Sprintf("Uptray %s, %s/%s", versionLine(), runtime.GOOS, runtime.GOARCH)
			return tray.Diagnostics(header, ta.engine.Snapshot())
		},
	})
	ta.settings = ui.NewSettings(a, ui.Deps{
		Files: files, Engine: ta.engine, Test: testOnce(ta.opts.Check), Saved: ta.apply,
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
		ta.tray.SetNotice("Config error — open Settings")
		ta.notify("Uptray: the configuration has errors", firstLine(ta.configErr.Error()))
	case len(ta.cfg.Services)+len(ta.cfg.Sources) == 0:
		ta.notify("Uptray is running", "No services are configured yet: add one in the settings window.")
	default:
		return
	}
	ta.settings.Show()
}

// apply runs a newly saved or edited configuration. On the UI goroutine.
func (ta *trayApp) apply(l *config.Loaded) {
	ta.engine.Apply(l.Merged)
	if s, err := alert.SettingsFrom(l.Merged.Notifications); err == nil {
		ta.runner.SetSettings(s)
	}
	ta.tray.SetNotice("")
	ta.log.Info("configuration applied", "services", len(l.Merged.Services), "sources", len(l.Merged.Sources))
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

// loadForTray reads the configuration. An invalid one still starts the tray (grey,
// with the error in the menu) running only what is valid: the machine-wide layer, or nothing.
func loadForTray(files config.Files) (*config.Config, error) {
	loaded, err := config.Load(files)
	if err == nil {
		return loaded.Merged, nil
	}
	if loaded != nil && loaded.Machine.Validate() == nil {
		return config.Merge(loaded.Machine, &config.Config{}), err
	}
	return &config.Config{}, err
}

// reloader picks up a config file edited by hand. An invalid edit keeps the running
// configuration and tells the user once per distinct problem. The watcher calls it
// from one goroutine only.
type reloader struct {
	app     *trayApp
	lastErr string
}

func (r *reloader) reload() {
	loaded, err := config.Load(r.app.files)
	if err != nil {
		msg := firstLine(err.Error())
		r.app.log.Warn("edited configuration has errors; keeping the running one", "err", err)
		if msg != r.lastErr {
			r.app.notify("Uptray: the edited configuration has errors", msg+"\nThe previous configuration stays in use.")
		}
		r.lastErr = msg
		return
	}
	r.lastErr = ""
	fyne.Do(func() {
		r.app.apply(loaded)
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
