package sales

import (
	"context"
	"strconv"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// CustomerHistory is a customer's last months of orders (网上订货's 历史单据
// 查询 with its 品牌汇总): every month of the window, empty ones too, and
// the totals per brand of the products bought.
type CustomerHistory struct {
	CustomerID int64
	From, To   string // the window: the first day of the first month .. today
	Months     []StatsRow
	Brands     []StatsRow // Key: brand code, "" for products without one
	Sum        StatsRow
}

// maxHistoryMonths bounds the window.
const maxHistoryMonths = 36

// CustomerHistory is the customer's orders sc may see over the last months
// (12 when 0), counted like Stats (statuses empty = the default).
func (s *Service) CustomerHistory(ctx context.Context, sc tenant.Scope, customerID int64, months int, statuses []string) (CustomerHistory, error) {
	if !sc.Can(tenant.P(Module, tenant.View)) {
		return CustomerHistory{}, errs.Forbidden("forbidden")
	}
	if months == 0 {
		months = 12
	}
	var c errs.Collector
	if months < 1 || months > maxHistoryMonths {
		c.Add("months", "sales.stats_months_range", "Max", maxHistoryMonths)
	}
	if customerID == 0 {
		c.Add("customer_id", "field.required")
	} else if _, ok, err := s.master.CustomerTerms(ctx, s.db.Read(), sc.Tenant(), customerID); err != nil {
		return CustomerHistory{}, err
	} else if !ok {
		c.Add("customer_id", "field.unknown")
	}
	if err := c.Err(); err != nil {
		return CustomerHistory{}, err
	}
	now := time.Now().In(i18n.Location)
	first := time.Date(now.Year(), now.Month()-time.Month(months-1), 1, 0, 0, 0, 0, i18n.Location)
	q := StatsQuery{Group: "month", From: first.Format(time.DateOnly), To: now.Format(time.DateOnly), Statuses: statuses, CustomerID: customerID}
	if err := q.check(); err != nil { // statuses: the default when none
		return CustomerHistory{}, err
	}
	st, err := s.Stats(ctx, sc, q)
	if err != nil {
		return CustomerHistory{}, err
	}
	h := CustomerHistory{CustomerID: customerID, From: q.From, To: q.To, Sum: st.Sum}
	got := map[string]StatsRow{}
	for _, r := range st.Rows {
		got[r.Key] = r
	}
	for m := first; !m.After(now); m = m.AddDate(0, 1, 0) {
		k := m.Format("2006-01")
		r := got[k]
		r.Key = k
		h.Months = append(h.Months, r)
	}
	h.Brands, err = s.byBrand(ctx, sc, q)
	return h, err
}

// byBrand totals the lines of the selection by the product's brand; an
// order counts once per brand however many of its lines carry it.
func (s *Service) byBrand(ctx context.Context, sc tenant.Scope, q StatsQuery) ([]StatsRow, error) {
	rq := db.Tenant(s.db.Read(), sc.Tenant())
	where, args := q.where(sc)
	var lines []struct {
		Order int64 `db:"order_id"`
		productLine
	}
	if err := rq.Select(ctx, &lines, `SELECT o.id AS order_id, l.product_id, l.factor, sum(l.qty) AS qty, sum(l.amount) AS amount,
		sum(l.discount) AS discount, sum(l.tax) AS tax FROM sales_orders o
		JOIN sales_order_lines l ON l.tenant_id = o.tenant_id AND l.order_id = o.id`+where+
		` GROUP BY o.id, l.product_id, l.factor`, args...); err != nil {
		return nil, err
	}
	ids := make([]int64, len(lines))
	for i, l := range lines {
		ids[i] = l.Product
	}
	brands, err := s.master.ProductBrandOf(ctx, s.db.Read(), sc.Tenant(), ids)
	if err != nil {
		return nil, err
	}
	at := map[string]int{}
	seen := map[string]bool{} // brand + order
	var out []StatsRow
	for _, l := range lines {
		b := brands[l.Product]
		i, ok := at[b]
		if !ok {
			i, at[b] = len(out), len(out)
			out = append(out, StatsRow{Key: b})
		}
		if k := b + "\x00" + strconv.FormatInt(l.Order, 10); !seen[k] {
			seen[k] = true
			out[i].Orders++
		}
		if err := out[i].addLines(l.productLine); err != nil {
			return nil, err
		}
	}
	sortStats("brand", out)
	return out, nil
}
