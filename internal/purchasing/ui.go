package purchasing

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// ui serves purchasing's pages.
type ui struct {
	srv *web.Server
	ui  *adminui.UI
	svc *Service
}

// ReorderAction is the button purchasing puts on inventory's low-stock
// panel: one click makes the draft order.
var ReorderAction = inventory.Reorder{Path: "/purchasing/reorder", Label: "purchasing.reorder_button", Perm: tenant.P(Module, tenant.Create)}

// RegisterUI adds the purchase order pages and menu entries.
func RegisterUI(srv *web.Server, au *adminui.UI, svc *Service) {
	u := &ui{srv: srv, ui: au, svc: svc}
	view, create, edit := tenant.P(Module, tenant.View), tenant.P(Module, tenant.Create), tenant.P(Module, tenant.Edit)
	srv.Handle("GET /purchasing/orders", web.Perm, view, u.list)
	srv.Handle("GET /purchasing/orders/export", web.Perm, tenant.P(Module, tenant.Export), u.export)
	srv.Handle("GET /purchasing/orders/new", web.Perm, create, u.newForm)
	srv.Handle("POST /purchasing/orders", web.Perm, create, u.create)
	srv.Handle("GET /purchasing/orders/{id}", web.SignedIn, "", u.order)
	srv.Handle("GET /purchasing/orders/{id}/edit", web.Perm, edit, u.editForm)
	srv.Handle("POST /purchasing/orders/{id}", web.Perm, edit, u.update)
	srv.Handle("POST /purchasing/orders/{id}/submit", web.Perm, edit, u.submit)
	srv.Handle("POST /purchasing/orders/{id}/approve", web.SignedIn, "", u.approve)
	srv.Handle("POST /purchasing/orders/{id}/reject", web.SignedIn, "", u.reject)
	srv.Handle("POST /purchasing/orders/{id}/cancel", web.Perm, edit, u.cancel)
	srv.Handle("POST /purchasing/orders/{id}/close", web.Perm, edit, u.close)
	srv.Handle("POST /purchasing/orders/{id}/delete", web.Perm, tenant.P(Module, tenant.Delete), u.delete)
	srv.Handle("GET /purchasing/orders/{id}/return", web.Perm, tenant.P(Receiving, tenant.Create), u.returnForm)
	srv.Handle("POST /purchasing/orders/{id}/receipts", web.Perm, tenant.P(Receiving, tenant.Create), u.receive)
	srv.Handle("POST /purchasing/orders/{id}/returns", web.Perm, tenant.P(Receiving, tenant.Create), u.sendBack)
	srv.Handle("POST /purchasing/reorder", web.Perm, create, u.reorder)
	srv.Handle("GET /purchasing/summary", web.Perm, view, u.summary)
	srv.Handle("GET /purchasing/summary/export", web.Perm, tenant.P(Module, tenant.Export), u.summaryExport)
	srv.Menu.Add(
		web.MenuItem{Group: "menu.purchasing", Key: "purchasing-orders", Label: "purchasing.orders", Path: "/purchasing/orders", Perm: view},
		web.MenuItem{Group: "menu.purchasing", Key: "purchasing-summary", Label: "purchasing.summary", Path: "/purchasing/summary", Perm: view})
}

// statusBadge is the badge variant of each status.
var statusBadge = map[string]string{Draft: "muted", PendingReview: "warn", Approved: "info", PartiallyReceived: "info",
	Received: "ok", Closed: "muted", Cancelled: "danger"}

func lang(r *http.Request) string { return web.LangFrom(r.Context()) }

func (u *ui) money(r *http.Request, v int64) string {
	return i18n.FormatMoney(lang(r), money.FromScaled(v), "CNY")
}

// qty is a quantity per locale: grouped digits, no trailing zeros.
func qty(r *http.Request, v int64) string {
	return i18n.FormatDecimal(lang(r), money.FromScaled(v).Decimal().Trim(0).String())
}

// names are the titles of an order list's suppliers and warehouses.
func (u *ui) names(ctx context.Context, sc tenant.Scope, os []Order) (sup, wh map[int64]records.Titled, err error) {
	var ss, ws []int64
	for _, o := range os {
		ss, ws = append(ss, o.SupplierID), append(ws, o.WarehouseID)
	}
	if sup, err = u.svc.master.Titles(ctx, sc, "suppliers", ss); err != nil {
		return nil, nil, err
	}
	wh, err = u.svc.master.Titles(ctx, sc, "warehouses", ws)
	return sup, wh, err
}

func (u *ui) statusOptions(r *http.Request) []adminui.Option {
	opts := []adminui.Option{{Value: "", Label: u.ui.T(r, "list.all")}}
	for _, s := range Statuses {
		opts = append(opts, adminui.Option{Value: s, Label: u.ui.T(r, "purchasing.status."+s)})
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

var listColumns = []adminui.Column{{Key: "number", Label: "purchasing.number", Sort: "number"},
	{Key: "supplier", Label: "purchasing.supplier"}, {Key: "warehouse", Label: "purchasing.warehouse"},
	{Key: "order_date", Label: "purchasing.order_date", Sort: "order_date"},
	{Key: "expected_date", Label: "purchasing.expected_date", Sort: "expected_date"},
	{Key: "status", Label: "purchasing.status"}, {Key: "total", Label: "purchasing.total", Sort: "total", Num: true}}

type listPage struct {
	Flash string
	List  *adminui.ListView
	New   bool
}

// list is the purchase order list: number search, status, supplier and
// warehouse filters, sortable, with export.
func (u *ui) list(w http.ResponseWriter, r *http.Request) {
	sc := web.ScopeFrom(r.Context())
	lq, vals := adminui.ParseList(r, "status", "warehouse_id", "supplier_id")
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
	l := &adminui.ListView{ID: "purchase-orders", Path: "/purchasing/orders", Values: vals, Empty: "purchasing.empty",
		Search: "purchasing.search", Columns: listColumns,
		Filters: []adminui.Filter{{Name: "status", Label: "purchasing.status", Type: "select", Options: u.statusOptions(r)},
			{Name: "warehouse_id", Label: "purchasing.warehouse", Type: "select", Options: whs},
			{Name: "supplier_id", Type: "hidden"}}}
	if sc.Can(tenant.P(Module, tenant.Export)) {
		l.ExportURL = "/purchasing/orders/export"
	}
	adminui.Fill(l, p)
	sup, wh, err := u.names(r.Context(), sc, p.Items)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	for _, o := range p.Items {
		l.AddRow(strconv.FormatInt(o.ID, 10), o.Status == Cancelled,
			adminui.Cell{Text: o.Number, Href: fmt.Sprintf("/purchasing/orders/%d", o.ID), Mono: true},
			adminui.Cell{Text: records.TitleOf(sup, o.SupplierID)}, adminui.Cell{Text: records.TitleOf(wh, o.WarehouseID)},
			adminui.Cell{Text: o.OrderDate}, adminui.Cell{Text: o.ExpectedDate},
			adminui.Cell{Text: u.ui.T(r, "purchasing.status."+o.Status), Badge: statusBadge[o.Status]},
			adminui.Cell{Text: u.money(r, o.Total)})
	}
	u.ui.PageOr(w, r, http.StatusOK, "purchasing/list.html", "list-area", "purchasing.orders", "purchasing-orders",
		&listPage{Flash: u.ui.TakeFlash(w, r), List: l, New: sc.Can(tenant.P(Module, tenant.Create))})
}

// export writes the filtered orders (up to export.MaxRows) as CSV or XLSX.
func (u *ui) export(w http.ResponseWriter, r *http.Request) {
	sc := web.ScopeFrom(r.Context())
	lq, _ := adminui.ParseList(r, "status", "warehouse_id", "supplier_id")
	headers := make([]string, len(listColumns))
	for i, c := range listColumns {
		headers[i] = u.ui.T(r, c.Label)
	}
	rows, err := adminui.ExportRows(lq, func(lq list.Query) (list.Page[Order], error) { return u.svc.List(r.Context(), sc, lq) },
		func(os []Order) ([][]string, error) {
			sup, wh, err := u.names(r.Context(), sc, os)
			rows := make([][]string, len(os))
			for i, o := range os {
				rows[i] = []string{o.Number, records.TitleOf(sup, o.SupplierID), records.TitleOf(wh, o.WarehouseID), o.OrderDate, o.ExpectedDate,
					u.ui.T(r, "purchasing.status."+o.Status), money.FromScaled(o.Total).String()}
			}
			return rows, err
		})
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	if err := u.svc.AuditExport(r.Context(), sc, DocOrder, len(rows)); err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	u.ui.SendTable(w, r, "purchase-orders", headers, rows)
}
