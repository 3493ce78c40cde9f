package sales_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/sales"
)

// statsOrder is one order of the statistics' data set.
type statsOrder struct {
	by      tenant.Scope
	cust    int64
	wh      int
	channel string
	daysAgo int
	lines   [][3]string // product index, qty, price
	disc    string      // percent off every line
	status  string      // what it ends as
}

// statsData makes customers with regions, products with brands, and
// orders of several owners, customers, channels, warehouses, dates and
// statuses (drafts, cancelled, shipped…). It returns the customers made.
func statsData(t *testing.T, e *env) (custs []int64) {
	t.Helper()
	for i, region := range []string{"330100", "320100", "330100"} {
		custs = append(custs, e.customer(records.Input{"code": fmt.Sprintf("R%d", i), "name": fmt.Sprintf("地区客户%d", i),
			"region": region}))
	}
	// custs: 0 杭州, 1 南京, 2 杭州; e.customers have no region.
	for i, brand := range []string{"own", "own", "other"} {
		e.products = append(e.products, e.create(masterdata.Products, records.Input{"sku": fmt.Sprintf("B%d", i),
			"name": fmt.Sprintf("品牌商品%d", i), "type": masterdata.ProductGoods, "base_unit": "pcs", "list_price": "50", "tax_rate": "6",
			"brand": brand}))
	}
	for i := range e.products {
		for _, wh := range e.whs {
			if _, err := e.inv.Post(e.ctx, e.admin, inventory.Move{Kind: inventory.Receipt, ProductID: e.products[i], WarehouseID: wh,
				Qty: inventory.Units(1000), UnitCost: 10 * 10000}); err != nil {
				t.Fatal(err)
			}
		}
	}
	c0, c1 := e.customers[0], e.customers[1]
	orders := []statsOrder{
		{e.seller, custs[0], 0, "staff", 0, [][3]string{{"5", "2", "100"}, {"6", "1", "50"}}, "", sales.Approved},
		{e.seller, custs[1], 0, "phone", 3, [][3]string{{"0", "5", "20"}}, "10", sales.Shipped},
		{e.seller2, custs[2], 0, "email", 10, [][3]string{{"5", "1", "100"}, {"7", "3", "30"}}, "", sales.Completed},
		{e.seller2, c0, 0, "staff", 35, [][3]string{{"1", "2", "10"}}, "", sales.Cancelled},
		{e.admin, c1, 0, "portal", 70, [][3]string{{"2", "4", "25"}, {"5", "1", "100"}, {"6", "2", "33.33"}}, "", sales.PartiallyShipped},
		{e.admin, custs[0], 1, "staff", 200, [][3]string{{"6", "2", "40"}}, "5", sales.Approved},
		{e.seller, custs[0], 0, "phone", 400, [][3]string{{"7", "1", "30"}}, "", sales.Approved},
		{e.seller, c0, 0, "staff", 5, [][3]string{{"0", "1", "10"}}, "", sales.Draft},
		{e.admin, custs[1], 1, "staff", 1, [][3]string{{"1", "10", "5"}}, "10", sales.Closed},
		{e.seller2, custs[0], 0, "email", 15, [][3]string{{"6", "1", "50"}, {"0", "7", "3.5"}}, "", sales.Approved},
		{e.seller, c1, 1, "email", 60, [][3]string{{"3", "3", "12"}}, "", sales.Cancelled},
	}
	today := time.Now().In(i18n.Location)
	for n, so := range orders {
		in := sales.OrderInput{CustomerID: so.cust, WarehouseID: e.whs[so.wh], Channel: so.channel,
			OrderDate: today.AddDate(0, 0, -so.daysAgo).Format(time.DateOnly)}
		for _, l := range so.lines {
			var i int
			fmt.Sscan(l[0], &i)
			in.Lines = append(in.Lines, sales.LineInput{ProductID: e.products[i], Qty: l[1], Price: l[2], Discount: so.disc})
		}
		o, err := e.svc.Create(e.ctx, so.by, in)
		if err != nil {
			t.Fatalf("order %d: %v", n, err)
		}
		if so.status == sales.Draft {
			continue
		}
		if o, err = e.svc.Submit(e.ctx, so.by, o.ID, o.Version); err != nil || o.Status != sales.Approved {
			t.Fatalf("order %d submit: %s %v", n, o.Status, err)
		}
		switch so.status {
		case sales.Cancelled:
			if _, err := e.svc.Cancel(e.ctx, so.by, o.ID, o.Version, "客户取消"); err != nil {
				t.Fatal(err)
			}
		case sales.Shipped, sales.Completed, sales.PartiallyShipped, sales.Closed:
			// Deliveries come with another part of sales: the statuses
			// they leave are set directly.
			setStatus(t, e, o.ID, so.status)
		}
	}
	return custs
}

// agg is a group as the test's own SQL sums it.
type agg struct {
	K        string `db:"k"`
	N        int    `db:"n"`
	Qty      int64  `db:"qty"`
	Subtotal int64  `db:"subtotal"`
	Discount int64  `db:"discount"`
	Tax      int64  `db:"tax"`
	Total    int64  `db:"total"`
}

func (e *env) sums(q string, args ...any) map[string]agg {
	e.t.Helper()
	var rows []agg
	if err := db.Tenant(e.d.Read(), e.admin.Tenant()).Select(e.ctx, &rows, q, append([]any{e.admin.Tenant()}, args...)...); err != nil {
		e.t.Fatalf("%v\n%s", err, q)
	}
	out := map[string]agg{}
	for _, r := range rows {
		out[r.K] = r
	}
	return out
}

// counted are the statuses the statistics count by default, written out
// here rather than taken from the package.
const counted = `('approved', 'partially_shipped', 'shipped', 'completed', 'closed')`

// The reference sums per grouping, straight from the tables.
var statsSQL = map[string]string{
	"customer": `SELECT CAST(customer_id AS TEXT) AS k, count(*) AS n, 0 AS qty, sum(subtotal) AS subtotal, sum(discount) AS discount,
		sum(tax) AS tax, sum(total) AS total FROM sales_orders WHERE tenant_id = ? AND status IN ` + counted + ` %s GROUP BY customer_id`,
	"owner": `SELECT coalesce(CAST(owner_id AS TEXT), '') AS k, count(*) AS n, 0 AS qty, sum(subtotal) AS subtotal, sum(discount) AS discount,
		sum(tax) AS tax, sum(total) AS total FROM sales_orders WHERE tenant_id = ? AND status IN ` + counted + ` %s GROUP BY owner_id`,
	"channel": `SELECT channel AS k, count(*) AS n, 0 AS qty, sum(subtotal) AS subtotal, sum(discount) AS discount,
		sum(tax) AS tax, sum(total) AS total FROM sales_orders WHERE tenant_id = ? AND status IN ` + counted + ` %s GROUP BY channel`,
	"region": `SELECT coalesce(c.region, '') AS k, count(*) AS n, 0 AS qty, sum(o.subtotal) AS subtotal, sum(o.discount) AS discount,
		sum(o.tax) AS tax, sum(o.total) AS total FROM sales_orders o JOIN customers c ON c.id = o.customer_id
		WHERE o.tenant_id = ? AND o.status IN ` + counted + ` %s GROUP BY coalesce(c.region, '')`,
	"product": `SELECT CAST(l.product_id AS TEXT) AS k, count(DISTINCT o.id) AS n, sum(l.qty * l.factor / 10000) AS qty,
		sum(l.amount + l.discount) AS subtotal, sum(l.discount) AS discount, sum(l.tax) AS tax, sum(l.amount + l.tax) AS total
		FROM sales_orders o JOIN sales_order_lines l ON l.order_id = o.id
		WHERE o.tenant_id = ? AND o.status IN ` + counted + ` %s GROUP BY l.product_id`,
}

func sameRow(t *testing.T, what string, got sales.StatsRow, want agg) {
	t.Helper()
	if got.Orders != want.N || got.Total != want.Total || got.Subtotal != want.Subtotal || got.Discount != want.Discount ||
		got.Tax != want.Tax || got.Qty != want.Qty {
		t.Errorf("%s %q: got %+v, SQL says %+v", what, got.Key, got, want)
	}
}

// compare checks that the statistics' rows are exactly the reference
// groups, with the same count and amounts.
func compare(t *testing.T, what string, st sales.Stats, want map[string]agg) {
	t.Helper()
	if len(st.Rows) != len(want) {
		t.Errorf("%s: %d groups, SQL has %d: %+v", what, len(st.Rows), len(want), st.Rows)
	}
	for _, r := range st.Rows {
		w, ok := want[r.Key]
		if !ok {
			t.Errorf("%s: group %q is not in the SQL", what, r.Key)
			continue
		}
		sameRow(t, what, r, w)
	}
}

// periodRange is the first and last day of a period key, worked out here
// independently of the package.
func periodRange(t *testing.T, group, key string) (string, string) {
	t.Helper()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	var from, to time.Time
	var y, n int
	switch group {
	case "day":
		return key, key
	case "week":
		fmt.Sscanf(key, "%d-W%d", &y, &n)
		jan4 := day(y, 1, 4) // ISO: week 1 holds 4 January
		monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
		from = monday.AddDate(0, 0, 7*(n-1))
		to = from.AddDate(0, 0, 6)
	case "month":
		fmt.Sscanf(key, "%d-%d", &y, &n)
		from = day(y, time.Month(n), 1)
		to = from.AddDate(0, 1, -1)
	case "quarter":
		fmt.Sscanf(key, "%d-Q%d", &y, &n)
		from = day(y, time.Month(3*n-2), 1)
		to = from.AddDate(0, 3, -1)
	case "year":
		fmt.Sscanf(key, "%d", &y)
		from, to = day(y, 1, 1), day(y, 12, 31)
	}
	if from.IsZero() {
		t.Fatalf("%s key %q", group, key)
	}
	return from.Format(time.DateOnly), to.Format(time.DateOnly)
}

// Every grouping's count and amounts equal the sums the test reads
// straight from sales_orders and sales_order_lines: periods, customers,
// products, salespeople, regions and channels; with filters by status,
// date, customer and warehouse; rankings keep the largest. A salesperson's
// statistics cover their own orders only.
func TestStatsEqualDirectSums(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		custs := statsData(t, e)
		all := e.sums(fmt.Sprintf(statsSQL["channel"], ""))
		var n int
		var total int64
		for _, a := range all {
			n, total = n+a.N, total+a.Total
		}
		if n != 8 {
			t.Fatalf("the data set counts %d orders, want 8 (no drafts, no cancelled)", n)
		}
		for group := range statsSQL {
			st, err := e.svc.Stats(e.ctx, e.admin, sales.StatsQuery{Group: group})
			if err != nil {
				t.Fatalf("%s: %v", group, err)
			}
			compare(t, group, st, e.sums(fmt.Sprintf(statsSQL[group], "")))
			if st.Sum.Orders != n || st.Sum.Total != total {
				t.Errorf("%s: sum %+v, want %d orders, %d", group, st.Sum, n, total)
			}
			for i := 1; i < len(st.Rows); i++ {
				if st.Rows[i].Total > st.Rows[i-1].Total {
					t.Errorf("%s: not the largest first: %+v", group, st.Rows)
				}
			}
		}
		// Regions: the two 杭州 customers are one group, the customers
		// without a region another.
		st, _ := e.svc.Stats(e.ctx, e.admin, sales.StatsQuery{Group: "region"})
		if len(st.Rows) != 3 {
			t.Errorf("regions: %+v", st.Rows)
		}

		for _, group := range sales.StatsPeriods {
			st, err := e.svc.Stats(e.ctx, e.admin, sales.StatsQuery{Group: group})
			if err != nil {
				t.Fatal(err)
			}
			var sum int
			for i, r := range st.Rows {
				from, to := periodRange(t, group, r.Key)
				want := e.sums(`SELECT '' AS k, count(*) AS n, 0 AS qty, coalesce(sum(subtotal), 0) AS subtotal,
					coalesce(sum(discount), 0) AS discount, coalesce(sum(tax), 0) AS tax, coalesce(sum(total), 0) AS total
					FROM sales_orders WHERE tenant_id = ? AND status IN `+counted+` AND order_date BETWEEN ? AND ?`, from, to)[""]
				want.K = r.Key
				sameRow(t, group, r, want)
				if i > 0 && r.Key <= st.Rows[i-1].Key {
					t.Errorf("%s: periods out of order: %+v", group, st.Rows)
				}
				sum += r.Orders
			}
			if sum != n {
				t.Errorf("%s: the periods count %d orders, want %d", group, sum, n)
			}
		}

		// Filters: statuses, dates, customer, warehouse.
		today := time.Now().In(i18n.Location)
		from := today.AddDate(0, 0, -40).Format(time.DateOnly)
		for _, c := range []struct {
			name string
			q    sales.StatsQuery
			cond string
			args []any
		}{
			{"cancelled", sales.StatsQuery{Statuses: []string{sales.Cancelled}}, "", nil},
			{"since", sales.StatsQuery{From: from}, ` AND order_date >= ?`, []any{from}},
			{"customer", sales.StatsQuery{CustomerID: custs[0]}, ` AND customer_id = ?`, []any{custs[0]}},
			{"warehouse", sales.StatsQuery{WarehouseID: e.whs[1]}, ` AND warehouse_id = ?`, []any{e.whs[1]}},
		} {
			c.q.Group = "channel"
			st, err := e.svc.Stats(e.ctx, e.admin, c.q)
			if err != nil {
				t.Fatal(err)
			}
			sql := fmt.Sprintf(statsSQL["channel"], c.cond)
			if c.name == "cancelled" {
				sql = strings.Replace(sql, counted, `('cancelled')`, 1)
			}
			want := e.sums(sql, c.args...)
			if len(want) == 0 {
				t.Fatalf("%s: the data set has no such orders", c.name)
			}
			compare(t, c.name, st, want)
		}

		// A ranking is the largest first, cut at Top.
		full, _ := e.svc.Stats(e.ctx, e.admin, sales.StatsQuery{Group: "product"})
		top, err := e.svc.Stats(e.ctx, e.admin, sales.StatsQuery{Group: "product", Top: 2})
		if err != nil || len(top.Rows) != 2 || !slices.Equal(top.Rows, full.Rows[:2]) {
			t.Errorf("top 2 products: %+v, all %+v (%v)", top.Rows, full.Rows, err)
		}

		// A salesperson sees their own orders only.
		own := fmt.Sprintf(` AND owner_id = %d`, e.seller.Actor())
		for group := range statsSQL {
			st, err := e.svc.Stats(e.ctx, e.seller, sales.StatsQuery{Group: group})
			if err != nil {
				t.Fatal(err)
			}
			cond := own
			if group == "region" || group == "product" {
				cond = strings.Replace(own, "owner_id", "o.owner_id", 1)
			}
			compare(t, "seller "+group, st, e.sums(fmt.Sprintf(statsSQL[group], cond)))
		}
		if st, _ := e.svc.Stats(e.ctx, e.seller, sales.StatsQuery{Group: "owner"}); len(st.Rows) != 1 ||
			st.Rows[0].Key != fmt.Sprint(e.seller.Actor()) {
			t.Errorf("the seller's statistics by owner: %+v", st.Rows)
		}

		// Bad input: field errors.
		_, err = e.svc.Stats(e.ctx, e.admin, sales.StatsQuery{Group: "colour", From: "2026-13-01", Statuses: []string{"lost"}, Top: 1000})
		for _, f := range []string{"group", "from", "status", "top"} {
			if !hasField(err, f, "") {
				t.Errorf("bad query: no error on %s: %v", f, err)
			}
		}
		if _, err := e.svc.Stats(e.ctx, e.admin, sales.StatsQuery{From: "2026-03-02", To: "2026-03-01"}); !hasField(err, "to", "") {
			t.Errorf("to before from: %v", err)
		}
	})
}

// A customer's last 12 months: every month, the orders and amounts the SQL
// sums over the window, and the totals per brand (an order counted once
// per brand); an order older than the window is left out.
func TestCustomerHistoryByMonthAndBrand(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		custs := statsData(t, e)
		h, err := e.svc.CustomerHistory(e.ctx, e.admin, custs[0], 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Months) != 12 || h.Months[11].Key != time.Now().In(i18n.Location).Format("2006-01") {
			t.Fatalf("months: %+v", h.Months)
		}
		cond := ` AND o.customer_id = ? AND o.order_date >= ?`
		want := e.sums(fmt.Sprintf(strings.Replace(statsSQL["channel"], "FROM sales_orders", "FROM sales_orders o", 1), cond), custs[0], h.From)
		var n int
		var total int64
		for _, a := range want {
			n, total = n+a.N, total+a.Total
		}
		var mn int
		var mt int64
		for _, m := range h.Months {
			mn, mt = mn+m.Orders, mt+m.Total
		}
		if n != 3 || h.Sum.Orders != n || h.Sum.Total != total || mn != n || mt != total {
			t.Errorf("history: sum %+v, months %d/%d, SQL %d/%d", h.Sum, mn, mt, n, total)
		}
		brands := e.sums(`SELECT coalesce(p.brand, '') AS k, count(DISTINCT o.id) AS n, sum(l.qty * l.factor / 10000) AS qty,
			sum(l.amount + l.discount) AS subtotal, sum(l.discount) AS discount, sum(l.tax) AS tax, sum(l.amount + l.tax) AS total
			FROM sales_orders o JOIN sales_order_lines l ON l.order_id = o.id JOIN products p ON p.id = l.product_id
			WHERE o.tenant_id = ? AND o.status IN `+counted+cond+` GROUP BY coalesce(p.brand, '')`, custs[0], h.From)
		compare(t, "brands", sales.Stats{Rows: h.Brands}, brands)
		if len(h.Brands) != 2 || brands["own"].N != 3 {
			t.Errorf("brands: %+v", h.Brands)
		}
		if _, err := e.svc.CustomerHistory(e.ctx, e.admin, 999999, 0, nil); !hasField(err, "customer_id", "") {
			t.Errorf("an unknown customer: %v", err)
		}
		if _, err := e.svc.CustomerHistory(e.ctx, e.fin, custs[0], 0, nil); err != nil {
			t.Errorf("finance may read it: %v", err)
		}
	})
}
