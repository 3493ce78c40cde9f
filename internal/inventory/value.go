package inventory

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// ValueLine is the stock of a product in a warehouse and what it is worth.
type ValueLine struct {
	ProductID   int64 `json:"product_id"`
	WarehouseID int64 `json:"warehouse_id"`
	Qty         Qty   `json:"qty"`
	UnitCost    int64 `json:"unit_cost"` // the moving average, money × 10^4
	Value       int64 `json:"value"`     // money × 10^4
	// InTransit marks the line of goods shipped between warehouses and not
	// yet received (WarehouseID 0): still the company's, still valued.
	InTransit bool `json:"in_transit,omitempty"`
}

// StockValue is every product × warehouse holding stock, valued at the
// moving average: now (at = zero time) from the balance and cost tables,
// or as it was just before at, rebuilt from the ledger. A product's value
// is split over its warehouses by quantity and the rounding rest goes to
// the last one, so the lines add up to the product's company-wide value
// exactly; what is in transit between warehouses (shipped transfers not
// yet received) is the product's line with InTransit set, so the lines
// still add up to the company's value. Requires inventory.view.
func (s *Service) StockValue(ctx context.Context, sc tenant.Scope, at time.Time) ([]ValueLine, error) {
	if !sc.Can(tenant.P(Module, tenant.View)) {
		return nil, errs.Forbidden("forbidden")
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	var held []heldRow
	var costs []costRow
	var err error
	// A moment not yet come (the end of today) is now: the balances say it.
	if at.IsZero() || at.After(time.Now()) {
		if err = q.Select(ctx, &held, `SELECT product_id, warehouse_id, on_hand AS qty FROM stock_balances
			WHERE tenant_id = ? AND on_hand <> 0 ORDER BY product_id, warehouse_id`, q.Tenant); err == nil {
			err = q.Select(ctx, &costs, `SELECT product_id, qty, value FROM stock_costs WHERE tenant_id = ? AND qty <> 0`, q.Tenant)
		}
	} else {
		held, costs, err = ledgerAt(ctx, q, at)
	}
	if err != nil {
		return nil, err
	}
	byProduct := make(map[int64]Cost, len(costs))
	for _, c := range costs {
		byProduct[c.P] = c.Cost
	}
	// Products held somewhere, then those wholly in transit (a set: a
	// linear search per product was quadratic over 100,000 products).
	var order []int64
	seen := make(map[int64]bool, len(costs))
	for i, h := range held {
		if i == 0 || held[i-1].P != h.P {
			order, seen[h.P] = append(order, h.P), true
		}
	}
	for _, c := range costs {
		if !seen[c.P] {
			order, seen[c.P] = append(order, c.P), true
		}
	}
	slices.Sort(order)
	out := make([]ValueLine, 0, len(held))
	i := 0
	for _, p := range order {
		c := byProduct[p]
		avg, left, qtyLeft := c.Average(), c.Value, c.Qty
		j := i
		for j < len(held) && held[j].P == p {
			j++
		}
		for k := i; k < j; k++ {
			qtyLeft -= held[k].Qty
			v := left
			if k < j-1 || qtyLeft != 0 {
				if v, err = mulDiv(c.Value, held[k].Qty, c.Qty); err != nil {
					return nil, err
				}
				left -= v
			}
			out = append(out, ValueLine{ProductID: p, WarehouseID: held[k].W, Qty: held[k].Qty, UnitCost: avg, Value: v})
		}
		if qtyLeft != 0 { // the company holds more than its warehouses: the rest is in transit
			out = append(out, ValueLine{ProductID: p, Qty: qtyLeft, UnitCost: avg, Value: left, InTransit: true})
		}
		i = j
	}
	return out, nil
}

// ValueTotal is a group's quantity and value in a stock value report.
type ValueTotal struct {
	Key   int64 `json:"key"` // the warehouse, category or product id (0: none)
	Qty   Qty   `json:"qty"`
	Value int64 `json:"value"`
}

// Totals sums lines by key (a warehouse, a product's category…), largest
// value first.
func Totals(lines []ValueLine, key func(ValueLine) int64) []ValueTotal {
	idx := map[int64]int{}
	var out []ValueTotal
	for _, l := range lines {
		k := key(l)
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, ValueTotal{Key: k})
		}
		out[i].Qty += l.Qty
		out[i].Value += l.Value
	}
	slices.SortStableFunc(out, func(a, b ValueTotal) int { return cmp.Compare(b.Value, a.Value) })
	return out
}

// CategoryTotals are the value lines totalled by the products' category
// (key 0: no category), the largest value first.
func (s *Service) CategoryTotals(ctx context.Context, sc tenant.Scope, lines []ValueLine) ([]ValueTotal, error) {
	ids := make([]int64, len(lines))
	for i, l := range lines {
		ids[i] = l.ProductID
	}
	cats, err := s.master.ProductCategoryOf(ctx, s.db.Read(), sc.Tenant(), ids)
	if err != nil {
		return nil, err
	}
	return Totals(lines, func(l ValueLine) int64 { return cats[l.ProductID] }), nil
}

type heldRow struct {
	P   int64 `db:"product_id"`
	W   int64 `db:"warehouse_id"`
	Qty Qty   `db:"qty"`
}

type costRow struct {
	P int64 `db:"product_id"`
	Cost
}

// ledgerAt rebuilds the balances and the company-wide costs as they were
// just before at (ledgerRows: from the last snapshot before at plus the
// movements since).
func ledgerAt(ctx context.Context, q db.Scoped, at time.Time) ([]heldRow, []costRow, error) {
	rows, err := ledgerRows(ctx, q, at)
	if err != nil {
		return nil, nil, err
	}
	var held []heldRow
	var costs []costRow
	for _, r := range rows {
		if r.Qty != 0 {
			held = append(held, heldRow{P: r.P, W: r.W, Qty: r.Qty})
		}
		if n := len(costs); n > 0 && costs[n-1].P == r.P {
			costs[n-1].Qty += r.CostQty
			costs[n-1].Value += r.CostValue
		} else {
			costs = append(costs, costRow{P: r.P, Cost: Cost{Qty: r.CostQty, Value: r.CostValue}})
		}
	}
	return held, slices.DeleteFunc(costs, func(c costRow) bool { return c.Qty == 0 && c.Value == 0 }), nil
}
