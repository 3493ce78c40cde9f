package purchasing

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

// The JSON shapes: decimals as strings (API.md), dates as YYYY-MM-DD.

type purchaseLineView struct {
	ID          int64        `json:"id"`
	LineNo      int          `json:"line_no"`
	ProductID   int64        `json:"product_id"`
	Unit        string       `json:"unit"`
	Factor      money.Amount `json:"factor" doc:"Base units per unit"`
	Qty         money.Amount `json:"qty"`
	Price       money.Amount `json:"price" doc:"Per unit, before tax"`
	TaxRate     money.Amount `json:"tax_rate" doc:"Percent"`
	Amount      money.Amount `json:"amount"`
	Tax         money.Amount `json:"tax"`
	ReceivedQty money.Amount `json:"received_qty" doc:"Accepted into stock"`
	RejectedQty money.Amount `json:"rejected_qty" doc:"Refused at quality control (still open)"`
	ReturnedQty money.Amount `json:"returned_qty"`
	OpenQty     money.Amount `json:"open_qty" doc:"Still expected from the supplier"`
}

type purchaseOrderView struct {
	ID           int64              `json:"id"`
	Number       string             `json:"number"`
	Status       string             `json:"status" enum:"draft,pending_review,approved,partially_received,received,closed,cancelled"`
	SupplierID   int64              `json:"supplier_id"`
	WarehouseID  int64              `json:"warehouse_id"`
	OrderDate    string             `json:"order_date"`
	ExpectedDate string             `json:"expected_date,omitempty"`
	Currency     string             `json:"currency"`
	Subtotal     money.Amount       `json:"subtotal"`
	Tax          money.Amount       `json:"tax"`
	Total        money.Amount       `json:"total"`
	Notes        string             `json:"notes,omitempty"`
	OwnerID      *int64             `json:"owner_id,omitempty"`
	CreatedAt    time.Time          `json:"created_at"`
	UpdatedAt    time.Time          `json:"updated_at"`
	Version      int                `json:"version"`
	Lines        []purchaseLineView `json:"lines,omitempty"`
}

func viewOrder(o Order) purchaseOrderView {
	v := purchaseOrderView{ID: o.ID, Number: o.Number, Status: o.Status, SupplierID: o.SupplierID, WarehouseID: o.WarehouseID,
		OrderDate: o.OrderDate, ExpectedDate: o.ExpectedDate, Currency: o.Currency, Subtotal: money.FromScaled(o.Subtotal),
		Tax: money.FromScaled(o.Tax), Total: money.FromScaled(o.Total), Notes: o.Notes, OwnerID: o.OwnerID,
		CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt, Version: o.Version}
	for _, l := range o.Lines {
		v.Lines = append(v.Lines, purchaseLineView{ID: l.ID, LineNo: l.LineNo, ProductID: l.ProductID, Unit: l.Unit,
			Factor: money.FromScaled(l.Factor), Qty: money.FromScaled(l.Qty), Price: money.FromScaled(l.Price),
			TaxRate: money.FromScaled(l.TaxRate), Amount: money.FromScaled(l.Amount), Tax: money.FromScaled(l.Tax),
			ReceivedQty: money.FromScaled(l.ReceivedQty), RejectedQty: money.FromScaled(l.RejectedQty),
			ReturnedQty: money.FromScaled(l.ReturnedQty), OpenQty: money.FromScaled(l.Open())})
	}
	return v
}

type purchaseLineInput struct {
	ProductID int64  `json:"product_id"`
	Unit      string `json:"unit,omitempty" doc:"A unit of the product; its base unit when absent"`
	Qty       string `json:"qty" doc:"Decimal string"`
	Price     string `json:"price,omitempty" doc:"Per unit before tax; the product's standard cost when absent"`
	TaxRate   string `json:"tax_rate,omitempty" doc:"Percent; the product's when absent"`
}

type purchaseOrderInput struct {
	SupplierID   int64               `json:"supplier_id"`
	WarehouseID  int64               `json:"warehouse_id"`
	OrderDate    string              `json:"order_date,omitempty" doc:"YYYY-MM-DD; today when absent"`
	ExpectedDate string              `json:"expected_date,omitempty"`
	Notes        string              `json:"notes,omitempty"`
	Lines        []purchaseLineInput `json:"lines"`
	Version      int                 `json:"version,omitempty" doc:"Updates: the version last read"`
}

func (b purchaseOrderInput) input() OrderInput {
	in := OrderInput{SupplierID: b.SupplierID, WarehouseID: b.WarehouseID, OrderDate: b.OrderDate, ExpectedDate: b.ExpectedDate,
		Notes: b.Notes, Version: b.Version}
	for _, l := range b.Lines {
		in.Lines = append(in.Lines, LineInput{ProductID: l.ProductID, Unit: l.Unit, Qty: l.Qty, Price: l.Price, TaxRate: l.TaxRate})
	}
	return in
}

type purchaseOrderOut struct{ Body purchaseOrderView }

type purchaseCreatedOrderOut struct {
	Location string `header:"Location"`
	Body     purchaseOrderView
}

type purchaseIdIn struct {
	ID int64 `path:"id" minimum:"1"`
}

type purchaseListIn struct {
	Q           string `query:"q" doc:"Part of the order number"`
	Status      string `query:"status" enum:"draft,pending_review,approved,partially_received,received,closed,cancelled,"`
	SupplierID  int64  `query:"supplier_id"`
	WarehouseID int64  `query:"warehouse_id"`
	Sort        string `query:"sort" doc:"id, number, order_date, expected_date or total; - for descending (default -id)"`
	Limit       int    `query:"limit" doc:"At most 200 (default 50)"`
	Cursor      string `query:"cursor"`
}

type purchaseListOut = web.Page[purchaseOrderView]

type purchaseActionIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int    `json:"version,omitempty" doc:"The version last read; 409 when it changed since"`
		Comment string `json:"comment,omitempty" doc:"approve/reject: the approver's comment (required to reject)"`
		Reason  string `json:"reason,omitempty" doc:"cancel: why (required)"`
	}
}

type purchaseSettleLine struct {
	OrderLineID int64  `json:"order_line_id"`
	Qty         string `json:"qty" doc:"Accepted (receipt) or sent back (return), in the line's unit"`
	Rejected    string `json:"rejected,omitempty" doc:"Receipts: refused at quality control"`
	Reason      string `json:"reason,omitempty"`
}

type purchaseSettleIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		DocDate string               `json:"doc_date,omitempty"`
		Notes   string               `json:"notes,omitempty"`
		Lines   []purchaseSettleLine `json:"lines"`
	}
}

func (in *purchaseSettleIn) input() ReceiveInput {
	out := ReceiveInput{DocDate: in.Body.DocDate, Notes: in.Body.Notes}
	for _, l := range in.Body.Lines {
		out.Lines = append(out.Lines, ReceiveLine{OrderLineID: l.OrderLineID, Qty: l.Qty, Rejected: l.Rejected, Reason: l.Reason})
	}
	return out
}

type purchaseReceiptView struct {
	ID          int64                     `json:"id"`
	Number      string                    `json:"number"`
	Kind        string                    `json:"kind" enum:"purchase_receipt,purchase_return"`
	OrderID     int64                     `json:"order_id"`
	WarehouseID int64                     `json:"warehouse_id"`
	DocDate     string                    `json:"doc_date"`
	Notes       string                    `json:"notes,omitempty"`
	CreatedAt   time.Time                 `json:"created_at"`
	Lines       []purchaseReceiptLineView `json:"lines"`
}

type purchaseReceiptLineView struct {
	OrderLineID int64        `json:"order_line_id"`
	ProductID   int64        `json:"product_id"`
	Qty         money.Amount `json:"qty"`
	Rejected    money.Amount `json:"rejected"`
	Reason      string       `json:"reason,omitempty"`
}

func viewReceipt(r Receipt) purchaseReceiptView {
	v := purchaseReceiptView{ID: r.ID, Number: r.Number, Kind: r.Kind, OrderID: r.OrderID, WarehouseID: r.WarehouseID, DocDate: r.DocDate,
		Notes: r.Notes, CreatedAt: r.CreatedAt}
	v.Lines = make([]purchaseReceiptLineView, len(r.Lines))
	for i, l := range r.Lines {
		v.Lines[i].OrderLineID, v.Lines[i].ProductID, v.Lines[i].Reason = l.OrderLineID, l.ProductID, l.Reason
		v.Lines[i].Qty, v.Lines[i].Rejected = money.FromScaled(l.Qty), money.FromScaled(l.RejectedQty)
	}
	return v
}

type purchaseReceiptOut struct {
	Location string `header:"Location"`
	Body     purchaseReceiptView
}

type purchaseReceiptsOut struct {
	Body struct {
		Items []purchaseReceiptView `json:"items"`
	}
}

type purchaseReorderIn struct {
	Body struct {
		ProductID   int64 `json:"product_id"`
		WarehouseID int64 `json:"warehouse_id"`
	}
}

const base = "/api/v1/purchase-orders"

// RegisterAPI adds the purchase order operations.
func RegisterAPI(api *web.API, svc *Service) {
	tags := []string{"purchase-orders"}
	perm := func(a tenant.Action) tenant.Perm { return tenant.P(Module, a) }
	web.Op(api, huma.Operation{OperationID: "list-purchase-orders", Method: http.MethodGet, Path: base, Tags: tags,
		Summary: "List purchase orders (without lines)"},
		web.Perm, perm(tenant.View), func(ctx context.Context, in *purchaseListIn) (*purchaseListOut, error) {
			lq := list.Query{Q: in.Q, Sort: in.Sort, Limit: in.Limit, Cursor: in.Cursor, Filters: map[string]string{"status": in.Status}}
			if in.SupplierID > 0 {
				lq.Filters["supplier_id"] = strconv.FormatInt(in.SupplierID, 10)
			}
			if in.WarehouseID > 0 {
				lq.Filters["warehouse_id"] = strconv.FormatInt(in.WarehouseID, 10)
			}
			p, err := svc.List(ctx, web.ScopeFrom(ctx), lq)
			if err != nil {
				return nil, err
			}
			return web.PageOf(p, viewOrder), nil
		})
	web.Op(api, huma.Operation{OperationID: "get-purchase-order", Method: http.MethodGet, Path: base + "/{id}", Tags: tags,
		Summary: "Get a purchase order with its lines"},
		web.SignedIn, "", func(ctx context.Context, in *purchaseIdIn) (*purchaseOrderOut, error) {
			o, err := svc.Get(ctx, web.ScopeFrom(ctx), in.ID)
			return &purchaseOrderOut{Body: viewOrder(o)}, err
		})
	web.Op(api, huma.Operation{OperationID: "create-purchase-order", Method: http.MethodPost, Path: base, Tags: tags,
		Summary: "Create a draft purchase order", DefaultStatus: http.StatusCreated},
		web.Perm, perm(tenant.Create), func(ctx context.Context, in *struct{ Body purchaseOrderInput }) (*purchaseCreatedOrderOut, error) {
			o, err := svc.Create(ctx, web.ScopeFrom(ctx), in.Body.input())
			if err != nil {
				return nil, err
			}
			return &purchaseCreatedOrderOut{Location: base + "/" + strconv.FormatInt(o.ID, 10), Body: viewOrder(o)}, nil
		})
	web.Op(api, huma.Operation{OperationID: "update-purchase-order", Method: http.MethodPatch, Path: base + "/{id}", Tags: tags,
		Summary: "Replace a draft's header and lines", Description: "Send the whole order and the version you last read; 409 when it changed since or is no longer a draft."},
		web.Perm, perm(tenant.Edit), func(ctx context.Context, in *struct {
			ID   int64 `path:"id" minimum:"1"`
			Body purchaseOrderInput
		}) (*purchaseOrderOut, error) {
			o, err := svc.Update(ctx, web.ScopeFrom(ctx), in.ID, in.Body.input())
			return &purchaseOrderOut{Body: viewOrder(o)}, err
		})
	web.Op(api, huma.Operation{OperationID: "delete-purchase-order", Method: http.MethodDelete, Path: base + "/{id}", Tags: tags,
		Summary: "Delete a draft or cancelled order without receipts", DefaultStatus: http.StatusNoContent},
		web.Perm, perm(tenant.Delete), func(ctx context.Context, in *struct {
			ID      int64 `path:"id" minimum:"1"`
			Version int   `query:"version" required:"true" minimum:"1"`
		}) (*struct{}, error) {
			return nil, svc.Delete(ctx, web.ScopeFrom(ctx), in.ID, in.Version)
		})

	action := func(name, summary string, access web.Access, p tenant.Perm, do func(ctx context.Context, sc tenant.Scope, in *purchaseActionIn) (Order, error)) {
		web.Op(api, huma.Operation{OperationID: name + "-purchase-order", Method: http.MethodPost, Path: base + "/{id}/" + name, Tags: tags,
			Summary: summary},
			access, p, func(ctx context.Context, in *purchaseActionIn) (*purchaseOrderOut, error) {
				o, err := do(ctx, web.ScopeFrom(ctx), in)
				return &purchaseOrderOut{Body: viewOrder(o)}, err
			})
	}
	action("submit", "Submit a draft for approval (approved at once when no rule applies)", web.Perm, perm(tenant.Edit),
		func(ctx context.Context, sc tenant.Scope, in *purchaseActionIn) (Order, error) {
			return svc.Submit(ctx, sc, in.ID, in.Body.Version)
		})
	action("approve", "Approve as an approver of the current level", web.SignedIn, "",
		func(ctx context.Context, sc tenant.Scope, in *purchaseActionIn) (Order, error) {
			return svc.Decide(ctx, sc, in.ID, true, in.Body.Comment)
		})
	action("reject", "Reject (comment required): the order goes back to draft", web.SignedIn, "",
		func(ctx context.Context, sc tenant.Scope, in *purchaseActionIn) (Order, error) {
			return svc.Decide(ctx, sc, in.ID, false, in.Body.Comment)
		})
	action("cancel", "Cancel an order nothing was received of (reason required)", web.Perm, perm(tenant.Edit),
		func(ctx context.Context, sc tenant.Scope, in *purchaseActionIn) (Order, error) {
			return svc.Cancel(ctx, sc, in.ID, in.Body.Version, in.Body.Reason)
		})
	action("close", "Close a received or partially received order (the rest is no longer expected)", web.Perm, perm(tenant.Edit),
		func(ctx context.Context, sc tenant.Scope, in *purchaseActionIn) (Order, error) {
			return svc.Close(ctx, sc, in.ID, in.Body.Version)
		})

	settle := func(name, summary string, do func(ctx context.Context, sc tenant.Scope, id int64, in ReceiveInput) (Receipt, error)) {
		web.Op(api, huma.Operation{OperationID: "create-purchase-" + name, Method: http.MethodPost, Path: base + "/{id}/" + name + "s",
			Tags: tags, Summary: summary, DefaultStatus: http.StatusCreated},
			web.Perm, tenant.P(Receiving, tenant.Create), func(ctx context.Context, in *purchaseSettleIn) (*purchaseReceiptOut, error) {
				r, err := do(ctx, web.ScopeFrom(ctx), in.ID, in.input())
				if err != nil {
					return nil, err
				}
				return &purchaseReceiptOut{Location: base + "/" + strconv.FormatInt(in.ID, 10) + "/receipts", Body: viewReceipt(r)}, nil
			})
	}
	settle("receipt", "Receive goods against the order (partial quantities, quality rejects); posts to the stock ledger", svc.Receive)
	settle("return", "Return received goods to the supplier; posts to the stock ledger", svc.Return)
	web.Op(api, huma.Operation{OperationID: "list-purchase-receipts", Method: http.MethodGet, Path: base + "/{id}/receipts", Tags: tags,
		Summary: "The order's receipts and returns"},
		web.SignedIn, "", func(ctx context.Context, in *purchaseIdIn) (*purchaseReceiptsOut, error) {
			rs, err := svc.Receipts(ctx, web.ScopeFrom(ctx), in.ID)
			out := &purchaseReceiptsOut{}
			out.Body.Items = make([]purchaseReceiptView, len(rs))
			for i, r := range rs {
				out.Body.Items[i] = viewReceipt(r)
			}
			return out, err
		})
	web.Op(api, huma.Operation{OperationID: "reorder-purchase-order", Method: http.MethodPost, Path: base + "/reorder", Tags: tags,
		Summary: "A draft order for a product under its reorder point, from the rule's supplier and quantity", DefaultStatus: http.StatusCreated},
		web.Perm, perm(tenant.Create), func(ctx context.Context, in *purchaseReorderIn) (*purchaseCreatedOrderOut, error) {
			o, err := svc.Reorder(ctx, web.ScopeFrom(ctx), in.Body.ProductID, in.Body.WarehouseID)
			if err != nil {
				return nil, err
			}
			return &purchaseCreatedOrderOut{Location: base + "/" + strconv.FormatInt(o.ID, 10), Body: viewOrder(o)}, nil
		})
}
