package sales

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// RegisterDeliveryUI adds the delivery pages and the menu entry.
func RegisterDeliveryUI(srv *web.Server, au *adminui.UI, svc *Service) {
	u := &ui{srv: srv, ui: au, svc: svc}
	view, create, edit := tenant.P(DeliveriesModule, tenant.View), tenant.P(DeliveriesModule, tenant.Create),
		tenant.P(DeliveriesModule, tenant.Edit)
	srv.Handle("GET /sales/deliveries", web.Perm, view, u.deliveryList)
	srv.Handle("GET /sales/deliveries/new", web.Perm, create, u.deliveryForm)
	srv.Handle("POST /sales/deliveries", web.Perm, create, u.deliveryCreate)
	srv.Handle("GET /sales/deliveries/{id}", web.Perm, view, u.delivery)
	srv.Handle("GET /sales/deliveries/{id}/note.pdf", web.Perm, view, u.deliveryNotePDF)
	srv.Handle("GET /sales/deliveries/{id}/picking.pdf", web.Perm, view, u.pickingPDF)
	for _, a := range []string{"pick", "pack", "ship", "deliver", "cancel", "events"} {
		srv.Handle("POST /sales/deliveries/{id}/"+a, web.Perm, edit, u.deliveryAct)
	}
	srv.Menu.Add(web.MenuItem{Group: "menu.sales", Key: "sales-deliveries", Label: "menu.sales.deliveries", Path: "/sales/deliveries", Perm: view})
}

var deliveryBadge = map[string]string{DeliveryDraft: "muted", DeliveryPicking: "info", DeliveryPacked: "info",
	DeliveryShipped: "warn", DeliveryDelivered: "ok", DeliveryException: "danger", DeliveryCancelled: "muted"}

var deliveryColumns = []adminui.Column{{Key: "number", Label: "sales.delivery.number", Sort: "number"},
	{Key: "customer", Label: "sales.customer"}, {Key: "warehouse", Label: "sales.warehouse"},
	{Key: "carrier", Label: "sales.delivery.carrier"}, {Key: "tracking_no", Label: "sales.delivery.tracking_no"},
	{Key: "status", Label: "sales.status"}, {Key: "created_at", Label: "sales.created_at"}}

func (u *ui) carrierLabel(r *http.Request, code string) string {
	if code == "" {
		return "—"
	}
	return u.ui.T(r, "sales.carrier."+code)
}

func (u *ui) carrierOptions(r *http.Request, empty string) []adminui.Option {
	opts := []adminui.Option{{Value: "", Label: u.ui.T(r, empty)}}
	for _, c := range Carriers {
		opts = append(opts, adminui.Option{Value: c.Code, Label: u.ui.T(r, "sales.carrier."+c.Code)})
	}
	return opts
}

// deliveryList is the delivery list: number/waybill search, status,
// warehouse and carrier filters.
func (u *ui) deliveryList(w http.ResponseWriter, r *http.Request) {
	sc := web.ScopeFrom(r.Context())
	lq, vals := adminui.ParseList(r, "status", "warehouse_id", "carrier", "customer_id")
	p, err := u.svc.ListDeliveries(r.Context(), sc, lq)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	whs, err := u.warehouseOptions(r, true)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	l := &adminui.ListView{ID: "sales-deliveries", Path: "/sales/deliveries", Values: vals, Empty: "sales.delivery.empty",
		Search: "sales.delivery.search", Columns: deliveryColumns,
		Filters: []adminui.Filter{
			{Name: "status", Label: "sales.status", Type: "select", Options: u.options(r, "sales.delivery.status.", DeliveryStatuses, true)},
			{Name: "warehouse_id", Label: "sales.warehouse", Type: "select", Options: whs},
			{Name: "carrier", Label: "sales.delivery.carrier", Type: "select", Options: u.carrierOptions(r, "list.all")},
			{Name: "customer_id", Type: "hidden"}}}
	adminui.Fill(l, p)
	var cs, ws []int64
	for _, d := range p.Items {
		cs, ws = append(cs, d.CustomerID), append(ws, d.WarehouseID)
	}
	cust, err := u.svc.master.Titles(r.Context(), sc, "customers", cs)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	wh, err := u.svc.master.Titles(r.Context(), sc, "warehouses", ws)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	for _, d := range p.Items {
		l.AddRow(strconv.FormatInt(d.ID, 10), d.Status == DeliveryCancelled,
			adminui.Cell{Text: d.Number, Href: fmt.Sprintf("/sales/deliveries/%d", d.ID), Mono: true},
			adminui.Cell{Text: records.TitleOf(cust, d.CustomerID)}, adminui.Cell{Text: records.TitleOf(wh, d.WarehouseID)},
			adminui.Cell{Text: u.carrierLabel(r, d.Carrier)}, adminui.Cell{Text: d.TrackingNo, Mono: true},
			adminui.Cell{Text: u.ui.T(r, "sales.delivery.status."+d.Status), Badge: deliveryBadge[d.Status]},
			adminui.Cell{Text: d.CreatedAt.In(chinaTime).Format("2006-01-02 15:04")})
	}
	u.ui.PageOr(w, r, http.StatusOK, "sales/deliveries.html", "list-area", "sales.deliveries", "sales-deliveries",
		&struct {
			Flash string
			List  *adminui.ListView
		}{u.ui.TakeFlash(w, r), l})
}

type deliveryLineRow struct {
	DeliveryLine
	Product, Order, Qty, Short, Damaged string
}

type deliveryPage struct {
	Flash      string
	D          Delivery
	Customer   string
	Warehouse  string
	Status     string
	Badge      string
	Carrier    string
	TrackLink  string
	Lines      []deliveryLineRow
	Alert      string
	Carriers   []adminui.Option
	ShippedAt  string
	Delivered  string
	Events     []eventRow
	CanPick    bool
	CanPack    bool
	CanShip    bool
	CanDeliver bool
	CanCancel  bool
	CanTrack   bool
}

type eventRow struct{ At, Location, Description string }

// delivery is a delivery's page: its lines, the one next action of its
// status (as the caller may), tracking, printouts.
func (u *ui) delivery(w http.ResponseWriter, r *http.Request) {
	u.renderDelivery(w, r, http.StatusOK, nil)
}

func (u *ui) renderDelivery(w http.ResponseWriter, r *http.Request, status int, failed error) {
	ctx := r.Context()
	sc := web.ScopeFrom(ctx)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	d, err := u.svc.GetDelivery(ctx, sc, id)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	cust, wh, prods, err := u.deliveryNames(ctx, sc, d)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	p := &deliveryPage{Flash: u.ui.TakeFlash(w, r), D: d, Customer: records.TitleOf(cust, d.CustomerID), Warehouse: records.TitleOf(wh, d.WarehouseID),
		Status: u.ui.T(r, "sales.delivery.status."+d.Status), Badge: deliveryBadge[d.Status], Carrier: u.carrierLabel(r, d.Carrier),
		TrackLink: d.TrackingLink(), Carriers: u.carrierOptions(r, "sales.carrier.none")}
	if d.ShippedAt != nil {
		p.ShippedAt = d.ShippedAt.In(chinaTime).Format("2006-01-02 15:04")
	}
	if d.DeliveredAt != nil {
		p.Delivered = d.DeliveredAt.In(chinaTime).Format("2006-01-02 15:04")
	}
	orders := map[int64]string{}
	for _, o := range d.Orders {
		orders[o.ID] = o.Number
	}
	for _, l := range d.Lines {
		p.Lines = append(p.Lines, deliveryLineRow{DeliveryLine: l, Product: records.TitleOf(prods, l.ProductID), Order: orders[l.OrderID],
			Qty: qty(r, l.Qty), Short: qty(r, l.ShortQty), Damaged: qty(r, l.DamagedQty)})
	}
	for _, e := range d.Events {
		p.Events = append(p.Events, eventRow{At: e.HappenedAt.In(chinaTime).Format("2006-01-02 15:04"), Location: e.Location,
			Description: e.Description})
	}
	edit := sc.Can(tenant.P(DeliveriesModule, tenant.Edit))
	p.CanPick = edit && d.Allows("pick")
	p.CanPack = edit && d.Allows("pack")
	p.CanShip = edit && d.Allows("ship")
	p.CanDeliver = edit && d.Allows("deliver")
	p.CanCancel = edit && d.Allows("cancel")
	p.CanTrack = edit && d.Allows("track")
	if failed != nil {
		prob := u.ui.Problem(r, failed)
		p.Alert = prob.Detail
		var notes []string
		for _, fe := range prob.Errors {
			notes = append(notes, fe.Message)
		}
		if len(notes) > 0 {
			p.Alert = strings.Join(notes, " ")
		}
		status = prob.Status
	}
	u.ui.Page(w, r, status, "sales/delivery.html", "sales.delivery", "sales-deliveries", p)
}

// deliveryNames are the titles of a delivery's customer, warehouse and
// products.
func (u *ui) deliveryNames(ctx context.Context, sc tenant.Scope, d Delivery) (cust, wh, prods map[int64]records.Titled, err error) {
	if cust, err = u.svc.master.Titles(ctx, sc, "customers", []int64{d.CustomerID}); err != nil {
		return
	}
	if _, ok := cust[d.CustomerID]; !ok {
		// The addressee belongs to the delivery the caller may see (the
		// warehouse often may not open customer records): its name only.
		terms, found, terr := u.svc.master.CustomerTerms(ctx, u.svc.db.Read(), sc.Tenant(), d.CustomerID)
		if terr != nil {
			return nil, nil, nil, terr
		}
		if found {
			cust[d.CustomerID] = records.Titled{ID: d.CustomerID, Name: terms.Name}
		}
	}
	if wh, err = u.svc.master.Titles(ctx, sc, "warehouses", []int64{d.WarehouseID}); err != nil {
		return
	}
	ids := make([]int64, len(d.Lines))
	for i, l := range d.Lines {
		ids[i] = l.ProductID
	}
	prods, err = u.svc.master.Titles(ctx, sc, "products", ids)
	return
}

// deliveryAct runs the action the path names and comes back to the page
// with a flash, or draws the page again with the refusal.
func (u *ui) deliveryAct(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sc := web.ScopeFrom(ctx)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	_ = r.ParseForm()
	v, _ := strconv.Atoi(r.PostFormValue("version"))
	action := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	var err error
	flash := "flash.sales.delivery_" + map[string]string{"pick": "picking", "pack": "packed", "ship": "shipped", "deliver": "delivered",
		"cancel": "cancelled"}[action]
	switch action {
	case "pick":
		_, err = u.svc.Pick(ctx, sc, id, v)
	case "pack":
		_, err = u.svc.Pack(ctx, sc, id, v)
	case "ship":
		_, err = u.svc.Ship(ctx, sc, id, ShipInput{Carrier: r.PostFormValue("carrier"), TrackingNo: r.PostFormValue("tracking_no"), Version: v})
	case "deliver":
		in := ReceiptInput{ReceivedBy: r.PostFormValue("received_by"), Version: v}
		// Rows are keyed by the form's names; a line with nothing typed is no exception.
		for _, row := range adminui.FormRows(r.PostForm, []string{"line_id", "line_short", "line_damaged", "line_note"},
			[]string{"line_short", "line_damaged", "line_note"}) {
			lid, _ := strconv.ParseInt(row["line_id"], 10, 64)
			in.Exceptions = append(in.Exceptions, LineException{LineID: lid, Short: row["line_short"], Damaged: row["line_damaged"],
				Note: row["line_note"]})
		}
		_, err = u.svc.Deliver(ctx, sc, id, in)
	case "cancel":
		_, err = u.svc.CancelDelivery(ctx, sc, id, v, r.PostFormValue("reason"))
	case "events":
		flash = "flash.sales.event_added"
		_, err = u.svc.AddTrackingEvent(ctx, sc, id, EventInput{At: r.PostFormValue("at"), Location: r.PostFormValue("location"),
			Description: r.PostFormValue("description")})
	}
	if err != nil {
		u.renderDelivery(w, r, http.StatusConflict, err)
		return
	}
	u.ui.SetFlash(w, flash)
	adminui.Redirect(w, r, fmt.Sprintf("/sales/deliveries/%d", id))
}
