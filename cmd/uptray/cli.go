package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/monitor"
	"github.com/uptray/uptray/internal/redact"
	"github.com/uptray/uptray/internal/secret"
	"github.com/uptray/uptray/internal/status"
)

func runCheck(ctx context.Context, files config.Files, asJSON bool, stdout, stderr io.Writer) int {
	loaded := loadConfig(files, stderr)
	if loaded == nil {
		return exitConfigError
	}
	rep := monitor.CheckOnce(ctx, secret.ResolveConfig(secret.System(), loaded.Merged), engineOptions(nil))
	for i := range rep.Outcomes { // scripts and tickets get no passwords or tokens
		o := &rep.Outcomes[i]
		o.Target, o.Result.Reason = redact.URL(o.Target), redact.Text(o.Result.Reason)
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(rep)
	} else {
		printReport(stdout, stderr, rep, len(loaded.Merged.Services)+len(loaded.Merged.Sources))
	}
	if rep.Offline {
		return exitProblem
	}
	for _, o := range rep.Outcomes {
		if o.Result.Status != status.Up {
			return exitProblem
		}
	}
	return exitOK
}

func printReport(stdout, stderr io.Writer, rep monitor.Report, total int) {
	if total == 0 {
		fmt.Fprintln(stdout, "No services configured. Add some in the settings window or the config file (see the README).")
		return
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tGROUP\tSTATUS\tLATENCY\tREASON")
	for _, o := range rep.Outcomes {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", o.Name, o.Group, o.Result.Status, status.FormatLatency(o.Result.Latency), oneLine(o.Result.Reason))
	}
	tw.Flush()
	for _, o := range rep.Outcomes {
		if o.Result.Warning != "" {
			fmt.Fprintf(stderr, "warning: %s: %s\n", o.Name, o.Result.Warning)
		}
	}
	if rep.Offline {
		fmt.Fprintf(stdout, "\nOffline: %s — the failures above are this machine's network, not the services.\n", rep.OfflineReason)
	}
}

func runWatch(ctx context.Context, files config.Files, asJSON bool, stdout, stderr io.Writer) int {
	loaded := loadConfig(files, stderr)
	if loaded == nil {
		return exitConfigError
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	engine := monitor.New(secret.ResolveConfig(secret.System(), loaded.Merged), engineOptions(log))
	transitions := engine.Subscribe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ok := true; ok; {
			_, ok = <-transitions.Ready()
			for _, t := range transitions.Take() {
				printTransition(stdout, t, asJSON)
			}
		}
	}()
	if !asJSON {
		fmt.Fprintf(stdout, "Watching %d services (Ctrl-C to stop)\n", len(loaded.Merged.Services))
	}
	// Not on this goroutine: Fyne's GL driver locks main to the main OS thread in its
	// init, and every wake-up of a loop running there is a hand-over between threads.
	go engine.Run(ctx) // until SIGINT/SIGTERM; closes the subscription
	<-done
	return exitOK
}

func printTransition(w io.Writer, t status.Transition, asJSON bool) {
	t.Link, t.Reason = redact.URL(t.Link), redact.Text(t.Reason)
	if asJSON {
		json.NewEncoder(w).Encode(t)
		return
	}
	name := t.Service
	if t.IsConnectivity() {
		name = "(network)"
	}
	line := fmt.Sprintf("%s  %-20s %s → %s", t.At.Format("2006-01-02 15:04:05"), name, t.From, t.To)
	if t.Reason != "" {
		line += "  " + oneLine(t.Reason)
	}
	fmt.Fprintln(w, line)
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " / ") }

// runValidate reads both layers and reports every error, touching no network: for IT
// before it ships a machine-wide file. The paths in named must exist.
func runValidate(files config.Files, named []string, stdout, stderr io.Writer) int {
	for _, path := range named {
		if _, err := os.Stat(path); err != nil {
			fmt.Fprintf(stderr, "uptray: cannot read %s: %v\n", path, errors.Unwrap(err))
			return exitConfigError
		}
	}
	loaded := loadConfig(files, stderr)
	if loaded == nil {
		return exitConfigError
	}
	fmt.Fprintf(stdout, "Configuration OK: %d services, %d sources (machine-wide %s, user %s)\n",
		len(loaded.Merged.Services), len(loaded.Merged.Sources), orNone(files.Machine), orNone(files.User))
	return exitOK
}

func orNone(path string) string {
	if path == "" {
		return "none"
	}
	return path
}
