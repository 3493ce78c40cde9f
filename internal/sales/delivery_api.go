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

type salesDeliveryLineView struct {
	ID            int64        `json:"id"`
	LineNo        int          `json:"line_no"`
	OrderID       int64        `json:"order_id"`
	OrderLineID   int64        `json:"order_line_id"`
	ProductID     int64        `json:"product_id"`
	Unit          string       `json:"unit"`
	Qty           money.Amount `json:"qty"`
	ShortQty      money.Amount `json:"short_qty" doc:"On receipt: missing"`
	DamagedQty    money.Amount `json:"damaged_qty" doc:"On receipt: damaged"`
	ExceptionNote string       `json:"exception_note,omitempty"`
}

type salesDeliveryEventView struct {
	ID          int64     `json:"id"`
	At          time.Time `json:"at"`
	Location    string    `json:"location,omitempty"`
	Description string    `json:"description"`
}

type salesDeliveryView struct {
	ID              int64                    `json:"id"`
	Number          string                   `json:"number"`
	Status          string                   `json:"status" enum:"draft,picking,packed,shipped,delivered,exception,cancelled"`
	CustomerID      int64                    `json:"customer_id"`
	WarehouseID     int64                    `json:"warehouse_id"`
	OrderIDs        []int64                  `json:"order_ids,omitempty"`
	ShippingAddress string                   `json:"shipping_address,omitempty"`
	Carrier         string                   `json:"carrier,omitempty" enum:"sf,zto,yto,yunda,sto,ems,jd,deppon,own,"`
	TrackingNo      string                   `json:"tracking_no,omitempty"`
	TrackingURL     string                   `json:"tracking_url,omitempty" doc:"The carrier's page for the waybill"`
	Notes           string                   `json:"notes,omitempty"`
	ShippedAt       *time.Time               `json:"shipped_at,omitempty"`
	DeliveredAt     *time.Time               `json:"delivered_at,omitempty"`
	ReceivedBy      string                   `json:"received_by,omitempty"`
	CancelReason    string                   `json:"cancel_reason,omitempty"`
	CreatedAt       time.Time                `json:"created_at"`
	UpdatedAt       time.Time                `json:"updated_at"`
	Version         int                      `json:"version"`
	Lines           []salesDeliveryLineView  `json:"lines,omitempty"`
	Events          []salesDeliveryEventView `json:"events,omitempty"`
}

func viewDelivery(d Delivery) salesDeliveryView {
	v := salesDeliveryView{ID: d.ID, Number: d.Number, Status: d.Status, CustomerID: d.CustomerID, WarehouseID: d.WarehouseID,
		ShippingAddress: d.ShippingAddress, Carrier: d.Carrier, TrackingNo: d.TrackingNo, TrackingURL: d.TrackingLink(), Notes: d.Notes,
		ShippedAt: d.ShippedAt, DeliveredAt: d.DeliveredAt, ReceivedBy: d.ReceivedBy, CancelReason: d.CancelReason,
		CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt, Version: d.Version}
	for _, o := range d.Orders {
		v.OrderIDs = append(v.OrderIDs, o.ID)
	}
	for _, l := range d.Lines {
		v.Lines = append(v.Lines, salesDeliveryLineView{ID: l.ID, LineNo: l.LineNo, OrderID: l.OrderID, OrderLineID: l.OrderLineID,
			ProductID: l.ProductID, Unit: l.Unit, Qty: money.FromScaled(l.Qty), ShortQty: money.FromScaled(l.ShortQty),
			DamagedQty: money.FromScaled(l.DamagedQty), ExceptionNote: l.ExceptionNote})
	}
	for _, e := range d.Events {
		v.Events = append(v.Events, salesDeliveryEventView{ID: e.ID, At: e.HappenedAt, Location: e.Location, Description: e.Description})
	}
	return v
}

type salesDeliveryLineInput struct {
	OrderLineID int64  `json:"order_line_id"`
	Qty         string `json:"qty" doc:"Decimal string in the order line's unit; at most what is still open"`
}

type salesDeliveryExceptionInput struct {
	LineID  int64  `json:"line_id"`
	Short   string `json:"short,omitempty"`
	Damaged string `json:"damaged,omitempty"`
	Note    string `json:"note,omitempty"`
}

type salesDeliveryInput struct {
	Lines           []salesDeliveryLineInput `json:"lines"`
	Carrier         string                   `json:"carrier,omitempty" enum:"sf,zto,yto,yunda,sto,ems,jd,deppon,own,"`
	ShippingAddress string                   `json:"shipping_address,omitempty" doc:"The first order's when absent"`
	Notes           string                   `json:"notes,omitempty"`
}

type salesDeliveryOut struct{ Body salesDeliveryView }

type salesDeliveryCreatedOut struct {
	Location string `header:"Location"`
	Body     salesDeliveryView
}

type salesDeliveryListIn struct {
	Q           string `query:"q" doc:"Part of the delivery or waybill number"`
	Status      string `query:"status" enum:"draft,picking,packed,shipped,delivered,exception,cancelled,"`
	CustomerID  int64  `query:"customer_id"`
	WarehouseID int64  `query:"warehouse_id"`
	Carrier     string `query:"carrier"`
	Sort        string `query:"sort" doc:"id or number; - for descending (default -id)"`
	Limit       int    `query:"limit" doc:"At most 200 (default 50)"`
	Cursor      string `query:"cursor"`
}

type salesDeliveryListOut = web.Page[salesDeliveryView]

type salesDeliveryActionIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Version    int                           `json:"version,omitempty" doc:"The version last read; 409 when it changed since"`
		Reason     string                        `json:"reason,omitempty" doc:"cancel: why (required)"`
		Carrier    string                        `json:"carrier,omitempty" doc:"ship: the carrier (the delivery's when absent)"`
		TrackingNo string                        `json:"tracking_no,omitempty" doc:"ship: the waybill number (not needed for own)"`
		ReceivedBy string                        `json:"received_by,omitempty" doc:"deliver: who signed"`
		Exceptions []salesDeliveryExceptionInput `json:"exceptions,omitempty" doc:"deliver: lines that arrived short or damaged"`
	}
}

type salesDeliveryEventIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		At          string `json:"at,omitempty" doc:"RFC 3339, or 2006-01-02 15:04 in China time; now when absent"`
		Location    string `json:"location,omitempty"`
		Description string `json:"description"`
	}
}

const deliveriesBase = "/api/v1/deliveries"

// RegisterDeliveryAPI adds the delivery operations.
func RegisterDeliveryAPI(api *web.API, svc *Service) {
	tags := []string{"deliveries"}
	perm := func(a tenant.Action) tenant.Perm { return tenant.P(DeliveriesModule, a) }
	web.Op(api, huma.Operation{OperationID: "list-deliveries", Method: http.MethodGet, Path: deliveriesBase, Tags: tags,
		Summary: "List deliveries (without lines)"},
		web.Perm, perm(tenant.View), func(ctx context.Context, in *salesDeliveryListIn) (*salesDeliveryListOut, error) {
			lq := list.Query{Q: in.Q, Sort: in.Sort, Limit: in.Limit, Cursor: in.Cursor,
				Filters: map[string]string{"status": in.Status, "carrier": in.Carrier}}
			for k, v := range map[string]int64{"customer_id": in.CustomerID, "warehouse_id": in.WarehouseID} {
				if v > 0 {
					lq.Filters[k] = strconv.FormatInt(v, 10)
				}
			}
			p, err := svc.ListDeliveries(ctx, web.ScopeFrom(ctx), lq)
			if err != nil {
				return nil, err
			}
			return web.PageOf(p, viewDelivery), nil
		})
	web.Op(api, huma.Operation{OperationID: "get-delivery", Method: http.MethodGet, Path: deliveriesBase + "/{id}", Tags: tags,
		Summary: "Get a delivery with its lines and tracking events"},
		web.Perm, perm(tenant.View), func(ctx context.Context, in *salesIDIn) (*salesDeliveryOut, error) {
			d, err := svc.GetDelivery(ctx, web.ScopeFrom(ctx), in.ID)
			return &salesDeliveryOut{Body: viewDelivery(d)}, err
		})
	web.Op(api, huma.Operation{OperationID: "create-delivery", Method: http.MethodPost, Path: deliveriesBase, Tags: tags,
		Summary: "Create a draft delivery from lines of approved orders of one customer and warehouse", DefaultStatus: http.StatusCreated},
		web.Perm, perm(tenant.Create), func(ctx context.Context, in *struct{ Body salesDeliveryInput }) (*salesDeliveryCreatedOut, error) {
			di := DeliveryInput{Carrier: in.Body.Carrier, ShippingAddress: in.Body.ShippingAddress, Notes: in.Body.Notes}
			for _, l := range in.Body.Lines {
				di.Lines = append(di.Lines, DeliveryLineInput{OrderLineID: l.OrderLineID, Qty: l.Qty})
			}
			d, err := svc.CreateDelivery(ctx, web.ScopeFrom(ctx), di)
			if err != nil {
				return nil, err
			}
			return &salesDeliveryCreatedOut{Location: deliveriesBase + "/" + strconv.FormatInt(d.ID, 10), Body: viewDelivery(d)}, nil
		})
	action := func(name, summary string, do func(ctx context.Context, sc tenant.Scope, in *salesDeliveryActionIn) (Delivery, error)) {
		web.Op(api, huma.Operation{OperationID: name + "-delivery", Method: http.MethodPost, Path: deliveriesBase + "/{id}/" + name,
			Tags: tags, Summary: summary},
			web.Perm, perm(tenant.Edit), func(ctx context.Context, in *salesDeliveryActionIn) (*salesDeliveryOut, error) {
				d, err := do(ctx, web.ScopeFrom(ctx), in)
				return &salesDeliveryOut{Body: viewDelivery(d)}, err
			})
	}
	action("pick", "Start picking a draft", func(ctx context.Context, sc tenant.Scope, in *salesDeliveryActionIn) (Delivery, error) {
		return svc.Pick(ctx, sc, in.ID, in.Body.Version)
	})
	action("pack", "Mark a picking delivery packed", func(ctx context.Context, sc tenant.Scope, in *salesDeliveryActionIn) (Delivery, error) {
		return svc.Pack(ctx, sc, in.ID, in.Body.Version)
	})
	action("ship", "Ship a packed delivery: stock leaves, the orders' shipped quantities and statuses move",
		func(ctx context.Context, sc tenant.Scope, in *salesDeliveryActionIn) (Delivery, error) {
			return svc.Ship(ctx, sc, in.ID, ShipInput{Carrier: in.Body.Carrier, TrackingNo: in.Body.TrackingNo, Version: in.Body.Version})
		})
	action("deliver", "Record the customer's receipt (签收), with lines short or damaged",
		func(ctx context.Context, sc tenant.Scope, in *salesDeliveryActionIn) (Delivery, error) {
			ri := ReceiptInput{ReceivedBy: in.Body.ReceivedBy, Version: in.Body.Version}
			for _, e := range in.Body.Exceptions {
				ri.Exceptions = append(ri.Exceptions, LineException{LineID: e.LineID, Short: e.Short, Damaged: e.Damaged, Note: e.Note})
			}
			return svc.Deliver(ctx, sc, in.ID, ri)
		})
	action("cancel", "Cancel a delivery before it ships (reason required)",
		func(ctx context.Context, sc tenant.Scope, in *salesDeliveryActionIn) (Delivery, error) {
			return svc.CancelDelivery(ctx, sc, in.ID, in.Body.Version, in.Body.Reason)
		})
	web.Op(api, huma.Operation{OperationID: "add-delivery-event", Method: http.MethodPost, Path: deliveriesBase + "/{id}/events",
		Tags: tags, Summary: "Add a tracking event to a shipped delivery"},
		web.Perm, perm(tenant.Edit), func(ctx context.Context, in *salesDeliveryEventIn) (*salesDeliveryOut, error) {
			d, err := svc.AddTrackingEvent(ctx, web.ScopeFrom(ctx), in.ID,
				EventInput{At: in.Body.At, Location: in.Body.Location, Description: in.Body.Description})
			return &salesDeliveryOut{Body: viewDelivery(d)}, err
		})
}
