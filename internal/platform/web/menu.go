package web

import (
	"slices"

	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// MenuItem is one entry of the module menu; Label is a catalog key.
type MenuItem struct {
	Group    string // catalog key of the group ("menu.admin")
	Key      string // matches PageData.Active
	Label    string
	Path     string
	Perm     tenant.Perm // "" means any signed-in user
	Operator bool        // only platform operators see it
}

// Menu collects items from modules at wiring time.
type Menu struct {
	items []MenuItem
	// Groups orders the groups (catalog keys): these first, in this
	// order, then any other in the order its first item was added. The
	// business modules' groups go between the workbench and the admin's.
	Groups []string
}

// Add appends items in display order.
func (m *Menu) Add(items ...MenuItem) { m.items = append(m.items, items...) }

// MenuGroup is a group of visible items.
type MenuGroup struct {
	Label string
	Items []MenuItem
}

// For returns the groups and items the scope may open.
func (m *Menu) For(sc tenant.Scope) []MenuGroup {
	var out []MenuGroup
	idx := map[string]int{}
	for _, it := range m.items {
		if it.Operator != sc.IsOperator() && it.Operator {
			continue
		}
		if it.Perm != "" && !sc.Can(it.Perm) {
			continue
		}
		i, ok := idx[it.Group]
		if !ok {
			i = len(out)
			idx[it.Group] = i
			out = append(out, MenuGroup{Label: it.Group})
		}
		out[i].Items = append(out[i].Items, it)
	}
	rank := func(g MenuGroup) int {
		if i := slices.Index(m.Groups, g.Label); i >= 0 {
			return i
		}
		return len(m.Groups)
	}
	slices.SortStableFunc(out, func(a, b MenuGroup) int { return rank(a) - rank(b) })
	return out
}
