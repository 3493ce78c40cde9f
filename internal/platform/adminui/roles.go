package adminui

import (
	"net/http"
	"strconv"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

func rolePerm(a tenant.Action) tenant.Perm { return tenant.P(access.Module, a) }

func (u *UI) roleRoutes() {
	s := u.s
	s.Handle("GET /admin/roles", web.Perm, rolePerm(tenant.View), u.rolesPage)
	s.Handle("GET /admin/roles/new", web.Perm, rolePerm(tenant.Create), u.roleNew)
	s.Handle("POST /admin/roles", web.Perm, rolePerm(tenant.Create), u.roleCreate)
	s.Handle("GET /admin/roles/{id}", web.Perm, rolePerm(tenant.View), u.rolePage)
	s.Handle("POST /admin/roles/{id}", web.Perm, rolePerm(tenant.Edit), u.roleUpdate)
	s.Handle("POST /admin/roles/{id}/delete", web.Perm, rolePerm(tenant.Delete), u.roleDelete)
}

type rolesView struct {
	Flash     string
	Items     []access.Role
	CanCreate bool
}

// roleName shows a built-in role in the reader's language, unless the
// tenant renamed it (built-in roles are stored with their zh-CN names).
func (u *UI) roleName(r *http.Request, ro access.Role) string {
	if ro.Builtin && ro.Name == u.s.Cat.T(i18n.Default, "role."+ro.Code, nil) {
		return u.t(r, "role."+ro.Code)
	}
	return ro.Name
}

func (u *UI) rolesPage(w http.ResponseWriter, r *http.Request) {
	sc := principal(r).Scope
	items, err := u.Access.List(r.Context(), sc)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	for i := range items {
		items[i].Name = u.roleName(r, items[i])
	}
	u.page(w, r, http.StatusOK, "admin/roles.html", "roles.title", "roles",
		&rolesView{Flash: u.takeFlash(w, r), Items: items, CanCreate: sc.Can(rolePerm(tenant.Create))})
}

// matrixRow is one module of the permission matrix.
type matrixRow struct {
	Module string
	Label  string
	Cells  []matrixCell // one per action column
	Scoped bool
	Scope  string
}

type matrixCell struct {
	Perm    string // "" when the module has no such action
	Checked bool
}

type roleView struct {
	Flash    string
	Form     *Form
	Role     access.Role
	Creating bool
	Fixed    bool // the admin role always has everything
	Actions  []tenant.Action
	Matrix   []matrixRow
	Scopes   []Option
	CanEdit  bool
	CanDel   bool
}

// matrixActions are the matrix columns, in the catalog's order.
var matrixActions = []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Delete, tenant.Approve, tenant.Export,
	tenant.Configure, tenant.Unmask}

func roleForm(creating bool, action string) *Form {
	fields := []Field{}
	if creating {
		fields = append(fields, Field{Name: "code", Label: "roles.code", Type: "text", Required: true, Hint: "roles.code_hint"})
	} else {
		fields = append(fields, Field{Name: "code", Label: "roles.code", Type: "readonly"})
	}
	fields = append(fields,
		Field{Name: "name", Label: "roles.name", Type: "text", Required: true},
		Field{Name: "mfa_required", Label: "roles.mfa_required", Type: "checkbox", Hint: "roles.mfa_hint"},
		Field{Name: "permissions", Label: "roles.permissions", Type: "matrix"},
		Field{Name: "data_scopes", Label: "roles.data_scope", Type: "matrix"},
	)
	return NewForm("role-form", action, fields...)
}

// fillMatrix builds the rows from the registry and the form's values, so a
// failed save shows exactly what the user ticked.
func (u *UI) fillMatrix(r *http.Request, v *roleView, scopes map[string]string) {
	v.Actions = matrixActions
	v.Scopes = nil
	for _, s := range []string{"own", "dept", "dept_tree", "all"} {
		v.Scopes = append(v.Scopes, Option{Value: s, Label: u.t(r, "scope."+s)})
	}
	v.Matrix = nil
	for _, m := range u.Access.Registry().Modules() {
		row := matrixRow{Module: m.Key, Label: u.t(r, "module."+m.Key), Scoped: m.Scoped, Scope: scopes[m.Key]}
		if row.Scope == "" {
			row.Scope = "all"
		}
		for _, a := range matrixActions {
			c := matrixCell{}
			for _, ma := range m.Actions {
				if ma == a {
					c.Perm = string(tenant.P(m.Key, a))
					c.Checked = v.Form.Checked("permissions", c.Perm)
				}
			}
			row.Cells = append(row.Cells, c)
		}
		v.Matrix = append(v.Matrix, row)
	}
}

func roleInput(r *http.Request, f *Form, reg *tenant.Registry) access.RoleInput {
	in := access.RoleInput{Code: f.V("code"), Name: f.V("name"), MFARequired: f.V("mfa_required") != "", Perms: []tenant.Perm{},
		Scopes: map[string]string{}}
	for _, p := range f.Values["permissions"] {
		in.Perms = append(in.Perms, tenant.Perm(p))
	}
	for _, m := range reg.Modules() {
		if m.Scoped {
			if s := r.PostFormValue("scope." + m.Key); s != "" {
				in.Scopes[m.Key] = s
			}
		}
	}
	return in
}

func (u *UI) roleNew(w http.ResponseWriter, r *http.Request) {
	v := &roleView{Form: roleForm(true, "/admin/roles"), Creating: true, CanEdit: true}
	u.fillMatrix(r, v, nil)
	u.page(w, r, http.StatusOK, "admin/role.html", "roles.new_title", "roles", v)
}

func (u *UI) roleCreate(w http.ResponseWriter, r *http.Request) {
	v := &roleView{Form: roleForm(true, "/admin/roles"), Creating: true, CanEdit: true}
	v.Form.Bind(r)
	in := roleInput(r, v.Form, u.Access.Registry())
	role, err := u.Access.Create(r.Context(), principal(r).Scope, in)
	if err != nil {
		u.fillMatrix(r, v, in.Scopes)
		u.formFail(w, r, v.Form, err, nil, func(status int) {
			u.pageOr(w, r, status, "admin/role.html", "role-form", "roles.new_title", "roles", v)
		})
		return
	}
	u.setFlash(w, "flash.saved")
	redirect(w, r, "/admin/roles/"+strconv.FormatInt(role.ID, 10))
}

func (u *UI) roleEditView(r *http.Request) (*roleView, error) {
	id, ok := pathID(r)
	if !ok {
		return nil, errs.NotFound("not_found")
	}
	sc := principal(r).Scope
	role, err := u.Access.Get(r.Context(), sc, id)
	if err != nil {
		return nil, err
	}
	v := &roleView{Form: roleForm(false, "/admin/roles/"+strconv.FormatInt(id, 10)), Role: role, Fixed: role.Code == access.RoleAdmin,
		CanEdit: sc.Can(rolePerm(tenant.Edit)), CanDel: sc.Can(rolePerm(tenant.Delete)) && !role.Builtin}
	v.Form.Set("code", role.Code)
	v.Form.Set("name", role.Name)
	role.Name = u.roleName(r, role) // the heading; the form keeps the stored name
	if role.MFARequired {
		v.Form.Set("mfa_required", "1")
	}
	for _, p := range role.Perms {
		v.Form.Values.Add("permissions", string(p))
	}
	v.Form.Version = role.Version
	u.fillMatrix(r, v, role.Scopes)
	return v, nil
}

func (u *UI) rolePage(w http.ResponseWriter, r *http.Request) {
	v, err := u.roleEditView(r)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	v.Flash = u.takeFlash(w, r)
	u.page(w, r, http.StatusOK, "admin/role.html", "roles.edit_title", "roles", v)
}

func (u *UI) roleUpdate(w http.ResponseWriter, r *http.Request) {
	v, err := u.roleEditView(r)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	v.Form.Values.Del("permissions")
	v.Form.Values.Del("mfa_required")
	v.Form.Bind(r)
	v.Form.Set("code", v.Role.Code)
	in := roleInput(r, v.Form, u.Access.Registry())
	if v.Fixed {
		// The matrix is read-only for the admin role: keep what it holds.
		in.Perms, in.Scopes = v.Role.Perms, v.Role.Scopes
	}
	if _, err := u.Access.Update(r.Context(), principal(r).Scope, v.Role.ID, v.Form.Version, in); err != nil {
		u.fillMatrix(r, v, in.Scopes)
		u.formFail(w, r, v.Form, err, nil, func(status int) {
			u.pageOr(w, r, status, "admin/role.html", "role-form", "roles.edit_title", "roles", v)
		})
		return
	}
	// Sessions cache their permissions; a role change applies at once.
	u.IDs.PurgeCache()
	u.setFlash(w, "flash.saved")
	redirect(w, r, "/admin/roles/"+strconv.FormatInt(v.Role.ID, 10))
}

func (u *UI) roleDelete(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		u.s.Fail(w, r, errs.NotFound("not_found"))
		return
	}
	if err := u.Access.Delete(r.Context(), principal(r).Scope, id); err != nil {
		u.s.Fail(w, r, err)
		return
	}
	u.IDs.PurgeCache()
	u.setFlash(w, "flash.deleted")
	redirect(w, r, "/admin/roles")
}
