package sales

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

type salesReturnLineView struct {
	ID          int64        `json:"id"`
	LineNo      int          `json:"line_no"`
	OrderLineID int64        `json:"order_line_id"`
	ProductID   int64        `json:"product_id"`
	Unit        string       `json:"unit"`
	Qty         money.Amount `json:"qty"`
	Amount      money.Amount `json:"amount" doc:"qty at the order line's net price incl. tax"`
	RestockQty  money.Amount `json:"restock_qty" doc:"On inspection: back into stock"`
	ScrapQty    money.Amount `json:"scrap_qty" doc:"On inspection: scrapped"`
	InspectNote string       `json:"inspect_note,omitempty"`
}

type salesRefundView struct {
	ID         int64        `json:"id"`
	ReturnID   int64        `json:"return_id"`
	OrderID    int64        `json:"order_id"`
	CustomerID int64        `json:"customer_id"`
	Amount     money.Amount `json:"amount"`
	Currency   string       `json:"currency"`
	Status     string       `json:"status" doc:"requested until finance pays it"`
	CreatedAt  time.Time    `json:"created_at"`
	Version    int          `json:"version"`
}

type salesReturnView struct {
	ID                    int64                 `json:"id"`
	Number                string                `json:"number"`
	Kind                  string                `json:"kind" enum:"return,exchange"`
	Status                string                `json:"status" enum:"requested,approved,received,refunded,exchanged,closed,rejected"`
	OrderID               int64                 `json:"order_id"`
	OrderNumber           string                `json:"order_number,omitempty"`
	CustomerID            int64                 `json:"customer_id"`
	WarehouseID           int64                 `json:"warehouse_id"`
	Reason                string                `json:"reason" enum:"quality,damaged,wrong_item,not_as_described,no_reason,other"`
	ReasonNote            string                `json:"reason_note,omitempty"`
	Amount                money.Amount          `json:"amount" doc:"Value of the returned goods incl. tax (what a return refunds)"`
	DecisionComment       string                `json:"decision_comment,omitempty"`
	DecidedAt             *time.Time            `json:"decided_at,omitempty"`
	ReceivedAt            *time.Time            `json:"received_at,omitempty"`
	ReceivedNote          string                `json:"received_note,omitempty"`
	InspectedAt           *time.Time            `json:"inspected_at,omitempty"`
	ClosedAt              *time.Time            `json:"closed_at,omitempty"`
	CreatedAt             time.Time             `json:"created_at"`
	UpdatedAt             time.Time             `json:"updated_at"`
	Version               int                   `json:"version"`
	Lines                 []salesReturnLineView `json:"lines,omitempty"`
	Refund                *salesRefundView      `json:"refund,omitempty" doc:"A return's refund request, once inspected"`
	ReplacementDeliveryID *int64                `json:"replacement_delivery_id,omitempty" doc:"An exchange's replacement delivery, once inspected"`
	ReplacementNumber     string                `json:"replacement_number,omitempty"`
}

func viewRefund(f RefundRequest) salesRefundView {
	return salesRefundView{ID: f.ID, ReturnID: f.ReturnID, OrderID: f.OrderID, CustomerID: f.CustomerID, Amount: money.FromScaled(f.Amount),
		Currency: f.Currency, Status: f.Status, CreatedAt: f.CreatedAt, Version: f.Version}
}

func viewReturn(r Return) salesReturnView {
	v := salesReturnView{ID: r.ID, Number: r.Number, Kind: r.Kind, Status: r.Status, OrderID: r.OrderID, OrderNumber: r.OrderNumber,
		CustomerID: r.CustomerID, WarehouseID: r.WarehouseID, Reason: r.Reason, ReasonNote: r.ReasonNote, Amount: money.FromScaled(r.Amount),
		DecisionComment: r.DecisionComment, DecidedAt: r.DecidedAt, ReceivedAt: r.ReceivedAt, ReceivedNote: r.ReceivedNote,
		InspectedAt: r.InspectedAt, ClosedAt: r.ClosedAt, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Version: r.Version}
	for _, l := range r.Lines {
		v.Lines = append(v.Lines, salesReturnLineView{ID: l.ID, LineNo: l.LineNo, OrderLineID: l.OrderLineID, ProductID: l.ProductID,
			Unit: l.Unit, Qty: money.FromScaled(l.Qty), Amount: money.FromScaled(l.Amount), RestockQty: money.FromScaled(l.RestockQty),
			ScrapQty: money.FromScaled(l.ScrapQty), InspectNote: l.InspectNote})
	}
	if r.Refund != nil {
		f := viewRefund(*r.Refund)
		v.Refund = &f
	}
	if r.Replacement != nil {
		v.ReplacementDeliveryID, v.ReplacementNumber = &r.Replacement.ID, r.Replacement.Number
	}
	return v
}

type salesReturnLineInput struct {
	OrderLineID int64  `json:"order_line_id"`
	Qty         string `json:"qty" doc:"Decimal string in the order line's unit; at most shipped less other returns"`
}

type salesReturnInput struct {
	OrderID    int64                  `json:"order_id"`
	Kind       string                 `json:"kind,omitempty" enum:"return,exchange," doc:"return when absent"`
	Reason     string                 `json:"reason" enum:"quality,damaged,wrong_item,not_as_described,no_reason,other"`
	ReasonNote string                 `json:"reason_note,omitempty" doc:"Free text; required with reason other"`
	Lines      []salesReturnLineInput `json:"lines"`
}

type salesReturnInspectLine struct {
	LineID     int64  `json:"line_id"`
	RestockQty string `json:"restock_qty,omitempty" doc:"Back into stock (0 when absent)"`
	ScrapQty   string `json:"scrap_qty,omitempty" doc:"Scrapped (0 when absent); restock + scrap = the line's qty"`
	Note       string `json:"note,omitempty" doc:"Required when something is scrapped"`
}

type salesReturnOut struct{ Body salesReturnView }

type salesReturnCreatedOut struct {
	Location string `header:"Location"`
	Body     salesReturnView
}

type salesReturnListIn struct {
	Q          string `query:"q" doc:"Part of the return number"`
	Status     string `query:"status" enum:"requested,approved,received,refunded,exchanged,closed,rejected,"`
	Kind       string `query:"kind" enum:"return,exchange,"`
	CustomerID int64  `query:"customer_id"`
	OrderID    int64  `query:"order_id"`
	Sort       string `query:"sort" doc:"id, number or amount; - for descending (default -id)"`
	Limit      int    `query:"limit" doc:"At most 200 (default 50)"`
	Cursor     string `query:"cursor"`
}

type salesReturnListOut = web.Page[salesReturnView]

type salesRefundListIn struct {
	Status     string `query:"status" enum:"requested,"`
	CustomerID int64  `query:"customer_id"`
	ReturnID   int64  `query:"return_id"`
	Limit      int    `query:"limit" doc:"At most 200 (default 50)"`
	Cursor     string `query:"cursor"`
}

type salesRefundListOut = web.Page[salesRefundView]

type salesReturnActionIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int                      `json:"version,omitempty" doc:"The version last read; 409 when it changed since"`
		Comment string                   `json:"comment,omitempty" doc:"approve/reject: the decision's comment (required to reject)"`
		Note    string                   `json:"note,omitempty" doc:"receive: what arrived"`
		Lines   []salesReturnInspectLine `json:"lines,omitempty" doc:"inspect: every line of the return"`
	}
}

const (
	returnsBase = "/api/v1/sales-returns"
	refundsBase = "/api/v1/sales-refund-requests"
)

// filterIDs adds the positive ids to a list query's filters.
func filterIDs(lq *list.Query, ids map[string]int64) {
	for k, v := range ids {
		if v > 0 {
			lq.Filters[k] = strconv.FormatInt(v, 10)
		}
	}
}

// RegisterReturnAPI adds the return operations and the refund request list.
func RegisterReturnAPI(api *web.API, svc *Service) {
	registerReturnFilesAPI(api, svc)
	tags := []string{"sales-returns"}
	perm := func(a tenant.Action) tenant.Perm { return tenant.P(ReturnsModule, a) }
	web.Op(api, huma.Operation{OperationID: "list-sales-returns", Method: http.MethodGet, Path: returnsBase, Tags: tags,
		Summary: "List returns and exchanges (without lines)"},
		web.Perm, perm(tenant.View), func(ctx context.Context, in *salesReturnListIn) (*salesReturnListOut, error) {
			lq := list.Query{Q: in.Q, Sort: in.Sort, Limit: in.Limit, Cursor: in.Cursor,
				Filters: map[string]string{"status": in.Status, "kind": in.Kind}}
			filterIDs(&lq, map[string]int64{"customer_id": in.CustomerID, "order_id": in.OrderID})
			p, err := svc.ListReturns(ctx, web.ScopeFrom(ctx), lq)
			if err != nil {
				return nil, err
			}
			return web.PageOf(p, viewReturn), nil
		})
	web.Op(api, huma.Operation{OperationID: "get-sales-return", Method: http.MethodGet, Path: returnsBase + "/{id}", Tags: tags,
		Summary: "Get a return with its lines, refund request and replacement delivery"},
		web.Perm, perm(tenant.View), func(ctx context.Context, in *salesIDIn) (*salesReturnOut, error) {
			r, err := svc.GetReturn(ctx, web.ScopeFrom(ctx), in.ID)
			return &salesReturnOut{Body: viewReturn(r)}, err
		})
	web.Op(api, huma.Operation{OperationID: "create-sales-return", Method: http.MethodPost, Path: returnsBase, Tags: tags,
		Summary: "Request a return or exchange of shipped lines of an order", DefaultStatus: http.StatusCreated},
		web.Perm, perm(tenant.Create), func(ctx context.Context, in *struct{ Body salesReturnInput }) (*salesReturnCreatedOut, error) {
			ri := ReturnInput{OrderID: in.Body.OrderID, Kind: in.Body.Kind, Reason: in.Body.Reason, ReasonNote: in.Body.ReasonNote}
			for _, l := range in.Body.Lines {
				ri.Lines = append(ri.Lines, ReturnLineInput{OrderLineID: l.OrderLineID, Qty: l.Qty})
			}
			r, err := svc.CreateReturn(ctx, web.ScopeFrom(ctx), ri)
			if err != nil {
				return nil, err
			}
			return &salesReturnCreatedOut{Location: returnsBase + "/" + strconv.FormatInt(r.ID, 10), Body: viewReturn(r)}, nil
		})
	action := func(name, summary string, a tenant.Action, do func(ctx context.Context, sc tenant.Scope, in *salesReturnActionIn) (Return, error)) {
		web.Op(api, huma.Operation{OperationID: name + "-sales-return", Method: http.MethodPost, Path: returnsBase + "/{id}/" + name,
			Tags: tags, Summary: summary},
			web.Perm, perm(a), func(ctx context.Context, in *salesReturnActionIn) (*salesReturnOut, error) {
				r, err := do(ctx, web.ScopeFrom(ctx), in)
				return &salesReturnOut{Body: viewReturn(r)}, err
			})
	}
	action("approve", "Accept a requested return as eligible", tenant.Approve,
		func(ctx context.Context, sc tenant.Scope, in *salesReturnActionIn) (Return, error) {
			return svc.ApproveReturn(ctx, sc, in.ID, in.Body.Version, in.Body.Comment)
		})
	action("reject", "Refuse a requested return (comment required)", tenant.Approve,
		func(ctx context.Context, sc tenant.Scope, in *salesReturnActionIn) (Return, error) {
			return svc.RejectReturn(ctx, sc, in.ID, in.Body.Version, in.Body.Comment)
		})
	action("receive", "Record that the goods came back", tenant.Edit,
		func(ctx context.Context, sc tenant.Scope, in *salesReturnActionIn) (Return, error) {
			return svc.ReceiveReturn(ctx, sc, in.ID, in.Body.Version, in.Body.Note)
		})
	action("inspect", "Inspect the goods: restock or scrap per line; a return then requests its refund, an exchange gets its replacement delivery",
		tenant.Edit, func(ctx context.Context, sc tenant.Scope, in *salesReturnActionIn) (Return, error) {
			ii := InspectInput{Version: in.Body.Version}
			for _, l := range in.Body.Lines {
				ii.Lines = append(ii.Lines, InspectLine{LineID: l.LineID, Restock: l.RestockQty, Scrap: l.ScrapQty, Note: l.Note})
			}
			return svc.InspectReturn(ctx, sc, in.ID, ii)
		})
	action("close", "Close a refunded or exchanged return", tenant.Edit,
		func(ctx context.Context, sc tenant.Scope, in *salesReturnActionIn) (Return, error) {
			return svc.CloseReturn(ctx, sc, in.ID, in.Body.Version)
		})
	web.Op(api, huma.Operation{OperationID: "list-sales-refund-requests", Method: http.MethodGet, Path: refundsBase,
		Tags: []string{"sales-returns"}, Summary: "List the refund requests inspected returns made, for finance to pay"},
		web.Perm, perm(tenant.View), func(ctx context.Context, in *salesRefundListIn) (*salesRefundListOut, error) {
			lq := list.Query{Limit: in.Limit, Cursor: in.Cursor, Filters: map[string]string{"status": in.Status}}
			filterIDs(&lq, map[string]int64{"customer_id": in.CustomerID, "return_id": in.ReturnID})
			p, err := svc.ListRefunds(ctx, web.ScopeFrom(ctx), lq)
			if err != nil {
				return nil, err
			}
			return web.PageOf(p, viewRefund), nil
		})
}
