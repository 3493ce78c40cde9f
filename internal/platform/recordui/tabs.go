package recordui

import (
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// childTypes are the types listed on t's page (contacts of a customer).
func (u *UI) childTypes(t *records.Type) []*records.Type {
	var out []*records.Type
	for _, c := range u.reg.Types() {
		if p := u.parentOf(c); p == t {
			out = append(out, c)
		}
	}
	return out
}

// tabLinks are the tabs the caller may open, in order: details, child
// types, module tabs, attachments, history; and the open one.
func (u *UI) tabLinks(r *http.Request, t *records.Type, id int64) ([]tabLink, string) {
	sc := scope(r)
	href := recordHref(t, id)
	tabs := []tabLink{{Key: "details", Label: "recordui.tab_details", Href: href}}
	for _, c := range u.childTypes(t) {
		if sc.Can(perm(c, tenant.View)) {
			tabs = append(tabs, tabLink{Key: c.Key, Label: plural(c)})
		}
	}
	for _, x := range u.tabs[t.Key] {
		if x.Perm == "" || sc.Can(x.Perm) {
			tabs = append(tabs, tabLink{Key: x.Key, Label: x.Label})
		}
	}
	if !isDictItems(t) { // files on a dictionary item would have no use
		tabs = append(tabs, tabLink{Key: "attachments", Label: "recordui.tab_attachments"})
	}
	if sc.Can(tenant.P(audit.Module, tenant.View)) {
		tabs = append(tabs, tabLink{Key: "history", Label: "recordui.tab_history"})
	}
	want := r.URL.Query().Get("tab")
	open := "details"
	for i := range tabs {
		if tabs[i].Href == "" {
			tabs[i].Href = href + "?tab=" + tabs[i].Key
		}
		if tabs[i].Key == want {
			open = want
		}
	}
	for i := range tabs {
		tabs[i].Active = tabs[i].Key == open
	}
	return tabs, open
}

// customTab renders a module's tab (its permission was checked by tabLinks).
func (u *UI) customTab(r *http.Request, t *records.Type, id int64, key string) (template.HTML, error) {
	for _, x := range u.tabs[t.Key] {
		if x.Key == key {
			return x.Render(r.Context(), scope(r), id)
		}
	}
	return "", errs.NotFound("not_found")
}

// childView is a child type's tab: its records of this parent and a form
// adding one.
type childView struct {
	Type   *records.Type
	List   *adminui.ListView
	More   string // the child's full list filtered by this parent, when the tab shows only the first page
	Form   *formView
	Plural string
	Label  string
}

// childLimit is how many children a parent's tab shows.
const childLimit = 50

func (u *UI) childView(r *http.Request, t *records.Type, rec records.Record, c *records.Type) (*childView, error) {
	sc := scope(r)
	parent := strconv.FormatInt(rec.ID, 10)
	page, err := u.svc.List(r.Context(), sc, c, list.Query{Limit: childLimit, Filters: map[string]string{c.Of: parent}})
	if err != nil {
		return nil, err
	}
	l := &adminui.ListView{ID: c.Key, Path: base(c), Empty: "recordui.empty_children"}
	var cols []records.Field
	for _, f := range c.Fields {
		if (f.List || f.ListHide) && f.Name != c.Of {
			cols = append(cols, f)
			l.Columns = append(l.Columns, adminui.Column{Key: f.Name, Label: fieldLabel(c, f), Hide: !f.List})
		}
	}
	dc := u.dicts(r)
	for _, x := range page.Items {
		cells := make([]adminui.Cell, 0, len(cols))
		for _, f := range cols {
			cells = append(cells, u.cell(r, c, f, x, dc))
		}
		l.AddRow(strconv.FormatInt(x.ID, 10), inactive(x), cells...)
	}
	v := &childView{Type: c, List: l, Plural: plural(c), Label: label(c)}
	if page.NextCursor != "" {
		v.More = base(c) + "?" + c.Of + "=" + parent
	}
	if sc.Can(perm(c, tenant.Create)) {
		ret := recordHref(t, rec.ID) + "?tab=" + c.Key
		if v.Form, err = u.buildForm(r, c, formOpts{inline: true, fixed: map[string]string{c.Of: parent}, ret: ret}); err != nil {
			return nil, err
		}
		u.fillForm(r, v.Form, nil)
		v.Form.CanEdit = true
	}
	return v, nil
}

func fmtTime(r *http.Request, t time.Time) string { return i18n.FormatDateTime(lang(r), t) }
