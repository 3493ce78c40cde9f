package adminapi

import (
	"context"
	"net/http"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// RuleInput is what a client sets on an approval rule.
type RuleInput struct {
	DocType    string               `json:"doc_type" doc:"A registered document type (purchase_order…)"`
	Name       string               `json:"name"`
	Sort       int                  `json:"sort,omitempty" doc:"Rules of a type are tried in this order"`
	Active     bool                 `json:"active"`
	Conditions []approval.Condition `json:"conditions,omitempty" doc:"All must hold; none means always"`
	Levels     []approval.Level     `json:"levels" doc:"Each names exactly one of role, users or dept_head"`
}

func (b RuleInput) rule() approval.Rule {
	return approval.Rule{DocType: b.DocType, Name: b.Name, Sort: b.Sort, Active: b.Active, Conditions: b.Conditions, Levels: b.Levels}
}

type rulesIn struct {
	DocType string `query:"doc_type" doc:"Only this document type's rules"`
}

type rulesOut struct {
	Body struct {
		Items []approval.Rule `json:"items"`
	}
}

type ruleOut struct {
	Location string `header:"Location"`
	Body     approval.Rule
}

type ruleCreateIn struct{ Body RuleInput }

type rulePatchIn struct {
	ID   int64 `path:"id"`
	Body struct {
		RuleInput
		Version int `json:"version" required:"true"`
	}
}

func (h *handlers) approvalRules(api *web.API) {
	tags := []string{"approval rules"}
	perm := tenant.P(approval.Module, tenant.Configure)
	web.Op(api, huma.Operation{OperationID: "list-approval-rules", Method: http.MethodGet, Path: "/api/v1/approval-rules", Tags: tags,
		Summary: "Approval rules, by document type in the order they are tried"},
		web.Perm, perm, func(ctx context.Context, in *rulesIn) (*rulesOut, error) {
			items, err := h.Approval.Rules(ctx, web.ScopeFrom(ctx), in.DocType)
			out := &rulesOut{}
			out.Body.Items = items
			return out, err
		})
	web.Op(api, huma.Operation{OperationID: "create-approval-rule", Method: http.MethodPost, Path: "/api/v1/approval-rules", Tags: tags,
		Summary: "Create an approval rule", DefaultStatus: http.StatusCreated},
		web.Perm, perm, func(ctx context.Context, in *ruleCreateIn) (*ruleOut, error) {
			r, err := h.Approval.SaveRule(ctx, web.ScopeFrom(ctx), in.Body.rule())
			return &ruleOut{Location: "/api/v1/approval-rules/" + strconv.FormatInt(r.ID, 10), Body: r}, err
		})
	web.Op(api, huma.Operation{OperationID: "get-approval-rule", Method: http.MethodGet, Path: "/api/v1/approval-rules/{id}", Tags: tags,
		Summary: "Get an approval rule"},
		web.Perm, perm, func(ctx context.Context, in *IDPath) (*ruleOut, error) {
			r, err := h.Approval.Rule(ctx, web.ScopeFrom(ctx), in.ID)
			return &ruleOut{Body: r}, err
		})
	web.Op(api, huma.Operation{OperationID: "update-approval-rule", Method: http.MethodPatch, Path: "/api/v1/approval-rules/{id}", Tags: tags,
		Summary: "Replace an approval rule (409 when version moved)"},
		web.Perm, perm, func(ctx context.Context, in *rulePatchIn) (*ruleOut, error) {
			r := in.Body.rule()
			r.ID, r.Version = in.ID, in.Body.Version
			out, err := h.Approval.SaveRule(ctx, web.ScopeFrom(ctx), r)
			return &ruleOut{Body: out}, err
		})
	web.Op(api, huma.Operation{OperationID: "deactivate-approval-rule", Method: http.MethodPost, Path: "/api/v1/approval-rules/{id}/deactivate",
		Tags: tags, Summary: "Stop a rule applying to new submissions"},
		web.Perm, perm, func(ctx context.Context, in *versionIn) (*ruleOut, error) {
			r, err := h.Approval.DeactivateRule(ctx, web.ScopeFrom(ctx), in.ID, in.Body.Version)
			return &ruleOut{Body: r}, err
		})
}

// InboxEntry is a request waiting for the caller, its document type's
// label translated.
type InboxEntry struct {
	approval.InboxItem
	DocTypeLabel string `json:"doc_type_label"`
}

type inboxOut struct {
	Body struct {
		Items []InboxEntry `json:"items"`
	}
}

type decideIn struct {
	ID   int64 `path:"id" minimum:"1" doc:"The approval request (an inbox item's id)"`
	Body struct {
		Comment string `json:"comment,omitempty" doc:"Required to reject"`
		Version int    `json:"version,omitempty" doc:"The request's version as read; 409 when it moved"`
	}
}

type requestOut struct{ Body approval.Request }

type historyIn struct {
	DocType string `query:"doc_type" required:"true"`
	DocID   int64  `query:"doc_id" required:"true" minimum:"1"`
}

type historyOut struct {
	Body struct {
		Items []approval.HistoryEntry `json:"items"`
	}
}

func (h *handlers) approvals(api *web.API) {
	tags := []string{"approvals"}
	web.Op(api, huma.Operation{OperationID: "approval-inbox", Method: http.MethodGet, Path: "/api/v1/approvals/inbox", Tags: tags,
		Summary: "Requests waiting for my decision, oldest first"},
		web.SignedIn, "", func(ctx context.Context, _ *struct{}) (*inboxOut, error) {
			items, err := h.Approval.InboxItems(ctx, web.ScopeFrom(ctx))
			out := &inboxOut{}
			out.Body.Items = []InboxEntry{}
			lang := web.LangFrom(ctx)
			for _, it := range items {
				out.Body.Items = append(out.Body.Items, InboxEntry{InboxItem: it, DocTypeLabel: h.Server.Cat.T(lang, it.DocLabel, nil)})
			}
			return out, err
		})
	for _, action := range []string{"approve", "reject"} {
		approve := action == "approve"
		web.Op(api, huma.Operation{OperationID: action + "-approval", Method: http.MethodPost, Path: "/api/v1/approvals/{id}/" + action,
			Tags: tags, Summary: action + " a request waiting for me (through the document's own service)"},
			web.SignedIn, "", func(ctx context.Context, in *decideIn) (*requestOut, error) {
				r, err := h.Approval.Decide(ctx, web.ScopeFrom(ctx), in.ID, in.Body.Version, approve, in.Body.Comment)
				return &requestOut{Body: r}, err
			})
	}
	web.Op(api, huma.Operation{OperationID: "approval-history", Method: http.MethodGet, Path: "/api/v1/approvals/history", Tags: tags,
		Summary: "A document's approval requests, newest first, with every decision"},
		web.SignedIn, "", func(ctx context.Context, in *historyIn) (*historyOut, error) {
			items, err := h.Approval.History(ctx, web.ScopeFrom(ctx), in.DocType, in.DocID)
			out := &historyOut{}
			out.Body.Items = items
			return out, err
		})
}
