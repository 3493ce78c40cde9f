package adminapi

import (
	"context"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

type rolesOut struct {
	Body struct {
		Items      []access.Role `json:"items"`
		NextCursor *string       `json:"next_cursor"`
	}
}

type roleOut struct {
	Location string `header:"Location"`
	Body     access.Role
}

type roleCreateIn struct{ Body access.RoleInput }

type rolePatchIn struct {
	ID   int64 `path:"id"`
	Body struct {
		access.RoleInput
		Version int `json:"version" required:"true"`
	}
}

// PermModule describes one registered module for the role editor.
type PermModule struct {
	Module  string   `json:"module"`
	Label   string   `json:"label"`
	Actions []string `json:"actions"`
	Scoped  bool     `json:"scoped"`
}

type permsOut struct {
	Body struct {
		Items []PermModule `json:"items"`
	}
}

func (h *handlers) roles(api *web.API) {
	tags := []string{"roles"}
	perm := func(a tenant.Action) tenant.Perm { return tenant.P(access.Module, a) }
	web.Op(api, huma.Operation{OperationID: "list-permissions", Method: http.MethodGet, Path: "/api/v1/permissions", Tags: tags,
		Summary: "Every registered module and its actions"},
		web.Perm, perm(tenant.View), func(ctx context.Context, _ *struct{}) (*permsOut, error) {
			out := &permsOut{}
			lang := web.LangFrom(ctx)
			for _, m := range h.Access.Registry().Modules() {
				pm := PermModule{Module: m.Key, Label: h.Server.Cat.T(lang, "module."+m.Key, nil), Scoped: m.Scoped}
				for _, a := range m.Actions {
					pm.Actions = append(pm.Actions, string(a))
				}
				out.Body.Items = append(out.Body.Items, pm)
			}
			return out, nil
		})
	web.Op(api, huma.Operation{OperationID: "list-roles", Method: http.MethodGet, Path: "/api/v1/roles", Tags: tags, Summary: "List roles"},
		web.Perm, perm(tenant.View), func(ctx context.Context, _ *struct{}) (*rolesOut, error) {
			items, err := h.Access.List(ctx, web.ScopeFrom(ctx))
			out := &rolesOut{}
			out.Body.Items = items
			return out, err
		})
	web.Op(api, huma.Operation{OperationID: "create-role", Method: http.MethodPost, Path: "/api/v1/roles", Tags: tags, Summary: "Create a custom role",
		DefaultStatus: http.StatusCreated},
		web.Perm, perm(tenant.Create), func(ctx context.Context, in *roleCreateIn) (*roleOut, error) {
			r, err := h.Access.Create(ctx, web.ScopeFrom(ctx), in.Body)
			return &roleOut{Location: "/api/v1/roles/" + strconv.FormatInt(r.ID, 10), Body: r}, err
		})
	web.Op(api, huma.Operation{OperationID: "get-role", Method: http.MethodGet, Path: "/api/v1/roles/{id}", Tags: tags, Summary: "Get a role"},
		web.Perm, perm(tenant.View), func(ctx context.Context, in *IDPath) (*roleOut, error) {
			r, err := h.Access.Get(ctx, web.ScopeFrom(ctx), in.ID)
			return &roleOut{Body: r}, err
		})
	web.Op(api, huma.Operation{OperationID: "update-role", Method: http.MethodPatch, Path: "/api/v1/roles/{id}", Tags: tags,
		Summary: "Change a role's permissions, data scopes and MFA requirement"},
		web.Perm, perm(tenant.Edit), func(ctx context.Context, in *rolePatchIn) (*roleOut, error) {
			r, err := h.Access.Update(ctx, web.ScopeFrom(ctx), in.ID, in.Body.Version, in.Body.RoleInput)
			if err == nil {
				h.IDs.PurgeCache()
			}
			return &roleOut{Body: r}, err
		})
	web.Op(api, huma.Operation{OperationID: "delete-role", Method: http.MethodDelete, Path: "/api/v1/roles/{id}", Tags: tags,
		Summary: "Delete an unused custom role", DefaultStatus: http.StatusNoContent},
		web.Perm, perm(tenant.Delete), func(ctx context.Context, in *IDPath) (*struct{}, error) {
			return nil, h.Access.Delete(ctx, web.ScopeFrom(ctx), in.ID)
		})
}
