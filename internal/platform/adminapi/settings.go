package adminapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/numbering"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

type policyOut struct{ Body identity.Policy }

type policyIn struct{ Body identity.Policy }

type sequencesOut struct {
	Body struct {
		Items []numbering.Sequence `json:"items"`
	}
}

type sequenceIn struct {
	DocType string `path:"doc_type"`
	Body    struct {
		Pattern string `json:"pattern"`
		Reset   string `json:"reset" enum:"never,yearly,monthly,daily"`
	}
}

type sequenceOut struct{ Body numbering.Sequence }

func (h *handlers) settings(api *web.API) {
	tags := []string{"settings"}
	view, configure := tenant.P(identity.SettingsModule, tenant.View), tenant.P(identity.SettingsModule, tenant.Configure)
	web.Op(api, huma.Operation{OperationID: "get-security-policy", Method: http.MethodGet, Path: "/api/v1/settings/security", Tags: tags,
		Summary: "Password policy, lockout, idle timeout and sign-in IP allowlist"},
		web.Perm, view, func(ctx context.Context, _ *struct{}) (*policyOut, error) {
			p, err := h.IDs.Policy(ctx, web.ScopeFrom(ctx))
			return &policyOut{Body: p}, err
		})
	web.Op(api, huma.Operation{OperationID: "update-security-policy", Method: http.MethodPatch, Path: "/api/v1/settings/security", Tags: tags,
		Summary: "Change the security policy (send the version you read)"},
		web.Perm, configure, func(ctx context.Context, in *policyIn) (*policyOut, error) {
			p, err := h.IDs.UpdatePolicy(ctx, web.ScopeFrom(ctx), in.Body)
			return &policyOut{Body: p}, err
		})
	web.Op(api, huma.Operation{OperationID: "list-numbering", Method: http.MethodGet, Path: "/api/v1/settings/numbering", Tags: tags,
		Summary: "Document number patterns"},
		web.Perm, view, func(ctx context.Context, _ *struct{}) (*sequencesOut, error) {
			items, err := h.Numbering.Settings(ctx, h.DB, web.ScopeFrom(ctx))
			out := &sequencesOut{}
			out.Body.Items = items
			return out, err
		})
	web.Op(api, huma.Operation{OperationID: "set-numbering", Method: http.MethodPut, Path: "/api/v1/settings/numbering/{doc_type}", Tags: tags,
		Summary: "Set a document type's number pattern"},
		web.Perm, configure, func(ctx context.Context, in *sequenceIn) (*sequenceOut, error) {
			sc := web.ScopeFrom(ctx)
			seq := numbering.Sequence{DocType: in.DocType, Pattern: in.Body.Pattern, Reset: in.Body.Reset}
			if err := h.Numbering.ConfigureAudited(ctx, h.DB, sc, seq); err != nil {
				return nil, err
			}
			return &sequenceOut{Body: seq}, nil
		})
}
