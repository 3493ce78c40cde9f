package inventory

import (
	"context"
	"slices"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
)

// cost values a movement at the moving average and keeps the product's
// company-wide quantity and value: inbound adds qty × unit cost (its own,
// or the average when it has none); outbound removes the value in
// proportion to the quantity, so the last unit out takes what is left and
// no rounding residue stays behind; transfers are valued at the average
// and change nothing. Returns the unit cost and the signed value change.
func (s *Service) cost(ctx context.Context, q db.Scoped, m Move, signed Qty, now any) (int64, int64, error) {
	var c Cost // its row is locked already (lockCosts)
	if err := q.Get(ctx, &c, `SELECT qty, value FROM stock_costs WHERE tenant_id = ? AND product_id = ?`,
		q.Tenant, m.ProductID); err != nil {
		return 0, 0, err
	}
	avg := c.Average()
	if m.Kind.transfer() {
		v, err := valueOf(signed, avg)
		return avg, v, err
	}
	var value int64
	var err error
	unitCost := avg
	if signed > 0 {
		if m.UnitCost > 0 {
			unitCost = m.UnitCost
		}
		if value, err = valueOf(signed, unitCost); err != nil {
			return 0, 0, err
		}
	} else {
		switch {
		case c.Qty <= 0:
			value = 0
		case -signed >= c.Qty:
			value = -c.Value
		default:
			if value, err = mulDiv(c.Value, signed, c.Qty); err != nil {
				return 0, 0, err
			}
		}
	}
	res, err := q.Exec(ctx, `UPDATE stock_costs SET qty = qty + ?, value = value + ?, updated_at = ?
		WHERE tenant_id = ? AND product_id = ?`, signed, value, now, q.Tenant, m.ProductID)
	if err != nil {
		return 0, 0, err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return 0, 0, errs.Stale("inventory.cost")
	}
	return unitCost, value, nil
}

// lockCosts creates and locks the cost rows of the products, in product
// order, before any balance row: every posting takes the locks in the
// order cost(p1) < cost(p2) < … < balances, so two postings (or a posting
// and a reservation, which locks only a balance) never wait in a circle.
func lockCosts(ctx context.Context, q db.Scoped, products []int64, now any) error {
	products = slices.Clone(products)
	slices.Sort(products)
	products = slices.Compact(products)
	for _, p := range products {
		if _, err := q.Exec(ctx, `INSERT INTO stock_costs (tenant_id, product_id, qty, value, updated_at) VALUES (?, ?, 0, 0, ?)
			ON CONFLICT (tenant_id, product_id) DO NOTHING`, q.Tenant, p, now); err != nil {
			return err
		}
		var one int
		if err := q.Get(ctx, &one, `SELECT 1 FROM stock_costs WHERE tenant_id = ? AND product_id = ?`+db.ForUpdate(q), q.Tenant, p); err != nil {
			return err
		}
	}
	return nil
}
