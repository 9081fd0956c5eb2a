package source

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/status"
)

// kumaPage is Uptime Kuma's GET /api/status-page/<slug> (louislam/uptime-kuma
// server/model/status_page.js getStatusPageData). Kuma 1.x and 2.0 give the pinned
// incident as "incident" (an object or null); 2.1 and later give every active pinned
// one as "incidents".
type kumaPage struct {
	Config *struct {
		Slug  string `json:"slug"`
		Title string `json:"title"`
	} `json:"config"`
	Incident        *kumaIncident  `json:"incident"`
	Incidents       []kumaIncident `json:"incidents"`
	PublicGroupList []struct {
		ID          int    `json:"id"`
		Name        string `json:"name"`
		MonitorList []struct {
			ID   int    `json:"id"`
			Name string `json:"name"`
		} `json:"monitorList"`
	} `json:"publicGroupList"`
}

// kumaIncident is an incident posted on the page (server/model/incident.js
// toPublicJSON). Only strings are read: "pin" is a number in some versions.
type kumaIncident struct {
	Style   string `json:"style"` // info, warning, danger, primary, light, dark
	Title   string `json:"title"`
	Content string `json:"content"` // Markdown
}

type kumaBeat struct {
	Status int      `json:"status"` // 0 down, 1 up, 2 pending, 3 maintenance
	Time   string   `json:"time"`   // UTC, "2026-03-05 10:31:02.123": sorts as text
	Msg    string   `json:"msg"`    // always "" on the public route
	Ping   *float64 `json:"ping"`   // milliseconds; null when there was no answer
}

const (
	// kumaBeatsPerMonitor is how many heartbeats the public route gives a monitor
	// (status-page-router.js: LIMIT 100).
	kumaBeatsPerMonitor = 100
	// maxHeartbeats bounds the heartbeat answer: 100 beats of every monitor, 1 MiB
	// at about 160 monitors, 16 MiB at about 2,500. It is read as a stream: what is
	// kept is a summary per monitor, not the answer.
	maxHeartbeats = 16 << 20
)

// fetchUptimeKuma reads a public status page of an Uptime Kuma server: its monitors
// with their latest heartbeats, and the incidents posted on it.
func (r Reader) fetchUptimeKuma(ctx context.Context, client *http.Client, src config.Source) ([]Entry, error) {
	start := time.Now()
	slug := url.PathEscape(src.Slug)
	var page kumaPage
	if err := getJSON(ctx, client, src, "/api/status-page/"+slug, nil, &page); err != nil {
		return nil, err
	}
	if page.Config == nil && page.PublicGroupList == nil {
		return nil, errors.New("the server answered in an unexpected shape (not a status page)")
	}
	// Only the listed monitors' heartbeats are kept.
	wanted := map[string]*kumaSummary{}
	for _, g := range page.PublicGroupList {
		if ctx.Err() != nil {
			return nil, stopped(ctx, start)
		}
		for _, m := range g.MonitorList {
			if ctx.Err() != nil {
				return nil, stopped(ctx, start)
			}
			wanted[strconv.Itoa(m.ID)] = nil
		}
	}
	beats, err := kumaHeartbeats(ctx, client, src, "/api/status-page/heartbeat/"+slug, wanted)
	if err != nil {
		return nil, err
	}
	now, loc := r.now(), r.location()
	var entries []Entry
	// A monitor may be listed many times (in several groups, or by a hostile page
	// 50,000 times): its reason is made once, not once per listing.
	results := map[int]status.Result{}
	for _, g := range page.PublicGroupList {
		if ctx.Err() != nil {
			return nil, stopped(ctx, start)
		}
		group := sanitize.Text(g.Name)
		for _, m := range g.MonitorList {
			if ctx.Err() != nil {
				return nil, stopped(ctx, start)
			}
			e := Entry{Name: sanitize.Text(m.Name), Group: group}
			if e.Name == "" {
				e.Name = "monitor " + strconv.Itoa(m.ID)
			}
			res, ok := results[m.ID]
			if !ok {
				res = beats[strconv.Itoa(m.ID)].result(now, loc)
				results[m.ID] = res
			}
			e.Result = res
			entries = append(entries, e)
		}
	}
	incidents := page.Incidents
	if page.Incident != nil {
		incidents = append(incidents, *page.Incident)
	}
	for _, in := range incidents {
		if ctx.Err() != nil {
			return nil, stopped(ctx, start)
		}
		entries = append(entries, kumaIncidentEntry(in))
	}
	return finish(ctx, start, src, entries)
}

// kumaIncidentEntry shows an incident as an entry of its own, named by its title,
// with the first line of its text as the reason: it is about the page, not about
// one monitor, and a down monitor keeps its own "down since". Its style is the
// state the team gave it: danger is Down, warning Degraded; an info (or primary,
// light, dark) notice is Up, shown but never told.
func kumaIncidentEntry(in kumaIncident) Entry {
	e := Entry{Name: or(sanitize.Text(in.Title), "incident")}
	e.Result.Reason = or(firstLine(in.Content), e.Name)
	switch in.Style {
	case "danger":
		e.Result.Status = status.Down
	case "warning":
		e.Result.Status = status.Degraded
	default:
		e.Result.Status = status.Up
	}
	return e
}

// emphasis drops Markdown's bold and code marks.
var emphasis = strings.NewReplacer("**", "", "__", "", "`", "")

// firstLine is the first line of Markdown with text, without its heading, quote or
// list marks and emphasis.
func firstLine(md string) string {
	for len(md) > 0 {
		line, rest, _ := strings.Cut(md, "\n")
		md = rest
		line = emphasis.Replace(strings.TrimLeft(strings.TrimSpace(line), "#>*-+ \t"))
		if line = sanitize.Text(line); line != "" {
			return line
		}
	}
	return ""
}

// kumaSummary is what a monitor's heartbeats say: the latest, and when the current
// run of down beats began.
type kumaSummary struct {
	latest    kumaBeat
	beats     int
	broken    bool   // an up or maintenance beat has been seen: runs begin after it
	downSince string // the time of the first down beat of the current run; "" if none
	openEnded bool   // no beat before the run ended it: it may have begun before the list
}

// add folds in a monitor's next beat (oldest first). A beat older than the latest
// one (a server listing them out of order) counts as seen, not as the state.
func (s *kumaSummary) add(b kumaBeat) {
	s.beats++
	if s.beats > 1 && b.Time < s.latest.Time {
		return
	}
	s.latest = b
	switch b.Status {
	case 0:
		if s.downSince == "" {
			s.downSince, s.openEnded = b.Time, !s.broken
		}
	case 2:
		// Pending (retrying) neither starts nor ends a run of down beats.
	default:
		s.broken, s.downSince = true, ""
	}
}

// result is a monitor's state: its latest heartbeat, and for a down one the time it
// went down, in loc ("down since 10:42"; "down since Mar 4 23:50" on another day).
// The public route hides each beat's message, so that time is the whole reason.
func (s *kumaSummary) result(now time.Time, loc *time.Location) status.Result {
	if s == nil || s.beats == 0 {
		return status.Result{Status: status.Unknown, Reason: "no heartbeat yet"}
	}
	latest := s.latest
	res := status.Result{}
	if latest.Ping != nil && *latest.Ping > 0 {
		res.Latency = time.Duration(*latest.Ping * float64(time.Millisecond))
	}
	msg := sanitize.Text(latest.Msg)
	switch latest.Status {
	case 1:
		res.Status = status.Up
	case 0:
		res.Status, res.Reason = status.Down, or(msg, "down")
		if t, ok := kumaTime(s.downSince); ok {
			before := ""
			if s.openEnded && s.beats >= kumaBeatsPerMonitor {
				before = "before " // every beat listed is down: it began earlier
			}
			res.Reason = "down since " + before + clockTime(t, now, loc)
			if msg != "" { // a server that does not hide its messages
				res.Reason = sanitize.Text(res.Reason + ": " + msg)
			}
		}
	case 2:
		res.Status, res.Reason = status.Degraded, or(msg, "pending")
	case 3:
		res.Status, res.Reason = status.Degraded, "maintenance"
	default:
		res.Status, res.Reason = status.Unknown, "unknown heartbeat status "+strconv.Itoa(latest.Status)
	}
	return res
}

// kumaTime reads a heartbeat's time: UTC as Kuma stores it (server/model/monitor.js:
// R.isoDateTimeMillis(dayjs.utc())), or RFC 3339.
func kumaTime(s string) (time.Time, bool) {
	if t, err := time.ParseInLocation("2006-01-02 15:04:05.999999999", s, time.UTC); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, true
	}
	return time.Time{}, false
}

// clockTime is t in loc: the time of day when it is today there, else with its date.
func clockTime(t, now time.Time, loc *time.Location) string {
	t, now = t.In(loc), now.In(loc)
	if y, m, d := t.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		return t.Format("15:04")
	}
	if t.Year() == now.Year() {
		return t.Format("Jan 2 15:04")
	}
	return t.Format("Jan 2 2006 15:04")
}

// kumaHeartbeats reads GET /api/status-page/heartbeat/<slug> ({"heartbeatList":
// {"<monitor id>": [beats, oldest first]}, "uptimeList": {…}}) as a stream of at
// most maxHeartbeats bytes, folding the beats of the wanted monitors into summaries.
func kumaHeartbeats(ctx context.Context, client *http.Client, src config.Source, path string, wanted map[string]*kumaSummary) (map[string]*kumaSummary, error) {
	start := time.Now()
	resp, err := get(ctx, client, src, path, nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body := &limitedReader{r: resp.Body, left: maxHeartbeats}
	br := bufio.NewReader(body)
	if err := startsJSON(br); err != nil {
		return nil, streamError(ctx, start, err, "")
	}
	dec := json.NewDecoder(br)
	if err := expectDelim(dec, '{', ""); err != nil {
		return nil, streamError(ctx, start, err, "")
	}
	found := false
	for dec.More() {
		key, err := objectKey(dec)
		if err != nil {
			return nil, streamError(ctx, start, err, "")
		}
		if key != "heartbeatList" {
			if err := skipValue(ctx, dec); err != nil {
				return nil, streamError(ctx, start, err, key)
			}
			continue
		}
		if found, err = readHeartbeatList(ctx, dec, wanted); err != nil {
			return nil, streamError(ctx, start, err, key)
		}
	}
	if _, err := dec.Token(); err != nil { // the closing '}'
		return nil, streamError(ctx, start, err, "")
	}
	switch _, err := dec.Token(); err {
	case io.EOF:
	case nil: // a second value
		return nil, errMalformed
	default:
		return nil, streamError(ctx, start, err, "")
	}
	if !found {
		return nil, errors.New("the server answered in an unexpected shape (no heartbeatList)")
	}
	return wanted, nil
}

// readHeartbeatList reads the value of "heartbeatList": false for null.
func readHeartbeatList(ctx context.Context, dec *json.Decoder, wanted map[string]*kumaSummary) (bool, error) {
	tok, err := dec.Token()
	switch {
	case err != nil:
		return false, err
	case tok == nil:
		return false, nil
	case tok != json.Delim('{'):
		return false, shapeError{"", tok}
	}
	for dec.More() {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		id, err := objectKey(dec)
		if err != nil {
			return false, err
		}
		tok, err := dec.Token()
		switch {
		case err != nil:
			return false, err
		case tok == nil:
			continue // no beats
		case tok != json.Delim('['):
			return false, shapeError{id, tok}
		}
		s, keep := wanted[id]
		if keep {
			s = &kumaSummary{} // a monitor listed twice: the last list counts, as in a map
			wanted[id] = s
		}
		for dec.More() {
			if ctx.Err() != nil {
				return false, ctx.Err()
			}
			var b kumaBeat
			if err := dec.Decode(&b); err != nil {
				var te *json.UnmarshalTypeError
				if errors.As(err, &te) {
					te.Field = id + "." + te.Field
				}
				return false, err
			}
			if keep {
				s.add(b)
			}
		}
		if _, err := dec.Token(); err != nil { // the closing ']'
			return false, err
		}
	}
	_, err = dec.Token() // the closing '}'
	return true, err
}

// skipValue reads past one value, whatever it holds.
func skipValue(ctx context.Context, dec *json.Decoder) error {
	depth := 0
	for {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}

func objectKey(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	key, ok := tok.(string)
	if !ok {
		return "", errMalformed
	}
	return key, nil
}

func expectDelim(dec *json.Decoder, d json.Delim, field string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != d {
		return shapeError{field, tok}
	}
	return nil
}

// startsJSON skips a byte order mark and white space and wants '{' or '[' next.
func startsJSON(br *bufio.Reader) error {
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	for {
		c, err := br.ReadByte()
		if err != nil {
			if err == io.EOF {
				return errNotJSON
			}
			return err
		}
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '{', '[':
			return br.UnreadByte()
		}
		return errNotJSON
	}
}

var (
	errNotJSON   = errors.New("the server did not answer with JSON")
	errMalformed = errors.New("the server sent malformed JSON")
	errTooLarge  = fmt.Errorf("response larger than %d MiB", maxHeartbeats>>20)
)

// shapeError is a value of the wrong kind where a stream wants an object or array.
type shapeError struct {
	field string
	tok   json.Token
}

func (e shapeError) Error() string {
	kind := "number"
	switch t := e.tok.(type) {
	case json.Delim:
		kind = map[json.Delim]string{'{': "object", '[': "array"}[t]
	case string:
		kind = "string"
	case bool:
		kind = "bool"
	}
	return kind
}

// streamError words an error met while decoding a stream as decodeJSON words the same
// mistakes in an answer read whole.
func streamError(ctx context.Context, start time.Time, err error, field string) error {
	var (
		typeErr *json.UnmarshalTypeError
		shape   shapeError
		syntax  *json.SyntaxError
	)
	switch {
	case errors.Is(err, errNotJSON), errors.Is(err, errMalformed), errors.Is(err, errTooLarge):
		return err
	case ctx.Err() != nil:
		return stopped(ctx, start)
	case errors.As(err, &typeErr):
		return shapeErr(join(field, typeErr.Field), typeErr.Value)
	case errors.As(err, &shape):
		return shapeErr(join(field, shape.field), shape.Error())
	case errors.As(err, &syntax), err == io.EOF, err == io.ErrUnexpectedEOF:
		return errMalformed
	}
	return errors.New("reading the answer: " + describe(ctx, start, err))
}

func shapeErr(field, value string) error {
	return fmt.Errorf("the server answered in an unexpected shape (%s: %s)", sanitize.Text(or(field, "top level")), sanitize.Text(value))
}

func join(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "." + b
}

// limitedReader reads at most left bytes and fails with errTooLarge past them.
type limitedReader struct {
	r    io.Reader
	left int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// One byte more tells an answer of exactly the limit from a longer one.
		var one [1]byte
		n, err := l.r.Read(one[:])
		if n > 0 {
			return 0, errTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}
