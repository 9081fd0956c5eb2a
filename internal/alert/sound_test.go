package alert

import (
	"strings"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/status"
)

// Only news that a critical service is down plays a sound: not its reminder, not a
// summary after quiet hours, not an ordinary service, not a recovery or a warning.
func TestOnlyCriticalDownNewsPlaysASound(t *testing.T) {
	sounds := func(s Settings, steps ...step) map[string]bool {
		t.Helper()
		out := map[string]bool{}
		for _, x := range play(t, s, 2*time.Hour, steps...) {
			out[x.n.Title] = x.n.Sound
		}
		return out
	}
	got := sounds(defaults(),
		on(0, down("Phones", critical, reason("timeout"))),
		on(time.Minute, down("Wiki", reason("timeout"))),
		on(2*time.Minute, slow("Mail", critical)),
		on(50*time.Minute, up("Phones", critical)),
	)
	want := map[string]bool{
		"Phones is down":                      true,
		"Wiki is down":                        false,
		"Mail: slow: 2.3 s (max 2 s)":         false,
		"Phones is still down (for 30 min)":   false,
		"Wiki is still down (for 30 min)":     false,
		"Phones is back up (down for 50 min)": false,
		"Wiki is still down (for 1 h 1 min)":  false,
		"Wiki is still down (for 1 h 31 min)": false,
		"Mail is slow":                        false,
	}
	if !got["Phones is down"] {
		t.Errorf("a critical service's Down notice is silent: %v", got)
	}
	for title, s := range got {
		if w, ok := want[title]; ok && s != w {
			t.Errorf("%q: sound %v, want %v", title, s, w)
		} else if !ok && s {
			t.Errorf("%q plays a sound; only a critical service's Down news may", title)
		}
	}

	// Grouped: one critical service among them makes the grouped notice loud.
	got = sounds(defaults(),
		on(0, down("A", settleBy(25*time.Second))), on(0, down("B", critical)))
	for title, s := range got {
		if strings.HasPrefix(title, "2 services down") && !s {
			t.Errorf("grouped %q with a critical service is silent", title)
		}
	}

	// sound_critical = false: silent.
	quietSound := defaults()
	quietSound.SoundCritical = false
	for title, s := range sounds(quietSound, on(0, down("Phones", critical))) {
		if s {
			t.Errorf("%q plays a sound with sound_critical off", title)
		}
	}

	// Held by quiet hours, a critical service is still told at once (and loud); the
	// summary of what an ordinary one did meanwhile is silent.
	for title, s := range sounds(quiet(), on(12*time.Hour+45*time.Minute, down("Wiki"))) {
		if s {
			t.Errorf("%q plays a sound, but it is a summary", title)
		}
	}
}

// The runner hands the notifier what the policy decided, Sound included: the adapter
// is where the sound is played.
func TestRunnerPassesTheSoundToTheNotifier(t *testing.T) {
	h := start(t, defaults(), 0)
	h.handle(status.Transition{Service: "Phones", From: status.Up, To: status.Down, Critical: true})
	h.waitSent(t, "Phones is down")
	if n := h.rec.notifications()[0]; !n.Sound || !n.Urgent {
		t.Fatalf("notifier got %q sound %v urgent %v; want the loud Down notice", n.Title, n.Sound, n.Urgent)
	}
}

// In Korean, every notice reads Korean; names, fallbacks and reasons stay as written.
func TestNoticesInKorean(t *testing.T) {
	i18n.SetLanguage("ko")
	t.Cleanup(func() { i18n.SetLanguage("en") })
	var titles, bodies []string
	for _, x := range play(t, defaults(), 2*time.Hour,
		on(0, down("Payments", settleBy(25*time.Second), fallback("Use the card terminal"), reason("HTTP 503 (want 200)"))),
		on(10*time.Second, down("Mail")),
		on(10*time.Second, down("Wiki")),
		on(40*time.Minute, up("Payments")), on(40*time.Minute, up("Mail")), on(40*time.Minute, up("Wiki")),
		on(50*time.Minute, goOffline), on(55*time.Minute, goOnline),
	) {
		titles = append(titles, x.n.Title)
		bodies = append(bodies, x.n.Body)
	}
	want := []string{"Payments 장애", "서비스 3개 장애: Mail, Payments, Wiki", "서비스 3개 계속 장애: Mail, Payments, Wiki",
		"서비스 3개 정상 복구: Mail, Payments, Wiki", offlineTitle(), onlineTitle()}
	if strings.Join(titles, "\n") != strings.Join(want, "\n") {
		t.Errorf("titles:\n%s\nwant:\n%s", strings.Join(titles, "\n"), strings.Join(want, "\n"))
	}
	if bodies[0] != "대신 이용: Use the card terminal\nHTTP 503 (기대값 200)" { // the reason too (i18n.Reason)
		t.Errorf("Down body %q", bodies[0])
	}
	if offlineTitle() != "오프라인입니다 — 네트워크가 돌아올 때까지 확인을 일시 중지합니다" {
		t.Errorf("offline title %q", offlineTitle())
	}
	for d, w := range map[time.Duration]string{45 * time.Second: "45초", 3 * time.Minute: "3분", 2*time.Hour + 5*time.Minute: "2시간 5분", 76 * time.Hour: "3일 4시간"} {
		if got := humanDuration(d); got != w {
			t.Errorf("humanDuration(%v) = %q, want %q", d, got, w)
		}
	}
	if got := clip(strings.Split("a b c d e f g h", " ")); !strings.HasSuffix(got, "\n+ 3개 더 — Uptray를 여세요") {
		t.Errorf("clip: %q", got)
	}
	if n := WelcomeNotice(); n.Title != "Uptray 실행 중" {
		t.Errorf("welcome: %q", n.Title)
	}
}
