package probe

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/status"
)

// TestFeedGoogleCloud (issue 11 §2): Google Cloud Service Health's Atom feed
// (https://status.cloud.google.com/en/feed.atom) is read by the feed kind. Its entries
// carry the incident's state at the start of the title ("RESOLVED: …") and an HTML
// summary with no Statuspage-style update words ("<strong>Incident Start:</strong>" is
// not one): the title marker closes an entry. testdata/gcp/gcp.atom: see its header and
// testdata/gcp/SOURCES.md. The AWS Health Dashboard's RSS is tested in feed_test.go
// (aws.rss).
func TestFeedGoogleCloud(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, err := os.ReadFile(filepath.Join("testdata", "gcp", filepath.Base(r.URL.Path)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/atom+xml")
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	client := NewRegistry(Options{}).HTTPClient()
	for _, tc := range []feedCase{
		{"an update is open", "2026-03-05T12:00:00Z", "gcp.atom", 0, status.Degraded, "UPDATE: Multiple regions: Cloud SQL instances may fail to start"},
		{"RESOLVED in the title closes", "2026-03-05T12:00:00Z", "gcp_resolved.atom", 0, status.Up, ""},
		{"an update older than the window", "2026-03-05T18:00:00Z", "gcp.atom", 0, status.Up, ""},
		{"a wider window", "2026-03-05T18:00:00Z", "gcp.atom", 12 * time.Hour, status.Degraded, "UPDATE: Multiple regions: Cloud SQL instances may fail to start"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now, err := time.Parse(time.RFC3339, tc.now)
			if err != nil {
				t.Fatal(err)
			}
			p := &feedProbe{client: client, now: func() time.Time { return now }}
			svc := config.Service{Kind: "feed", Target: srv.URL + "/" + tc.file}
			if tc.window > 0 {
				svc.FeedWindow = config.D(tc.window)
			}
			res := p.check(withTimeout(t, 5*time.Second), svc)
			if res.Status != tc.want || res.Reason != tc.reason {
				t.Errorf("got %v %q, want %v %q", res.Status, res.Reason, tc.want, tc.reason)
			}
		})
	}
}
