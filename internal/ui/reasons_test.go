package ui

import (
	"testing"

	"github.com/uptray/uptray/internal/i18n"
	"github.com/uptray/uptray/internal/status"
)

// A check's reason is shown in the user's language (i18n.Reason): the list's state,
// the details' events and a Test's result; a vendor's words stay as written.
func TestReasonsInKorean(t *testing.T) {
	defer i18n.SetLanguage("en")
	st := status.ServiceState{Name: "Payments", Status: status.Down,
		Last: status.Result{Status: status.Down, Reason: "HTTP 503 (want 200)"}}
	res := status.Result{Status: status.Degraded, Reason: "Payments API: major outage",
		Warning: "TLS certificate not verified (insecure_skip_verify)"}
	vendor := status.Result{Status: status.Down, Reason: "Elevated error rates"}

	i18n.SetLanguage("en")
	if got, _ := describe(st); got != "Down: HTTP 503 (want 200)" {
		t.Errorf("en describe = %q", got)
	}
	if got := resultText(res); got != "Degraded: Payments API: major outage (TLS certificate not verified (insecure_skip_verify))" {
		t.Errorf("en resultText = %q", got)
	}
	i18n.SetLanguage("ko")
	if got, _ := describe(st); got != "장애: HTTP 503 (기대값 200)" {
		t.Errorf("ko describe = %q", got)
	}
	if got := resultText(res); got != "성능 저하: Payments API: 주요 장애 (TLS 인증서를 검증하지 않음 (insecure_skip_verify))" {
		t.Errorf("ko resultText = %q", got)
	}
	if got := resultText(vendor); got != "장애: Elevated error rates" {
		t.Errorf("ko resultText of a vendor's words = %q", got)
	}
}
