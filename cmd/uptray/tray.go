package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/uptray/uptray/assets"
	"github.com/uptray/uptray/internal/alert"
	"github.com/uptray/uptray/internal/applog"
	"github.com/uptray/uptray/internal/clock"
	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/control"
	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/monitor"
	"github.com/uptray/uptray/internal/secret"
	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/tray"
)

// appName and appID match FyneApp.toml (a test holds them to it); Fyne keeps the
// app's preferences under the ID.
const (
	appName = "Uptray"
	appID   = "io.github.uptray.uptray"
)

// runTray is the resident process: the engine, the notifier, the tray icon and menu
// (fyne.io/systray: no GL, no window of its own), config watching and the control
// channel. Windows open in a process of their own (`uptray windows`), started on demand,
// so that all day the resident costs next to nothing. It returns when the user quits or
// a signal arrives. Call it from main's goroutine: the tray owns the main thread.
func runTray(ctx context.Context, files config.Files, stderr io.Writer) int {
	// One thread runs Go code: the resident waits on the network and D-Bus, and with a
	// second P every wake-up also woke an idle thread to look for work (measured, 50
	// services at 60 s: 132 -> 94 ms of CPU and 13 -> 8 context switches a second).
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1)
	}
	if os.Getenv("UPTRAY_NOTRIM") == "" { // for measuring what the trim saves
		trimExecutable()
	}
	logPath := applog.Path()
	log, logFile := applog.Open(logPath, stderr, slog.LevelInfo)
	defer logFile.Close()

	if removed, err := config.CleanTemp(files.User); err != nil || len(removed) > 0 {
		log.Info("left-over temp files of an interrupted save", "removed", removed, "err", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r := newResident(files, log)
	srv, err := control.Listen(control.DefaultPath(), r, log)
	switch {
	case errors.Is(err, control.ErrRunning):
		// A second start (from the applications menu): the running one opens Settings.
		if err := control.Tell(control.DefaultPath(), control.Message{Type: control.TypeOpen, Window: control.WindowSettings}); err != nil {
			fmt.Fprintf(stderr, "uptray: already running, but it does not answer: %v\n", err)
			return exitProblem
		}
		fmt.Fprintln(stderr, "uptray: already running; it was asked to open Settings")
		return exitOK
	case err != nil:
		log.Warn("control channel unavailable: a second start will not find this one", "err", err)
	}
	if srv != nil {
		r.windows.srv = srv // never a nil *Server in the interface: it would not compare nil
	}
	return r.run(ctx, cancel, srv)
}

// resident is the running tray app.
type resident struct {
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
	systray      *tray.Systray
	windows      *launcher
	reloader     *reloader
	history      *historyTap
	managed      *managedLoop // the machine-wide file's [managed] URL
	lang         string       // the language in use ("en", "ko"), for the log
}

func newResident(files config.Files, log *slog.Logger) *resident {
	r := &resident{files: files, log: log, opts: engineOptions(log), history: &historyTap{}}
	r.opts.OnResult, r.opts.OnTransition = r.history.result, r.history.transition
	r.cfg, r.wholeFileErr, r.configErr = loadForTray(files)
	// The tray and the notices speak the configured language (the OS's by default);
	// the command line never calls this and stays English.
	r.lang = i18n.SetLanguage(r.cfg.Interface.Language)
	log.Info("language", "in use", r.lang)
	r.engine = monitor.New(r.cfg, r.opts)
	settings, _ := alert.SettingsFrom(r.cfg.Notifications) // validated with the config
	r.notifier = alert.NewDesktop(assets.StateIcon, r.onAction, alert.WithDesktopLog(log))
	r.runner = alert.NewRunner(clock.Real{}, alert.NewPolicy(settings), r.notifier, log)
	r.windows = &launcher{exe: executable(), files: files, log: log}
	if os.Getenv("UPTRAY_NOTRIM") == "" {
		// The windows process mapped the executable's pages in large runs, and the
		// resident's faults meanwhile mapped them too: give them back once it is gone.
		r.windows.afterLast = trimExecutable
	}
	r.reloader = &reloader{app: r}
	r.managed = newManagedLoop(files, managedClient(), clock.Real{}, log, r.notify, r.reloader.reload)
	r.systray = tray.NewSystray()
	r.tray = tray.New(r.engine, r.runner, r.systray, tray.Actions{
		CheckNow:     r.engine.CheckNow,
		CheckAll:     r.engine.CheckAll,
		Snooze:       r.Pause,
		Resume:       r.Resume,
		OpenURL:      r.openURL,
		Details:      func(name string) { go r.windows.Open(control.WindowService, name) },
		OpenSettings: func() { go r.windows.Open(control.WindowSettings, "") },
		About:        func() { go r.windows.Open(control.WindowAbout, "") },
		Quit:         r.systray.Quit,
	}, clock.Real{})
	return r
}

// run runs everything until Quit or a signal, then stops (bounded wait).
func (r *resident) run(ctx context.Context, cancel context.CancelFunc, srv *control.Server) int {
	var wg sync.WaitGroup
	transitions := r.engine.Subscribe()
	watcher := config.NewWatcher(r.files, clock.Real{})
	r.tray.Render(r.engine.Snapshot())
	go func() {
		<-ctx.Done() // SIGINT/SIGTERM
		r.systray.Quit()
	}()
	r.log.Info("started", "version", version, "services", len(r.cfg.Services), "sources", len(r.cfg.Sources), "config", r.files.User)
	r.systray.Run(func() {
		wg.Add(6)
		go func() { defer wg.Done(); r.history.run(ctx, r.log, r.notify) }()
		go func() { defer wg.Done(); r.engine.Run(ctx) }()
		go func() { defer wg.Done(); r.runner.Run(ctx, transitions) }()
		go func() { defer wg.Done(); r.tray.Run(ctx) }()
		go func() {
			defer wg.Done()
			watcher.Run(ctx, 2*time.Second, func() { r.reloader.reload(); r.managed.Kick() })
		}()
		go func() { defer wg.Done(); r.managed.run(ctx) }()
		r.greet()
		go r.checkTrayHost(ctx)
	})
	// The control server goes first: it reads the engine until it is closed.
	if srv != nil {
		srv.Close()
	}
	r.windows.Stop()
	cancel()
	stopped := make(chan struct{})
	go func() { wg.Wait(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(1500 * time.Millisecond):
		r.log.Warn("engine did not stop in time; exiting anyway")
	}
	r.notifier.Close()
	return exitOK
}

// greet says what needs saying at start: a config error, or that nothing is set up
// yet (and then the settings window helps).
func (r *resident) greet() {
	switch {
	case r.configErr != nil:
		r.log.Warn("configuration has errors; running without them", "err", r.configErr)
		if r.wholeFileErr {
			r.tray.SetNotice(i18n.T("Config error — open Settings"))
		}
		r.runner.Send(alert.ConfigErrorsNotice(firstLine(r.configErr.Error())))
	case len(r.cfg.Services)+len(r.cfg.Sources) == 0:
		r.runner.Send(alert.WelcomeNotice())
	default:
		return
	}
	go r.windows.Open(control.WindowSettings, "")
}

// checkTrayHost opens, on a desktop that draws no tray icons (GNOME without the
// AppIndicator extension), a window that says so: otherwise Uptray is invisible there.
func (r *resident) checkTrayHost(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	ok, err := tray.HostAvailable(ctx)
	if ok {
		return
	}
	r.log.Warn("this desktop shows no tray icons; notifications go on", "err", err)
	r.windows.Open(control.WindowNoTray, "")
}

// apply runs a newly edited configuration.
func (r *resident) apply(cfg *config.Config) {
	r.engine.Apply(cfg)
	if s, err := alert.SettingsFrom(cfg.Notifications); err == nil {
		r.runner.SetSettings(s)
	}
	// A changed language shows at once: SetNotice redraws the menu (retitled in place)
	// and the tooltip; later notices are worded in it.
	if lang := i18n.SetLanguage(cfg.Interface.Language); lang != r.lang {
		r.log.Info("language changed", "in use", lang)
		r.lang = lang
	}
	r.tray.SetNotice("")
	r.log.Info("configuration applied", "services", len(cfg.Services), "sources", len(cfg.Sources))
}

// onAction answers a notification's button, on the notifier's goroutine.
func (r *resident) onAction(action string, n alert.Notification) {
	switch action {
	case alert.ActionDetails:
		go r.windows.Open(control.WindowService, n.Details)
	case alert.ActionOpen:
		r.openURL(n.Open)
	}
}

// openURL opens a page in the user's browser.
func (r *resident) openURL(url string) {
	if !strings.HasPrefix(url, "https://") && !strings.HasPrefix(url, "http://") {
		return // only web pages: a target is config, but never hand a browser opener a file or a command
	}
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		r.log.Warn("cannot open the browser", "err", err)
		return
	}
	go cmd.Wait()
}

// notify sends an app message (not about a service) through the notification queue.
func (r *resident) notify(title, body string) {
	r.runner.Send(alert.Notification{Title: title, Body: body, Status: status.Unknown})
}

// The control channel's requests (control.Handler).

func (r *resident) Snapshot() status.Snapshot          { return r.engine.Snapshot() }
func (r *resident) Updates() (<-chan struct{}, func()) { return r.engine.Updates() }
func (r *resident) CheckNow(name string)               { r.engine.CheckNow(name) }
func (r *resident) CheckAll()                          { r.engine.CheckAll() }
func (r *resident) Reload()                            { go r.reloader.reload() }
func (r *resident) Open(window, service string)        { r.windows.Open(window, service) }

// Pause pauses notifications until the given time (zero: until resumed).
func (r *resident) Pause(until time.Time) { r.runner.Snooze(until); r.tray.Refresh() }

// Resume ends a pause and tells what is still down.
func (r *resident) Resume() { r.runner.Resume(); r.tray.Refresh() }

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
	// The engine gets the keychain's values; the windows read the files themselves and
	// keep the references.
	return secret.ResolveConfig(secret.System(), loaded.Merged), wholeFile, err
}

// reloader picks up a config file edited by hand. An invalid edit keeps the running
// configuration and tells the user once per distinct problem.
type reloader struct {
	mu      sync.Mutex // the watcher and a reload asked over the control channel
	app     *resident
	lastErr string
}

func (r *reloader) reload() {
	r.mu.Lock()
	defer r.mu.Unlock()
	merged, wholeFile, err := loadForTray(r.app.files)
	if err != nil {
		msg := firstLine(err.Error())
		if msg != r.lastErr {
			r.app.runner.Send(alert.EditedConfigErrorsNotice(msg, wholeFile))
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
	r.app.apply(merged)
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
