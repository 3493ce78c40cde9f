package sales

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Order statistics (订单统计, PRODUCT.md §3.3 and §3.9): how many orders and
// how much, by period, customer, product, salesperson, region or channel.

// StatsPeriods are the groupings by order date; the others follow.
var StatsPeriods = []string{"day", "week", "month", "quarter", "year"}

// StatsGroups are every way the statistics group.
var StatsGroups = append(slices.Clone(StatsPeriods), "customer", "product", "owner", "region", "channel")

// StatsDefaultStatuses are what the statistics count unless told
// otherwise: orders approved or later, cancelled ones never (a draft is
// not a sale yet).
var StatsDefaultStatuses = []string{Approved, PartiallyShipped, Shipped, Completed, Closed}

// maxTop bounds a ranking.
const maxTop = 100

// StatsQuery is what to count: the grouping, order dates from..to
// (YYYY-MM-DD, inclusive, empty = open), statuses (empty = the default),
// one customer or warehouse (0 = all), and Top > 0 for a ranking (the
// largest amounts first; periods ignore it).
type StatsQuery struct {
	Group       string
	From, To    string
	Statuses    []string
	CustomerID  int64
	WarehouseID int64
	Top         int
}

// StatsRow is one group. Key is a period ("2026-03-15", "2026-W11",
// "2026-03", "2026-Q1", "2026"), a customer, product or user id, a channel,
// or a region or brand code; "" when the orders have none. Money is scaled
// by 10^4: Subtotal before discount, Total = Subtotal − Discount + Tax
// (价税合计; by product, the lines' share of it). Qty is in base units, by
// product and brand only.
type StatsRow struct {
	Key      string `db:"k"`
	Orders   int    `db:"orders"`
	Qty      int64  `db:"qty"`
	Subtotal int64  `db:"subtotal"`
	Discount int64  `db:"discount"`
	Tax      int64  `db:"tax"`
	Total    int64  `db:"total"`
}

// add folds o into r (orders counted once per group by the caller).
func (r *StatsRow) add(o StatsRow) {
	r.Orders += o.Orders
	r.Qty += o.Qty
	r.Subtotal += o.Subtotal
	r.Discount += o.Discount
	r.Tax += o.Tax
	r.Total += o.Total
}

// Stats is the groups and, in Sum, the whole selection (Sum.Key is "").
type Stats struct {
	Group string
	Rows  []StatsRow
	Sum   StatsRow
}

// IsPeriod reports whether g groups by order date.
func IsPeriod(g string) bool { return slices.Contains(StatsPeriods, g) }

// check validates the query field by field and fills its defaults.
func (q *StatsQuery) check() error {
	var c errs.Collector
	if q.Group == "" {
		q.Group = "month"
	}
	if !slices.Contains(StatsGroups, q.Group) {
		c.Add("group", "field.invalid")
	}
	var from, to time.Time
	var err error
	if q.From != "" {
		if from, err = time.Parse(time.DateOnly, q.From); err != nil {
			c.Add("from", "field.invalid")
		}
	}
	if q.To != "" {
		if to, err = time.Parse(time.DateOnly, q.To); err != nil {
			c.Add("to", "field.invalid")
		}
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		c.Add("to", "sales.stats_to_before_from")
	}
	if len(q.Statuses) == 0 {
		q.Statuses = StatsDefaultStatuses
	}
	for _, st := range q.Statuses {
		if !slices.Contains(Statuses, st) {
			c.Add("status", "field.invalid")
			break
		}
	}
	if q.Top < 0 || q.Top > maxTop {
		c.Add("top", "sales.stats_top_range", "Max", maxTop)
	}
	return c.Err()
}

// where is the selection's condition on sales_orders o: tenant, data scope
// (a salesperson counts their own orders only), statuses, dates, customer
// and warehouse.
func (q StatsQuery) where(sc tenant.Scope) (string, []any) {
	vis, vargs := sc.Visibility(Module, "o.owner_id", "o.department_id")
	w := ` WHERE o.tenant_id = ? AND o.status IN (` + db.Placeholders(len(q.Statuses)) + `)` + vis
	args := []any{sc.Tenant()}
	for _, st := range q.Statuses {
		args = append(args, st)
	}
	args = append(args, vargs...)
	if q.From != "" {
		w, args = w+` AND o.order_date >= ?`, append(args, q.From)
	}
	if q.To != "" {
		w, args = w+` AND o.order_date <= ?`, append(args, q.To)
	}
	if q.CustomerID != 0 {
		w, args = w+` AND o.customer_id = ?`, append(args, q.CustomerID)
	}
	if q.WarehouseID != 0 {
		w, args = w+` AND o.warehouse_id = ?`, append(args, q.WarehouseID)
	}
	return w, args
}

// headerKey is the column an order's group is read from: every order has
// one date, customer, owner and channel, so counts of these add up when
// days fold into weeks or customers into regions.
var headerKey = map[string]string{"day": "o.order_date", "week": "o.order_date", "month": "o.order_date", "quarter": "o.order_date",
	"year": "o.order_date", "customer": "CAST(o.customer_id AS TEXT)", "region": "CAST(o.customer_id AS TEXT)",
	"owner": "coalesce(CAST(o.owner_id AS TEXT), '')", "channel": "o.channel"}

// Stats counts and sums the orders sc may see (sales.view within the data
// scope) as q groups them: periods in order, other groups the largest
// total first.
func (s *Service) Stats(ctx context.Context, sc tenant.Scope, q StatsQuery) (Stats, error) {
	if !sc.Can(tenant.P(Module, tenant.View)) {
		return Stats{}, errs.Forbidden("forbidden")
	}
	if err := q.check(); err != nil {
		return Stats{}, err
	}
	rq := db.Tenant(s.db.Read(), sc.Tenant())
	where, args := q.where(sc)
	out := Stats{Group: q.Group}
	if err := rq.Get(ctx, &out.Sum, `SELECT '' AS k, count(*) AS orders, 0 AS qty, coalesce(sum(o.subtotal), 0) AS subtotal,
		coalesce(sum(o.discount), 0) AS discount, coalesce(sum(o.tax), 0) AS tax, coalesce(sum(o.total), 0) AS total
		FROM sales_orders o`+where, args...); err != nil {
		return Stats{}, err
	}
	var err error
	if q.Group == "product" {
		out.Rows, err = s.byProduct(ctx, rq, where, args)
	} else {
		out.Rows, err = s.byHeader(ctx, sc, rq, q.Group, where, args)
	}
	if err != nil {
		return Stats{}, err
	}
	sortStats(q.Group, out.Rows)
	if q.Top > 0 && !IsPeriod(q.Group) && len(out.Rows) > q.Top {
		out.Rows = out.Rows[:q.Top]
	}
	return out, nil
}

// byHeader groups the order headers and folds the groups into the asked
// one (days into weeks, customers into regions).
func (s *Service) byHeader(ctx context.Context, sc tenant.Scope, rq db.Scoped, group, where string, args []any) ([]StatsRow, error) {
	key := headerKey[group]
	var rows []StatsRow
	if err := rq.Select(ctx, &rows, `SELECT `+key+` AS k, count(*) AS orders, 0 AS qty, sum(o.subtotal) AS subtotal,
		sum(o.discount) AS discount, sum(o.tax) AS tax, sum(o.total) AS total FROM sales_orders o`+where+` GROUP BY `+key, args...); err != nil {
		return nil, err
	}
	fold := func(k string) string { return k }
	switch {
	case IsPeriod(group):
		fold = func(k string) string { return periodKey(group, k) }
	case group == "region":
		ids := make([]int64, len(rows))
		for i, r := range rows {
			ids[i], _ = strconv.ParseInt(r.Key, 10, 64)
		}
		regions, err := s.master.CustomerRegionOf(ctx, s.db.Read(), sc.Tenant(), ids)
		if err != nil {
			return nil, err
		}
		fold = func(k string) string {
			id, _ := strconv.ParseInt(k, 10, 64)
			return regions[id]
		}
	default:
		return rows, nil
	}
	return foldRows(rows, fold), nil
}

// foldRows merges rows whose keys fold to the same group.
func foldRows(rows []StatsRow, fold func(string) string) []StatsRow {
	at := map[string]int{}
	var out []StatsRow
	for _, r := range rows {
		k := fold(r.Key)
		i, ok := at[k]
		if !ok {
			i, at[k] = len(out), len(out)
			out = append(out, StatsRow{Key: k})
		}
		out[i].add(r)
	}
	return out
}

// productLine is the lines of one product in one unit.
type productLine struct {
	Product  int64 `db:"product_id"`
	Factor   int64 `db:"factor"`
	Qty      int64 `db:"qty"`
	Amount   int64 `db:"amount"`
	Discount int64 `db:"discount"`
	Tax      int64 `db:"tax"`
}

// byProduct groups the lines by product: the orders that have it (each
// once), the quantity in base units, and the lines' amounts.
func (s *Service) byProduct(ctx context.Context, rq db.Scoped, where string, args []any) ([]StatsRow, error) {
	const from = ` FROM sales_orders o JOIN sales_order_lines l ON l.tenant_id = o.tenant_id AND l.order_id = o.id`
	var counts []StatsRow
	if err := rq.Select(ctx, &counts, `SELECT CAST(l.product_id AS TEXT) AS k, count(DISTINCT o.id) AS orders`+from+where+
		` GROUP BY l.product_id`, args...); err != nil {
		return nil, err
	}
	// Quantities by unit: the base quantity is qty × factor, multiplied in
	// Go (never two scaled columns in SQL).
	var lines []productLine
	if err := rq.Select(ctx, &lines, `SELECT l.product_id, l.factor, sum(l.qty) AS qty, sum(l.amount) AS amount,
		sum(l.discount) AS discount, sum(l.tax) AS tax`+from+where+` GROUP BY l.product_id, l.factor`, args...); err != nil {
		return nil, err
	}
	at := make(map[string]int, len(counts))
	for i, c := range counts {
		at[c.Key] = i
	}
	for _, l := range lines {
		r := &counts[at[strconv.FormatInt(l.Product, 10)]]
		if err := r.addLines(l); err != nil {
			return nil, err
		}
	}
	return counts, nil
}

// addLines adds a product's lines of one unit: base quantity, subtotal
// (before discount), discount, tax and their share of the total.
func (r *StatsRow) addLines(l productLine) error {
	base, err := money.MulDiv(l.Qty, l.Factor, 10000)
	if err != nil {
		return err
	}
	r.Qty += base
	r.Subtotal += l.Amount + l.Discount
	r.Discount += l.Discount
	r.Tax += l.Tax
	r.Total += l.Amount + l.Tax
	return nil
}

// sortStats puts periods in time order and other groups largest total
// first (then by key, so a tie has one order).
func sortStats(group string, rows []StatsRow) {
	if IsPeriod(group) {
		slices.SortFunc(rows, func(a, b StatsRow) int { return strings.Compare(a.Key, b.Key) })
		return
	}
	slices.SortFunc(rows, func(a, b StatsRow) int {
		if c := cmp.Compare(b.Total, a.Total); c != 0 {
			return c
		}
		return strings.Compare(a.Key, b.Key)
	})
}

// periodKey is the period of a date (YYYY-MM-DD): the day, ISO week
// ("2026-W01", which may belong to the year before or after), month,
// quarter or year.
func periodKey(group, date string) string {
	switch group {
	case "week":
		t, err := time.Parse(time.DateOnly, date)
		if err != nil {
			return date
		}
		y, w := t.ISOWeek()
		return strconv.Itoa(y) + "-W" + pad2(w)
	case "month":
		return date[:min(len(date), 7)]
	case "quarter":
		if len(date) < 7 {
			return date
		}
		m, _ := strconv.Atoi(date[5:7])
		return date[:4] + "-Q" + strconv.Itoa((m+2)/3)
	case "year":
		return date[:min(len(date), 4)]
	}
	return date
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
