// The runtime re-reads the cgroup CPU limit every second or so to adjust GOMAXPROCS; a
// tray app that sits idle all day has no use for it, and each look wakes the CPU.
//go:debug updatemaxprocs=0

// Command uptray watches the services staff depend on: as a tray app (the default),
// or without a screen (`uptray check`, `uptray watch`) for IT and scripts.
// It only parses flags and wires the parts together: the logic lives in internal/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/control"
	"github.com/uptray/uptray/internal/monitor"
	"github.com/uptray/uptray/internal/probe"
	_ "github.com/uptray/uptray/internal/quietlocale" // before Fyne reads the locale
	"github.com/uptray/uptray/internal/secret"
	"github.com/uptray/uptray/internal/source"
)

// Exit codes of `uptray check`, documented in the README.
const (
	exitOK          = 0
	exitProblem     = 1 // something is Degraded, Down, Unknown or we are Offline
	exitConfigError = 2
)

const usage = `Usage:
  uptray [--config PATH]                    start the tray app
  uptray check [--config PATH] [--json]     check every service once; exit 0 all up, 1 a problem, 2 a config error
  uptray watch [--config PATH] [--json]     run the checks without a screen, print each change until Ctrl-C
  uptray validate [--config PATH]           check the configuration files only (no network); exit 0 or 2
  uptray validate --managed                 fetch and check the managed file the machine-wide file names;
                                            exit 0 good, 1 not fetched, 2 invalid or signature refused
  uptray keygen                             print a new key pair for signing the managed file
  uptray sign KEY FILE                      write FILE.sig, FILE's signature with the key from keygen
  uptray history [NAME…] [--since 7d] [--events] [--json|--csv]
                                            uptime, downtime, outages and p95 latency from the history
  uptray version                            print version, commit and build date
  uptray windows --open WINDOW              the settings, about, welcome or notray window
                                            (started by the tray app; service:NAME opens one service)

--config PATH          the user's config file (default: %s)
--machine-config PATH  the machine-wide file IT manages (default: %s; "" for none)
`

func main() {
	stop := startProfile()
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(args []string, stdout, stderr io.Writer) int {
	cmd := ""
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	files := config.DefaultFiles()
	fs := flag.NewFlagSet("uptray "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprintf(stderr, usage, files.User, files.Machine) }
	fs.StringVar(&files.User, "config", files.User, "")
	fs.StringVar(&files.Machine, "machine-config", files.Machine, "")
	asJSON := fs.Bool("json", false, "")
	open := fs.String("open", control.WindowSettings, "")
	since := fs.String("since", "7d", "")
	asCSV := fs.Bool("csv", false, "")
	events := fs.Bool("events", false, "")
	managed := fs.Bool("managed", false, "")
	// Flags may come after names too (`uptray history Payments --since 30d`).
	var names []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return exitOK
			}
			return exitConfigError
		}
		if fs.NArg() == 0 {
			break
		}
		names, args = append(names, fs.Arg(0)), fs.Args()[1:]
	}
	if len(names) > 0 && cmd != "history" && cmd != "sign" {
		fmt.Fprintf(stderr, "uptray %s: unexpected argument %q\n", cmd, names[0])
		return exitConfigError
	}
	ctx, stop := onSignals(context.Background(), stderr, os.Exit, stopGrace)
	defer stop()
	switch cmd {
	case "":
		return runTray(ctx, files, stderr)
	case "windows":
		return runWindows(ctx, files, *open, stderr)
	case "check":
		return runCheck(ctx, files, *asJSON, stdout, stderr)
	case "watch":
		return runWatch(ctx, files, *asJSON, stdout, stderr)
	case "validate":
		if *managed {
			return runValidateManaged(ctx, files, managedClient(), stdout, stderr)
		}
		return runValidate(files, namedFiles(fs), stdout, stderr)
	case "sign":
		return runSign(names, stdout, stderr)
	case "keygen":
		return runKeygen(stdout, stderr)
	case "history":
		return runHistory(names, *since, *events, *asJSON, *asCSV, stdout, stderr)
	case "version":
		printVersion(stdout)
		return exitOK
	case "help":
		fs.Usage()
		return exitOK
	}
	fmt.Fprintf(stderr, "uptray: unknown command %q\n", cmd)
	fs.Usage()
	return exitConfigError
}

// namedFiles are the config paths given on the command line: unlike the defaults,
// they must exist (a typo must not validate as "no file").
func namedFiles(fs *flag.FlagSet) []string {
	var paths []string
	fs.Visit(func(f *flag.Flag) {
		if (f.Name == "config" || f.Name == "machine-config") && f.Value.String() != "" {
			paths = append(paths, f.Value.String())
		}
	})
	return paths
}

// loadConfig reads both layers; on failure it prints every error and returns nil.
func loadConfig(files config.Files, stderr io.Writer) *config.Loaded {
	loaded, err := config.Load(files)
	if err != nil {
		fmt.Fprintf(stderr, "uptray: the configuration has errors:\n%v\n", err)
		return nil
	}
	return loaded
}

// engineOptions builds the probes, the connectivity test and the source readers that
// the engine and `check` use.
func engineOptions(log *slog.Logger) monitor.Options {
	reg := probe.NewRegistry(probe.Options{UserAgent: "Uptray/" + version, Log: log})
	client := reg.HTTPClient()
	sources := source.Reader{Log: log}
	keys := secret.System()
	return monitor.Options{
		Check: reg.Check,
		Online: func(ctx context.Context, targets []string) (bool, string) {
			return probe.Connectivity{Targets: targets}.Online(ctx)
		},
		Fetch: func(ctx context.Context, src config.Source) ([]source.Entry, error) {
			// A keychain reference the load could not resolve is tried again at each
			// poll: it fails this source alone, with its reason, until it resolves.
			src, err := secret.ResolveSource(keys, src)
			if err != nil {
				return nil, err
			}
			return sources.Fetch(ctx, client, src)
		},
		Log: log,
	}
}
