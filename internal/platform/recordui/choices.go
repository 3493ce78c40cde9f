package recordui

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Choices of selects, checkbox groups and filters, in the caller's language.

// maxChoices bounds a select drawn from a Type's records.
const maxChoices = 1000

// indent shows a tree level in a select's option text.
func indent(depth int) string { return strings.Repeat("\u3000", depth) }

// enumChoices are an Enum field's values with their labels.
func (u *UI) enumChoices(r *http.Request, t *records.Type, f records.Field) []adminui.Option {
	out := make([]adminui.Option, 0, len(f.Values))
	for _, v := range f.Values {
		out = append(out, adminui.Option{Value: v, Label: u.ui.T(r, t.EnumLabelKey(f.Name, v))})
	}
	return out
}

// dictChoices are a dictionary's items in order, tree levels indented;
// inactive items only when one is the current value (so it still shows).
func (u *UI) dictChoices(r *http.Request, dict string, current ...string) ([]adminui.Option, map[string]records.DictOption, error) {
	items, err := u.svc.DictOptions(r.Context(), scope(r), dict, true)
	if err != nil {
		return nil, nil, err
	}
	byCode := make(map[string]records.DictOption, len(items))
	for _, it := range items {
		byCode[it.Code] = it
	}
	keep := map[string]bool{}
	for _, c := range current {
		keep[c] = true
	}
	depth := func(it records.DictOption) int {
		d := 0
		for p := it.Parent; p != "" && d < 8; d++ {
			p = byCode[p].Parent
		}
		return d
	}
	out := make([]adminui.Option, 0, len(items))
	for _, it := range treeOrder(items, func(it records.DictOption) (string, string) { return it.Code, it.Parent }) {
		if !it.Active && !keep[it.Code] {
			continue
		}
		out = append(out, adminui.Option{Value: it.Code, Label: indent(depth(it)) + it.Label})
	}
	return out, byCode, nil
}

// treeOrder puts children right after their parent, keeping the given order
// among siblings; items whose parent is missing count as roots.
func treeOrder[T any](items []T, key func(T) (id, parent string)) []T {
	ids := map[string]bool{}
	for _, it := range items {
		id, _ := key(it)
		ids[id] = true
	}
	kids := map[string][]T{}
	var roots []T
	for _, it := range items {
		if _, p := key(it); p != "" && ids[p] {
			kids[p] = append(kids[p], it)
		} else {
			roots = append(roots, it)
		}
	}
	out := make([]T, 0, len(items))
	seen := map[string]bool{}
	var walk func([]T)
	walk = func(xs []T) {
		for _, it := range xs {
			id, _ := key(it)
			if seen[id] {
				continue
			}
			seen[id] = true
			out = append(out, it)
			walk(kids[id])
		}
	}
	walk(roots)
	return out
}

// isSelectRef tells whether a Ref field to rt is drawn as a select: trees
// and types without search fields are small lists (groups, currencies);
// searchable types (customers, products) get an autocomplete.
func isSelectRef(rt *records.Type) bool {
	if rt.Parent != "" {
		return true
	}
	for _, f := range rt.Fields {
		if f.Search {
			return false
		}
	}
	return true
}

// refChoices lists the records of rt visible to the caller (at most
// maxChoices), trees in tree order with levels indented. filters narrow
// them (dictionary items of one dictionary). Without rt's view permission
// the list is empty: the form then shows only the current value.
func (u *UI) refChoices(r *http.Request, rt *records.Type, filters map[string]string) ([]adminui.Option, error) {
	ctx, sc := r.Context(), scope(r)
	if !sc.Can(perm(rt, tenant.View)) {
		return nil, nil
	}
	var recs []records.Record
	lq := list.Query{Limit: list.MaxLimit, Filters: filters}
	for len(recs) < maxChoices {
		p, err := u.svc.List(ctx, sc, rt, lq)
		if err != nil {
			if errs.KindOf(err) == errs.KindForbidden {
				return nil, nil
			}
			return nil, err
		}
		recs = append(recs, p.Items...)
		if p.NextCursor == "" {
			break
		}
		lq.Cursor = p.NextCursor
	}
	if rt.Parent != "" {
		recs = treeOrder(recs, func(r records.Record) (string, string) {
			return strconv.FormatInt(r.ID, 10), idString(r.Values[rt.Parent])
		})
	}
	parent := map[int64]int64{}
	for _, x := range recs {
		parent[x.ID] = x.Int(rt.Parent)
	}
	out := make([]adminui.Option, 0, len(recs))
	for _, x := range recs {
		d := 0
		for p := parent[x.ID]; p != 0 && d < 8; d++ {
			p = parent[p]
		}
		if rt.Parent == "" {
			d = 0
		}
		text := titleOf(rt, x)
		if isDictItems(rt) {
			text = u.title(r, rt, x) // built-in items show their label, not their code
		}
		out = append(out, adminui.Option{Value: strconv.FormatInt(x.ID, 10), Label: indent(d) + text})
	}
	return out, nil
}

// titleOf is a record's name, with its code when it has one.
func titleOf(t *records.Type, r records.Record) string {
	name := r.Name(t)
	if c := codeOf(t, r); c != "" && c != name {
		if name == "" {
			return c
		}
		return name + " (" + c + ")"
	}
	return name
}

// codeOf is a record's code, "" when its type has none.
func codeOf(t *records.Type, r records.Record) string {
	if c := t.CodeFieldName(); c != "" {
		return r.String(c)
	}
	return ""
}

// userChoices are the tenant's active staff, for owner, shared-with and
// User fields. Anyone who may edit a record may see colleagues' names (the
// record shows its owner's name anyway), so this reads users directly
// instead of through users.view.
func (u *UI) userChoices(ctx context.Context, sc tenant.Scope) ([]adminui.Option, error) {
	var rows []struct {
		ID       int64  `db:"id"`
		Name     string `db:"display_name"`
		Username string `db:"username"`
	}
	err := db.Tenant(u.ui.DB.Read(), sc.Tenant()).Select(ctx, &rows, `SELECT id, display_name, username FROM users
		WHERE tenant_id = ? AND kind = 'staff' AND status = 'active' ORDER BY display_name, id`, sc.Tenant())
	if err != nil {
		return nil, err
	}
	out := make([]adminui.Option, 0, len(rows))
	for _, x := range rows {
		out = append(out, adminui.Option{Value: strconv.FormatInt(x.ID, 10), Label: x.Name + " (" + x.Username + ")"})
	}
	return out, nil
}

// deptChoices is the organisation tree when the caller may see it.
func (u *UI) deptChoices(ctx context.Context, sc tenant.Scope) []adminui.Option {
	if !sc.Can(tenant.P("departments", tenant.View)) {
		return nil
	}
	ds, err := u.ui.Org.DepartmentOptions(ctx, sc)
	if err != nil {
		return nil
	}
	out := make([]adminui.Option, 0, len(ds))
	for _, d := range ds {
		out = append(out, adminui.Option{Value: strconv.FormatInt(d.ID, 10), Label: indent(d.Depth) + d.Name})
	}
	return out
}

// withCurrent makes sure the stored value is among the options (an
// inactive item, a record the caller cannot list).
func withCurrent(opts []adminui.Option, value, text string) []adminui.Option {
	if value == "" {
		return opts
	}
	for _, o := range opts {
		if o.Value == value {
			return opts
		}
	}
	if text == "" {
		text = value
	}
	return append(opts, adminui.Option{Value: value, Label: text})
}

// idString formats a stored id value ("" when empty).
func idString(v any) string {
	switch x := v.(type) {
	case int64:
		if x != 0 {
			return strconv.FormatInt(x, 10)
		}
	case int:
		if x != 0 {
			return strconv.Itoa(x)
		}
	case float64:
		if x != 0 {
			return strconv.FormatInt(int64(x), 10)
		}
	case string:
		return x
	}
	return ""
}
