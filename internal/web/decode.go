package web

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/uptray/uptray/internal/sanitize"
)

var bom = []byte("\xef\xbb\xbf")

// DecodeJSON decodes a JSON answer into v. An answer that is not JSON at all (an HTML
// page, a login form) is NotJSON; one cut short is MalformedJSON; one of another shape
// is Shape, naming the key path and the type found ("status: string"), both from the
// answer and so sanitised.
func (c Client) DecodeJSON(body []byte, v any) error {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(body, bom))
	if len(trimmed) == 0 || (trimmed[0] != '{' && trimmed[0] != '[') {
		return c.fail(&Error{Kind: NotJSON})
	}
	err := json.Unmarshal(trimmed, v)
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "top level"
		}
		// The path names the answer's keys; the value may be a number as long as the answer.
		return c.fail(&Error{Kind: Shape, Detail: sanitize.Text(field) + ": " + sanitize.Text(typeErr.Value), Err: err})
	}
	return c.fail(&Error{Kind: MalformedJSON, Err: err})
}

// DecodeXML decodes an XML answer into v, in UTF-8 or the Latin-1 family feeds are
// written in. An answer that is not XML is NotXML, an HTML page HTMLNotXML, XML cut
// short MalformedXML, XML in another encoding UnreadableXML. Which root element v
// wants is the caller's to check.
func (c Client) DecodeXML(body []byte, v any) error {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(body, bom))
	lower := bytes.ToLower(trimmed[:min(len(trimmed), 512)])
	switch {
	case len(trimmed) == 0 || trimmed[0] != '<':
		return c.fail(&Error{Kind: NotXML})
	case bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.Contains(lower, []byte("<html")):
		return c.fail(&Error{Kind: HTMLNotXML})
	}
	d := xml.NewDecoder(bytes.NewReader(trimmed))
	d.CharsetReader = charsetReader
	err := d.Decode(v)
	var syn *xml.SyntaxError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &syn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return c.fail(&Error{Kind: MalformedXML, Err: err})
	}
	return c.fail(&Error{Kind: UnreadableXML, Detail: sanitize.Text(err.Error()), Err: err})
}

// charsetReader reads the encodings feeds are written in besides UTF-8.
func charsetReader(charset string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return in, nil
	case "iso-8859-1", "latin1", "latin-1", "windows-1252":
		b, err := io.ReadAll(in)
		if err != nil {
			return nil, err
		}
		runes := make([]rune, len(b))
		for i, c := range b {
			runes[i] = rune(c)
		}
		return strings.NewReader(string(runes)), nil
	}
	return nil, fmt.Errorf("unsupported encoding %q", sanitize.Text(charset))
}
