package inventory

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/export"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

//go:embed views
var viewFiles embed.FS

// Views are inventory's page templates, for web.NewRenderer.
func Views() fs.FS {
	sub, _ := fs.Sub(viewFiles, "views")
	return sub
}

// ui serves inventory's pages.
type ui struct {
	srv     *web.Server
	ui      *adminui.UI
	svc     *Service
	reorder *Reorder
}

// Reorder is a one-click action on each line of the low-stock panel,
// offered by the module that orders goods (purchasing: "make a draft
// order"): the line's product_id and warehouse_id are posted to Path.
type Reorder struct {
	Path  string
	Label string // catalog key of the button
	Perm  tenant.Perm
}

// RegisterUI adds the stock pages and their menu entries; reorder, when
// given, puts its button on the low-stock panel's lines.
func RegisterUI(srv *web.Server, au *adminui.UI, svc *Service, reorder ...Reorder) {
	u := &ui{srv: srv, ui: au, svc: svc}
	if len(reorder) > 0 {
		u.reorder = &reorder[0]
	}
	view := tenant.P(Module, tenant.View)
	srv.Handle("GET /inventory/stock", web.Perm, view, u.stock)
	srv.Handle("GET /inventory/moves", web.Perm, view, u.moves)
	srv.Handle("GET /inventory/value", web.Perm, view, u.value)
	srv.Handle("GET /inventory/low-stock", web.Perm, view, u.lowStock)
	u.transferRoutes()
	u.adjustmentRoutes()
	u.countRoutes()
	srv.Menu.Add(
		web.MenuItem{Group: "menu.inventory", Key: "inventory-stock", Label: "inventory.stock", Path: "/inventory/stock", Perm: view},
		web.MenuItem{Group: "menu.inventory", Key: "inventory-transfers", Label: "inventory.transfers", Path: "/inventory/transfers", Perm: view},
		web.MenuItem{Group: "menu.inventory", Key: "inventory-counts", Label: "inventory.counts", Path: "/inventory/counts", Perm: view},
		web.MenuItem{Group: "menu.inventory", Key: "inventory-adjustments", Label: "inventory.adjustments", Path: "/inventory/adjustments", Perm: view},
		web.MenuItem{Group: "menu.inventory", Key: "inventory-value", Label: "inventory.value", Path: "/inventory/value", Perm: view},
		web.MenuItem{Group: "menu.inventory", Key: "inventory-low-stock", Label: "inventory.low_stock", Path: "/inventory/low-stock", Perm: view})
	au.AddPanel(adminui.Panel{Key: "low_stock", Title: "inventory.low_stock", Empty: "inventory.low_stock_empty", Perm: view,
		Items: u.lowStockItems})
}

// lowStockItems is the workbench panel of products under their reorder
// point, in the user's language.
func (u *ui) lowStockItems(ctx context.Context, sc tenant.Scope) ([]adminui.PanelItem, error) {
	lows, err := u.svc.LowStock(ctx, sc, 10)
	if err != nil || len(lows) == 0 {
		return nil, err
	}
	var ps, ws []int64
	for _, l := range lows {
		ps, ws = append(ps, l.ProductID), append(ws, l.WarehouseID)
	}
	pn, err := u.svc.master.Titles(ctx, sc, "products", ps)
	if err != nil {
		return nil, err
	}
	wn, err := u.svc.master.Titles(ctx, sc, "warehouses", ws)
	if err != nil {
		return nil, err
	}
	lang := web.LangFrom(ctx)
	out := make([]adminui.PanelItem, len(lows))
	for i, l := range lows {
		out[i] = adminui.PanelItem{Text: records.TitleOf(pn, l.ProductID), Badge: u.srv.Cat.T(lang, "inventory.low_badge", nil),
			Href: fmt.Sprintf("/inventory/moves?product_id=%d&warehouse_id=%d", l.ProductID, l.WarehouseID),
			Meta: u.srv.Cat.T(lang, "inventory.low_stock_meta", map[string]any{"Warehouse": records.TitleOf(wn, l.WarehouseID),
				"Available": formatQty(l.Available), "Point": formatQty(l.ReorderPoint)})}
		if u.reorder != nil && sc.Can(u.reorder.Perm) {
			out[i].Post, out[i].PostLabel = u.reorder.Path, u.srv.Cat.T(lang, u.reorder.Label, nil)
			out[i].PostValues = map[string]string{"product_id": fmt.Sprint(l.ProductID), "warehouse_id": fmt.Sprint(l.WarehouseID)}
		}
	}
	return out, nil
}

type listPage struct {
	Flash string
	Title string
	Note  string // text under the title
	List  *adminui.ListView
	Total string // the value report's total
	// New links to a document's form from its list.
	New, NewLabel string
	Chart         *adminui.BarChart
}

// exportURL is a list's export link for those allowed to export
// (inventory.export); the same page answers ?format=csv|xlsx.
func (u *ui) exportURL(sc tenant.Scope, path string) string {
	if !sc.Can(tenant.P(Module, tenant.Export)) {
		return ""
	}
	return path
}

// sendList writes the list as a file, after checking the export
// permission and auditing the export.
func (u *ui) sendList(w http.ResponseWriter, r *http.Request, l *adminui.ListView, name string) {
	sc := web.ScopeFrom(r.Context())
	if err := u.svc.auditExport(r.Context(), sc, name, len(l.Rows)); err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	u.ui.SendList(w, r, l, name)
}

func lang(r *http.Request) string { return web.LangFrom(r.Context()) }

// qtyText is a quantity per locale: grouped digits, no trailing zeros.
func qtyText(r *http.Request, q Qty) string { return i18n.FormatDecimal(lang(r), formatQty(q)) }

// kept are the query parameters a list keeps in its links (filters).
func kept(q url.Values, names ...string) url.Values {
	out := url.Values{}
	for _, k := range names {
		if v := q.Get(k); v != "" {
			out.Set(k, v)
		}
	}
	return out
}

func moneyText(r *http.Request, v int64) string {
	return i18n.FormatMoney(lang(r), money.FromScaled(v), "")
}

// warehouseText names a warehouse; 0 is the value report's goods in transit.
func (u *ui) warehouseText(r *http.Request, names map[int64]records.Titled, id int64) string {
	if id == 0 {
		return u.ui.T(r, "inventory.in_transit")
	}
	return records.TitleOf(names, id)
}

func (u *ui) warehouseFilter(r *http.Request) (adminui.Filter, map[int64]records.Titled, error) {
	sc := web.ScopeFrom(r.Context())
	ws, err := u.svc.master.WarehouseChoices(r.Context(), sc)
	f := adminui.Filter{Name: "warehouse_id", Label: "inventory.warehouse", Type: "select",
		Options: []adminui.Option{{Value: "", Label: u.ui.T(r, "list.all")}}}
	names := map[int64]records.Titled{}
	for _, w := range ws {
		f.Options = append(f.Options, adminui.Option{Value: strconv.FormatInt(w.ID, 10), Label: w.Code + " " + w.Name})
		names[w.ID] = w
	}
	return f, names, err
}

// stock is the on-hand list: product, warehouse, on hand, reserved,
// available, 100 rows a page by product and warehouse.
func (u *ui) stock(w http.ResponseWriter, r *http.Request) {
	sc := web.ScopeFrom(r.Context())
	q := r.URL.Query()
	product, _ := strconv.ParseInt(q.Get("product_id"), 10, 64)
	warehouse, _ := strconv.ParseInt(q.Get("warehouse_id"), 10, 64)
	var afterP, afterW int64
	if c := q.Get("cursor"); c != "" {
		p, wh, _ := strings.Cut(c, "-")
		afterP, _ = strconv.ParseInt(p, 10, 64)
		afterW, _ = strconv.ParseInt(wh, 10, 64)
	}
	bs, err := u.svc.Balances(r.Context(), sc, product, warehouse, afterP, afterW)
	// A file holds every row (up to export.MaxRows), not one page.
	for file := adminui.WantsFile(r); err == nil && file && len(bs) > 0 && len(bs)%500 == 0 && len(bs) < export.MaxRows; {
		last := bs[len(bs)-1]
		var more []Balance
		if more, err = u.svc.Balances(r.Context(), sc, product, warehouse, last.ProductID, last.WarehouseID); len(more) == 0 {
			break
		}
		bs = append(bs, more...)
	}
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	wf, wnames, err := u.warehouseFilter(r)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	vals := kept(q, "product_id", "warehouse_id")
	l := &adminui.ListView{ID: "stock", Path: "/inventory/stock", Values: vals, Total: -1, Empty: "inventory.stock_empty",
		ExportURL: u.exportURL(sc, "/inventory/stock"),
		Filters:   []adminui.Filter{wf, {Name: "product_id", Type: "hidden"}},
		Columns: []adminui.Column{{Key: "product", Label: "inventory.product"}, {Key: "warehouse", Label: "inventory.warehouse"},
			{Key: "on_hand", Label: "inventory.on_hand", Num: true}, {Key: "reserved", Label: "inventory.reserved", Num: true},
			{Key: "available", Label: "inventory.available", Num: true}}}
	if len(bs) == 500 && !adminui.WantsFile(r) {
		last := bs[len(bs)-1]
		l.Next = fmt.Sprintf("%d-%d", last.ProductID, last.WarehouseID)
	}
	ids := make([]int64, len(bs))
	for i, b := range bs {
		ids[i] = b.ProductID
	}
	pnames, err := u.svc.master.Titles(r.Context(), sc, "products", ids)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	for _, b := range bs {
		moves := fmt.Sprintf("/inventory/moves?product_id=%d&warehouse_id=%d", b.ProductID, b.WarehouseID)
		l.AddRow(fmt.Sprintf("%d-%d", b.ProductID, b.WarehouseID), b.OnHand == 0,
			adminui.Cell{Text: records.TitleOf(pnames, b.ProductID), Href: moves},
			adminui.Cell{Text: records.TitleOf(wnames, b.WarehouseID)},
			adminui.Cell{Text: qtyText(r, b.OnHand)}, adminui.Cell{Text: qtyText(r, b.Reserved)},
			adminui.Cell{Text: qtyText(r, b.Available())})
	}
	if adminui.WantsFile(r) {
		u.sendList(w, r, l, "stock")
		return
	}
	u.ui.PageOr(w, r, http.StatusOK, "inventory/list.html", "list-area", "inventory.stock", "inventory-stock",
		&listPage{Title: "inventory.stock", List: l})
}

// moves is a product's movements in a warehouse with the running balance.
func (u *ui) moves(w http.ResponseWriter, r *http.Request) {
	sc := web.ScopeFrom(r.Context())
	q := r.URL.Query()
	product, _ := strconv.ParseInt(q.Get("product_id"), 10, 64)
	warehouse, _ := strconv.ParseInt(q.Get("warehouse_id"), 10, 64)
	before, _ := strconv.ParseInt(q.Get("cursor"), 10, 64)
	ms, err := u.svc.Movements(r.Context(), sc, product, warehouse, before, 50)
	for file := adminui.WantsFile(r); err == nil && file && len(ms) > 0 && len(ms)%50 == 0 && len(ms) < export.MaxRows; {
		var more []Movement
		if more, err = u.svc.Movements(r.Context(), sc, product, warehouse, ms[len(ms)-1].ID, 50); len(more) == 0 {
			break
		}
		ms = append(ms, more...)
	}
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	pnames, err := u.svc.master.Titles(r.Context(), sc, "products", []int64{product})
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	wnames, err := u.svc.master.Titles(r.Context(), sc, "warehouses", []int64{warehouse})
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	vals := url.Values{"product_id": {q.Get("product_id")}, "warehouse_id": {q.Get("warehouse_id")}}
	l := &adminui.ListView{ID: "moves", Path: "/inventory/moves", Values: vals, Total: -1, Empty: "inventory.moves_empty",
		ExportURL: u.exportURL(sc, "/inventory/moves"),
		Filters:   []adminui.Filter{{Name: "product_id", Type: "hidden"}, {Name: "warehouse_id", Type: "hidden"}},
		Columns: []adminui.Column{{Key: "at", Label: "inventory.at"}, {Key: "kind", Label: "inventory.kind"},
			{Key: "qty", Label: "inventory.qty", Num: true}, {Key: "balance", Label: "inventory.balance", Num: true},
			{Key: "unit_cost", Label: "inventory.unit_cost", Num: true}, {Key: "doc", Label: "inventory.doc"}}}
	if len(ms) == 50 && !adminui.WantsFile(r) {
		l.Next = strconv.FormatInt(ms[len(ms)-1].ID, 10)
	}
	for _, m := range ms {
		doc := m.Note
		if m.DocType != "" && m.DocID != nil {
			doc = strings.TrimSpace(fmt.Sprintf("%s #%d %s", u.ui.T(r, "inventory.doc."+m.DocType), *m.DocID, m.Note))
		}
		l.AddRow(strconv.FormatInt(m.ID, 10), false,
			adminui.Cell{Text: i18n.FormatDateTime(lang(r), m.CreatedAt)},
			adminui.Cell{Text: u.ui.T(r, "inventory.kind."+string(m.Kind))},
			adminui.Cell{Text: qtyText(r, m.Qty)}, adminui.Cell{Text: qtyText(r, m.Balance)},
			adminui.Cell{Text: moneyText(r, m.UnitCost)}, adminui.Cell{Text: doc})
	}
	note := records.TitleOf(pnames, product) + " · " + records.TitleOf(wnames, warehouse)
	if adminui.WantsFile(r) {
		u.sendList(w, r, l, "stock-moves")
		return
	}
	u.ui.PageOr(w, r, http.StatusOK, "inventory/list.html", "list-area", "inventory.moves", "inventory-stock",
		&listPage{Title: "inventory.moves", Note: note, List: l})
}

// value is the stock value report, by warehouse or by product, now or at
// the end of a past day.
func (u *ui) value(w http.ResponseWriter, r *http.Request) {
	sc := web.ScopeFrom(r.Context())
	q := r.URL.Query()
	at, err := endOfDay(q.Get("date"))
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	lines, err := u.svc.StockValue(r.Context(), sc, at)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	wf, wnames, err := u.warehouseFilter(r)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	warehouse, _ := strconv.ParseInt(q.Get("warehouse_id"), 10, 64)
	byProduct, byCategory := q.Get("group") == "product", q.Get("group") == "category"
	vals := kept(q, "date", "group", "warehouse_id")
	group := adminui.Filter{Name: "group", Label: "inventory.group", Type: "select", Options: []adminui.Option{
		{Value: "", Label: u.ui.T(r, "inventory.by_warehouse")}, {Value: "product", Label: u.ui.T(r, "inventory.by_product")},
		{Value: "category", Label: u.ui.T(r, "inventory.by_category")}}}
	l := &adminui.ListView{ID: "value", Path: "/inventory/value", Values: vals, Total: -1, Empty: "inventory.stock_empty",
		ExportURL: u.exportURL(sc, "/inventory/value"),
		Filters:   []adminui.Filter{{Name: "date", Label: "inventory.date", Type: "date"}, group, wf}}
	var total int64
	var labels []string // the chart by warehouse or category
	var values []int64
	if byProduct {
		l.Columns = []adminui.Column{{Key: "product", Label: "inventory.product"}, {Key: "warehouse", Label: "inventory.warehouse"},
			{Key: "qty", Label: "inventory.qty", Num: true}, {Key: "unit_cost", Label: "inventory.unit_cost", Num: true},
			{Key: "value", Label: "inventory.value_col", Num: true}}
		var ids []int64
		for _, x := range lines {
			ids = append(ids, x.ProductID)
		}
		pnames, err := u.svc.master.Titles(r.Context(), sc, "products", ids)
		if err != nil {
			u.srv.Fail(w, r, err)
			return
		}
		for _, x := range lines {
			if warehouse != 0 && x.WarehouseID != warehouse {
				continue
			}
			total += x.Value
			l.AddRow(fmt.Sprintf("%d-%d", x.ProductID, x.WarehouseID), false,
				adminui.Cell{Text: records.TitleOf(pnames, x.ProductID)}, adminui.Cell{Text: u.warehouseText(r, wnames, x.WarehouseID)},
				adminui.Cell{Text: qtyText(r, x.Qty)}, adminui.Cell{Text: moneyText(r, x.UnitCost)}, adminui.Cell{Text: moneyText(r, x.Value)})
		}
	} else if byCategory {
		l.Columns = []adminui.Column{{Key: "category", Label: "inventory.category"}, {Key: "value", Label: "inventory.value_col", Num: true}}
		if warehouse != 0 {
			lines = slices.DeleteFunc(lines, func(x ValueLine) bool { return x.WarehouseID != warehouse })
		}
		totals, err := u.svc.CategoryTotals(r.Context(), sc, lines)
		if err != nil {
			u.srv.Fail(w, r, err)
			return
		}
		ids := make([]int64, len(totals))
		for i, t := range totals {
			ids[i] = t.Key
		}
		cnames, err := u.svc.master.Titles(r.Context(), sc, "product_categories", ids)
		if err != nil {
			u.srv.Fail(w, r, err)
			return
		}
		for _, t := range totals {
			label := u.ui.T(r, "inventory.no_category")
			if t.Key != 0 {
				label = records.TitleOf(cnames, t.Key)
			}
			total += t.Value
			l.AddRow(strconv.FormatInt(t.Key, 10), false, adminui.Cell{Text: label}, adminui.Cell{Text: moneyText(r, t.Value)})
			labels, values = append(labels, label), append(values, t.Value)
		}
	} else {
		l.Columns = []adminui.Column{{Key: "warehouse", Label: "inventory.warehouse"}, {Key: "qty", Label: "inventory.qty", Num: true},
			{Key: "value", Label: "inventory.value_col", Num: true}}
		for _, t := range Totals(lines, func(x ValueLine) int64 { return x.WarehouseID }) {
			if warehouse != 0 && t.Key != warehouse {
				continue
			}
			total += t.Value
			label := u.warehouseText(r, wnames, t.Key)
			l.AddRow(strconv.FormatInt(t.Key, 10), false, adminui.Cell{Text: label},
				adminui.Cell{Text: qtyText(r, t.Qty)}, adminui.Cell{Text: moneyText(r, t.Value)})
			labels, values = append(labels, label), append(values, t.Value)
		}
	}
	if adminui.WantsFile(r) {
		u.sendList(w, r, l, "stock-value")
		return
	}
	page := &listPage{Title: "inventory.value", List: l, Total: moneyText(r, total)}
	if len(values) > 0 { // by warehouse or category: the values side by side read at a glance
		page.Chart = adminui.NewBarChart("inventory.value_chart", labels, values, func(v int64) string { return moneyText(r, v) })
	}
	u.ui.PageOr(w, r, http.StatusOK, "inventory/list.html", "list-area", "inventory.value", "inventory-value", page)
}
