package adminui

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/export"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

func userPerm(a tenant.Action) tenant.Perm { return tenant.P(identity.Module, a) }

func (u *UI) userRoutes() {
	s := u.s
	s.Handle("GET /admin/users", web.Perm, userPerm(tenant.View), u.usersPage)
	s.Handle("GET /admin/users/export", web.Perm, userPerm(tenant.Export), u.usersExport)
	s.Handle("GET /admin/users/new", web.Perm, userPerm(tenant.Create), u.userNew)
	s.Handle("POST /admin/users", web.Perm, userPerm(tenant.Create), u.userCreate)
	s.Handle("GET /admin/users/{id}", web.Perm, userPerm(tenant.View), u.userPage)
	s.Handle("POST /admin/users/{id}", web.Perm, userPerm(tenant.Edit), u.userUpdate)
	s.Handle("POST /admin/users/{id}/disable", web.Perm, userPerm(tenant.Edit), u.userDisable)
	s.Handle("POST /admin/users/{id}/enable", web.Perm, userPerm(tenant.Edit), u.userEnable)
	s.Handle("POST /admin/users/{id}/password", web.Perm, userPerm(tenant.Edit), u.userSetPassword)
	s.Handle("POST /admin/users/{id}/mfa-reset", web.Perm, userPerm(tenant.Edit), u.userResetMFA)
}

var userFilters = []string{"status", "department_id"}

type usersView struct {
	Flash     string
	List      *ListView
	CanCreate bool
}

func (u *UI) statusOptions(r *http.Request) []Option {
	return []Option{{Value: "", Label: u.t(r, "list.all")},
		{Value: identity.StatusActive, Label: u.t(r, "users.status_active")},
		{Value: identity.StatusDisabled, Label: u.t(r, "users.status_disabled")}}
}

// departments returns the tree when the caller may see it (filters and
// selects); without departments.view the control is left out.
func (u *UI) departments(r *http.Request) []org.Department {
	sc := principal(r).Scope
	if !sc.Can(deptPerm(tenant.View)) {
		return nil
	}
	items, err := u.Org.DepartmentOptions(r.Context(), sc)
	if err != nil {
		return nil
	}
	return items
}

func (u *UI) usersPage(w http.ResponseWriter, r *http.Request) {
	sc := principal(r).Scope
	lq, vals := ParseList(r, userFilters...)
	page, err := u.IDs.List(r.Context(), sc, lq)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	l := &ListView{ID: "users", Path: "/admin/users", Values: vals, Empty: "users.empty", Search: "users.search",
		Columns: []Column{
			{Key: "username", Label: "users.username", Sort: "username"},
			{Key: "display_name", Label: "users.display_name", Sort: "display_name"},
			{Key: "email", Label: "users.email"},
			{Key: "phone", Label: "users.phone", Hide: true},
			{Key: "department", Label: "users.department"},
			{Key: "status", Label: "users.status", Sort: "status"},
			{Key: "last_login", Label: "users.last_login", Hide: true},
			{Key: "created_at", Label: "users.created_at", Sort: "created_at"},
		},
		Filters: []Filter{{Name: "status", Label: "users.status", Type: "select", Options: u.statusOptions(r)}},
	}
	if depts := u.departments(r); depts != nil {
		opts := append([]Option{{Value: "", Label: u.t(r, "list.all")}}, deptOptions(depts, 0)...)
		l.Filters = append(l.Filters, Filter{Name: "department_id", Label: "users.department", Type: "select", Options: opts})
	}
	if sc.Can(userPerm(tenant.Export)) {
		l.ExportURL = "/admin/users/export"
	}
	Fill(l, page)
	lang := web.LangFrom(r.Context())
	for _, x := range page.Items {
		badge := "ok"
		if x.Status != identity.StatusActive {
			badge = "muted"
		}
		last := ""
		if x.LastLoginAt != nil {
			last = fmtDateTime(lang, *x.LastLoginAt)
		}
		l.AddRow(strconv.FormatInt(x.ID, 10), x.Status != identity.StatusActive,
			Cell{Text: x.Username, Href: "/admin/users/" + strconv.FormatInt(x.ID, 10)},
			Cell{Text: x.DisplayName},
			Cell{Text: x.Email},
			Cell{Text: x.Phone, Mono: true},
			Cell{Text: x.DepartmentName},
			Cell{Text: u.t(r, "users.status_"+x.Status), Badge: badge},
			Cell{Text: last},
			Cell{Text: fmtDate(lang, x.CreatedAt)},
		)
	}
	v := &usersView{Flash: u.takeFlash(w, r), List: l, CanCreate: sc.Can(userPerm(tenant.Create))}
	u.pageOr(w, r, http.StatusOK, "admin/users.html", "list-area", "users.title", "users", v)
}

// usersExport sends what the list shows under the same filters, through the
// helper the API uses, and audits the export like the API does.
func (u *UI) usersExport(w http.ResponseWriter, r *http.Request) {
	sc := principal(r).Scope
	lq, _ := ParseList(r, userFilters...)
	f, err := u.IDs.Export(r.Context(), sc, web.LangFrom(r.Context()), r.URL.Query().Get("format"), lq)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	sendFile(w, f)
}

func sendFile(w http.ResponseWriter, f export.File) {
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, f.Filename))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(f.Body)
}

// userView is the user form page (create and edit) with its disable dialog.
type userView struct {
	Flash    string
	Form     *Form
	User     identity.User
	Creating bool
	Roles    []Option
	CanEdit  bool
	Owned    []identity.Owned
	OwnsAny  bool
	Reassign []Option // active users who can take over
	Disable  *Form
	Password *Form
	Self     bool
}

func (u *UI) userForm(r *http.Request, creating bool, action string) (*Form, []Option, error) {
	sc := principal(r).Scope
	var roles []Option
	if sc.Can(tenant.P("roles", tenant.View)) {
		rs, err := u.Access.List(r.Context(), sc)
		if err != nil {
			return nil, nil, err
		}
		for _, ro := range rs {
			roles = append(roles, Option{Value: strconv.FormatInt(ro.ID, 10), Label: u.roleName(r, ro)})
		}
	}
	fields := []Field{}
	if creating {
		fields = append(fields, Field{Name: "username", Label: "users.username", Type: "text", Required: true, Auto: "off", Hint: "users.username_hint"})
	} else {
		fields = append(fields, Field{Name: "username", Label: "users.username", Type: "readonly"})
	}
	fields = append(fields,
		Field{Name: "display_name", Label: "users.display_name", Type: "text", Required: true},
		Field{Name: "email", Label: "users.email", Type: "email", Auto: "off"},
		Field{Name: "phone", Label: "users.phone", Type: "tel", Auto: "off"},
	)
	if depts := u.departments(r); depts != nil {
		opts := append([]Option{{Value: "", Label: u.t(r, "users.no_department")}}, deptOptions(depts, 0)...)
		fields = append(fields, Field{Name: "department_id", Label: "users.department", Type: "select", Options: opts})
	}
	fields = append(fields, Field{Name: "locale", Label: "users.locale", Type: "select", Options: langOptions()})
	if creating {
		fields = append(fields, Field{Name: "password", Label: "users.password", Type: "password", Required: true, Auto: "new-password",
			Hint: "users.password_hint"})
	}
	if roles != nil {
		fields = append(fields, Field{Name: "role_ids", Label: "users.roles", Type: "checkboxes", Wide: true, Options: roles})
	}
	return NewForm("user-form", action, fields...), roles, nil
}

func userInput(f *Form, creating bool) identity.UserInput {
	in := identity.UserInput{DisplayName: strPtr(f.V("display_name")), Email: strPtr(f.V("email")), Phone: strPtr(f.V("phone"))}
	if creating {
		in.Username, in.Password = strings.TrimSpace(f.V("username")), f.V("password")
	}
	if f.has("department_id") {
		var d int64
		if s := f.V("department_id"); s != "" {
			var err error
			if d, err = strconv.ParseInt(s, 10, 64); err != nil {
				d = -1 // reported as unknown by the service
			}
		}
		in.DepartmentID = &d
	}
	if l := f.V("locale"); l != "" {
		in.Locale = &l
	}
	if f.has("role_ids") {
		in.RoleIDs = []int64{}
		for _, s := range f.Values["role_ids"] {
			if id, err := strconv.ParseInt(s, 10, 64); err == nil {
				in.RoleIDs = append(in.RoleIDs, id)
			}
		}
	}
	return in
}

func (u *UI) userNew(w http.ResponseWriter, r *http.Request) {
	f, roles, err := u.userForm(r, true, "/admin/users")
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	f.Set("locale", "zh-CN")
	u.page(w, r, http.StatusOK, "admin/user.html", "users.new_title", "users", &userView{Form: f, Creating: true, Roles: roles, CanEdit: true})
}

func (u *UI) userCreate(w http.ResponseWriter, r *http.Request) {
	f, roles, err := u.userForm(r, true, "/admin/users")
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	f.Bind(r)
	created, err := u.IDs.Create(r.Context(), principal(r).Scope, userInput(f, true))
	if err != nil {
		f.Values.Del("password")
		u.formFail(w, r, f, err, nil, func(status int) {
			u.pageOr(w, r, status, "admin/user.html", "user-form", "users.new_title", "users",
				&userView{Form: f, Creating: true, Roles: roles, CanEdit: true})
		})
		return
	}
	u.setFlash(w, "flash.user_created")
	redirect(w, r, "/admin/users/"+strconv.FormatInt(created.ID, 10))
}

// userEditView loads the user, the form filled from the record, and what the
// disable dialog needs (owned records, active users to reassign to).
func (u *UI) userEditView(r *http.Request) (*userView, error) {
	id, ok := pathID(r)
	if !ok {
		return nil, errs.NotFound("not_found")
	}
	sc := principal(r).Scope
	usr, err := u.IDs.Get(r.Context(), sc, id)
	if err != nil {
		return nil, err
	}
	f, roles, err := u.userForm(r, false, "/admin/users/"+strconv.FormatInt(id, 10))
	if err != nil {
		return nil, err
	}
	f.Set("username", usr.Username)
	f.Set("display_name", usr.DisplayName)
	f.Set("email", usr.Email)
	f.Set("phone", usr.Phone)
	f.Set("locale", usr.Locale)
	if usr.DepartmentID != nil {
		f.Set("department_id", strconv.FormatInt(*usr.DepartmentID, 10))
	}
	for _, rid := range usr.RoleIDs {
		f.Values.Add("role_ids", strconv.FormatInt(rid, 10))
	}
	f.Version = usr.Version
	v := &userView{Form: f, User: usr, Roles: roles, CanEdit: sc.Can(userPerm(tenant.Edit)), Self: usr.ID == sc.Actor()}
	if v.Owned, err = u.IDs.OwnedRecords(r.Context(), sc, id); err != nil {
		return nil, err
	}
	for _, o := range v.Owned {
		v.OwnsAny = v.OwnsAny || o.Count > 0
	}
	v.Disable = NewForm("disable-form", "/admin/users/"+strconv.FormatInt(id, 10)+"/disable",
		Field{Name: "reassign_to", Label: "users.reassign_to", Type: "select", Required: v.OwnsAny})
	v.Disable.Version = usr.Version
	v.Password = NewForm("set-password-form", "/admin/users/"+strconv.FormatInt(id, 10)+"/password",
		Field{Name: "password", Label: "users.new_password", Type: "password", Required: true, Auto: "new-password"})
	if usr.Status == identity.StatusActive && v.CanEdit {
		page, err := u.IDs.List(r.Context(), sc, list.Query{Limit: list.MaxLimit, Sort: "display_name",
			Filters: map[string]string{"status": identity.StatusActive}})
		if err != nil {
			return nil, err
		}
		opts := []Option{{Value: "", Label: u.t(r, "users.reassign_choose")}}
		for _, x := range page.Items {
			if x.ID != usr.ID {
				opts = append(opts, Option{Value: strconv.FormatInt(x.ID, 10), Label: x.DisplayName + " (" + x.Username + ")"})
			}
		}
		v.Disable.Fields[0].Options = opts
	}
	return v, nil
}

func (u *UI) userPage(w http.ResponseWriter, r *http.Request) {
	v, err := u.userEditView(r)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	v.Flash = u.takeFlash(w, r)
	u.page(w, r, http.StatusOK, "admin/user.html", "users.edit_title", "users", v)
}

func (u *UI) userUpdate(w http.ResponseWriter, r *http.Request) {
	v, err := u.userEditView(r)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	f := v.Form
	f.Values.Del("role_ids") // an unchecked box sends nothing: start from the submission
	f.Bind(r)
	f.Set("username", v.User.Username)
	if _, err := u.IDs.Update(r.Context(), principal(r).Scope, v.User.ID, f.Version, userInput(f, false)); err != nil {
		u.formFail(w, r, f, err, nil, func(status int) {
			u.pageOr(w, r, status, "admin/user.html", "user-form", "users.edit_title", "users", v)
		})
		return
	}
	u.setFlash(w, "flash.saved")
	redirect(w, r, "/admin/users/"+strconv.FormatInt(v.User.ID, 10))
}

func (u *UI) userDisable(w http.ResponseWriter, r *http.Request) {
	v, err := u.userEditView(r)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	v.Disable.Bind(r)
	to, _ := strconv.ParseInt(v.Disable.V("reassign_to"), 10, 64)
	if _, err := u.IDs.Disable(r.Context(), principal(r).Scope, v.User.ID, v.Disable.Version, to); err != nil {
		u.formFail(w, r, v.Disable, err, nil, func(status int) {
			u.pageOr(w, r, status, "admin/user.html", "disable-form", "users.edit_title", "users", v)
		})
		return
	}
	u.setFlash(w, "flash.user_disabled")
	redirect(w, r, "/admin/users/"+strconv.FormatInt(v.User.ID, 10))
}

func (u *UI) userEnable(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		u.s.Fail(w, r, errs.NotFound("not_found"))
		return
	}
	if _, err := u.IDs.Enable(r.Context(), principal(r).Scope, id, atoi(r.PostFormValue("version"))); err != nil {
		u.s.Fail(w, r, err)
		return
	}
	u.setFlash(w, "flash.user_enabled")
	redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10))
}

func (u *UI) userResetMFA(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		u.s.Fail(w, r, errs.NotFound("not_found"))
		return
	}
	if err := u.IDs.ResetMFA(r.Context(), principal(r).Scope, id); err != nil {
		u.s.Fail(w, r, err)
		return
	}
	u.setFlash(w, "flash.mfa_reset")
	redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10))
}

func (u *UI) userSetPassword(w http.ResponseWriter, r *http.Request) {
	v, err := u.userEditView(r)
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	if err := u.IDs.SetPassword(r.Context(), principal(r).Scope, v.User.ID, r.PostFormValue("password")); err != nil {
		u.formFail(w, r, v.Password, err, nil, func(status int) {
			u.pageOr(w, r, status, "admin/user.html", "set-password-form", "users.edit_title", "users", v)
		})
		return
	}
	u.setFlash(w, "flash.password_set")
	redirect(w, r, "/admin/users/"+strconv.FormatInt(v.User.ID, 10))
}
