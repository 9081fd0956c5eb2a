package probe

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/status"
	"github.com/uptray/uptray/internal/web"
)

// What the page kinds of incident.io, Better Stack, Slack and Status.io share. Each
// kind's file says where its shape was taken from; what they have in common is here.

// flexID is an id a vendor writes as a string in one place and as a number in another
// (Better Stack: a resource's "id": "8331917", its "status_page_section_id": 123).
type flexID string

func (f *flexID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*f = ""
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*f = flexID(n.String())
	return nil
}

// vendorTime reads the ISO 8601 times the page APIs write ("2026-03-05T10:30:00.000Z",
// "2018-09-07T14:35:00-07:00").
func vendorTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// clock returns now, or time.Now when now is nil.
func clock(now func() time.Time) time.Time {
	if now != nil {
		return now()
	}
	return time.Now()
}

// apiURL appends a page's API path to the address the user gave, unless the address
// already ends with it (or is a .json file, as pageURL reads it).
func apiURL(target, path string) string {
	bare := strings.TrimRight(strings.SplitN(target, "?", 2)[0], "/")
	if strings.HasSuffix(bare, path) || strings.HasSuffix(bare, ".json") {
		return target
	}
	return strings.TrimRight(target, "/") + path
}

// httpStatus is the status code of an answer web refused, or 0.
func httpStatus(err error) int {
	var e *web.Error
	if errors.As(err, &e) && e.Kind == web.HTTPStatus {
		return e.Status
	}
	return 0
}

// worse reports whether a is a worse state than b (Down > Degraded > Up > Unknown).
func worse(a, b status.Status) bool { return status.Worst(a, b) == a && a != b }
