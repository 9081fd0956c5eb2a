package e2e

// The outage day of issue 9, end to end: the real binary on Xvfb and a private D-Bus,
// many services failing together, read through the notifications it sends and the
// tray menu it shows.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

var (
	groupedDownRE = regexp.MustCompile(`^(\d+) services down\b`)
	groupedUpRE   = regexp.MustCompile(`^(\d+) services back up\b`)
	moreRE        = regexp.MustCompile(`^\+ (\d+) more — open Uptray$`)
	markupEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
)

// svc is one service in a test config, and what a notice should say about it.
type svc struct {
	Name, Path string // Path on the targets server, without the leading "/"
	Fallback   string
	Critical   bool
}

// outageServices have fallbacks with characters that need escaping for a
// body-markup server, a critical one in the middle (it must still come first),
// and one without a fallback (its reason is shown instead).
var outageServices = []svc{
	{Name: "Mail", Path: "n1", Fallback: "Use webmail & your phone's mail app"},
	{Name: "Calendar", Path: "n2"},
	{Name: "HR portal", Path: "n3", Fallback: "Send forms to <hr@example.test>"},
	{Name: "Payments", Path: "n4", Fallback: "Take card payments on the offline terminal"},
	{Name: "Phones", Path: "n5", Fallback: "Use your mobile; front desk on 5678", Critical: true},
	{Name: "VPN", Path: "n6", Fallback: "Work from the office network"},
	{Name: "Printing", Path: "n7", Fallback: "Print from the library PCs"},
	{Name: "Timesheets", Path: "n8", Fallback: "Write hours on paper, enter them tomorrow"},
}

const downReason = "HTTP 503 (want 200)"

// writeConfig writes a config with these services (http, expecting 200) against
// base, after head (defaults, connectivity…), and returns its path.
func writeConfig(t *testing.T, head, base string, services []svc) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(head)
	for _, s := range services {
		fmt.Fprintf(&b, "\n[[services]]\nname = %q\nkind = \"http\"\ntarget = %q\nexpect_status = [200]\n",
			s.Name, base+"/"+s.Path)
		if s.Fallback != "" {
			fmt.Fprintf(&b, "fallback = %q\n", s.Fallback)
		}
		if s.Critical {
			b.WriteString("critical = true\n")
		}
	}
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func paths(ss []svc) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Path
	}
	return out
}

func names(ss []svc) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Name
	}
	return out
}

// count returns the number a grouped title starts with, or -1.
func count(re *regexp.Regexp, summary string) int {
	m := re.FindStringSubmatch(summary)
	if m == nil {
		return -1
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

func isDownNote(n Note) bool {
	return strings.HasSuffix(n.Summary, " is down") || groupedDownRE.MatchString(n.Summary)
}

// checkDownStyle: a Down notice stays until dismissed (urgency critical, no expiry)
// and, where the server advertises actions, offers Details (and Open for http).
func checkDownStyle(t *testing.T, n Note, actions, single bool) {
	t.Helper()
	if !n.HasUrgency || n.Urgency != 2 {
		t.Errorf("Down notice %q: urgency %d (sent: %v), want 2 (critical)", n.Summary, n.Urgency, n.HasUrgency)
	}
	if n.Expire != 0 {
		t.Errorf("Down notice %q: expire_timeout %d, want 0 (stays until dismissed)", n.Summary, n.Expire)
	}
	if !actions {
		if len(n.Actions) != 0 {
			t.Errorf("Down notice %q: actions %q sent to a server without the \"actions\" capability", n.Summary, n.Actions)
		}
		return
	}
	if label, ok := n.Action("details"); !ok || label != "Details" {
		t.Errorf("Down notice %q: actions %q, want details → Details", n.Summary, n.Actions)
	}
	if single {
		if label, ok := n.Action("open"); !ok || label != "Open" {
			t.Errorf("Down notice %q about an http service: actions %q, want open → Open", n.Summary, n.Actions)
		}
	}
}

// checkUpStyle: recoveries and other news expire by themselves.
func checkUpStyle(t *testing.T, n Note) {
	t.Helper()
	if n.Expire == 0 {
		t.Errorf("notice %q: expire_timeout 0, want it to expire (-1: the server's default)", n.Summary)
	}
	if n.HasUrgency && n.Urgency == 2 {
		t.Errorf("notice %q: urgency critical, want normal", n.Summary)
	}
}

// checkGroupedBody checks a grouped Down notice's body against the services
// that failed: one line per service, critical ones first, `Name — fallback`
// (or `Name — reason` without one), and when not all fit a last line
// `+ N more — open Uptray` that accounts for the rest. markup: the server
// advertises body-markup, so & < > must arrive escaped.
func checkGroupedBody(t *testing.T, n Note, failed []svc, markup bool) {
	t.Helper()
	text := func(s string) string {
		if markup {
			return markupEscaper.Replace(s)
		}
		return s
	}
	byName := map[string]svc{}
	for _, s := range failed {
		byName[s.Name] = s
	}
	lines := n.Lines()
	more := 0
	if m := moreRE.FindStringSubmatch(lines[len(lines)-1]); m != nil {
		more, _ = strconv.Atoi(m[1])
		lines = lines[:len(lines)-1]
	}
	seen := map[string]bool{}
	lastCritical := -1
	for i, l := range lines {
		name, rest, ok := strings.Cut(l, " — ")
		s, known := byName[name]
		if !ok || !known || seen[name] {
			t.Errorf("grouped body line %d %q: want `Name — fallback` for a service that failed, once", i+1, l)
			continue
		}
		seen[name] = true
		want := downReason
		if s.Fallback != "" {
			want = s.Fallback
		}
		if rest != text(want) {
			t.Errorf("grouped body line %d %q: want %q", i+1, l, name+" — "+text(want))
		}
		if s.Critical {
			if lastCritical != i-1 {
				t.Errorf("grouped body line %d %q: a critical service after a non-critical one; critical ones come first", i+1, l)
			}
			lastCritical = i
		}
	}
	for _, s := range failed {
		if s.Critical && !seen[s.Name] {
			t.Errorf("grouped body leaves out critical service %s", s.Name)
		}
	}
	if len(lines)+more != len(failed) {
		t.Errorf("grouped body lists %d services and %d more, want %d in all:\n%s", len(lines), more, len(failed), n.Body)
	}
	if len(failed) > 8 && (more == 0 || len(lines) > 8) {
		t.Errorf("grouped body of %d services has %d lines and no `+ N more — open Uptray` line:\n%s", len(failed), len(lines), n.Body)
	}
}

// serviceRows returns each service's menu row (the label starting "Name — ").
func serviceRows(labels []string, ss []svc) map[string]string {
	rows := map[string]string{}
	for _, s := range ss {
		for _, l := range labels {
			if strings.HasPrefix(l, s.Name+" — ") {
				rows[s.Name] = l
				break
			}
		}
	}
	return rows
}

// offlineRowsWrong lists the rows that do not read `Name — Not checked — offline`.
func offlineRowsWrong(labels []string, ss []svc) []string {
	rows := serviceRows(labels, ss)
	var bad []string
	for _, s := range ss {
		if r, want := rows[s.Name], s.Name+" — Not checked — offline"; r != want {
			bad = append(bad, fmt.Sprintf("%q (want %q)", r, want))
		}
	}
	return bad
}

// fakeOpener puts an xdg-open first on env's PATH that records the URLs it is
// given instead of starting a browser, and returns the env and a reader.
func fakeOpener(t *testing.T, env []string) ([]string, func() []string) {
	t.Helper()
	dir := t.TempDir()
	log := filepath.Join(dir, "opened.txt")
	script := "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + log + "'\n"
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	out := slices.Clone(env)
	found := false
	for i, kv := range out {
		if strings.HasPrefix(kv, "PATH=") {
			out[i] = "PATH=" + dir + ":" + strings.TrimPrefix(kv, "PATH=")
			found = true
		}
	}
	if !found {
		out = append(out, "PATH="+dir+":/usr/bin:/bin")
	}
	return out, func() []string {
		b, _ := os.ReadFile(log)
		return strings.Fields(string(b))
	}
}

// windowShown reports whether a window titled exactly title is mapped on display.
func windowShown(display, title string) string {
	cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", "^"+regexp.QuoteMeta(title)+"$")
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	out, _ := cmd.Output()
	return strings.TrimSpace(string(out))
}

// TestOutageDay: 200 services in one config (8 named ones with fallbacks, one of
// them critical, and 192 more), all against one loopback server.
//  1. The 8 fail together: one grouped notice (replacing the first single one, if
//     one was sent) listing the critical service first and each fallback, escaped
//     for a body-markup server, with `+ N more` for what does not fit; Down notices
//     are critical, never expire, carry Details and Open; Details opens Settings.
//  2. All 200 fail: the grouped notice says exactly 200; all 200 recover: one
//     notice that says 200.
//  3. Offline: every menu row reads `Name — Not checked — offline`.
func TestOutageDay(t *testing.T) {
	t.Parallel()
	bin := buildGo(t, "uptray", "./cmd/uptray")
	display := startXvfb(t)
	bus := startBus(t)
	notifyd := startNotifyd(t, bus) // every capability: actions, body-markup, persistence
	watcher := startWatcher(t, bus)
	tg := newTargets(t)
	network := newGate(t)

	all := slices.Clone(outageServices)
	for i := len(all) + 1; i <= 200; i++ {
		all = append(all, svc{Name: fmt.Sprintf("S%d", i), Path: fmt.Sprintf("s%d", i)})
	}
	head := fmt.Sprintf("[defaults]\ninterval = \"5s\"\ntimeout = \"1s\"\nretry_interval = \"1s\"\nfailure_threshold = 2\n\n[connectivity]\ntargets = [%q]\n", network.addr)
	cfg := writeConfig(t, head, tg.srv.URL, all)
	startApp(t, appEnv(t, display, bus), bin, "--config", cfg, "--machine-config", "")
	tray := newTrayClient(t, bus, watcher.Item(t, 30*time.Second))
	const wait = 45 * time.Second

	summary := func() string {
		if l := tray.MenuLabels(); len(l) > 0 {
			return l[0]
		}
		return ""
	}
	since := func(from time.Time, match func(Note) bool) []Note {
		var out []Note
		for _, n := range notifyd.Notifications() {
			if !n.At.Before(from) && match(n) {
				out = append(out, n)
			}
		}
		return out
	}
	waitCount := func(re *regexp.Regexp, want int) func(Note) bool {
		return func(n Note) bool { return count(re, n.Summary) == want }
	}
	// checkGroupedDown: the outage that began at from left exactly one visible
	// Down notice, the grouped one, in place of the first single one if any.
	checkGroupedDown := func(from time.Time, grouped Note, failed []svc) {
		t.Helper()
		downs := since(from, isDownNote)
		var singles []Note
		for _, n := range downs {
			checkDownStyle(t, n, true, !groupedDownRE.MatchString(n.Summary))
			if !groupedDownRE.MatchString(n.Summary) {
				singles = append(singles, n)
			}
		}
		t.Logf("Down notices of this outage: %v", summaries(downs))
		switch {
		case len(singles) > 1:
			t.Errorf("%d single Down notices before the grouped one: %v; want at most the first", len(singles), summaries(singles))
		case len(singles) == 1 && (grouped.ReplacesID != singles[0].ID || grouped.ID != singles[0].ID):
			t.Errorf("grouped notice (id %d, replaces_id %d) does not replace the first one %q (id %d)",
				grouped.ID, grouped.ReplacesID, singles[0].Summary, singles[0].ID)
		}
		var visible []Note
		for _, n := range notifyd.Visible(from) {
			if isDownNote(n) {
				visible = append(visible, n)
			}
		}
		if len(visible) != 1 || visible[0].Summary != grouped.Summary {
			t.Errorf("visible Down notices = %v, want only %q", summaries(visible), grouped.Summary)
		}
		checkGroupedBody(t, grouped, failed, true)
		t.Logf("grouped notice:\n%s\n%s", grouped.Summary, grouped.Body)
	}

	WaitUntil(t, "all 200 services up", wait, func() bool { return summary() == "All 200 services up" })

	// 1. The 8 named services fail together.
	t1 := time.Now()
	tg.set("503", paths(outageServices)...)
	grouped := notifyd.WaitFor(t, waitCount(groupedDownRE, len(outageServices)), wait)
	t.Logf("measured: 8 failing → grouped notice in %v", grouped.At.Sub(t1).Round(10*time.Millisecond))
	WaitUntil(t, "8 of 200 down", wait, func() bool { return strings.HasPrefix(summary(), "8 of 200 down: ") }) // then who: the first names
	checkGroupedDown(t1, grouped, outageServices)
	if singles := since(t1, func(n Note) bool { return strings.HasSuffix(n.Summary, " is down") }); len(singles) == 1 {
		// The first single notice: what to do instead first, then the reason.
		s := singles[0]
		name := strings.TrimSuffix(s.Summary, " is down")
		i := slices.IndexFunc(outageServices, func(x svc) bool { return x.Name == name })
		if l := s.Lines(); i >= 0 && outageServices[i].Fallback != "" &&
			(len(l) < 2 || !strings.Contains(l[0], markupEscaper.Replace(outageServices[i].Fallback)) || !strings.Contains(l[1], downReason)) {
			t.Errorf("single Down notice body %q: want the fallback on the first line, the reason on the second", s.Body)
		}
	}
	// Details on the grouped notice opens the details view of its first service
	// ("Uptray — Phones": compared here, as xdotool's regex may not read "—").
	if _, ok := grouped.Action("details"); ok { // its absence is reported above
		notifyd.InvokeAction(t, grouped.ID, "details")
		WaitUntil(t, "Details to show the details view", wait, func() bool {
			cmd := exec.Command("xdotool", "search", "--onlyvisible", "--name", "Uptray", "getwindowname", "%@")
			cmd.Env = append(os.Environ(), "DISPLAY="+display)
			out, _ := cmd.Output()
			return strings.Contains(string(out), "Uptray — Phones")
		})
	}

	// Back up before the big one.
	t2 := time.Now()
	tg.set("ok", paths(outageServices)...)
	WaitUntil(t, "all 200 up again", wait, func() bool { return summary() == "All 200 services up" })
	notifyd.WaitFor(t, func(n Note) bool { return !n.At.Before(t2) && strings.Contains(n.Summary, "back up") }, wait)
	t.Logf("recovery notices of the 8: %v", summaries(since(t2, func(Note) bool { return true })))

	// 2. All 200 fail, then all 200 recover.
	t3 := time.Now()
	tg.set("503", paths(all)...)
	grouped = notifyd.WaitFor(t, waitCount(groupedDownRE, 200), wait)
	t.Logf("measured: 200 failing → grouped notice in %v", grouped.At.Sub(t3).Round(10*time.Millisecond))
	WaitUntil(t, "200 of 200 down", wait, func() bool { return strings.HasPrefix(summary(), "200 of 200 down: ") })
	checkGroupedDown(t3, grouped, all)
	if others := since(t3, func(n Note) bool { return !isDownNote(n) }); len(others) != 0 {
		t.Errorf("other notices while 200 failed: %v", summaries(others))
	}

	t4 := time.Now()
	tg.set("ok", paths(all)...)
	up := notifyd.WaitFor(t, waitCount(groupedUpRE, 200), wait)
	t.Logf("measured: 200 recovering → one notice in %v: %q", up.At.Sub(t4).Round(10*time.Millisecond), up.Summary)
	checkUpStyle(t, up)
	WaitUntil(t, "all 200 up after the outage", wait, func() bool { return summary() == "All 200 services up" })

	// 3. Offline: every row says so, at every look while the summary says offline.
	t5 := time.Now()
	tg.set("drop", paths(all)...)
	network.close()
	var firstOffline time.Time
	WaitUntil(t, "offline, and every row `Not checked — offline` for 3s", wait, func() bool {
		l := tray.MenuLabels()
		if len(l) == 0 || l[0] != "Offline — checks paused" {
			return false
		}
		if bad := offlineRowsWrong(l, all); len(bad) > 0 {
			t.Fatalf("the summary says offline but %d rows do not, e.g. %s", len(bad), bad[0])
		}
		if firstOffline.IsZero() {
			firstOffline = time.Now()
		}
		return time.Since(firstOffline) > 3*time.Second
	})
	if tray.IconColour() != "grey" {
		t.Errorf("icon is %s while offline, want grey", tray.IconColour())
	}
	checkUpStyle(t, notifyd.WaitFor(t, func(n Note) bool { return !n.At.Before(t5) && strings.Contains(n.Summary, "You are offline") }, wait))

	if between := since(t4, func(n Note) bool { return n.At.Before(t5) }); len(between) != 1 {
		t.Errorf("notices while 200 recovered = %v, want exactly one", summaries(between))
	}
	if during := since(t5, func(n Note) bool { return !strings.Contains(n.Summary, "offline") }); len(during) != 0 {
		t.Errorf("notices while going offline besides the offline one: %v", summaries(during))
	}
}

// TestDefaultsTimeToNotice: a config that sets no interval, retry or timeout, and
// one service that starts hanging right after a good check (the worst case: the
// failure has to wait for the next check, and every failed check takes the whole
// timeout). Its Down notice must come within 60 s, after at least two failed
// checks (one slow answer is not an outage). The notification server here is a
// minimal one (only "body"): no actions, no markup escaping.
func TestDefaultsTimeToNotice(t *testing.T) {
	t.Parallel()
	bin := buildGo(t, "uptray", "./cmd/uptray")
	display := startXvfb(t)
	bus := startBus(t)
	notifyd := startNotifydWith(t, bus, []string{"body"})
	startWatcher(t, bus) // a desktop with a tray, as usual
	tg := newTargets(t)
	network := newGate(t)

	intranet := svc{Name: "Intranet", Path: "intranet", Fallback: "Call IT & use the paper <form B>"}
	cfg := writeConfig(t, fmt.Sprintf("[connectivity]\ntargets = [%q]\n", network.addr), tg.srv.URL, []svc{intranet})
	tg.set("ok-then-hang", intranet.Path) // the first check answers 200; every later one hangs
	startApp(t, appEnv(t, display, bus), bin, "--config", cfg, "--machine-config", "")

	down := notifyd.WaitFor(t, func(n Note) bool { return n.Summary == "Intranet is down" }, 150*time.Second)
	hits := tg.hitsOf(intranet.Path)
	if len(hits) == 0 || hits[0].Mode != "ok-then-hang" {
		t.Fatalf("requests %v: want a good check first", hits)
	}
	good := hits[0].At
	var failed []string
	nFailed := 0
	for _, h := range hits[1:] {
		if h.At.Before(down.At) {
			nFailed++
			failed = append(failed, "+"+h.At.Sub(good).Round(100*time.Millisecond).String())
		}
	}
	took := down.At.Sub(good)
	t.Logf("measured: at the defaults, failure right after a good check → Down notice in %v (failed checks began at %s after the good one)",
		took.Round(100*time.Millisecond), strings.Join(failed, ", "))
	if took > 60*time.Second {
		t.Errorf("Down notice %v after the failure, want ≤ 60s at the defaults", took.Round(100*time.Millisecond))
	}
	if nFailed < 2 {
		t.Errorf("Down notice after %d failed check(s): one slow answer must not be a Down", nFailed)
	}
	checkDownStyle(t, down, false, true)
	if l := down.Lines(); len(l) < 2 || !strings.Contains(l[0], intranet.Fallback) || strings.TrimSpace(l[1]) == "" {
		t.Errorf("Down notice body %q: want the fallback unescaped (the server has no body-markup) on the first line, the reason on the second", down.Body)
	}
}
