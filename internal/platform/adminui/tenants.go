package adminui

import (
	"net/http"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

func (u *UI) tenantRoutes() {
	u.s.Handle("GET /admin/tenants", web.Operator, "", u.tenantsPage)
	u.s.Handle("POST /admin/tenants", web.Operator, "", u.tenantCreate)
	u.s.Handle("POST /admin/tenants/{id}/suspend", web.Operator, "", u.tenantStatus(org.TenantSuspended))
	u.s.Handle("POST /admin/tenants/{id}/resume", web.Operator, "", u.tenantStatus(org.TenantActive))
}

type tenantsView struct {
	Flash string
	Items []org.Tenant
	Form  *Form
}

func tenantForm() *Form {
	return NewForm("tenant-form", "/admin/tenants",
		Field{Name: "code", Label: "tenants.code", Type: "text", Required: true, Hint: "tenants.code_hint"},
		Field{Name: "name", Label: "tenants.name", Type: "text", Required: true},
		Field{Name: "admin_username", Label: "tenants.admin_username", Type: "text", Required: true, Auto: "off"},
		Field{Name: "admin_name", Label: "tenants.admin_name", Type: "text"},
		Field{Name: "admin_email", Label: "tenants.admin_email", Type: "email"},
		Field{Name: "admin_password", Label: "tenants.admin_password", Type: "password", Required: true, Auto: "new-password"},
	)
}

func (u *UI) tenantsView(r *http.Request, f *Form) (*tenantsView, error) {
	items, err := u.Org.ListTenants(r.Context(), principal(r).Scope)
	return &tenantsView{Items: items, Form: f}, err
}

func (u *UI) tenantsPage(w http.ResponseWriter, r *http.Request) {
	v, err := u.tenantsView(r, tenantForm())
	if err != nil {
		u.s.Fail(w, r, err)
		return
	}
	v.Flash = u.takeFlash(w, r)
	u.page(w, r, http.StatusOK, "admin/tenants.html", "tenants.title", "tenants", v)
}

func (u *UI) tenantCreate(w http.ResponseWriter, r *http.Request) {
	f := tenantForm()
	f.Bind(r)
	_, err := u.Org.CreateTenant(r.Context(), principal(r).Scope, org.TenantInput{
		Code: f.V("code"), Name: f.V("name"), AdminUsername: f.V("admin_username"), AdminName: f.V("admin_name"),
		AdminEmail: f.V("admin_email"), AdminPassword: f.V("admin_password"),
	})
	if err != nil {
		v, lerr := u.tenantsView(r, f)
		if lerr != nil {
			u.s.Fail(w, r, lerr)
			return
		}
		f.Values.Del("admin_password")
		u.formFail(w, r, f, err, nil, func(status int) {
			u.pageOr(w, r, status, "admin/tenants.html", "tenant-form", "tenants.title", "tenants", v)
		})
		return
	}
	u.setFlash(w, "flash.tenant_created")
	redirect(w, r, "/admin/tenants")
}

func (u *UI) tenantStatus(status string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, ok := pathID(r)
		if !ok {
			u.s.Fail(w, r, errs.NotFound("not_found"))
			return
		}
		if _, err := u.Org.SetTenantStatus(r.Context(), principal(r).Scope, id, atoi(r.PostFormValue("version")), status); err != nil {
			u.s.Fail(w, r, err)
			return
		}
		u.setFlash(w, "flash.saved")
		redirect(w, r, "/admin/tenants")
	}
}
