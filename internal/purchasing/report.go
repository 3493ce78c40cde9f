package purchasing

import (
	"context"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// SummaryRow is one group of the purchase summary: what was ordered
// (orders past draft, not cancelled) and what of it arrived and stayed.
type SummaryRow struct {
	Key      string `db:"k"` // supplier or product id, or the month "2026-12"
	Orders   int    `db:"orders"`
	Qty      int64  `db:"qty"` // by product only: in the lines' units
	Amount   int64  `db:"amount"`
	Tax      int64  `db:"tax"`
	Received int64  `db:"received"` // net value kept
}

// SummaryGroups are the ways the summary groups.
var SummaryGroups = []string{"supplier", "product", "month"}

// Summary is the purchase summary by supplier, product or month of the
// order date, from..to inclusive (YYYY-MM-DD; empty = open), the largest
// amount first (months in order). Requires purchasing.view; the data scope
// applies.
func (s *Service) Summary(ctx context.Context, sc tenant.Scope, group, from, to string) ([]SummaryRow, error) {
	if !sc.Can(tenant.P(Module, tenant.View)) {
		return nil, errs.Forbidden("forbidden")
	}
	var c errs.Collector
	for name, v := range map[string]string{"from": from, "to": to} {
		if _, err := time.Parse(time.DateOnly, v); v != "" && err != nil {
			c.Add(name, "field.invalid")
		}
	}
	key, order := "", " ORDER BY amount DESC, k"
	switch group {
	case "supplier":
		key = "o.supplier_id"
	case "product":
		key = "l.product_id"
	case "month", "":
		group, key, order = "month", "substr(o.order_date, 1, 7)", " ORDER BY k"
	default:
		c.Add("group", "field.invalid")
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	vis, vargs := sc.Visibility(Module, "o.owner_id", "o.department_id")
	where := ` WHERE o.tenant_id = ? AND o.status NOT IN (?, ?)` + vis
	args := append([]any{q.Tenant, Draft, Cancelled}, vargs...)
	if from != "" {
		where, args = where+` AND o.order_date >= ?`, append(args, from)
	}
	if to != "" {
		where, args = where+` AND o.order_date <= ?`, append(args, to)
	}
	qty := "0"
	if group == "product" {
		qty = "sum(l.qty)"
	}
	var out []SummaryRow
	err := q.Select(ctx, &out, `SELECT CAST(`+key+` AS TEXT) AS k, count(DISTINCT o.id) AS orders, `+qty+` AS qty,
		sum(l.amount) AS amount, sum(l.tax) AS tax, sum(l.received_amount) AS received
		FROM purchase_orders o JOIN purchase_order_lines l ON l.tenant_id = o.tenant_id AND l.order_id = o.id`+where+
		` GROUP BY `+key+order, args...)
	return out, err
}
