package adminapi

import (
	"context"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

type tenantsOut struct {
	Body struct {
		Items      []org.Tenant `json:"items"`
		NextCursor *string      `json:"next_cursor"`
	}
}

type tenantOut struct {
	Location string `header:"Location"`
	Body     org.Tenant
}

type tenantCreateIn struct{ Body org.TenantInput }

type deptsOut struct {
	Body struct {
		Items      []org.Department `json:"items"`
		NextCursor *string          `json:"next_cursor"`
	}
}

type deptOut struct {
	Location string `header:"Location"`
	Body     org.Department
}

type deptCreateIn struct{ Body org.DeptInput }

type deptPatchIn struct {
	ID   int64 `path:"id"`
	Body struct {
		org.DeptInput
		Version int `json:"version" required:"true"`
	}
}

func (h *handlers) tenants(api *web.API) {
	tags := []string{"tenants"}
	web.Op(api, huma.Operation{OperationID: "list-tenants", Method: http.MethodGet, Path: "/api/v1/tenants", Tags: tags, Summary: "List tenants (operator)"},
		web.Operator, "", func(ctx context.Context, _ *struct{}) (*tenantsOut, error) {
			items, err := h.Org.ListTenants(ctx, web.ScopeFrom(ctx))
			out := &tenantsOut{}
			out.Body.Items = items
			return out, err
		})
	web.Op(api, huma.Operation{OperationID: "create-tenant", Method: http.MethodPost, Path: "/api/v1/tenants", Tags: tags,
		Summary: "Create a tenant with its first admin (operator)", DefaultStatus: http.StatusCreated},
		web.Operator, "", func(ctx context.Context, in *tenantCreateIn) (*tenantOut, error) {
			t, err := h.Org.CreateTenant(ctx, web.ScopeFrom(ctx), in.Body)
			return &tenantOut{Location: "/api/v1/tenants/" + strconv.FormatInt(t.ID, 10), Body: t}, err
		})
	web.Op(api, huma.Operation{OperationID: "get-tenant", Method: http.MethodGet, Path: "/api/v1/tenants/{id}", Tags: tags, Summary: "Get a tenant (operator)"},
		web.Operator, "", func(ctx context.Context, in *IDPath) (*tenantOut, error) {
			t, err := h.Org.GetTenant(ctx, web.ScopeFrom(ctx), in.ID)
			return &tenantOut{Body: t}, err
		})
	for _, action := range []string{"suspend", "resume"} {
		status := org.TenantSuspended
		if action == "resume" {
			status = org.TenantActive
		}
		web.Op(api, huma.Operation{OperationID: action + "-tenant", Method: http.MethodPost, Path: "/api/v1/tenants/{id}/" + action, Tags: tags,
			Summary: action + " a tenant (operator)"},
			web.Operator, "", func(ctx context.Context, in *versionIn) (*tenantOut, error) {
				t, err := h.Org.SetTenantStatus(ctx, web.ScopeFrom(ctx), in.ID, in.Body.Version, status)
				return &tenantOut{Body: t}, err
			})
	}
}

func (h *handlers) departments(api *web.API) {
	tags := []string{"departments"}
	perm := func(a tenant.Action) tenant.Perm { return tenant.P(org.DeptModule, a) }
	web.Op(api, huma.Operation{OperationID: "list-departments", Method: http.MethodGet, Path: "/api/v1/departments", Tags: tags,
		Summary: "The organisation tree, parents first"},
		web.Perm, perm(tenant.View), func(ctx context.Context, _ *struct{}) (*deptsOut, error) {
			items, err := h.Org.Departments(ctx, web.ScopeFrom(ctx))
			out := &deptsOut{}
			out.Body.Items = items
			return out, err
		})
	web.Op(api, huma.Operation{OperationID: "create-department", Method: http.MethodPost, Path: "/api/v1/departments", Tags: tags,
		Summary: "Add a department, branch or team", DefaultStatus: http.StatusCreated},
		web.Perm, perm(tenant.Create), func(ctx context.Context, in *deptCreateIn) (*deptOut, error) {
			d, err := h.Org.CreateDepartment(ctx, web.ScopeFrom(ctx), in.Body)
			return &deptOut{Location: "/api/v1/departments/" + strconv.FormatInt(d.ID, 10), Body: d}, err
		})
	web.Op(api, huma.Operation{OperationID: "get-department", Method: http.MethodGet, Path: "/api/v1/departments/{id}", Tags: tags, Summary: "Get a department"},
		web.Perm, perm(tenant.View), func(ctx context.Context, in *IDPath) (*deptOut, error) {
			d, err := h.Org.Department(ctx, web.ScopeFrom(ctx), in.ID)
			return &deptOut{Body: d}, err
		})
	web.Op(api, huma.Operation{OperationID: "update-department", Method: http.MethodPatch, Path: "/api/v1/departments/{id}", Tags: tags,
		Summary: "Rename or move a department"},
		web.Perm, perm(tenant.Edit), func(ctx context.Context, in *deptPatchIn) (*deptOut, error) {
			d, err := h.Org.UpdateDepartment(ctx, web.ScopeFrom(ctx), in.ID, in.Body.Version, in.Body.DeptInput)
			return &deptOut{Body: d}, err
		})
	web.Op(api, huma.Operation{OperationID: "delete-department", Method: http.MethodDelete, Path: "/api/v1/departments/{id}", Tags: tags,
		Summary: "Delete an empty department", DefaultStatus: http.StatusNoContent},
		web.Perm, perm(tenant.Delete), func(ctx context.Context, in *IDPath) (*struct{}, error) {
			return nil, h.Org.DeleteDepartment(ctx, web.ScopeFrom(ctx), in.ID)
		})
}
