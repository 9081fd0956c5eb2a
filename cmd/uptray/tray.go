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
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/uptray/uptray/assets"
	"github.com/uptray/uptray/internal/alert"
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
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	a := app.NewWithID(appID)
	desk, ok := a.(desktop.App)
	if !ok {
		fmt.Fprintln(stderr, "uptray: this desktop has no system tray; use `uptray watch` instead")
		return exitConfigError
	}
	a.SetIcon(fyne.NewStaticResource("uptray.png", assets.AppIcon()))

	lock, err := instance.Acquire(instanceSocket(), "show", nil)
	if errors.Is(err, instance.ErrRunning) {
		fmt.Fprintln(stderr, "uptray: already running; the running one was told to show itself")
		return exitOK
	} else if err != nil {
		log.Warn("single-instance lock unavailable; going on", "err", err)
	} else {
		defer lock.Release()
	}

	cfg, configErr := loadForTray(files)
	check, online := newProber()
	engine := monitor.New(cfg, monitor.Options{Check: check, Online: online, Log: log})
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
	settingsWin := ui.NewSettings(a, files)
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
			notifyOnce(runner, "Uptray is running", "No services are configured yet: open Settings… from the tray menu to add one.")
		}
		go t.Run(ctx)
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
