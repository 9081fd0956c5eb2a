package e2e

// Issue 15 end to end: the real binary under a Korean locale speaks Korean in its tray
// menu, tooltip and notifications (read over D-Bus), shows names and fallbacks as they
// were written, and switches language when the config's [interface] language changes,
// without a restart.

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

const koreanConfig = `
[defaults]
interval = "5s"
timeout = "1s"
retry_interval = "1s"
failure_threshold = 2

[connectivity]
targets = [%q]
%s
[[services]]
name = "Payments"
kind = "http"
target = "%s/payments"
expect_status = [200]
fallback = "카드 단말기로 결제하세요"
critical = true

[[services]]
name = "Mail"
kind = "http"
target = "%s/mail"
expect_status = [200]
`

// withLocale returns env with LANG and LC_ALL set to locale.
func withLocale(env []string, locale string) []string {
	out := slices.DeleteFunc(slices.Clone(env), func(kv string) bool {
		return strings.HasPrefix(kv, "LANG=") || strings.HasPrefix(kv, "LC_ALL=") || strings.HasPrefix(kv, "LANGUAGE=")
	})
	return append(out, "LANG="+locale, "LC_ALL="+locale)
}

func TestTrayInKorean(t *testing.T) {
	bin := buildGo(t, "uptray", "./cmd/uptray")
	display := startXvfb(t)
	bus := startBus(t)
	notifyd := startNotifyd(t, bus)
	watcher := startWatcher(t, bus)
	tg := newTargets(t)
	network := newGate(t)

	cfg := filepath.Join(t.TempDir(), "config.toml")
	write := func(iface string) {
		t.Helper()
		u := tg.srv.URL
		if err := os.WriteFile(cfg, []byte(fmt.Sprintf(koreanConfig, network.addr, iface, u, u)), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("") // no [interface]: the language follows the locale
	startApp(t, withLocale(appEnv(t, display, bus), "ko_KR.UTF-8"), bin, "--config", cfg, "--machine-config", "")
	tray := newTrayClient(t, bus, watcher.Item(t, 30*time.Second))
	const wait = 30 * time.Second
	trimmed := func(l []string) []string {
		out := make([]string, len(l))
		for i, s := range l {
			out[i] = strings.TrimSpace(s)
		}
		return out
	}

	// 1. All up: the menu in Korean, the names as written.
	WaitUntil(t, "a Korean menu, all up", wait, func() bool {
		l := tray.MenuLabels()
		return tray.IconColour() == "green" && len(l) > 0 && l[0] == "서비스 2개 모두 정상" &&
			slices.ContainsFunc(l, func(s string) bool { return strings.HasPrefix(s, "Payments — 정상") })
	})
	l := tray.MenuLabels()
	for _, want := range []string{"모두 지금 확인", "알림 일시 중지", "1시간 동안", "내일 08:00까지", "다시 시작할 때까지",
		"지금 확인", "브라우저에서 열기", "상세 정보…", "설정…", "Uptray 정보", "종료"} {
		if !slices.Contains(l, want) {
			t.Errorf("the Korean menu lacks %q: %q", want, l)
		}
	}
	if tip := tray.ToolTip(); tip != "Uptray — 서비스 2개 모두 정상" {
		t.Errorf("tooltip = %q", tip)
	}
	if title := tray.Title(); title != "Uptray" {
		t.Errorf("title = %q: the app's name is the same in every language", title)
	}

	// 2. A critical service goes down: Korean rows and summary (down first, named), the
	// fallback as written, and a Korean notice that asks for the warning sound.
	failed := time.Now()
	tg.set("503", "Payments")
	var seen []string
	defer func() {
		if t.Failed() {
			t.Logf("the menu last read: %q", seen)
		}
	}()
	WaitUntil(t, "Payments down, in Korean", wait, func() bool {
		seen = trimmed(tray.MenuLabels())
		return tray.IconColour() == "red" && len(seen) > 1 && seen[0] == "2개 중 1개 장애: Payments" &&
			seen[1] == "Payments — 장애: HTTP 503 (기대값 200)" && slices.Contains(seen, "대신 이용: 카드 단말기로 결제하세요")
	})
	if tip := tray.ToolTip(); tip != "Uptray — 2개 중 1개 장애: Payments" {
		t.Errorf("tooltip = %q", tip)
	}
	down := notifyd.WaitFor(t, func(n Note) bool { return !n.At.Before(failed) && n.Summary == "Payments 장애" }, wait)
	if lines := down.Lines(); len(lines) < 2 || lines[0] != "대신 이용: 카드 단말기로 결제하세요" || lines[1] != "HTTP 503 (기대값 200)" {
		t.Errorf("the Down notice's body = %q, want the fallback (in Korean words, as written) then the reason (in Korean)", down.Body)
	}
	if label, _ := down.Action("details"); label != "상세 정보" {
		t.Errorf("Details button = %q, want 상세 정보 (actions %q)", label, down.Actions)
	}
	if label, _ := down.Action("open"); label != "열기" {
		t.Errorf("Open button = %q, want 열기 (actions %q)", label, down.Actions)
	}
	if !slices.Contains(down.HintKeys, "sound-name") {
		t.Errorf("a critical service's Down notice has no sound-name hint: %v", down.HintKeys)
	}
	if !down.HasUrgency || down.Urgency != 2 || down.Expire != 0 {
		t.Errorf("the Down notice: urgency %d (%v), expire %d; want critical, staying until dismissed", down.Urgency, down.HasUrgency, down.Expire)
	}

	// 3. [interface] language = "en" in the edited file: the menu turns English without
	// a restart, and later notices are English too (and silent: good news).
	write("\n[interface]\nlanguage = \"en\"\n")
	WaitUntil(t, "the menu in English after the edit", wait, func() bool {
		l := tray.MenuLabels()
		return len(l) > 0 && l[0] == "1 of 2 down: Payments" && slices.Contains(l, "Check all now") && slices.Contains(l, "Quit")
	})
	if tip := tray.ToolTip(); tip != "Uptray — 1 of 2 down: Payments" {
		t.Errorf("tooltip after the switch = %q", tip)
	}
	recovered := time.Now()
	tg.set("ok", "Payments")
	up := notifyd.WaitFor(t, func(n Note) bool {
		return !n.At.Before(recovered) && strings.HasPrefix(n.Summary, "Payments is back up")
	}, wait)
	if slices.Contains(up.HintKeys, "sound-name") {
		t.Errorf("a recovery asks for a sound: %v", up.HintKeys)
	}
	checkUpStyle(t, up)
}
