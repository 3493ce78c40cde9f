package purchasing

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

type summaryPage struct {
	List  *adminui.ListView
	Chart *adminui.BarChart
	Total string
}

// summaryRows are the report's rows named and formatted for the page.
func (u *ui) summaryRows(r *http.Request) (group string, rows []SummaryRow, labels []string, err error) {
	q := r.URL.Query()
	group = q.Get("group")
	if group == "" {
		group = "supplier"
	}
	sc := web.ScopeFrom(r.Context())
	rows, err = u.svc.Summary(r.Context(), sc, group, q.Get("from"), q.Get("to"))
	if err != nil {
		return
	}
	labels = make([]string, len(rows))
	if group == "month" {
		for i, row := range rows {
			labels[i] = row.Key
		}
		return
	}
	ids := make([]int64, len(rows))
	for i, row := range rows {
		ids[i], _ = strconv.ParseInt(row.Key, 10, 64)
	}
	table := "suppliers"
	if group == "product" {
		table = "products"
	}
	names, err := u.svc.master.Titles(r.Context(), sc, table, ids)
	for i := range rows {
		labels[i] = records.TitleOf(names, ids[i])
	}
	return
}

var summaryColumns = []adminui.Column{{Key: "key", Label: "purchasing.group_key"}, {Key: "orders", Label: "purchasing.orders_count", Num: true},
	{Key: "qty", Label: "purchasing.qty", Num: true}, {Key: "amount", Label: "purchasing.amount", Num: true},
	{Key: "tax", Label: "purchasing.tax", Num: true}, {Key: "received", Label: "purchasing.received_amount", Num: true}}

// summary is the purchase summary report: a table and a bar chart of the
// amount per supplier, product or month.
func (u *ui) summary(w http.ResponseWriter, r *http.Request) {
	group, rows, labels, err := u.summaryRows(r)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	q := r.URL.Query()
	vals := url.Values{"group": {group}}
	for _, k := range []string{"from", "to"} {
		if v := q.Get(k); v != "" {
			vals.Set(k, v)
		}
	}
	opts := make([]adminui.Option, len(SummaryGroups))
	for i, g := range SummaryGroups {
		opts[i] = adminui.Option{Value: g, Label: u.ui.T(r, "purchasing.by_"+g)}
	}
	l := &adminui.ListView{ID: "purchase-summary", Path: "/purchasing/summary", Values: vals, Total: len(rows), Page: 1, Pages: 1,
		Empty: "purchasing.summary_empty", ExportURL: "/purchasing/summary/export", Columns: summaryColumns,
		Filters: []adminui.Filter{{Name: "group", Label: "purchasing.group_by", Type: "select", Options: opts},
			{Name: "from", Label: "purchasing.from", Type: "date"}, {Name: "to", Label: "purchasing.to", Type: "date"}}}
	var total int64
	values := make([]int64, len(rows))
	for i, row := range rows {
		total, values[i] = total+row.Amount, row.Amount
	}
	p := &summaryPage{List: l, Total: u.money(r, total),
		Chart: adminui.NewBarChart("purchasing.summary_chart", labels, values, func(v int64) string { return u.money(r, v) })}
	for i, row := range rows {
		qtyText := ""
		if group == "product" {
			qtyText = qty(r, row.Qty)
		}
		l.AddRow(row.Key, false, adminui.Cell{Text: labels[i]}, adminui.Cell{Text: strconv.Itoa(row.Orders)}, adminui.Cell{Text: qtyText},
			adminui.Cell{Text: u.money(r, row.Amount)}, adminui.Cell{Text: u.money(r, row.Tax)}, adminui.Cell{Text: u.money(r, row.Received)})
	}
	u.ui.PageOr(w, r, http.StatusOK, "purchasing/summary.html", "list-area", "purchasing.summary", "purchasing-summary", p)
}

func (u *ui) summaryExport(w http.ResponseWriter, r *http.Request) {
	_, rows, labels, err := u.summaryRows(r)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	headers := make([]string, len(summaryColumns))
	for i, c := range summaryColumns {
		headers[i] = u.ui.T(r, c.Label)
	}
	out := make([][]string, len(rows))
	for i, row := range rows {
		out[i] = []string{labels[i], strconv.Itoa(row.Orders), money.FromScaled(row.Qty).String(), money.FromScaled(row.Amount).String(),
			money.FromScaled(row.Tax).String(), money.FromScaled(row.Received).String()}
	}
	if err := u.svc.AuditExport(r.Context(), web.ScopeFrom(r.Context()), "purchase_summary", len(out)); err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	u.ui.SendTable(w, r, "purchase-summary", headers, out)
}
