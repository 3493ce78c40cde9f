package sales

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// ui serves the sales order pages.
type ui struct {
	srv *web.Server
	ui  *adminui.UI
	svc *Service
}

// RegisterUI adds the sales order pages and the menu entry.
func RegisterUI(srv *web.Server, au *adminui.UI, svc *Service) {
	u := &ui{srv: srv, ui: au, svc: svc}
	view, create, edit := tenant.P(Module, tenant.View), tenant.P(Module, tenant.Create), tenant.P(Module, tenant.Edit)
	srv.Handle("GET /sales/orders", web.Perm, view, u.list)
	srv.Handle("GET /sales/orders/export", web.Perm, tenant.P(Module, tenant.Export), u.export)
	srv.Handle("GET /sales/orders/new", web.Perm, create, u.newForm)
	srv.Handle("POST /sales/orders", web.Perm, create, u.create)
	srv.Handle("GET /sales/orders/{id}", web.SignedIn, "", u.order)
	srv.Handle("GET /sales/orders/{id}/edit", web.Perm, edit, u.editForm)
	srv.Handle("POST /sales/orders/{id}", web.Perm, edit, u.update)
	srv.Handle("POST /sales/orders/{id}/details", web.Perm, edit, u.details)
	srv.Handle("POST /sales/orders/{id}/submit", web.Perm, edit, u.submit)
	srv.Handle("POST /sales/orders/{id}/approve", web.SignedIn, "", u.approve)
	srv.Handle("POST /sales/orders/{id}/reject", web.SignedIn, "", u.reject)
	srv.Handle("POST /sales/orders/{id}/cancel", web.Perm, edit, u.cancel)
	srv.Handle("POST /sales/orders/{id}/close", web.Perm, edit, u.close)
	srv.Handle("POST /sales/orders/{id}/delete", web.Perm, tenant.P(Module, tenant.Delete), u.delete)
	u.filePages().Routes(view, edit)
	srv.Menu.Add(web.MenuItem{Group: "menu.sales", Key: "sales-orders", Label: "sales.orders", Path: "/sales/orders", Perm: view})
	u.statsRoutes()
	u.extrasRoutes()
}

// statusBadge is the badge variant of each status.
var statusBadge = map[string]string{Draft: "muted", PendingReview: "warn", Approved: "info", PartiallyShipped: "info",
	Shipped: "ok", Completed: "ok", Closed: "muted", Cancelled: "danger"}

func lang(r *http.Request) string { return web.LangFrom(r.Context()) }

func (u *ui) money(r *http.Request, v int64) string {
	return i18n.FormatMoney(lang(r), money.FromScaled(v), "CNY")
}

// qty is a quantity per locale: grouped digits, no trailing zeros.
func qty(r *http.Request, v int64) string {
	return i18n.FormatDecimal(lang(r), money.FromScaled(v).Decimal().Trim(0).String())
}

// names are the titles of an order list's customers and warehouses.
func (u *ui) names(ctx context.Context, sc tenant.Scope, os []Order) (cust, wh map[int64]records.Titled, err error) {
	var cs, ws []int64
	for _, o := range os {
		cs, ws = append(cs, o.CustomerID), append(ws, o.WarehouseID)
	}
	if cust, err = u.svc.master.Titles(ctx, sc, "customers", cs); err != nil {
		return nil, nil, err
	}
	wh, err = u.svc.master.Titles(ctx, sc, "warehouses", ws)
	return cust, wh, err
}

func (u *ui) options(r *http.Request, prefix string, values []string, all bool) []adminui.Option {
	var opts []adminui.Option
	if all {
		opts = append(opts, adminui.Option{Value: "", Label: u.ui.T(r, "list.all")})
	}
	for _, s := range values {
		opts = append(opts, adminui.Option{Value: s, Label: u.ui.T(r, prefix+s)})
	}
	return opts
}

func (u *ui) warehouseOptions(r *http.Request, all bool) ([]adminui.Option, error) {
	ws, err := u.svc.master.WarehouseChoices(r.Context(), web.ScopeFrom(r.Context()))
	var opts []adminui.Option
	if all {
		opts = append(opts, adminui.Option{Value: "", Label: u.ui.T(r, "list.all")})
	}
	for _, w := range ws {
		opts = append(opts, adminui.Option{Value: strconv.FormatInt(w.ID, 10), Label: w.Code + " " + w.Name})
	}
	return opts, err
}

func (u *ui) handlerOptions(r *http.Request) ([]adminui.Option, error) {
	hs, err := u.svc.Handlers(r.Context(), web.ScopeFrom(r.Context()))
	opts := []adminui.Option{{Value: "", Label: u.ui.T(r, "sales.no_handler")}}
	for _, h := range hs {
		opts = append(opts, adminui.Option{Value: strconv.FormatInt(h.ID, 10), Label: h.Name})
	}
	return opts, err
}

var listColumns = []adminui.Column{{Key: "number", Label: "sales.number", Sort: "number"},
	{Key: "customer", Label: "sales.customer"}, {Key: "warehouse", Label: "sales.warehouse"},
	{Key: "order_date", Label: "sales.order_date", Sort: "order_date"},
	{Key: "status", Label: "sales.status"}, {Key: "payment_status", Label: "sales.payment_status"},
	{Key: "total", Label: "sales.total", Sort: "total", Num: true}}

type listPage struct {
	Flash string
	List  *adminui.ListView
	New   bool
}

var listFilters = []string{"status", "payment_status", "warehouse_id", "customer_id", "owner_id"}

// list is the sales order list: number search, status, payment status,
// warehouse and customer filters, sortable, with export.
func (u *ui) list(w http.ResponseWriter, r *http.Request) {
	sc := web.ScopeFrom(r.Context())
	lq, vals := adminui.ParseList(r, listFilters...)
	p, err := u.svc.List(r.Context(), sc, lq)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	whs, err := u.warehouseOptions(r, true)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	l := &adminui.ListView{ID: "sales-orders", Path: "/sales/orders", Values: vals, Empty: "sales.empty",
		Search: "sales.search", Columns: listColumns,
		Filters: []adminui.Filter{{Name: "status", Label: "sales.status", Type: "select", Options: u.options(r, "sales.status.", Statuses, true)},
			{Name: "payment_status", Label: "sales.payment_status", Type: "select",
				Options: u.options(r, "sales.payment_status.", PaymentStatuses, true)},
			{Name: "warehouse_id", Label: "sales.warehouse", Type: "select", Options: whs},
			{Name: "customer_id", Type: "hidden"}, {Name: "owner_id", Type: "hidden"}}}
	if sc.Can(tenant.P(Module, tenant.Export)) {
		l.ExportURL = "/sales/orders/export"
	}
	adminui.Fill(l, p)
	cust, wh, err := u.names(r.Context(), sc, p.Items)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	for _, o := range p.Items {
		l.AddRow(strconv.FormatInt(o.ID, 10), o.Status == Cancelled,
			adminui.Cell{Text: o.Number, Href: fmt.Sprintf("/sales/orders/%d", o.ID), Mono: true},
			adminui.Cell{Text: records.TitleOf(cust, o.CustomerID)}, adminui.Cell{Text: records.TitleOf(wh, o.WarehouseID)},
			adminui.Cell{Text: o.OrderDate},
			adminui.Cell{Text: u.ui.T(r, "sales.status."+o.Status), Badge: statusBadge[o.Status]},
			adminui.Cell{Text: u.ui.T(r, "sales.payment_status."+o.PaymentStatus)},
			adminui.Cell{Text: u.money(r, o.Total)})
	}
	u.ui.PageOr(w, r, http.StatusOK, "sales/list.html", "list-area", "sales.orders", "sales-orders",
		&listPage{Flash: u.ui.TakeFlash(w, r), List: l, New: sc.Can(tenant.P(Module, tenant.Create))})
}

// export writes the filtered orders (up to export.MaxRows) as CSV or XLSX.
func (u *ui) export(w http.ResponseWriter, r *http.Request) {
	sc := web.ScopeFrom(r.Context())
	lq, _ := adminui.ParseList(r, listFilters...)
	headers := make([]string, len(listColumns))
	for i, c := range listColumns {
		headers[i] = u.ui.T(r, c.Label)
	}
	rows, err := adminui.ExportRows(lq, func(lq list.Query) (list.Page[Order], error) { return u.svc.List(r.Context(), sc, lq) },
		func(os []Order) ([][]string, error) {
			cust, wh, err := u.names(r.Context(), sc, os)
			rows := make([][]string, len(os))
			for i, o := range os {
				rows[i] = []string{o.Number, records.TitleOf(cust, o.CustomerID), records.TitleOf(wh, o.WarehouseID), o.OrderDate,
					u.ui.T(r, "sales.status."+o.Status), u.ui.T(r, "sales.payment_status."+o.PaymentStatus), money.FromScaled(o.Total).String()}
			}
			return rows, err
		})
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	if err := u.svc.AuditExport(r.Context(), sc, len(rows)); err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	u.ui.SendTable(w, r, "sales-orders", headers, rows)
}
