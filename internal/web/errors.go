package web

import (
	"errors"
	"strconv"
)

// Kind says what went wrong reading a remote.
type Kind int

const (
	BadURL        Kind = iota + 1 // the URL could not be made into a request (Detail: why)
	Canceled                      // ctx was canceled: the check was called off, nothing failed
	Unreachable                   // no answer (Detail: "connect: connection refused", "timed out after 5s")
	Redirects                     // the answer kept redirecting (Detail: "too many redirects (more than 5)")
	HTTPStatus                    // an answer that is not 2xx (Status)
	Reading                       // the answer broke off (Detail: why)
	TooLarge                      // the answer is longer than Limit
	NotJSON                       // the answer is not JSON (an HTML page, a login form)
	MalformedJSON                 // JSON that does not parse (cut short, broken)
	Shape                         // JSON of another shape (Detail: "status: string", the key path and the type found)
	NotXML                        // the answer is not XML
	HTMLNotXML                    // the answer is an HTML page
	MalformedXML                  // XML that does not parse
	UnreadableXML                 // XML that parses but cannot be read (Detail: an encoding it is not written in)
)

// Error is why a remote could not be read. Its message is worded with the Words of the
// Client that made it; Detail is plain text, sanitised.
type Error struct {
	Kind   Kind
	Status int    // HTTPStatus: the answer's status code
	Detail string // why, where the kind has a why: sanitised, at most a line
	Limit  int64  // TooLarge: the limit the answer went over
	Err    error  // what Go reported, when it reported something (errors.Is(err, context.DeadlineExceeded))
	words  Words
}

func (e *Error) Unwrap() error { return e.Err }

// Error is the reason a person reads: "status page unreachable: connect: connection
// refused", "HTTP 401 from the server (check the source's token or username and
// password)", "response larger than 1 MiB".
func (e *Error) Error() string {
	w := e.words.orDefault()
	switch e.Kind {
	case BadURL:
		if w.QuietURL || e.Detail == "" {
			return "bad URL"
		}
		return "bad URL: " + e.Detail
	case Canceled:
		return w.Canceled
	case Unreachable:
		return w.Unreachable + ": " + e.Detail
	case Redirects:
		return w.What + ": " + e.Detail
	case HTTPStatus:
		msg := "HTTP " + strconv.Itoa(e.Status) + " from " + w.From
		if e.Status == 401 || e.Status == 403 {
			msg += w.Denied
		}
		return msg
	case Reading:
		return w.Reading + ": " + e.Detail
	case TooLarge:
		return w.Body + " larger than " + Size(e.Limit)
	case NotJSON:
		return w.What + " did not answer with JSON"
	case MalformedJSON:
		return w.What + " sent malformed JSON"
	case Shape:
		return w.What + " answered in an unexpected shape (" + e.Detail + ")"
	case NotXML:
		return w.What + " did not answer with a " + w.Doc
	case HTMLNotXML:
		return w.What + " answered with HTML, not a " + w.Doc
	case MalformedXML:
		return w.What + " sent a malformed " + w.Doc
	case UnreadableXML:
		return w.What + " sent a " + w.Doc + " that could not be read: " + e.Detail
	}
	return w.What + " could not be read"
}

// KindOf is err's Kind when err is (or wraps) an *Error, else 0.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}

// Words name what a Client reads, in the reasons its failures give. Each field is
// English the caller owns; the zero Words are ServerWords.
type Words struct {
	What        string // the subject of a sentence: "status page" did not answer with JSON
	Unreachable string // before ": connect: connection refused": "status page unreachable"
	From        string // after "HTTP 404 from ": "status page"
	Reading     string // before ": connection reset": "reading the status page"
	Body        string // before " larger than 1 MiB": "status page"
	Canceled    string // a canceled read: "check canceled"
	Denied      string // after "HTTP 401 from …" and "HTTP 403 from …": a hint, or ""
	Doc         string // what an XML answer should be, after "a": "feed"
	QuietURL    bool   // "bad URL" without why (a source's URL is never quoted: it may carry credentials)
}

// StatusPageWords are the probes' words for a vendor's status page or feed.
func StatusPageWords() Words {
	return Words{
		What:        "status page",
		Unreachable: "status page unreachable",
		From:        "status page",
		Reading:     "reading the status page",
		Body:        "status page",
		Canceled:    "check canceled",
		Doc:         "feed",
	}
}

// ServerWords are the source readers' words for a monitoring server (Gatus, Uptime
// Kuma, Alertmanager).
func ServerWords() Words {
	return Words{
		What:        "the server",
		Unreachable: "server unreachable",
		From:        "the server",
		Reading:     "reading the answer",
		Body:        "response",
		Canceled:    "canceled",
		Denied:      " (check the source's token or username and password)",
		Doc:         "document",
		QuietURL:    true,
	}
}

func (w Words) orDefault() Words {
	if w == (Words{}) {
		return ServerWords()
	}
	return w
}

// RedirectError is what an http.Client's CheckRedirect returns to stop after Max
// redirects; a Client reports it as Redirects.
type RedirectError struct{ Max int }

func (e RedirectError) Error() string {
	return "too many redirects (more than " + strconv.Itoa(e.Max) + ")"
}

// Size prints a limit the way a person reads it: "1 MiB", "512 KiB", "300 bytes".
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}
