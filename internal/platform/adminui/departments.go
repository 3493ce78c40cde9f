package adminui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

func deptPerm(a tenant.Action) tenant.Perm { return tenant.P(org.DeptModule, a) }

func (u *UI) deptRoutes() {
	u.s.Handle("GET /admin/departments", web.Perm, deptPerm(tenant.View), u.deptsPage)
	u.s.Handle("POST /admin/departments", web.Perm, deptPerm(tenant.Create), u.deptCreate)
	u.s.Handle("GET /admin/departments/{id}", web.Perm, deptPerm(tenant.View), u.deptPage)
	u.s.Handle("POST /admin/departments/{id}", web.Perm, deptPerm(tenant.Edit), u.deptUpdate)
	u.s.Handle("POST /admin/departments/{id}/delete", web.Perm, deptPerm(tenant.Delete), u.deptDelete)
}

type deptsView struct {
	Flash     string
	Items     []org.Department
	Form      *Form
	Dept      org.Department // the department being edited
	CanCreate bool
	CanEdit   bool
	CanDelete bool
	heads     []Option
}

// deptOptions lists the tree as select options, indented by depth; skip
// leaves out a node and everything below it (no moving under oneself).
func deptOptions(items []org.Department, skip int64) []Option {
	var out []Option
	skipDepth := -1
	for _, d := range items {
		if skipDepth >= 0 {
			if d.Depth > skipDepth {
				continue
			}
			skipDepth = -1
		}
		if d.ID == skip {
			skipDepth = d.Depth
			continue
		}
		out = append(out, Option{Value: strconv.FormatInt(d.ID, 10), Label: strings.Repeat("　", d.Depth) + d.Name})
	}
	return out
}

func (u *UI) kindOptions(r *http.Request) []Option {
	var out []Option
	for _, k := range org.DeptKinds {
		out = append(out, Option{Value: k, Label: u.t(r, "departments.kind_"+k)})
	}
	return out
}

func (u *UI) deptForm(r *http.Request, id, action string, items []org.Department, skip int64, heads []Option) *Form {
	return NewForm(id, action,
		Field{Name: "name", Label: "departments.name", Type: "text", Required: true},
		Field{Name: "parent_id", Label: "departments.parent", Type: "select", Required: true, Options: deptOptions(items, skip)},
		Field{Name: "kind", Label: "departments.kind", Type: "select", Options: u.kindOptions(r)},
		Field{Name: "head_user_id", Label: "departments.head", Type: "select", Options: heads, Hint: "departments.head_hint"},
		Field{Name: "sort", Label: "departments.sort", Type: "number", Hint: "departments.sort_hint"},
	)
}

// headOptions are the people who may head a department, after "nobody".
// A viewer who may not edit gets no list (the edit page adds the current
// head, see withHead).
func (u *UI) headOptions(r *http.Request) ([]Option, error) {
	opts := []Option{{Value: "", Label: u.t(r, "departments.head_none")}}
	sc := principal(r).Scope
	if !sc.Can(deptPerm(tenant.Create)) && !sc.Can(deptPerm(tenant.Edit)) {
		return opts, nil
	}
	people, err := u.Org.HeadChoices(r.Context(), sc)
	for _, p := range people {
		opts = append(opts, Option{Value: strconv.FormatInt(p.ID, 10), Label: p.DisplayName + " (" + p.Username + ")"})
	}
	return opts, err
}

// withHead keeps the current head among the options even when they can no
// longer be chosen (disabled since), so the form shows who it is.
func withHead(opts []Option, d org.Department) []Option {
	if d.HeadUserID == nil {
		return opts
	}
	id := strconv.FormatInt(*d.HeadUserID, 10)
	for _, o := range opts {
		if o.Value == id {
			return opts
		}
	}
	return append(append([]Option(nil), opts...), Option{Value: id, Label: d.HeadName})
}

func (u *UI) deptsView(r *http.Request) (*deptsView, error) {
	sc := principal(r).Scope
	items, err := u.Org.Departments(r.Context(), sc)
	if err != nil {
		return nil, err
	}
	v := &deptsView{Items: items, CanCreate: sc.Can(deptPerm(tenant.Create)), CanEdit: sc.Can(deptPerm(tenant.Edit)),
		CanDelete: sc.Can(deptPerm(tenant.Delete))}
	if v.heads, err = u.headOptions(r); err != nil {
		return nil, err
	}
	v.Form = u.deptForm(r, "dept-form", "/admin/departments", items, 0, v.heads)
	v.Form.Set("kind", "department")
	if len(items) > 0 {
		v.Form.Set("parent_id", strconv.FormatInt(items[0].ID, 10))
	}
	return v, nil
}

func (u *UI) deptsPage(w http.ResponseWriter, r *http.Request) {
	v, err := u.deptsView(r)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	v.Flash = u.takeFlash(w, r)
	u.page(w, r, http.StatusOK, "admin/departments.html", "departments.title", "departments", v)
}

func deptInput(f *Form) org.DeptInput {
	in := org.DeptInput{Name: f.V("name"), Kind: f.V("kind"), Sort: atoi(f.V("sort"))}
	if id, err := strconv.ParseInt(f.V("parent_id"), 10, 64); err == nil && id > 0 {
		in.ParentID = &id
	}
	if id, err := strconv.ParseInt(f.V("head_user_id"), 10, 64); err == nil && id > 0 {
		in.HeadUserID = &id
	}
	return in
}

func (u *UI) deptCreate(w http.ResponseWriter, r *http.Request) {
	v, err := u.deptsView(r)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	v.Form.Bind(r)
	if _, err := u.Org.CreateDepartment(r.Context(), principal(r).Scope, deptInput(v.Form)); err != nil {
		u.formFail(w, r, v.Form, err, nil, func(status int) {
			u.pageOr(w, r, status, "admin/departments.html", "dept-form", "departments.title", "departments", v)
		})
		return
	}
	u.setFlash(w, "flash.saved")
	redirect(w, r, "/admin/departments")
}

func (u *UI) deptEditView(r *http.Request) (*deptsView, error) {
	id, ok := pathID(r)
	if !ok {
		return nil, errs.NotFound("not_found")
	}
	v, err := u.deptsView(r)
	if err != nil {
		return nil, err
	}
	if v.Dept, err = u.Org.Department(r.Context(), principal(r).Scope, id); err != nil {
		return nil, err
	}
	v.Form = u.deptForm(r, "dept-edit-form", "/admin/departments/"+strconv.FormatInt(id, 10), v.Items, id, withHead(v.heads, v.Dept))
	if v.Dept.ParentID == nil {
		// The company root has no parent and cannot get one.
		v.Form.Fields = append(v.Form.Fields[:1], v.Form.Fields[2:]...)
	}
	return v, nil
}

func (u *UI) deptPage(w http.ResponseWriter, r *http.Request) {
	v, err := u.deptEditView(r)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	d := v.Dept
	v.Form.Set("name", d.Name)
	v.Form.Set("kind", d.Kind)
	v.Form.Set("sort", strconv.Itoa(d.Sort))
	if d.HeadUserID != nil {
		v.Form.Set("head_user_id", strconv.FormatInt(*d.HeadUserID, 10))
	}
	if d.ParentID != nil {
		v.Form.Set("parent_id", strconv.FormatInt(*d.ParentID, 10))
	}
	v.Form.Version = d.Version
	u.page(w, r, http.StatusOK, "admin/department.html", "departments.edit_title", "departments", v)
}

func (u *UI) deptUpdate(w http.ResponseWriter, r *http.Request) {
	v, err := u.deptEditView(r)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	v.Form.Bind(r)
	in := deptInput(v.Form)
	if v.Dept.ParentID == nil {
		in.ParentID = nil
	}
	if _, err := u.Org.UpdateDepartment(r.Context(), principal(r).Scope, v.Dept.ID, v.Form.Version, in); err != nil {
		u.formFail(w, r, v.Form, err, nil, func(status int) {
			u.pageOr(w, r, status, "admin/department.html", "dept-edit-form", "departments.edit_title", "departments", v)
		})
		return
	}
	u.setFlash(w, "flash.saved")
	redirect(w, r, "/admin/departments")
}

func (u *UI) deptDelete(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		u.s.Fail(w, r, errs.NotFound("not_found"))
		return
	}
	if err := u.Org.DeleteDepartment(r.Context(), principal(r).Scope, id); err != nil {
		u.s.Fail(w, r, err)
		return
	}
	u.setFlash(w, "flash.deleted")
	redirect(w, r, "/admin/departments")
}
