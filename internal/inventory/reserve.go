package inventory

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// ReserveTx holds r.Qty of a product in a warehouse for a document line,
// inside the caller's transaction (an order's approval); the caller's
// service checks its permission. It never makes available stock negative:
// the balance changes only where on_hand − reserved still covers the
// quantity (one conditional UPDATE: PostgreSQL re-checks it under the row
// lock, SQLite has one writer), else the conflict "inventory.insufficient".
func (s *Service) ReserveTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, r Reservation) error {
	if sc.IsZero() {
		panic("inventory: reserve without a scope")
	}
	if err := validReservation(r); err != nil {
		return err
	}
	q := db.Tenant(tx, sc.Tenant())
	now := db.Now()
	res, err := q.Exec(ctx, `UPDATE stock_balances SET reserved = reserved + ?, updated_at = ?
		WHERE tenant_id = ? AND product_id = ? AND warehouse_id = ? AND on_hand - reserved >= ?`,
		r.Qty, now, q.Tenant, r.ProductID, r.WarehouseID, r.Qty)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return insufficient(ctx, q, r.ProductID, r.WarehouseID, r.Qty, err)
	}
	_, err = q.Exec(ctx, `INSERT INTO stock_reservations (tenant_id, product_id, warehouse_id, qty, doc_type, doc_id, doc_line,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tenant_id, doc_type, doc_id, doc_line, product_id, warehouse_id)
		DO UPDATE SET qty = stock_reservations.qty + excluded.qty, updated_at = excluded.updated_at`,
		q.Tenant, r.ProductID, r.WarehouseID, r.Qty, r.DocType, r.DocID, r.DocLine, now, now)
	if err != nil {
		return err
	}
	return s.alertReserved(ctx, tx, sc, r)
}

// ReleaseTx gives back r.Qty of a document line's reservation (a changed
// order line); more than is reserved is the conflict
// "inventory.not_reserved".
func (s *Service) ReleaseTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, r Reservation) error {
	if sc.IsZero() {
		panic("inventory: release without a scope")
	}
	if err := validReservation(r); err != nil {
		return err
	}
	q := db.Tenant(tx, sc.Tenant())
	return takeReservation(ctx, q, r, 0, db.Now())
}

// ReleaseDocTx gives back everything still reserved for a document (an
// order cancelled or closed), in (product, warehouse) order.
func (s *Service) ReleaseDocTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, docType string, docID int64) error {
	if sc.IsZero() {
		panic("inventory: release without a scope")
	}
	q := db.Tenant(tx, sc.Tenant())
	var rs []struct {
		Product   int64 `db:"product_id"`
		Warehouse int64 `db:"warehouse_id"`
		Line      int64 `db:"doc_line"`
		Qty       Qty   `db:"qty"`
	}
	if err := q.Select(ctx, &rs, `SELECT product_id, warehouse_id, doc_line, qty FROM stock_reservations
		WHERE tenant_id = ? AND doc_type = ? AND doc_id = ? AND qty > 0 ORDER BY product_id, warehouse_id, doc_line`+db.ForUpdate(q),
		q.Tenant, docType, docID); err != nil {
		return err
	}
	now := db.Now()
	for _, x := range rs {
		r := Reservation{ProductID: x.Product, WarehouseID: x.Warehouse, Qty: x.Qty, DocType: docType, DocID: docID, DocLine: x.Line}
		if err := takeReservation(ctx, q, r, 0, now); err != nil {
			return err
		}
	}
	return nil
}

// consumeReservation is the outbound side of a reserved delivery: the
// line's reservation and the balance's reserved and on-hand all go down.
func consumeReservation(ctx context.Context, q db.Scoped, m Move, now any) error {
	r := Reservation{ProductID: m.ProductID, WarehouseID: m.WarehouseID, Qty: m.Qty, DocType: m.DocType, DocID: m.DocID, DocLine: m.DocLine}
	return takeReservation(ctx, q, r, m.Qty, now)
}

// takeReservation lowers a line's reservation and the balance's reserved
// quantity by r.Qty, and on-hand by ship.
func takeReservation(ctx context.Context, q db.Scoped, r Reservation, ship Qty, now any) error {
	res, err := q.Exec(ctx, `UPDATE stock_reservations SET qty = qty - ?, updated_at = ?
		WHERE tenant_id = ? AND doc_type = ? AND doc_id = ? AND doc_line = ? AND product_id = ? AND warehouse_id = ? AND qty >= ?`,
		r.Qty, now, q.Tenant, r.DocType, r.DocID, r.DocLine, r.ProductID, r.WarehouseID, r.Qty)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		if err != nil {
			return err
		}
		return errs.Conflict("inventory.not_reserved", "ProductID", r.ProductID, "WarehouseID", r.WarehouseID,
			"Requested", formatQty(r.Qty))
	}
	res, err = q.Exec(ctx, `UPDATE stock_balances SET reserved = reserved - ?, on_hand = on_hand - ?, updated_at = ?
		WHERE tenant_id = ? AND product_id = ? AND warehouse_id = ? AND reserved >= ? AND on_hand >= ?`,
		r.Qty, ship, now, q.Tenant, r.ProductID, r.WarehouseID, r.Qty, ship)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		if err != nil {
			return err
		}
		// The reservation row said it was held: the balance disagreeing is
		// a broken invariant, not the user's problem.
		return errs.Stale("inventory.balance_mismatch")
	}
	return nil
}

func validReservation(r Reservation) error {
	var c errs.Collector
	if r.Qty <= 0 {
		c.Add("qty", "field.positive")
	}
	if r.ProductID <= 0 {
		c.Add("product_id", "field.required")
	}
	if r.WarehouseID <= 0 {
		c.Add("warehouse_id", "field.required")
	}
	if r.DocType == "" || r.DocID <= 0 {
		c.Add("doc_id", "field.required")
	}
	return c.Err()
}
