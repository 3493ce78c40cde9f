package adminapi

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/export"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// ListParams are the query parameters every list endpoint shares (API.md § Reading).
type ListParams struct {
	Q      string `query:"q" doc:"Fuzzy search"`
	Sort   string `query:"sort" doc:"Field name, '-' prefix for descending"`
	Limit  int    `query:"limit" minimum:"0" maximum:"200"`
	Cursor string `query:"cursor"`
	Page   int    `query:"page" minimum:"0" doc:"Jump to page (when no cursor)"`
}

func (p ListParams) query(filters map[string]string) list.Query {
	return list.Query{Q: p.Q, Sort: p.Sort, Limit: p.Limit, Cursor: p.Cursor, Page: p.Page, Filters: filters}
}

type userFilters struct {
	ListParams
	Status       string `query:"status" enum:"active,disabled,"`
	DepartmentID string `query:"department_id"`
}

type usersOut struct {
	Body struct {
		Items      []identity.User `json:"items"`
		NextCursor *string         `json:"next_cursor"`
		Total      int             `json:"total"`
	}
}

type userOut struct {
	Location string `header:"Location"`
	Body     identity.User
}

type userCreateIn struct {
	Body identity.UserInput
}

type userPatchIn struct {
	ID   int64 `path:"id"`
	Body struct {
		identity.UserInput
		Version int `json:"version" required:"true"`
	}
}

type disableIn struct {
	ID   int64 `path:"id"`
	Body struct {
		Version    int   `json:"version" required:"true"`
		ReassignTo int64 `json:"reassign_to,omitempty" doc:"User who takes over the disabled user's records"`
	}
}

type versionIn struct {
	ID   int64 `path:"id"`
	Body struct {
		Version int `json:"version" required:"true"`
	}
}

type setPasswordIn struct {
	ID   int64 `path:"id"`
	Body struct {
		Password string `json:"password"`
	}
}

type ownedOut struct {
	Body struct {
		Items []identity.Owned `json:"items"`
	}
}

type exportIn struct {
	userFilters
	Format string `query:"format" enum:"csv,xlsx," default:"csv"`
}

// FileOut is a download.
type FileOut struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

func fileOut(f export.File) *FileOut {
	return &FileOut{ContentType: f.ContentType, ContentDisposition: fmt.Sprintf(`attachment; filename="%s"`, f.Filename), Body: f.Body}
}

func cursorPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (h *handlers) users(api *web.API) {
	tags := []string{"users"}
	perm := func(a tenant.Action) tenant.Perm { return tenant.P(identity.Module, a) }
	web.Op(api, huma.Operation{OperationID: "list-users", Method: http.MethodGet, Path: "/api/v1/users", Tags: tags, Summary: "List users"},
		web.Perm, perm(tenant.View), func(ctx context.Context, in *userFilters) (*usersOut, error) {
			p, err := h.IDs.List(ctx, web.ScopeFrom(ctx), in.query(map[string]string{"status": in.Status, "department_id": in.DepartmentID}))
			if err != nil {
				return nil, err
			}
			out := &usersOut{}
			out.Body.Items, out.Body.NextCursor, out.Body.Total = p.Items, cursorPtr(p.NextCursor), p.Total
			return out, nil
		})
	web.Op(api, huma.Operation{OperationID: "export-users", Method: http.MethodGet, Path: "/api/v1/users/export", Tags: tags,
		Summary: "Export the filtered users as CSV or XLSX"},
		web.Perm, perm(tenant.Export), func(ctx context.Context, in *exportIn) (*FileOut, error) {
			f, err := h.IDs.Export(ctx, web.ScopeFrom(ctx), web.LangFrom(ctx), in.Format,
				in.query(map[string]string{"status": in.Status, "department_id": in.DepartmentID}))
			if err != nil {
				return nil, err
			}
			return fileOut(f), nil
		})
	web.Op(api, huma.Operation{OperationID: "create-user", Method: http.MethodPost, Path: "/api/v1/users", Tags: tags, Summary: "Create a user",
		DefaultStatus: http.StatusCreated},
		web.Perm, perm(tenant.Create), func(ctx context.Context, in *userCreateIn) (*userOut, error) {
			u, err := h.IDs.Create(ctx, web.ScopeFrom(ctx), in.Body)
			return &userOut{Location: "/api/v1/users/" + strconv.FormatInt(u.ID, 10), Body: u}, err
		})
	web.Op(api, huma.Operation{OperationID: "get-user", Method: http.MethodGet, Path: "/api/v1/users/{id}", Tags: tags, Summary: "Get a user"},
		web.Perm, perm(tenant.View), func(ctx context.Context, in *IDPath) (*userOut, error) {
			u, err := h.IDs.Get(ctx, web.ScopeFrom(ctx), in.ID)
			return &userOut{Body: u}, err
		})
	web.Op(api, huma.Operation{OperationID: "update-user", Method: http.MethodPatch, Path: "/api/v1/users/{id}", Tags: tags,
		Summary: "Edit a user", Description: "Send the version you last read; 409 when it changed since."},
		web.Perm, perm(tenant.Edit), func(ctx context.Context, in *userPatchIn) (*userOut, error) {
			u, err := h.IDs.Update(ctx, web.ScopeFrom(ctx), in.ID, in.Body.Version, in.Body.UserInput)
			return &userOut{Body: u}, err
		})
	web.Op(api, huma.Operation{OperationID: "disable-user", Method: http.MethodPost, Path: "/api/v1/users/{id}/disable", Tags: tags,
		Summary: "Disable a user and reassign their records"},
		web.Perm, perm(tenant.Edit), func(ctx context.Context, in *disableIn) (*userOut, error) {
			u, err := h.IDs.Disable(ctx, web.ScopeFrom(ctx), in.ID, in.Body.Version, in.Body.ReassignTo)
			return &userOut{Body: u}, err
		})
	web.Op(api, huma.Operation{OperationID: "enable-user", Method: http.MethodPost, Path: "/api/v1/users/{id}/enable", Tags: tags,
		Summary: "Re-enable a user"},
		web.Perm, perm(tenant.Edit), func(ctx context.Context, in *versionIn) (*userOut, error) {
			u, err := h.IDs.Enable(ctx, web.ScopeFrom(ctx), in.ID, in.Body.Version)
			return &userOut{Body: u}, err
		})
	web.Op(api, huma.Operation{OperationID: "set-user-password", Method: http.MethodPost, Path: "/api/v1/users/{id}/password", Tags: tags,
		Summary: "Set a user's password (their sessions end)"},
		web.Perm, perm(tenant.Edit), func(ctx context.Context, in *setPasswordIn) (*acceptedOut, error) {
			return ok(), h.IDs.SetPassword(ctx, web.ScopeFrom(ctx), in.ID, in.Body.Password)
		})
	web.Op(api, huma.Operation{OperationID: "reset-user-mfa", Method: http.MethodPost, Path: "/api/v1/users/{id}/mfa/reset", Tags: tags,
		Summary: "Turn a user's two-factor authentication off (lost phone and recovery codes)"},
		web.Perm, perm(tenant.Edit), func(ctx context.Context, in *IDPath) (*acceptedOut, error) {
			return ok(), h.IDs.ResetMFA(ctx, web.ScopeFrom(ctx), in.ID)
		})
	web.Op(api, huma.Operation{OperationID: "user-owned-records", Method: http.MethodGet, Path: "/api/v1/users/{id}/owned-records", Tags: tags,
		Summary: "What a user owns, by record type (before disabling)"},
		web.Perm, perm(tenant.View), func(ctx context.Context, in *IDPath) (*ownedOut, error) {
			items, err := h.IDs.OwnedRecords(ctx, web.ScopeFrom(ctx), in.ID)
			out := &ownedOut{}
			out.Body.Items = items
			return out, err
		})
}
