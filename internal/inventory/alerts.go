package inventory

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Alerter hears, inside the posting's transaction, of products whose
// available stock in a warehouse just fell under their reorder point (a
// notification to the warehouse staff, wired by the app).
type Alerter interface {
	LowStockTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, lows []Low) error
}

// SetAlerter sets who hears of low stock (call while wiring).
func (s *Service) SetAlerter(a Alerter) { s.alerter = a }

type pair struct{ product, warehouse int64 }

// watch reads, before a change, the available stock of the pairs among
// moves that have an active reorder rule; nil when nobody listens.
func (s *Service) watch(ctx context.Context, q db.Scoped, pairs []pair) (map[pair]Low, error) {
	if s.alerter == nil || len(pairs) == 0 {
		return nil, nil
	}
	ps := make([]int64, len(pairs))
	want := map[pair]bool{}
	for i, p := range pairs {
		ps[i], want[p] = p.product, true
	}
	args := []any{q.Tenant}
	for _, p := range ps {
		args = append(args, p)
	}
	var rows []Low
	if err := q.Select(ctx, &rows, `SELECT r.product_id, r.warehouse_id, r.supplier_id, r.reorder_point, r.reorder_qty,
		coalesce(b.on_hand - b.reserved, 0) AS available
		FROM reorder_rules r LEFT JOIN stock_balances b ON b.tenant_id = r.tenant_id AND b.product_id = r.product_id
			AND b.warehouse_id = r.warehouse_id
		WHERE r.tenant_id = ? AND r.active = TRUE AND r.product_id IN (`+db.Placeholders(len(ps))+`)`, args...); err != nil {
		return nil, err
	}
	out := map[pair]Low{}
	for _, r := range rows {
		if k := (pair{r.ProductID, r.WarehouseID}); want[k] {
			out[k] = r
		}
	}
	return out, nil
}

// alert compares the watched pairs after the change: those that were at or
// above their reorder point and are now under it are told to the alerter.
func (s *Service) alert(ctx context.Context, tx *db.Tx, sc tenant.Scope, before map[pair]Low) error {
	if len(before) == 0 {
		return nil
	}
	pairs := make([]pair, 0, len(before))
	for k := range before {
		pairs = append(pairs, k)
	}
	after, err := s.watch(ctx, db.Tenant(tx, sc.Tenant()), pairs)
	if err != nil {
		return err
	}
	var lows []Low
	for k, b := range before {
		if a, ok := after[k]; ok && b.Available >= b.ReorderPoint && a.Available < a.ReorderPoint {
			lows = append(lows, a)
		}
	}
	if len(lows) == 0 {
		return nil
	}
	return s.alerter.LowStockTx(ctx, tx, sc, lows)
}

// pairsOf are the product × warehouse pairs a posting touches.
func pairsOf(moves []Move) []pair {
	out := make([]pair, len(moves))
	for i, m := range moves {
		out[i] = pair{m.ProductID, m.WarehouseID}
	}
	return out
}

// alertReserved raises the alert when a reservation (already made, its
// balance row locked) took available stock under the reorder point: it
// was r.Qty higher before.
func (s *Service) alertReserved(ctx context.Context, tx *db.Tx, sc tenant.Scope, r Reservation) error {
	after, err := s.watch(ctx, db.Tenant(tx, sc.Tenant()), []pair{{r.ProductID, r.WarehouseID}})
	if err != nil || len(after) == 0 {
		return err
	}
	a := after[pair{r.ProductID, r.WarehouseID}]
	if a.Available+r.Qty >= a.ReorderPoint && a.Available < a.ReorderPoint {
		return s.alerter.LowStockTx(ctx, tx, sc, []Low{a})
	}
	return nil
}
