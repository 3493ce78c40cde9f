package sales

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

func (u *ui) statsRoutes() {
	view := tenant.P(Module, tenant.View)
	u.srv.Handle("GET /sales/stats", web.Perm, view, u.stats)
	u.srv.Menu.Add(web.MenuItem{Group: "menu.sales", Key: "sales-stats", Label: "sales.stats", Path: "/sales/stats", Perm: view})
}

// statsFilters are the query parameters the statistics page keeps.
var statsFilters = []string{"group", "from", "to", "status", "customer_id", "warehouse_id", "top"}

type statsPage struct {
	List    *adminui.ListView
	History *historyView // when one customer is chosen
}

// historyView is a customer's last 12 months on the statistics page.
type historyView struct {
	Customer string
	From, To string
	Months   []historyRow
	Brands   []historyRow
	Chart    *adminui.BarChart
	Total    string
}

type historyRow struct {
	Label, Orders, Qty, Total string
}

// stats is the order statistics page (订单统计): the groups of the chosen
// kind as a table with a bar chart, the totals, a ranking when asked, and
// with one customer chosen its last 12 months by month and brand. The
// page exports what it shows (?format=csv|xlsx, sales.export).
func (u *ui) stats(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sc := web.ScopeFrom(ctx)
	qs := r.URL.Query()
	q := StatsQuery{Group: qs.Get("group"), From: qs.Get("from"), To: qs.Get("to"), Statuses: splitStatuses(qs.Get("status"))}
	q.CustomerID, _ = strconv.ParseInt(qs.Get("customer_id"), 10, 64)
	q.WarehouseID, _ = strconv.ParseInt(qs.Get("warehouse_id"), 10, 64)
	q.Top, _ = strconv.Atoi(qs.Get("top"))
	file := adminui.WantsFile(r)
	if file && !sc.Can(tenant.P(Module, tenant.Export)) {
		u.srv.Fail(w, r, errs.Forbidden("forbidden"))
		return
	}
	st, err := u.svc.Stats(ctx, sc, q)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	labels, err := u.statsLabels(r, st.Group, st.Rows)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	l, err := u.statsList(r, st, labels)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	if file {
		if err := u.svc.db.InTx(ctx, func(tx *db.Tx) error {
			return audit.Record(ctx, tx, sc, "sales_stats.export", "sales_stats", 0, audit.Change{Field: "group", After: st.Group},
				audit.Change{Field: "rows", After: len(l.Rows)})
		}); err != nil {
			u.srv.Fail(w, r, err)
			return
		}
		u.ui.SendList(w, r, l, "sales-stats-"+st.Group)
		return
	}
	p := &statsPage{List: l}
	if q.CustomerID != 0 {
		if p.History, err = u.history(r, q.CustomerID); err != nil {
			u.srv.Fail(w, r, err)
			return
		}
	}
	u.ui.PageOr(w, r, http.StatusOK, "sales/stats.html", "list-area", "sales.stats", "sales-stats", p)
}

// statsLabels names every group as the page shows it.
func (u *ui) statsLabels(r *http.Request, group string, rows []StatsRow) ([]string, error) {
	keys := make([]string, len(rows))
	for i, row := range rows {
		keys[i] = row.Key
	}
	names, err := u.svc.StatsLabels(r.Context(), web.ScopeFrom(r.Context()), group, keys)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(rows))
	for i, k := range keys {
		switch n, ok := names[k]; {
		case ok:
			out[i] = n
		case k == "":
			out[i] = u.ui.T(r, "sales.stats_none")
		case group == "channel":
			out[i] = u.ui.T(r, "sales.channel."+k)
		default:
			out[i] = k
		}
	}
	return out, nil
}

// statsList is the statistics as a list view: its filters, one row per
// group with its share of the total, and the chart of the totals.
func (u *ui) statsList(r *http.Request, st Stats, labels []string) (*adminui.ListView, error) {
	qs := r.URL.Query()
	vals := url.Values{"group": {st.Group}}
	for _, k := range statsFilters[1:] {
		if v := qs.Get(k); v != "" {
			vals.Set(k, v)
		}
	}
	groups := make([]adminui.Option, len(StatsGroups))
	for i, g := range StatsGroups {
		groups[i] = adminui.Option{Value: g, Label: u.ui.T(r, "sales.stats_by."+g)}
	}
	statuses := append([]adminui.Option{{Value: "", Label: u.ui.T(r, "sales.stats_default_statuses")}},
		u.options(r, "sales.status.", Statuses, false)...)
	tops := []adminui.Option{{Value: "", Label: u.ui.T(r, "list.all")}}
	for _, n := range []int{5, 10, 20, 50} {
		tops = append(tops, adminui.Option{Value: strconv.Itoa(n), Label: u.ui.T(r, "sales.stats_top_n", "N", n)})
	}
	whs, err := u.warehouseOptions(r, true)
	if err != nil {
		return nil, err
	}
	product := st.Group == "product"
	cols := []adminui.Column{{Key: "key", Label: "sales.stats_by." + st.Group}, {Key: "orders", Label: "sales.stats_orders", Num: true}}
	if product {
		cols = append(cols, adminui.Column{Key: "qty", Label: "sales.stats_base_qty", Num: true})
	}
	cols = append(cols, adminui.Column{Key: "subtotal", Label: "sales.subtotal", Num: true},
		adminui.Column{Key: "discount", Label: "sales.discount", Num: true}, adminui.Column{Key: "tax", Label: "sales.tax", Num: true},
		adminui.Column{Key: "total", Label: "sales.total", Num: true}, adminui.Column{Key: "share", Label: "sales.stats_share", Num: true})
	l := &adminui.ListView{ID: "sales-stats", Path: "/sales/stats", Values: vals, Total: len(st.Rows), Page: 1, Pages: 1,
		Empty: "sales.stats_empty", Columns: cols,
		CountText: u.ui.T(r, "sales.stats_count", "Orders", st.Sum.Orders, "Total", u.money(r, st.Sum.Total)),
		Filters: []adminui.Filter{{Name: "group", Label: "sales.stats_group", Type: "select", Options: groups},
			{Name: "from", Label: "sales.stats_from", Type: "date"}, {Name: "to", Label: "sales.stats_to", Type: "date"},
			{Name: "status", Label: "sales.status", Type: "select", Options: statuses},
			{Name: "warehouse_id", Label: "sales.warehouse", Type: "select", Options: whs},
			{Name: "top", Label: "sales.stats_ranking", Type: "select", Options: tops},
			{Name: "customer_id", Type: "hidden"}}}
	if web.ScopeFrom(r.Context()).Can(tenant.P(Module, tenant.Export)) {
		l.ExportURL = "/sales/stats"
	}
	values := make([]int64, len(st.Rows))
	for i, row := range st.Rows {
		values[i] = row.Total
		cells := []adminui.Cell{{Text: labels[i]}, {Text: strconv.Itoa(row.Orders)}}
		if st.Group == "customer" && row.Key != "" {
			cells[0].Href = fmt.Sprintf("/sales/stats?group=month&customer_id=%s", row.Key)
		}
		if product {
			cells = append(cells, adminui.Cell{Text: qty(r, row.Qty)})
		}
		cells = append(cells, adminui.Cell{Text: u.money(r, row.Subtotal)}, adminui.Cell{Text: u.money(r, row.Discount)},
			adminui.Cell{Text: u.money(r, row.Tax)}, adminui.Cell{Text: u.money(r, row.Total)}, adminui.Cell{Text: share(r, row.Total, st.Sum.Total)})
		l.AddRow(row.Key, false, cells...)
	}
	l.Chart = adminui.NewBarChart("sales.stats_chart", labels, values, func(v int64) string { return u.money(r, v) })
	return l, nil
}

// share is part of whole as a percentage with one decimal ("12.5%").
func share(r *http.Request, part, whole int64) string {
	if whole <= 0 {
		return "—"
	}
	pct, err := money.MulDiv(part, 100*10000, whole) // percent × 10^4
	if err != nil {
		return "—"
	}
	return qty(r, (pct+500)/1000*1000) + "%"
}

// history is a customer's last 12 months for the page.
func (u *ui) history(r *http.Request, customerID int64) (*historyView, error) {
	ctx := r.Context()
	sc := web.ScopeFrom(ctx)
	h, err := u.svc.CustomerHistory(ctx, sc, customerID, 12, splitStatuses(r.URL.Query().Get("status")))
	if err != nil {
		return nil, err
	}
	names, err := u.svc.StatsLabels(ctx, sc, "customer", []string{strconv.FormatInt(customerID, 10)})
	if err != nil {
		return nil, err
	}
	brands, err := u.statsLabels(r, "brand", h.Brands)
	if err != nil {
		return nil, err
	}
	v := &historyView{Customer: names[strconv.FormatInt(customerID, 10)], From: h.From, To: h.To, Total: u.money(r, h.Sum.Total)}
	labels := make([]string, len(h.Months))
	values := make([]int64, len(h.Months))
	for i, m := range h.Months {
		labels[i], values[i] = m.Key, m.Total
		v.Months = append(v.Months, historyRow{Label: m.Key, Orders: strconv.Itoa(m.Orders), Total: u.money(r, m.Total)})
	}
	for i, b := range h.Brands {
		v.Brands = append(v.Brands, historyRow{Label: brands[i], Orders: strconv.Itoa(b.Orders), Qty: qty(r, b.Qty), Total: u.money(r, b.Total)})
	}
	v.Chart = adminui.NewBarChart("sales.history_chart", labels, values, func(x int64) string { return u.money(r, x) })
	return v, nil
}
