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

// The JSON shapes: decimals as strings (API.md), dates as YYYY-MM-DD. The
// type names carry "sales" so huma's schema names never collide with
// another module's.

type salesLineView struct {
	ID         int64        `json:"id"`
	LineNo     int          `json:"line_no"`
	ProductID  int64        `json:"product_id"`
	Unit       string       `json:"unit"`
	Factor     money.Amount `json:"factor" doc:"Base units per unit"`
	Qty        money.Amount `json:"qty"`
	Price      money.Amount `json:"price" doc:"Per unit, before discount and tax"`
	Discount   money.Amount `json:"discount" doc:"Percent off"`
	TaxRate    money.Amount `json:"tax_rate" doc:"Percent"`
	Amount     money.Amount `json:"amount" doc:"qty × price less the discount"`
	DiscountAm money.Amount `json:"discount_amount"`
	Tax        money.Amount `json:"tax"`
	ShippedQty money.Amount `json:"shipped_qty"`
	OpenQty    money.Amount `json:"open_qty" doc:"Still to ship"`

	// Promotions' part.
	PromoDisc money.Amount `json:"promo_discount" doc:"The part of discount_amount promotions gave"`
}

type salesOrderView struct {
	ID              int64           `json:"id"`
	Number          string          `json:"number"`
	Status          string          `json:"status" enum:"draft,pending_review,approved,partially_shipped,shipped,completed,cancelled,closed"`
	PaymentStatus   string          `json:"payment_status" enum:"unpaid,partially_paid,paid,refunded"`
	PaymentMethod   string          `json:"payment_method" enum:"online,transfer,cod"`
	Channel         string          `json:"channel" enum:"staff,portal,api,import,phone,email"`
	CustomerID      int64           `json:"customer_id"`
	WarehouseID     int64           `json:"warehouse_id"`
	OrderDate       string          `json:"order_date"`
	ShippingAddress string          `json:"shipping_address,omitempty"`
	HandlerID       *int64          `json:"handler_id,omitempty"`
	Notes           string          `json:"notes,omitempty" doc:"Internal notes"`
	Currency        string          `json:"currency"`
	Subtotal        money.Amount    `json:"subtotal"`
	Discount        money.Amount    `json:"discount"`
	Tax             money.Amount    `json:"tax"`
	Total           money.Amount    `json:"total"`
	OverCreditLimit bool            `json:"over_credit_limit" doc:"Set on submit: the customer's open orders and this one exceed its credit limit"`
	OwnerID         *int64          `json:"owner_id,omitempty"`
	CreatedAt       time.Time       `json:"created_at"`
	UpdatedAt       time.Time       `json:"updated_at"`
	Version         int             `json:"version"`
	ExternalRef     *string         `json:"external_ref,omitempty" doc:"Imported orders: the order's reference in the file"`
	Lines           []salesLineView `json:"lines,omitempty"`

	QuoteID *int64 `json:"quote_id,omitempty" doc:"The quotation it was made from on acceptance"`
	// Promotions (promo_apply.go).
	CouponCode string           `json:"coupon_code,omitempty" doc:"The coupon entered (upper-case)"`
	Promotions []salesPromoView `json:"promotions,omitempty" doc:"What each promotion took off, in the order they applied"`
}

type salesPromoView struct {
	PromotionID int64        `json:"promotion_id"`
	Name        string       `json:"name"`
	Kind        string       `json:"kind" enum:"percent,amount,threshold,buy_get"`
	CouponCode  string       `json:"coupon_code,omitempty"`
	Amount      money.Amount `json:"amount"`
	Lines       []int        `json:"lines" doc:"Line numbers it took something off (see each line's promo_discount)"`
}

func viewOrder(o Order) salesOrderView {
	v := salesOrderView{ID: o.ID, Number: o.Number, Status: o.Status, PaymentStatus: o.PaymentStatus, PaymentMethod: o.PaymentMethod,
		Channel: o.Channel, CustomerID: o.CustomerID, WarehouseID: o.WarehouseID, OrderDate: o.OrderDate,
		ShippingAddress: o.ShippingAddress, HandlerID: o.HandlerID, Notes: o.Notes, Currency: o.Currency,
		Subtotal: money.FromScaled(o.Subtotal), Discount: money.FromScaled(o.Discount), Tax: money.FromScaled(o.Tax),
		Total: money.FromScaled(o.Total), OverCreditLimit: o.OverCreditLimit, OwnerID: o.OwnerID, CreatedAt: o.CreatedAt,
		UpdatedAt: o.UpdatedAt, Version: o.Version, ExternalRef: o.ExternalRef, QuoteID: o.QuoteID}
	v.CouponCode = o.CouponCode
	for _, p := range o.Promotions {
		v.Promotions = append(v.Promotions, salesPromoView{PromotionID: p.PromotionID, Name: p.Name, Kind: p.Kind, CouponCode: p.CouponCode,
			Amount: money.FromScaled(p.Amount), Lines: p.Lines})
	}
	for _, l := range o.Lines {
		v.Lines = append(v.Lines, salesLineView{ID: l.ID, LineNo: l.LineNo, ProductID: l.ProductID, Unit: l.Unit,
			Factor: money.FromScaled(l.Factor), Qty: money.FromScaled(l.Qty), Price: money.FromScaled(l.Price),
			Discount: money.FromScaled(l.DiscountPct), TaxRate: money.FromScaled(l.TaxRate), Amount: money.FromScaled(l.Amount),
			DiscountAm: money.FromScaled(l.Discount), Tax: money.FromScaled(l.Tax), ShippedQty: money.FromScaled(l.ShippedQty),
			OpenQty: money.FromScaled(l.Open())})
		v.Lines[len(v.Lines)-1].PromoDisc = money.FromScaled(l.PromoDiscount)
	}
	return v
}

type salesLineInput struct {
	ProductID int64  `json:"product_id,omitempty"`
	Unit      string `json:"unit,omitempty" doc:"A unit of the product; its base unit when absent"`
	Qty       string `json:"qty,omitempty" doc:"Decimal string (required)"`
	Price     string `json:"price,omitempty" doc:"Per unit before tax; the customer's price-list price when absent"`
	Discount  string `json:"discount,omitempty" doc:"Percent off"`
	TaxRate   string `json:"tax_rate,omitempty" doc:"Percent; the product's when absent"`
}

type salesOrderInput struct {
	CustomerID      int64            `json:"customer_id,omitempty"`
	WarehouseID     int64            `json:"warehouse_id,omitempty"`
	OrderDate       string           `json:"order_date,omitempty" doc:"YYYY-MM-DD; today when absent"`
	PaymentMethod   string           `json:"payment_method,omitempty" enum:"online,transfer,cod," doc:"transfer when absent"`
	Channel         string           `json:"channel,omitempty" enum:"staff,portal,api,import,phone,email," doc:"api when absent"`
	ShippingAddress string           `json:"shipping_address,omitempty" doc:"The customer's when absent"`
	HandlerID       int64            `json:"handler_id,omitempty" doc:"The user who handles the order (专人处理)"`
	Notes           string           `json:"notes,omitempty" doc:"Internal notes"`
	Lines           []salesLineInput `json:"lines,omitempty"`
	Version         int              `json:"version,omitempty" doc:"Updates: the version last read"`

	// A promotion's coupon.
	CouponCode string `json:"coupon_code,omitempty" doc:"A promotion's coupon code (any case); redeemed on submit"`
}

func (b salesOrderInput) input(channel string) OrderInput {
	in := OrderInput{CustomerID: b.CustomerID, WarehouseID: b.WarehouseID, OrderDate: b.OrderDate, PaymentMethod: b.PaymentMethod,
		Channel: b.Channel, ShippingAddress: b.ShippingAddress, HandlerID: b.HandlerID, Notes: b.Notes, Version: b.Version}
	in.CouponCode = b.CouponCode
	if in.Channel == "" {
		in.Channel = channel
	}
	for _, l := range b.Lines {
		in.Lines = append(in.Lines, LineInput{ProductID: l.ProductID, Unit: l.Unit, Qty: l.Qty, Price: l.Price, Discount: l.Discount,
			TaxRate: l.TaxRate})
	}
	return in
}

type salesOrderOut struct{ Body salesOrderView }

type salesCreatedOrderOut struct {
	Location string `header:"Location"`
	Body     salesOrderView
}

type salesIDIn struct {
	ID int64 `path:"id" minimum:"1"`
}

type salesListIn struct {
	Q             string `query:"q" doc:"Part of the order number"`
	Status        string `query:"status" enum:"draft,pending_review,approved,partially_shipped,shipped,completed,cancelled,closed,"`
	PaymentStatus string `query:"payment_status" enum:"unpaid,partially_paid,paid,refunded,"`
	CustomerID    int64  `query:"customer_id"`
	WarehouseID   int64  `query:"warehouse_id"`
	OwnerID       int64  `query:"owner_id"`
	HandlerID     int64  `query:"handler_id"`
	Sort          string `query:"sort" doc:"id, number, order_date or total; - for descending (default -id)"`
	Limit         int    `query:"limit" doc:"At most 200 (default 50)"`
	Cursor        string `query:"cursor"`
}

type salesListOut = web.Page[salesOrderView]

type salesActionIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version int    `json:"version,omitempty" doc:"The version last read; 409 when it changed since"`
		Comment string `json:"comment,omitempty" doc:"approve/reject: the approver's comment (required to reject)"`
		Reason  string `json:"reason,omitempty" doc:"cancel: why (required)"`
	}
}

const base = "/api/v1/sales-orders"

// RegisterAPI adds the sales order operations.
func RegisterAPI(api *web.API, svc *Service) {
	registerFilesAPI(api, svc)
	tags := []string{"sales-orders"}
	perm := func(a tenant.Action) tenant.Perm { return tenant.P(Module, a) }
	web.Op(api, huma.Operation{OperationID: "list-sales-orders", Method: http.MethodGet, Path: base, Tags: tags,
		Summary: "List sales orders (without lines)"},
		web.Perm, perm(tenant.View), func(ctx context.Context, in *salesListIn) (*salesListOut, error) {
			lq := list.Query{Q: in.Q, Sort: in.Sort, Limit: in.Limit, Cursor: in.Cursor,
				Filters: map[string]string{"status": in.Status, "payment_status": in.PaymentStatus}}
			for k, v := range map[string]int64{"customer_id": in.CustomerID, "warehouse_id": in.WarehouseID, "owner_id": in.OwnerID,
				"handler_id": in.HandlerID} {
				if v > 0 {
					lq.Filters[k] = strconv.FormatInt(v, 10)
				}
			}
			p, err := svc.List(ctx, web.ScopeFrom(ctx), lq)
			if err != nil {
				return nil, err
			}
			return web.PageOf(p, viewOrder), nil
		})
	web.Op(api, huma.Operation{OperationID: "get-sales-order", Method: http.MethodGet, Path: base + "/{id}", Tags: tags,
		Summary: "Get a sales order with its lines"},
		web.SignedIn, "", func(ctx context.Context, in *salesIDIn) (*salesOrderOut, error) {
			o, err := svc.Get(ctx, web.ScopeFrom(ctx), in.ID)
			return &salesOrderOut{Body: viewOrder(o)}, err
		})
	web.Op(api, huma.Operation{OperationID: "create-sales-order", Method: http.MethodPost, Path: base, Tags: tags,
		Summary: "Create a draft sales order", DefaultStatus: http.StatusCreated},
		web.Perm, perm(tenant.Create), func(ctx context.Context, in *struct{ Body salesOrderInput }) (*salesCreatedOrderOut, error) {
			o, err := svc.Create(ctx, web.ScopeFrom(ctx), in.Body.input("api"))
			if err != nil {
				return nil, err
			}
			return &salesCreatedOrderOut{Location: base + "/" + strconv.FormatInt(o.ID, 10), Body: viewOrder(o)}, nil
		})
	web.Op(api, huma.Operation{OperationID: "update-sales-order", Method: http.MethodPatch, Path: base + "/{id}", Tags: tags,
		Summary: "Change a sales order",
		Description: "A draft: send the whole order (lines replaced). An approved order: only notes, handler_id and shipping_address " +
			"change; any other field sent must be unchanged (422 sales.locked_field per field). Other statuses: 409. " +
			"Send the version you last read; 409 when it changed since."},
		web.Perm, perm(tenant.Edit), func(ctx context.Context, in *struct {
			ID   int64 `path:"id" minimum:"1"`
			Body salesOrderInput
		}) (*salesOrderOut, error) {
			o, err := svc.Update(ctx, web.ScopeFrom(ctx), in.ID, in.Body.input(""))
			return &salesOrderOut{Body: viewOrder(o)}, err
		})
	web.Op(api, huma.Operation{OperationID: "delete-sales-order", Method: http.MethodDelete, Path: base + "/{id}", Tags: tags,
		Summary: "Delete a draft (cancel an order in any other status)", DefaultStatus: http.StatusNoContent},
		web.Perm, perm(tenant.Delete), func(ctx context.Context, in *struct {
			ID      int64 `path:"id" minimum:"1"`
			Version int   `query:"version" required:"true" minimum:"1"`
		}) (*struct{}, error) {
			return nil, svc.Delete(ctx, web.ScopeFrom(ctx), in.ID, in.Version)
		})

	action := func(name, summary string, access web.Access, p tenant.Perm, do func(ctx context.Context, sc tenant.Scope, in *salesActionIn) (Order, error)) {
		web.Op(api, huma.Operation{OperationID: name + "-sales-order", Method: http.MethodPost, Path: base + "/{id}/" + name, Tags: tags,
			Summary: summary},
			access, p, func(ctx context.Context, in *salesActionIn) (*salesOrderOut, error) {
				o, err := do(ctx, web.ScopeFrom(ctx), in)
				return &salesOrderOut{Body: viewOrder(o)}, err
			})
	}
	action("submit", "Submit a draft for approval (approved at once, with stock reserved, when no rule applies)", web.Perm, perm(tenant.Edit),
		func(ctx context.Context, sc tenant.Scope, in *salesActionIn) (Order, error) {
			return svc.Submit(ctx, sc, in.ID, in.Body.Version)
		})
	action("approve", "Approve as an approver of the current level; the last level reserves the stock (409 when not enough)", web.SignedIn, "",
		func(ctx context.Context, sc tenant.Scope, in *salesActionIn) (Order, error) {
			return svc.Decide(ctx, sc, in.ID, true, in.Body.Comment)
		})
	action("reject", "Reject (comment required): the order goes back to draft", web.SignedIn, "",
		func(ctx context.Context, sc tenant.Scope, in *salesActionIn) (Order, error) {
			return svc.Decide(ctx, sc, in.ID, false, in.Body.Comment)
		})
	action("cancel", "Cancel an order nothing was shipped of (reason required); reserved stock is released", web.Perm, perm(tenant.Edit),
		func(ctx context.Context, sc tenant.Scope, in *salesActionIn) (Order, error) {
			return svc.Cancel(ctx, sc, in.ID, in.Body.Version, in.Body.Reason)
		})
	action("close", "Close a partially shipped order (the rest will not ship; its reservation is released)", web.Perm, perm(tenant.Edit),
		func(ctx context.Context, sc tenant.Scope, in *salesActionIn) (Order, error) {
			return svc.Close(ctx, sc, in.ID, in.Body.Version)
		})
	registerStatsAPI(api, svc)
	registerExtrasAPI(api, svc)
}
