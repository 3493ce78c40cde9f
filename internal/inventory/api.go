package inventory

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// balanceView is a balance as the API sends it (decimal strings).
type balanceView struct {
	ProductID   int64        `json:"product_id"`
	WarehouseID int64        `json:"warehouse_id"`
	OnHand      money.Amount `json:"on_hand"`
	Reserved    money.Amount `json:"reserved"`
	Available   money.Amount `json:"available"`
}

func viewBalance(b Balance) balanceView {
	return balanceView{ProductID: b.ProductID, WarehouseID: b.WarehouseID, OnHand: money.FromScaled(b.OnHand),
		Reserved: money.FromScaled(b.Reserved), Available: money.FromScaled(b.Available())}
}

type balancesIn struct {
	ProductID      int64 `query:"product_id" doc:"Only this product"`
	WarehouseID    int64 `query:"warehouse_id" doc:"Only this warehouse"`
	AfterProduct   int64 `query:"after_product" doc:"Next page: the last row's product_id"`
	AfterWarehouse int64 `query:"after_warehouse" doc:"Next page: the last row's warehouse_id"`
}

type balancesOut struct {
	Body struct {
		Items []balanceView `json:"items"`
	}
}

type movesIn struct {
	ProductID   int64 `query:"product_id" required:"true"`
	WarehouseID int64 `query:"warehouse_id" required:"true"`
	Before      int64 `query:"before" doc:"Next page: the last row's id"`
	Limit       int   `query:"limit" doc:"At most 200 (the default)"`
}

type moveView struct {
	ID        int64        `json:"id"`
	Kind      Kind         `json:"kind"`
	Qty       money.Amount `json:"qty" doc:"Signed: + in, − out, in base units"`
	Balance   money.Amount `json:"balance" doc:"On hand after this movement"`
	UnitCost  money.Amount `json:"unit_cost"`
	Value     money.Amount `json:"value"`
	DocType   string       `json:"doc_type,omitempty"`
	DocID     *int64       `json:"doc_id,omitempty"`
	Note      string       `json:"note,omitempty"`
	CreatedBy *int64       `json:"created_by,omitempty"`
	CreatedAt time.Time    `json:"created_at"`
}

type movesOut struct {
	Body struct {
		Items []moveView `json:"items"`
	}
}

type valueIn struct {
	Date  string `query:"date" doc:"YYYY-MM-DD: the stock at the end of that day; now when absent"`
	Group string `query:"group" enum:"product,warehouse,category" doc:"Lines per product × warehouse (product, the default), or totals per warehouse or per product category"`
}

type valueView struct {
	ProductID   int64         `json:"product_id,omitempty"`
	WarehouseID int64         `json:"warehouse_id,omitempty"`
	CategoryID  *int64        `json:"category_id,omitempty" doc:"group=category: the category (0: products without one)"`
	Qty         money.Amount  `json:"qty"`
	UnitCost    *money.Amount `json:"unit_cost,omitempty"`
	Value       money.Amount  `json:"value"`
	InTransit   bool          `json:"in_transit,omitempty" doc:"Shipped between warehouses, not yet received (no warehouse_id)"`
}

type valueOut struct {
	Body struct {
		Items []valueView  `json:"items"`
		Total money.Amount `json:"total"`
	}
}

// RegisterAPI adds the stock read operations (inventory.view) and the
// stock documents' operations.
func RegisterAPI(api *web.API, svc *Service) {
	registerTransferAPI(api, svc)
	registerAdjustmentAPI(api, svc)
	registerCountAPI(api, svc)
	tags := []string{"inventory"}
	view := tenant.P(Module, tenant.View)
	web.Op(api, huma.Operation{OperationID: "list-stock-balances", Method: http.MethodGet, Path: "/api/v1/stock", Tags: tags,
		Summary: "On hand, reserved and available per product and warehouse"},
		web.Perm, view, func(ctx context.Context, in *balancesIn) (*balancesOut, error) {
			bs, err := svc.Balances(ctx, web.ScopeFrom(ctx), in.ProductID, in.WarehouseID, in.AfterProduct, in.AfterWarehouse)
			out := &balancesOut{}
			out.Body.Items = make([]balanceView, len(bs))
			for i, b := range bs {
				out.Body.Items[i] = viewBalance(b)
			}
			return out, err
		})
	web.Op(api, huma.Operation{OperationID: "list-stock-moves", Method: http.MethodGet, Path: "/api/v1/stock-moves", Tags: tags,
		Summary: "A product's movements in a warehouse, newest first, with the running balance"},
		web.Perm, view, func(ctx context.Context, in *movesIn) (*movesOut, error) {
			ms, err := svc.Movements(ctx, web.ScopeFrom(ctx), in.ProductID, in.WarehouseID, in.Before, in.Limit)
			out := &movesOut{}
			out.Body.Items = make([]moveView, len(ms))
			for i, m := range ms {
				out.Body.Items[i] = moveView{ID: m.ID, Kind: m.Kind, Qty: money.FromScaled(m.Qty), Balance: money.FromScaled(m.Balance),
					UnitCost: money.FromScaled(m.UnitCost), Value: money.FromScaled(m.Value), DocType: m.DocType, DocID: m.DocID,
					Note: m.Note, CreatedBy: m.CreatedBy, CreatedAt: m.CreatedAt}
			}
			return out, err
		})
	web.Op(api, huma.Operation{OperationID: "stock-value", Method: http.MethodGet, Path: "/api/v1/stock/value", Tags: tags,
		Summary: "Stock value at the moving average, now or at the end of a past day"},
		web.Perm, view, func(ctx context.Context, in *valueIn) (*valueOut, error) {
			at, err := endOfDay(in.Date)
			if err != nil {
				return nil, err
			}
			lines, err := svc.StockValue(ctx, web.ScopeFrom(ctx), at)
			if err != nil {
				return nil, err
			}
			out := &valueOut{}
			var total int64
			if in.Group == "category" {
				totals, err := svc.CategoryTotals(ctx, web.ScopeFrom(ctx), lines)
				if err != nil {
					return nil, err
				}
				for _, t := range totals {
					out.Body.Items = append(out.Body.Items, valueView{CategoryID: &t.Key, Qty: money.FromScaled(t.Qty), Value: money.FromScaled(t.Value)})
					total += t.Value
				}
			} else if in.Group == "warehouse" {
				for _, t := range Totals(lines, func(l ValueLine) int64 { return l.WarehouseID }) {
					out.Body.Items = append(out.Body.Items, valueView{WarehouseID: t.Key, Qty: money.FromScaled(t.Qty), Value: money.FromScaled(t.Value),
						InTransit: t.Key == 0})
					total += t.Value
				}
			} else {
				for _, l := range lines {
					cost := money.FromScaled(l.UnitCost)
					out.Body.Items = append(out.Body.Items, valueView{ProductID: l.ProductID, WarehouseID: l.WarehouseID,
						Qty: money.FromScaled(l.Qty), UnitCost: &cost, Value: money.FromScaled(l.Value), InTransit: l.InTransit})
					total += l.Value
				}
			}
			if out.Body.Items == nil {
				out.Body.Items = []valueView{}
			}
			out.Body.Total = money.FromScaled(total)
			return out, nil
		})
}
