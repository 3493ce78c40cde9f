package inventory

import (
	"context"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Movement is a ledger row with the balance after it.
type Movement struct {
	ID          int64     `db:"id"`
	Kind        Kind      `db:"kind"`
	ProductID   int64     `db:"product_id"`
	WarehouseID int64     `db:"warehouse_id"`
	Qty         Qty       `db:"qty"` // signed
	UnitCost    int64     `db:"unit_cost"`
	Value       int64     `db:"value"`
	DocType     string    `db:"doc_type"`
	DocID       *int64    `db:"doc_id"`
	Note        string    `db:"note"`
	CreatedBy   *int64    `db:"created_by"`
	CreatedAt   time.Time `db:"created_at"`
	// Balance is the product's on-hand in the warehouse after this row.
	Balance Qty `db:"-"`
}

// MaxMovesPage is the most movements one page returns.
const MaxMovesPage = 200

// Movements lists a product's movements in a warehouse, newest first, each
// with the running balance after it, in pages: before is the id the
// previous page ended at (0: the newest). The balance comes from the
// on-hand minus the movements after the row — one indexed sum, whatever
// the page. Requires inventory.view.
func (s *Service) Movements(ctx context.Context, sc tenant.Scope, productID, warehouseID, before int64, limit int) ([]Movement, error) {
	if !sc.Can(tenant.P(Module, tenant.View)) {
		return nil, errs.Forbidden("forbidden")
	}
	if limit <= 0 || limit > MaxMovesPage {
		limit = MaxMovesPage
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	cond, args := "", []any{q.Tenant, productID, warehouseID}
	if before > 0 {
		cond, args = " AND id < ?", append(args, before)
	}
	var out []Movement
	if err := q.Select(ctx, &out, `SELECT id, kind, product_id, warehouse_id, qty, unit_cost, value, doc_type, doc_id, note,
		created_by, created_at FROM stock_moves WHERE tenant_id = ? AND product_id = ? AND warehouse_id = ?`+cond+`
		ORDER BY id DESC LIMIT ?`, append(args, limit)...); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	// Balance after the newest row of the page: everything up to it.
	var bal Qty
	if err := q.Get(ctx, &bal, `SELECT coalesce(sum(qty), 0) FROM stock_moves
		WHERE tenant_id = ? AND product_id = ? AND warehouse_id = ? AND id <= ?`, q.Tenant, productID, warehouseID, out[0].ID); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Balance = bal
		bal -= out[i].Qty
	}
	return out, nil
}

// Balances lists the balances of a warehouse or of a product (0: any),
// by product then warehouse, 500 at a time after the row (afterProduct,
// afterWarehouse) a previous page ended at. Requires inventory.view.
func (s *Service) Balances(ctx context.Context, sc tenant.Scope, productID, warehouseID, afterProduct, afterWarehouse int64) ([]Balance, error) {
	if !sc.Can(tenant.P(Module, tenant.View)) {
		return nil, errs.Forbidden("forbidden")
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	cond, args := "", []any{q.Tenant}
	if productID != 0 {
		cond, args = cond+" AND product_id = ?", append(args, productID)
	}
	if warehouseID != 0 {
		cond, args = cond+" AND warehouse_id = ?", append(args, warehouseID)
	}
	if afterProduct != 0 {
		cond, args = cond+" AND (product_id > ? OR (product_id = ? AND warehouse_id > ?))", append(args, afterProduct, afterProduct, afterWarehouse)
	}
	var out []Balance
	err := q.Select(ctx, &out, `SELECT product_id, warehouse_id, on_hand, reserved FROM stock_balances
		WHERE tenant_id = ?`+cond+` ORDER BY product_id, warehouse_id LIMIT 500`, args...)
	return out, err
}
