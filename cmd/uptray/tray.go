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

// appID matches FyneApp.toml; Fyne keeps the app's preferences under it.
const appID = "io.github.uptray.uptray"

// runTray starts the tray app and returns when the user quits or a signal arrives.
func runTray(ctx context.Context, files config.Files, stderr io.Writer) int {
	logPath := applog.Path()
	log, logFile := applog.Open(logPath, stderr, slog.LevelInfo)
	defer logFile.Close()
	slog.SetDefault(log) // a probe's recovered panic is logged through the default logger
	icon := fyne.NewStaticResource("uptray.png", assets.AppIcon())
	// `go build` does not read FyneApp.toml (only `fyne build` does): say it here, so the
	// tray's title is "Uptray" and not the app ID.
	app.SetMetadata(fyne.AppMetadata{ID: appID, Name: "Uptray", Version: version, Icon: icon})
	a := app.NewWithID(appID)
	desk, ok := a.(desktop.App)
	if !ok {
		fmt.Fprintln(stderr, "uptray: this desktop has no system tray; use `uptray watch` instead")
		return exitConfigError
	}
	a.SetIcon(icon)

	var settingsWin *ui.Settings
	lock, err := instance.Acquire(instanceSocket(), "show", func(string) {
		fyne.Do(func() { settingsWin.Show() }) // a second start: show ourselves instead
	})
	if errors.Is(err, instance.ErrRunning) {
		fmt.Fprintln(stderr, "uptray: already running; the running one was told to show itself")
		return exitOK
	} else if err != nil {
		log.Warn("single-instance lock unavailable; going on", "err", err)
	} else {
		defer lock.Release()
	}

	cfg, configErr := loadForTray(files)
	opts := engineOptions(log)
	watcher := config.NewWatcher(files) // before the first read: no edit is missed
	engine := monitor.New(cfg, opts)
	settings, _ := alert.SettingsFrom(cfg.Notifications) // validated with the config
	runner := alert.NewRunner(clock.Real{}, alert.NewPolicy(settings), alert.NewBeeep(assets.StateIcon), log)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	transitions, _ := engine.Subscribe()
	wg.Add(2)
	go func() { defer wg.Done(); engine.Run(ctx) }()
	go func() { defer wg.Done(); runner.Run(ctx, transitions) }()

	var t *tray.Tray
	about := ui.NewAbout(a, ui.AboutInfo{
		Version: versionLine(), MachineFile: files.Machine, UserFile: files.User, LogFile: logPath,
		Diagnostics: func() string {
			return tray.Diagnostics(fmt.Sprintf("Uptray %s, %s/%s", versionLine(), runtime.GOOS, runtime.GOARCH), engine.Snapshot())
		},
	})
	applyConfig := func(l *config.Loaded) {
		engine.Apply(l.Merged)
		if s, err := alert.SettingsFrom(l.Merged.Notifications); err == nil {
			runner.SetSettings(s)
		}
		t.SetNotice("")
		log.Info("configuration applied", "services", len(l.Merged.Services))
	}
	settingsWin = ui.NewSettings(a, ui.Deps{
		Files:     files,
		Engine:    engine,
		Test:      testOnce(opts.Check),
		Saved:     applyConfig,
		Autostart: autostart.New(appID, executable()),
	})
	t = tray.New(engine, runner, tray.DesktopSurface{App: desk}, tray.Actions{
		CheckNow: engine.CheckNow,
		CheckAll: engine.CheckAll,
		Snooze: func(until time.Time) {
			runner.Snooze(until)
			t.Refresh()
		},
		Resume: func() {
			runner.Resume()
			t.Refresh()
		},
		OpenURL: func(s string) {
			if u, err := url.Parse(s); err == nil {
				a.OpenURL(u)
			}
		},
		OpenSettings: settingsWin.Show,
		About:        about.Show,
		Quit:         a.Quit,
	})
	// The tray must exist before a.Run: Fyne starts the system tray only when it starts.
	t.Render(engine.Snapshot())
	a.Lifecycle().SetOnStarted(func() {
		switch {
		case configErr != nil:
			t.SetNotice("Config error — open Settings")
			notifyOnce(runner, "Uptray: the configuration has errors", firstLine(configErr.Error()))
		case len(cfg.Services) == 0:
			notifyOnce(runner, "Uptray is running", "No services are configured yet: add one in the settings window.")
		}
		go t.Run(ctx)
		edits := &reloader{files: files, runner: runner, log: log, apply: applyConfig, win: settingsWin}
		go watcher.Run(ctx, 2*time.Second, edits.reload)
		if configErr != nil || len(cfg.Services) == 0 {
			settingsWin.Show() // first run, or something to fix: the settings window helps
		}
	})
	// Quit and SIGINT/SIGTERM both end a.Run; the signal context covers a signal that
	// arrives before Fyne has its own handler in place.
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	log.Info("started", "version", version, "services", len(cfg.Services), "config", files.User)
	a.Run()
	cancel()
	stopped := make(chan struct{})
	go func() { wg.Wait(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(1500 * time.Millisecond):
		log.Warn("engine did not stop in time; exiting anyway")
	}
	return exitOK
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
	files   config.Files
	runner  *alert.Runner
	log     *slog.Logger
	apply   func(*config.Loaded)
	win     *ui.Settings
	lastErr string
}

func (r *reloader) reload() {
	loaded, err := config.Load(r.files)
	if err != nil {
		msg := firstLine(err.Error())
		r.log.Warn("edited configuration has errors; keeping the running one", "err", err)
		if msg != r.lastErr {
			notifyOnce(r.runner, "Uptray: the edited configuration has errors", msg+"\nThe previous configuration stays in use.")
		}
		r.lastErr = msg
		return
	}
	r.lastErr = ""
	fyne.Do(func() {
		r.apply(loaded)
		r.win.ReloadFromDisk()
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

func notifyOnce(r *alert.Runner, title, body string) {
	r.Send(alert.Notification{Title: title, Body: body, Status: status.Unknown})
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
