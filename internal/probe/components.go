package probe

import (
	"strings"

	"github.com/uptray/uptray/internal/status"
)

// Both page kinds list components flat, a child naming its group by id (Statuspage's
// group_id, Instatus's group.id). A service names the components it depends on:
//
//   - "Amsterdam" is the component of that name;
//   - "Europe/Amsterdam" is the child "Amsterdam" of the group "Europe" (a name that
//     holds "/" itself is matched whole first);
//   - "Europe", a group, stands for its children: the worst of them decides, and a
//     reason names the child, not the group;
//   - a name two components share in different groups is not merged: it is told as
//     ambiguous, with the group/child names to write instead. Where exactly one of them
//     is not in a group (a group and its child of the same name), that one is meant.

// pageComponent is one component of a page, whichever kind of page it came from.
type pageComponent struct {
	id, name, state string
	group           string // the id of the group it is in; "" at the top level
	isGroup         bool
}

// componentIndex finds components by name and groups by id.
type componentIndex struct {
	list     []pageComponent
	byName   map[string][]int // nameKey → indexes into list
	byID     map[string]int
	children map[string][]int // group id → indexes of its children
}

func nameKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func indexComponents(list []pageComponent) *componentIndex {
	ix := &componentIndex{
		list:     list,
		byName:   make(map[string][]int, len(list)),
		byID:     make(map[string]int, len(list)),
		children: map[string][]int{},
	}
	for i, c := range list {
		k := nameKey(c.name)
		ix.byName[k] = append(ix.byName[k], i)
		if c.id != "" {
			if _, dup := ix.byID[c.id]; !dup {
				ix.byID[c.id] = i
			}
		}
	}
	for i, c := range list {
		if c.group != "" && c.group != c.id {
			ix.children[c.group] = append(ix.children[c.group], i)
		}
	}
	return ix
}

// find returns the components name stands for (a group's children for a group), none
// when no component has that name, or the reason it is ambiguous.
func (ix *componentIndex) find(name string) (found []int, ambiguous string) {
	cands := ix.byName[nameKey(name)]
	if len(cands) == 0 {
		cands = ix.byPath(name)
	}
	if len(cands) > 1 {
		var top []int
		for _, i := range cands {
			if ix.list[i].group == "" {
				top = append(top, i)
			}
		}
		if len(top) != 1 {
			return nil, ix.ambiguous(name, cands)
		}
		cands = top
	}
	if len(cands) == 0 {
		return nil, ""
	}
	c := ix.list[cands[0]]
	if kids := ix.children[c.id]; c.id != "" && len(kids) > 0 {
		return kids, ""
	}
	return cands, ""
}

// byPath reads name as "group/child", trying each "/" in turn.
func (ix *componentIndex) byPath(name string) []int {
	var found []int
	for i := strings.IndexByte(name, '/'); i >= 0; {
		group, child := nameKey(name[:i]), nameKey(name[i+1:])
		for _, g := range ix.byName[group] {
			if id := ix.list[g].id; id != "" {
				for _, k := range ix.children[id] {
					if nameKey(ix.list[k].name) == child {
						found = append(found, k)
					}
				}
			}
		}
		if len(found) > 0 {
			return found
		}
		next := strings.IndexByte(name[i+1:], '/')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return nil
}

// path is a component's name as a service would write it to mean only that one:
// "Europe/Amsterdam" when it is in a group, its name otherwise.
func (ix *componentIndex) path(i int) string {
	c := ix.list[i]
	if g, ok := ix.byID[c.group]; ok && c.group != "" {
		return ix.list[g].name + "/" + c.name
	}
	return c.name
}

// label is how a reason names component i: by its name, or by its path when another
// component shares the name.
func (ix *componentIndex) label(i int) string {
	if len(ix.byName[nameKey(ix.list[i].name)]) > 1 {
		return ix.path(i)
	}
	return ix.list[i].name
}

func (ix *componentIndex) ambiguous(name string, cands []int) string {
	reason := "component name " + quoted(name) + " is not unique on the status page"
	var paths []string
	seen := map[string]bool{}
	for _, i := range cands[:min(len(cands), 4)] {
		p := ix.path(i)
		if seen[nameKey(p)] {
			return reason // two the same even with their groups: nothing to suggest
		}
		seen[nameKey(p)] = true
		paths = append(paths, quoted(p))
	}
	if len(cands) > 3 {
		paths = append(paths[:3], "…")
	}
	return reason + ": write " + strings.Join(paths, " or ")
}

// worstNamed finds the components a service names and returns the worst state among
// them and the component that has it (an index into ix.list). It fails with an Unknown
// result when a state is not one states knows, or when a named component is missing
// or ambiguous and none of the others is in trouble.
func (ix *componentIndex) worstNamed(names []string, states map[string]status.Status) (status.Status, int, *status.Result) {
	var (
		worst     = status.Unknown
		culprit   = -1
		missing   []string
		ambiguous string
	)
	for _, name := range names {
		found, amb := ix.find(name)
		switch {
		case amb != "":
			if ambiguous == "" {
				ambiguous = amb
			}
			continue
		case len(found) == 0:
			missing = append(missing, quoted(name))
			continue
		}
		for _, i := range found {
			c := ix.list[i]
			st, ok := states[c.state]
			if !ok {
				return 0, -1, &status.Result{Status: status.Unknown, Reason: "component " + quoted(c.name) + " has an unknown state " + quoted(c.state)}
			}
			if culprit < 0 || status.Worst(worst, st) != worst {
				worst, culprit = status.Worst(worst, st), i
			}
		}
	}
	if (len(missing) > 0 || ambiguous != "") && (culprit < 0 || worst == status.Up) {
		if len(missing) > 0 {
			return 0, -1, &status.Result{Status: status.Unknown, Reason: "no component named " + strings.Join(missing, ", ") + " on the status page"}
		}
		return 0, -1, &status.Result{Status: status.Unknown, Reason: ambiguous}
	}
	return worst, culprit, nil
}
