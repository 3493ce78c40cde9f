package recordui

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// newView is the create page.
type newView struct {
	Type     *records.Type
	Plural   string
	ListHref string
	Form     *formView
}

// recordView is a record's page: header, tabs and the open tab's content.
type recordView struct {
	Flash     string
	Type      *records.Type
	Plural    string
	ListHref  string
	Parent    *link // a child record's parent
	Rec       records.Record
	Title     string
	Code      string
	Badges    []badge
	Tabs      []tabLink
	Tab       string
	Form      *formView // details
	Info      []info
	CanDelete bool
	Delete    string // the delete URL
	Return    string // where delete goes back to (a child's parent tab)
	Child     *childView
	Files     *FilesView
	History   *historyView
	Custom    template.HTML // a module's tab
}

type link struct{ Text, Href string }

type badge struct{ Text, Variant string }

type tabLink struct {
	Key, Label, Href string
	Active           bool
}

type info struct{ Label, Text string }

func (u *UI) newPage(w http.ResponseWriter, r *http.Request, t *records.Type) {
	fv, err := u.buildForm(r, t, formOpts{})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.fillForm(r, fv, nil)
	u.ui.Page(w, r, http.StatusOK, "records/new.html", label(t), u.menuKey(t), &newView{Type: t, Plural: plural(t), ListHref: base(t), Form: fv})
}

// create saves a new record from the create page or from a child's inline
// form on its parent's page (which names where to go back to).
func (u *UI) create(w http.ResponseWriter, r *http.Request, t *records.Type) {
	_ = r.ParseForm()
	o := formOpts{}
	if ret := safeReturn(r.PostFormValue("_return")); ret != "" && t.Of != "" {
		o = formOpts{inline: true, fixed: map[string]string{t.Of: r.PostFormValue(t.Of)}, ret: ret}
	}
	fv, err := u.buildForm(r, t, o)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	bindForm(r, fv)
	rec, err := u.svc.Create(r.Context(), scope(r), t, fv.input())
	if err != nil {
		u.formError(w, r, fv, err, func(status int) {
			u.ui.Page(w, r, status, "records/new.html", label(t), u.menuKey(t), &newView{Type: t, Plural: plural(t), ListHref: base(t), Form: fv})
		})
		return
	}
	u.ui.SetFlash(w, savedFlash("flash.record_created", rec))
	if o.ret != "" {
		adminui.Redirect(w, r, o.ret)
		return
	}
	adminui.Redirect(w, r, recordHref(t, rec.ID))
}

// formError spreads the problem over the form and draws it again: alone
// for htmx, else inside its page.
func (u *UI) formError(w http.ResponseWriter, r *http.Request, fv *formView, err error, page func(status int)) {
	p := u.ui.Problem(r, err)
	fv.Form.Fail(p, nil)
	if hxFragment(r) {
		u.ui.Fragment(w, r, p.Status, "records/new.html", "rec-form-frag", fv)
		return
	}
	page(p.Status)
}

// safeReturn accepts only a record page of this UI as a place to go back to.
func safeReturn(s string) string {
	if !strings.HasPrefix(s, "/md/") || strings.Contains(s, "//") || strings.ContainsAny(s, "\\\r\n") {
		return ""
	}
	return s
}

func (u *UI) recordPage(w http.ResponseWriter, r *http.Request, t *records.Type) {
	v, err := u.recordView(r, t)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	v.Flash = u.ui.TakeFlash(w, r)
	u.ui.Page(w, r, http.StatusOK, "records/record.html", label(t), u.menuKey(t), v)
}

// recordView loads the record and the open tab (?tab=, details by default).
func (u *UI) recordView(r *http.Request, t *records.Type) (*recordView, error) {
	id, ok := pathID(r, "id")
	if !ok {
		return nil, errs.NotFound("not_found")
	}
	sc := scope(r)
	rec, err := u.svc.Get(r.Context(), sc, t, id)
	if err != nil {
		return nil, err
	}
	v := &recordView{Type: t, Plural: plural(t), ListHref: base(t), Rec: rec, Title: u.title(r, t, rec), Code: codeOf(t, rec),
		CanDelete: u.canDelete(sc, t), Delete: recordHref(t, rec.ID) + "/delete"}
	if p := u.parentOf(t); p != nil && rec.Int(t.Of) != 0 {
		v.Parent = &link{Text: rec.Labels[t.Of], Href: recordHref(p, rec.Int(t.Of))}
		v.Plural, v.ListHref = plural(p), base(p)
		v.Return = recordHref(p, rec.Int(t.Of)) + "?tab=" + t.Key
	}
	v.Badges = u.badges(r, t, rec)
	v.Tabs, v.Tab = u.tabLinks(r, t, rec.ID)
	switch v.Tab {
	case "details":
		if v.Form, err = u.buildForm(r, t, formOpts{rec: &rec}); err != nil {
			return nil, err
		}
		u.fillForm(r, v.Form, &rec)
		v.Form.CanEdit = sc.Can(perm(t, tenant.Edit))
		v.Info = u.infoItems(r, t, rec)
	case "attachments":
		v.Files, err = u.filesView(r, t, rec)
	case "history":
		v.History, err = u.historyView(r, t, rec)
	default:
		if c, ok := u.reg.Type(v.Tab); ok {
			v.Child, err = u.childView(r, t, rec, c)
		} else {
			v.Custom, err = u.customTab(r, t, rec.ID, v.Tab)
		}
	}
	return v, err
}

// badges flag what a reader must notice first: a record switched off, or
// a filterable flag that is set (blacklisted).
func (u *UI) badges(r *http.Request, t *records.Type, rec records.Record) []badge {
	var out []badge
	if inactive(rec) {
		out = append(out, badge{Text: u.ui.T(r, "recordui.inactive"), Variant: "muted"})
	}
	for _, f := range t.Fields {
		if f.Kind != records.Bool || !f.Filter || f.Name == "active" {
			continue
		}
		if b, _ := rec.Values[f.Name].(bool); b {
			variant := "info"
			if strings.Contains(f.Name, "black") {
				variant = "danger"
			}
			out = append(out, badge{Text: u.ui.T(r, fieldLabel(t, f)), Variant: variant})
		}
	}
	return out
}

// infoItems are the record's bookkeeping facts beside the form.
func (u *UI) infoItems(r *http.Request, t *records.Type, rec records.Record) []info {
	out := []info{{Label: "ID", Text: idString(rec.ID)}}
	if t.Owned {
		out = append(out, info{Label: u.ui.T(r, "recordui.owner"), Text: rec.Labels["owner_id"]})
	}
	out = append(out,
		info{Label: u.ui.T(r, "recordui.created_at"), Text: fmtTime(r, rec.CreatedAt)},
		info{Label: u.ui.T(r, "recordui.updated_at"), Text: fmtTime(r, rec.UpdatedAt)},
		info{Label: u.ui.T(r, "recordui.version"), Text: strconv.Itoa(rec.Version)})
	return out
}

func (u *UI) update(w http.ResponseWriter, r *http.Request, t *records.Type) {
	v, err := u.recordView(r, t) // the details tab: no ?tab on a POST
	if err != nil {
		u.fail(w, r, err)
		return
	}
	fv := v.Form
	bindForm(r, fv)
	rec, err := u.svc.Update(r.Context(), scope(r), t, v.Rec.ID, fv.Form.Version, fv.input())
	if err != nil {
		u.formError(w, r, fv, err, func(status int) {
			u.ui.Page(w, r, status, "records/record.html", label(t), u.menuKey(t), v)
		})
		return
	}
	u.ui.SetFlash(w, savedFlash("flash.saved", rec))
	adminui.Redirect(w, r, recordHref(t, v.Rec.ID))
}

// savedFlash is the message after a save: with the duplicate warning the
// form showed while typing, so it is not lost in the redirect.
func savedFlash(key string, rec records.Record) string {
	if len(rec.Warnings) > 0 {
		return key + "_warned"
	}
	return key
}

// delete removes the record; a 409 (in use, changed meanwhile) comes back
// as the problem with its reason (a toast for htmx, the error page else).
func (u *UI) delete(w http.ResponseWriter, r *http.Request, t *records.Type) {
	id, ok := pathID(r, "id")
	if !ok {
		u.fail(w, r, errs.NotFound("not_found"))
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	if err := u.svc.Delete(r.Context(), scope(r), t, id, version); err != nil {
		u.fail(w, r, err)
		return
	}
	u.ui.SetFlash(w, "flash.record_deleted")
	if ret := safeReturn(r.PostFormValue("_return")); ret != "" {
		adminui.Redirect(w, r, ret)
		return
	}
	adminui.Redirect(w, r, base(t))
}
