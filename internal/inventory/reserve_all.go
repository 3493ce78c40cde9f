package inventory

import (
	"cmp"
	"context"
	"slices"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// ReserveAllTx is ReserveTx for several reservations at once (an order's
// lines, in the caller's lock order): every balance changes exactly as
// ReserveTx changes it — one conditional UPDATE each, "inventory.insufficient"
// at the first that does not fit — but the reservation rows are written in
// one statement and the reorder points read once for all lines, so an
// approval of n lines runs n+2 statements instead of 3n.
func (s *Service) ReserveAllTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, rs []Reservation) error {
	if sc.IsZero() {
		panic("inventory: reserve without a scope")
	}
	for _, r := range rs {
		if err := validReservation(r); err != nil {
			return err
		}
	}
	if len(rs) == 0 {
		return nil
	}
	q := db.Tenant(tx, sc.Tenant())
	now := db.Now()
	type key struct {
		pair
		docType       string
		docID, docLin int64
	}
	taken := map[pair]Qty{}
	rows := map[key]Qty{}
	var order []key
	for _, r := range rs {
		res, err := q.Exec(ctx, `UPDATE stock_balances SET reserved = reserved + ?, updated_at = ?
			WHERE tenant_id = ? AND product_id = ? AND warehouse_id = ? AND on_hand - reserved >= ?`,
			r.Qty, now, q.Tenant, r.ProductID, r.WarehouseID, r.Qty)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return insufficient(ctx, q, r.ProductID, r.WarehouseID, r.Qty, err)
		}
		p := pair{r.ProductID, r.WarehouseID}
		taken[p] += r.Qty
		// One row per line and place: a multi-row upsert may not touch a
		// row twice.
		k := key{p, r.DocType, r.DocID, r.DocLine}
		if _, ok := rows[k]; !ok {
			order = append(order, k)
		}
		rows[k] += r.Qty
	}
	args := make([]any, 0, len(order)*9)
	for _, k := range order {
		args = append(args, q.Tenant, k.product, k.warehouse, rows[k], k.docType, k.docID, k.docLin, now, now)
	}
	values := "(" + db.Placeholders(9) + ")"
	for range order[1:] {
		values += ", (" + db.Placeholders(9) + ")"
	}
	if _, err := q.Exec(ctx, `INSERT INTO stock_reservations (tenant_id, product_id, warehouse_id, qty, doc_type, doc_id, doc_line,
		created_at, updated_at) VALUES `+values+`
		ON CONFLICT (tenant_id, doc_type, doc_id, doc_line, product_id, warehouse_id)
		DO UPDATE SET qty = stock_reservations.qty + excluded.qty, updated_at = excluded.updated_at`, args...); err != nil {
		return err
	}
	return s.alertReservedAll(ctx, tx, sc, taken)
}

// alertReservedAll raises the alert for the places whose reservations
// (already made) took available stock under the reorder point: it was
// taken[p] higher before.
func (s *Service) alertReservedAll(ctx context.Context, tx *db.Tx, sc tenant.Scope, taken map[pair]Qty) error {
	pairs := make([]pair, 0, len(taken))
	for p := range taken {
		pairs = append(pairs, p)
	}
	after, err := s.watch(ctx, db.Tenant(tx, sc.Tenant()), pairs)
	if err != nil || len(after) == 0 {
		return err
	}
	var lows []Low
	for _, p := range pairs { // map order: sorted below
		if a, ok := after[p]; ok && a.Available+taken[p] >= a.ReorderPoint && a.Available < a.ReorderPoint {
			lows = append(lows, a)
		}
	}
	if len(lows) == 0 {
		return nil
	}
	slices.SortFunc(lows, func(a, b Low) int {
		return cmp.Or(cmp.Compare(a.ProductID, b.ProductID), cmp.Compare(a.WarehouseID, b.WarehouseID))
	})
	return s.alerter.LowStockTx(ctx, tx, sc, lows)
}
