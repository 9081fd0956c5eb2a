package probe

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/uptray/uptray/internal/config"
	"github.com/uptray/uptray/internal/sanitize"
	"github.com/uptray/uptray/internal/transport"
	"github.com/uptray/uptray/internal/web"
)

// The service editor lets the user tick the components to watch from the live page
// instead of typing their names ("Choose from the page…"). Components reads the page
// the way the kind's probe does and lists the names as a service writes them, so that
// a ticked name is one the probe finds.

// maxListed is the most names Components returns: a CDN's page lists a few hundred
// points of presence; a page listing more is not one to pick from by hand.
const maxListed = 5000

// Components lists the component names of svc's page (svc.Kind and svc.Target; its
// components are not read), in the page's order, each once: a component in a group is
// "Group/Child", right after its group, which is listed too (a group stands for its
// children). The caller owns the deadline. A name the page spells in a way a service
// cannot write back (control characters, runs of spaces, longer than a line) is left
// out; a kind whose page lists no components is an error that says so.
func (r *Registry) Components(ctx context.Context, svc config.Service) ([]string, error) {
	ctx = transport.WithSettings(ctx, svc.Network())
	page := pageReader(r.client, time.Now())
	var (
		list []pageComponent
		err  error
	)
	switch svc.Kind {
	case "statuspage":
		list, err = statuspageComponents(ctx, page, svc.Target)
	case "instatus":
		list, err = instatusComponentList(ctx, page, svc.Target)
	case "incidentio":
		list, err = incidentioComponents(ctx, page, svc.Target)
	case "betterstack":
		list, err = betterstackComponents(ctx, page, svc.Target)
	case "statusio":
		list, err = statusioComponents(ctx, page, svc.Target)
	case "slack":
		list, err = slackComponents(ctx, page, svc.Target)
	default:
		return nil, fmt.Errorf("%s checks have no components to choose from", kindWord(svc.Kind))
	}
	if err != nil {
		return nil, err
	}
	return componentNames(indexComponents(list)), nil
}

// kindWord names a kind in an error: its name when config knows it, quoted otherwise.
func kindWord(kind string) string {
	if _, ok := config.KindByName(kind); ok {
		return kind
	}
	return quoted(kind)
}

// statuspageComponents reads a Statuspage page's components from its summary, as the
// statuspage probe does.
func statuspageComponents(ctx context.Context, page web.Client, target string) ([]pageComponent, error) {
	var s spSummary
	if err := page.GetJSON(ctx, pageURL(target, "/api/v2/summary.json"), nil, &s); err != nil {
		return nil, err
	}
	return s.components(), nil
}

// instatusComponentList reads an Instatus page's /v3/components.json, as the instatus
// probe does: {"components": [...]} or a bare list, groups named by their children or
// holding them.
func instatusComponentList(ctx context.Context, page web.Client, target string) ([]pageComponent, error) {
	comps, err := readInstatusComponents(ctx, page, target)
	if err != nil {
		return nil, err
	}
	return instatusComponents(comps), nil
}

// incidentioComponents reads an incident.io page's Statuspage-compatible summary: its
// Widget API lists only the components an event affects, never all of them.
func incidentioComponents(ctx context.Context, page web.Client, target string) ([]pageComponent, error) {
	var s spSummary
	if err := page.GetJSON(ctx, ioBase(target)+"/api/v2/summary.json", nil, &s); err != nil {
		return nil, err
	}
	if len(s.Components) == 0 {
		return nil, errors.New("this incident.io page does not list its components: type their names as the page shows them")
	}
	return s.components(), nil
}

// betterstackComponents reads a Better Stack page's index, as the betterstack probe
// does: its sections are the groups, its resources the components.
func betterstackComponents(ctx context.Context, page web.Client, target string) ([]pageComponent, error) {
	page.Limit = bsLimit
	var idx bsIndex
	if err := page.GetJSON(ctx, apiURL(target, "/index.json"), nil, &idx); err != nil {
		return nil, err
	}
	if idx.Data == nil {
		return nil, errors.New("status page answered in an unexpected shape (no data)")
	}
	p, err := idx.read(page)
	if err != nil {
		return nil, err
	}
	return p.components(), nil
}

// statusioComponents reads a Status.io page's Public Status API, as the statusio probe
// does: a component stands for its containers (the locations it runs in).
func statusioComponents(ctx context.Context, page web.Client, target string) ([]pageComponent, error) {
	url, ok := statusioURL(target)
	if !ok {
		return nil, errors.New("address is not a Status.io page id or " + statusioAPI + "<page id>")
	}
	var s sioStatus
	if err := page.GetJSON(ctx, url, nil, &s); err != nil {
		return nil, err
	}
	if s.Result == nil {
		return nil, errors.New("status page answered in an unexpected shape (no result)")
	}
	return s.components(), nil
}

// slackComponents are Slack's services: those its documentation lists, and any an
// incident in the current answer names.
func slackComponents(ctx context.Context, page web.Client, target string) ([]pageComponent, error) {
	var cur slackCurrent
	if err := page.GetJSON(ctx, slackURL(target), nil, &cur); err != nil {
		return nil, err
	}
	var list []pageComponent
	for _, name := range slackServices {
		list = append(list, pageComponent{name: name})
	}
	for _, inc := range cur.ActiveIncidents {
		for _, name := range inc.Services {
			list = append(list, pageComponent{name: name})
		}
	}
	return list, nil
}

// componentNames lists the index's components as a service names them: the top level
// in the page's order, each group followed by its children (and theirs), each name
// once.
func componentNames(ix *componentIndex) []string {
	var out []string
	seen := map[string]bool{}
	visited := make([]bool, len(ix.list))
	var walk func(i int, path string)
	walk = func(i int, path string) {
		if visited[i] || len(out) >= maxListed {
			return
		}
		visited[i] = true
		c := ix.list[i]
		own, ok := writable(c.name)
		if !ok {
			return // its children cannot be written as Group/Child either
		}
		name := own
		if path != "" {
			name = path + "/" + own
		}
		if k := nameKey(name); !seen[k] {
			seen[k] = true
			out = append(out, name)
		}
		if c.id == "" {
			return
		}
		for _, k := range ix.children[c.id] {
			// A service writes one level of group: "Europe/Amsterdam" (probe's byPath).
			walk(k, own)
		}
	}
	for i, c := range ix.list {
		if _, inGroup := ix.byID[c.group]; c.group == "" || c.group == c.id || !inGroup {
			walk(i, "")
		}
	}
	return out
}

// writable is a page's name as a service can write it, and whether it can: the
// probe matches names trimmed and ignoring case, so a name that sanitising would
// change in any other way would never be found again.
func writable(name string) (string, bool) {
	trimmed := strings.TrimSpace(name)
	if trimmed == "" || sanitize.Text(trimmed) != trimmed {
		return "", false
	}
	return trimmed, true
}
