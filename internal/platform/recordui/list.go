package recordui

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// listView is the list page of a Type.
type listView struct {
	Flash      string
	Type       *records.Type
	Title      string // catalog key
	List       *adminui.ListView
	NewHref    string // "" without create permission
	ImportHref string
	Dicts      []dictLink // the dictionaries page's dictionary switcher
}

// filterNames are the query parameters the list of t accepts.
func filterNames(t *records.Type) []string {
	var out []string
	for _, f := range t.Fields {
		if f.Filter || f.Name == t.Of {
			out = append(out, f.Name)
		}
		if f.Range {
			out = append(out, f.Name+"_from", f.Name+"_to")
		}
	}
	if t.Owned {
		out = append(out, "owner_id", "department_id")
	}
	return out
}

func (u *UI) listPage(w http.ResponseWriter, r *http.Request, t *records.Type) {
	sc := scope(r)
	lq, vals := adminui.ParseList(r, filterNames(t)...)
	v := &listView{Type: t, Title: plural(t)}
	if isDictItems(t) {
		v.Dicts = u.dictLinks(r, lq.Filters, vals)
	}
	l := &adminui.ListView{ID: t.Key, Path: base(t), Values: vals, Empty: "recordui.empty"}
	if hasSearch(t) {
		l.Search = "recordui.search"
	}
	filters, err := u.listFilters(r, t, lq.Filters)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	l.Filters = filters
	var cols []records.Field
	for _, f := range t.Fields {
		if f.List || f.ListHide {
			cols = append(cols, f)
			c := adminui.Column{Key: f.Name, Label: fieldLabel(t, f), Hide: !f.List,
				Num: f.Kind == records.Int || f.Kind == records.Decimal}
			if isDictItems(t) && f.Name == "dict" {
				c.Hide = true // the switcher above the list names the dictionary
			}
			if f.Sort {
				c.Sort = f.Name
			}
			l.Columns = append(l.Columns, c)
		}
	}
	if t.Owned {
		l.Columns = append(l.Columns, adminui.Column{Key: "owner_id", Label: "recordui.owner"})
	}
	page, err := u.svc.List(r.Context(), sc, t, lq)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	adminui.Fill(l, page)
	if records.TotalCapped(page.Total) {
		l.Total = records.CountCap
		l.CountText = u.ui.T(r, "recordui.count_capped", "Count", i18n.FormatInt(lang(r), records.CountCap))
		l.Pages = (records.CountCap + l.Limit - 1) / max(l.Limit, 1)
	}
	if sc.Can(perm(t, tenant.Export)) {
		l.ExportURL = base(t) + "/export"
	}
	dc := u.dicts(r)
	for _, rec := range page.Items {
		cells := make([]adminui.Cell, 0, len(l.Columns))
		for _, f := range cols {
			cells = append(cells, u.cell(r, t, f, rec, dc))
		}
		if t.Owned {
			cells = append(cells, adminui.Cell{Text: rec.Labels["owner_id"]})
		}
		l.AddRow(strconv.FormatInt(rec.ID, 10), inactive(rec), cells...)
	}
	v.List = l
	if sc.Can(perm(t, tenant.Create)) {
		v.NewHref, v.ImportHref = base(t)+"/new", base(t)+"/import"
		if d := lq.Filters["dict"]; isDictItems(t) && d != "" {
			v.NewHref += "?dict=" + url.QueryEscape(d)
		}
	}
	v.Flash = u.ui.TakeFlash(w, r)
	u.ui.PageOr(w, r, http.StatusOK, "records/list.html", "list-area", plural(t), u.menuKey(t), v)
}

// listFilters are the filter controls of t's list: selects for choices,
// inputs for text, dates and ranges. A Ref to a large type has no visible
// control (?field=id still filters, the parent page links that way).
func (u *UI) listFilters(r *http.Request, t *records.Type, current map[string]string) ([]adminui.Filter, error) {
	all := adminui.Option{Value: "", Label: u.ui.T(r, "list.all")}
	var out []adminui.Filter
	for _, f := range t.Fields {
		lbl := fieldLabel(t, f)
		if f.Range {
			typ := "text"
			if f.Kind == records.Date {
				typ = "date"
			}
			name := u.ui.T(r, lbl)
			out = append(out,
				adminui.Filter{Name: f.Name + "_from", Type: typ, Text: u.ui.T(r, "recordui.range_from", "Field", name)},
				adminui.Filter{Name: f.Name + "_to", Type: typ, Text: u.ui.T(r, "recordui.range_to", "Field", name)})
		}
		if f.Name == t.Of && !f.Filter {
			out = append(out, adminui.Filter{Name: f.Name, Type: "hidden"}) // kept while filtering a parent's children
		}
		if !f.Filter {
			continue
		}
		flt := adminui.Filter{Name: f.Name, Label: lbl, Type: "select"}
		switch f.Kind {
		case records.Enum:
			flt.Options = u.enumChoices(r, t, f)
		case records.Dict, records.Tags:
			opts, _, err := u.dictChoices(r, f.Dict)
			if err != nil {
				return nil, err
			}
			flt.Options = opts
		case records.Bool:
			flt.Options = []adminui.Option{{Value: "true", Label: u.ui.T(r, "recordui.yes")}, {Value: "false", Label: u.ui.T(r, "recordui.no")}}
		case records.User:
			users, err := u.userChoices(r.Context(), scope(r))
			if err != nil {
				return nil, err
			}
			flt.Options = users
		case records.Ref:
			rt, ok := u.reg.Type(f.Ref)
			if !ok || !isSelectRef(rt) {
				flt.Type = "hidden" // too many to choose from: ?field=id still filters
				break
			}
			var narrow map[string]string
			if isDictItems(t) && f.Name == t.Parent {
				if !u.treeDict(current["dict"]) {
					continue
				}
				narrow = map[string]string{"dict": current["dict"]}
			}
			opts, err := u.refChoices(r, rt, narrow)
			if err != nil {
				return nil, err
			}
			flt.Options = opts
		case records.Date:
			flt.Type = "date"
		default:
			flt.Type = "text"
			if isDictItems(t) && f.Name == "dict" {
				flt.Type = "hidden" // the dictionary switcher above the list chooses it
			}
		}
		if flt.Type == "select" {
			flt.Options = append([]adminui.Option{all}, flt.Options...)
		}
		out = append(out, flt)
	}
	if t.Owned {
		users, err := u.userChoices(r.Context(), scope(r))
		if err != nil {
			return nil, err
		}
		out = append(out, adminui.Filter{Name: "owner_id", Label: "recordui.owner", Type: "select",
			Options: append([]adminui.Option{all}, users...)})
		if depts := u.deptChoices(r.Context(), scope(r)); depts != nil {
			out = append(out, adminui.Filter{Name: "department_id", Label: "recordui.department", Type: "select",
				Options: append([]adminui.Option{all}, depts...)})
		}
	}
	return out, nil
}

func hasSearch(t *records.Type) bool {
	for _, f := range t.Fields {
		if f.Search {
			return true
		}
	}
	return false
}

// inactive tells whether a record is switched off (an "active" flag that
// is false): lists grey it out, its page shows a badge.
func inactive(rec records.Record) bool {
	v, ok := rec.Values["active"].(bool)
	return ok && !v
}
