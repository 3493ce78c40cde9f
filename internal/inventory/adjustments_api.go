package inventory

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

type adjustmentView struct {
	ID          int64      `json:"id"`
	Number      string     `json:"number"`
	Status      string     `json:"status" enum:"draft,pending_review,approved,cancelled"`
	WarehouseID int64      `json:"warehouse_id"`
	Reason      string     `json:"reason" enum:"damage,loss,found,correction,other"`
	ReasonNote  string     `json:"reason_note"`
	Note        string     `json:"note"`
	Version     int        `json:"version"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	PostedAt    *time.Time `json:"posted_at,omitempty"`
	Lines       []lineView `json:"lines"`
}

func viewAdjustment(a Adjustment) adjustmentView {
	return adjustmentView{ID: a.ID, Number: a.Number, Status: a.Status, WarehouseID: a.WarehouseID, Reason: a.Reason, ReasonNote: a.ReasonNote,
		Note: a.Note, Version: a.Version, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt, PostedAt: a.PostedAt, Lines: viewLines(a.Lines)}
}

type adjustmentCreateIn struct {
	Body struct {
		WarehouseID int64    `json:"warehouse_id"`
		Reason      string   `json:"reason" enum:"damage,loss,found,correction,other"`
		ReasonNote  string   `json:"reason_note,omitempty" doc:"Required when the reason is other"`
		Note        string   `json:"note,omitempty"`
		Lines       []lineIn `json:"lines" doc:"Signed quantities: + adds stock, − removes it"`
	}
}

type adjustmentPatchIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		WarehouseID int64    `json:"warehouse_id"`
		Reason      string   `json:"reason" enum:"damage,loss,found,correction,other"`
		ReasonNote  string   `json:"reason_note,omitempty"`
		Note        string   `json:"note,omitempty"`
		Lines       []lineIn `json:"lines"`
		Version     int      `json:"version" required:"true"`
	}
}

type adjustmentOut struct {
	Location string `header:"Location"`
	Body     adjustmentView
}

type adjustmentsOut struct {
	Body struct {
		Items []adjustmentView `json:"items"`
	}
}

// registerAdjustmentAPI adds /api/v1/stock-adjustments.
func registerAdjustmentAPI(api *web.API, svc *Service) {
	tags := []string{"inventory"}
	p := func(a tenant.Action) tenant.Perm { return tenant.P(Module, a) }
	base := "/api/v1/stock-adjustments"
	web.Op(api, huma.Operation{OperationID: "list-stock-adjustments", Method: http.MethodGet, Path: base, Tags: tags,
		Summary: "Stock adjustments, newest first"},
		web.Perm, p(tenant.View), func(ctx context.Context, in *docListIn) (*adjustmentsOut, error) {
			as, err := svc.Adjustments(ctx, web.ScopeFrom(ctx), in.query())
			out := &adjustmentsOut{}
			out.Body.Items = make([]adjustmentView, len(as))
			for i, a := range as {
				out.Body.Items[i] = viewAdjustment(a)
			}
			return out, err
		})
	web.Op(api, huma.Operation{OperationID: "create-stock-adjustment", Method: http.MethodPost, Path: base, Tags: tags,
		Summary: "Draft a stock adjustment", DefaultStatus: http.StatusCreated},
		web.Perm, p(tenant.Create), func(ctx context.Context, in *adjustmentCreateIn) (*adjustmentOut, error) {
			lines, err := linesOf(in.Body.Lines)
			if err != nil {
				return nil, err
			}
			b := in.Body
			a, err := svc.CreateAdjustment(ctx, web.ScopeFrom(ctx), AdjustmentInput{WarehouseID: b.WarehouseID, Reason: b.Reason,
				ReasonNote: b.ReasonNote, Note: b.Note, Lines: lines})
			return &adjustmentOut{Location: base + "/" + strconv.FormatInt(a.ID, 10), Body: viewAdjustment(a)}, err
		})
	web.Op(api, huma.Operation{OperationID: "get-stock-adjustment", Method: http.MethodGet, Path: base + "/{id}", Tags: tags,
		Summary: "A stock adjustment with its lines"},
		web.Perm, p(tenant.View), func(ctx context.Context, in *idIn) (*adjustmentOut, error) {
			a, err := svc.Adjustment(ctx, web.ScopeFrom(ctx), in.ID)
			return &adjustmentOut{Body: viewAdjustment(a)}, err
		})
	web.Op(api, huma.Operation{OperationID: "update-stock-adjustment", Method: http.MethodPatch, Path: base + "/{id}", Tags: tags,
		Summary: "Change a draft adjustment (its lines are replaced)"},
		web.Perm, p(tenant.Edit), func(ctx context.Context, in *adjustmentPatchIn) (*adjustmentOut, error) {
			lines, err := linesOf(in.Body.Lines)
			if err != nil {
				return nil, err
			}
			b := in.Body
			a, err := svc.UpdateAdjustment(ctx, web.ScopeFrom(ctx), in.ID, b.Version, AdjustmentInput{WarehouseID: b.WarehouseID,
				Reason: b.Reason, ReasonNote: b.ReasonNote, Note: b.Note, Lines: lines})
			return &adjustmentOut{Body: viewAdjustment(a)}, err
		})
	actions := []struct {
		name, summary string
		perm          tenant.Action
		fn            func(ctx context.Context, sc tenant.Scope, id int64, version int, comment string) (Adjustment, error)
	}{
		{"submit", "Submit a draft: approved and posted at once when no approval rule applies, else pending review", tenant.Edit,
			func(ctx context.Context, sc tenant.Scope, id int64, v int, _ string) (Adjustment, error) {
				return svc.SubmitAdjustment(ctx, sc, id, v)
			}},
		{"approve", "Approve as the rule's approver; the last approval posts the adjustment", tenant.Approve,
			func(ctx context.Context, sc tenant.Scope, id int64, v int, c string) (Adjustment, error) {
				return svc.DecideAdjustment(ctx, sc, id, v, true, c)
			}},
		{"reject", "Reject with a comment: the adjustment returns to draft", tenant.Approve,
			func(ctx context.Context, sc tenant.Scope, id int64, v int, c string) (Adjustment, error) {
				return svc.DecideAdjustment(ctx, sc, id, v, false, c)
			}},
		{"cancel", "Cancel a draft or withdraw a pending adjustment", tenant.Edit,
			func(ctx context.Context, sc tenant.Scope, id int64, v int, _ string) (Adjustment, error) {
				return svc.CancelAdjustment(ctx, sc, id, v)
			}},
	}
	for _, a := range actions {
		web.Op(api, huma.Operation{OperationID: a.name + "-stock-adjustment", Method: http.MethodPost, Path: base + "/{id}/" + a.name,
			Tags: tags, Summary: a.summary},
			web.Perm, p(a.perm), func(ctx context.Context, in *actionIn) (*adjustmentOut, error) {
				adj, err := a.fn(ctx, web.ScopeFrom(ctx), in.ID, in.Body.Version, in.Body.Comment)
				return &adjustmentOut{Body: viewAdjustment(adj)}, err
			})
	}
}
