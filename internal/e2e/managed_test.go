package e2e

import (
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// The company's managed file, end to end: the real app fetches it from an HTTPS
// server it trusts only through the machine-wide file's ca_file, runs its services
// (locked), keeps them and says why once when a new copy is invalid, and runs the
// cached copy when it starts with the server gone.
func TestManagedConfigEndToEnd(t *testing.T) {
	bin := buildGo(t, "uptray", "./cmd/uptray")
	display := startXvfb(t)
	bus := startBus(t)
	notifyd := startNotifyd(t, bus)
	watcher := startWatcher(t, bus)
	tg := newTargets(t)

	var mu sync.Mutex
	body := fmt.Sprintf("[[services]]\nname = \"Web\"\nkind = \"http\"\ntarget = \"%s/web\"\n", tg.srv.URL)
	it := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprint(w, body)
	}))
	defer it.Close()

	dir := t.TempDir()
	ca := filepath.Join(dir, "company-root.pem")
	write := func(path, text string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(ca, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: it.Certificate().Raw})))
	machine, user := filepath.Join(dir, "machine.toml"), filepath.Join(dir, "config.toml")
	write(machine, fmt.Sprintf("[defaults]\nproxy = \"none\"\nca_file = %q\n\n[connectivity]\ntargets = []\n\n[managed]\nurl = %q\n",
		ca, it.URL+"/staff.toml"))
	env := appEnv(t, display, bus)
	webRow := func(labels []string) bool {
		return slices.ContainsFunc(labels, func(l string) bool { return strings.HasPrefix(l, "Web") })
	}

	app := startApp(t, env, bin, "--config", user, "--machine-config", machine)
	tray := newTrayClient(t, bus, watcher.Item(t, 30*time.Second))
	WaitUntil(t, "the managed service in the menu", 30*time.Second, func() bool { return webRow(tray.MenuLabels()) })

	mu.Lock()
	body += "\n[[services]]\nname = \"Mail\"\nkind = \"tcp\"\ntarget = \"mail.example.com\"\n" // no port
	mu.Unlock()
	write(user, "# a change the watcher sees: it reloads and refreshes the managed file\n")
	n := notifyd.WaitFor(t, func(n Note) bool { return strings.Contains(n.Summary, "company configuration was not updated") }, 30*time.Second)
	if !strings.Contains(n.Body, `services[2] "Mail": target:`) || !strings.Contains(n.Body, "last good copy stays in use") {
		t.Errorf("notice body %q does not name the field", n.Body)
	}
	if l := tray.MenuLabels(); !webRow(l) || slices.ContainsFunc(l, func(s string) bool { return strings.HasPrefix(s, "Mail") }) {
		t.Errorf("an invalid copy changed the running list: %v", l)
	}

	// The server gone, a new start runs the cached copy.
	stopProcess(t, "uptray", app.cmd, app.exited)
	it.Close()
	regs := len(watcher.Registrations())
	startApp(t, env, bin, "--config", user, "--machine-config", machine)
	var item string
	WaitUntil(t, "the second start registered", 30*time.Second, func() bool {
		r := watcher.Registrations()
		if len(r) > regs {
			item = r[len(r)-1].Sender
		}
		return item != ""
	})
	tray = newTrayClient(t, bus, item)
	WaitUntil(t, "the cached managed service in the menu", 30*time.Second, func() bool { return webRow(tray.MenuLabels()) })
}
