package inventory

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// PostTx writes movements into the ledger inside the caller's transaction
// and updates the balances and the moving-average cost with them. It
// checks no permission: the calling service (a goods receipt, a delivery)
// checks its own. Any problem — a bad movement, stock that is not there —
// returns an error and the caller's transaction must roll back; nothing
// of a failed posting is kept. Not enough available stock is the conflict
// "inventory.insufficient" (HTTP 409) with the product, the warehouse and
// the available quantity.
func (s *Service) PostTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, moves ...Move) ([]Posted, error) {
	if sc.IsZero() {
		panic("inventory: post without a scope")
	}
	if err := validate(moves); err != nil {
		return nil, err
	}
	q := db.Tenant(tx, sc.Tenant())
	if err := s.checkRefs(ctx, q, moves); err != nil {
		return nil, err
	}
	// Rows are locked in a fixed order — the products' cost rows, then the
	// balances by (product, warehouse) — so postings never wait in a circle.
	order := make([]int, len(moves))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ma, mb := moves[a], moves[b]
		if ma.ProductID != mb.ProductID {
			return cmp.Compare(ma.ProductID, mb.ProductID)
		}
		return cmp.Compare(ma.WarehouseID, mb.WarehouseID)
	})
	out := make([]Posted, len(moves))
	now := db.Now()
	products := make([]int64, len(moves))
	for i, m := range moves {
		products[i] = m.ProductID
	}
	if err := lockCosts(ctx, q, products, now); err != nil {
		return nil, err
	}
	// Under the cost locks: a receipt leg may not take more than its
	// transfer has in transit.
	if err := checkTransit(ctx, q, moves); err != nil {
		return nil, err
	}
	// Read under the same locks, so two postings never both see the stock
	// above its reorder point and both raise the alert.
	watched, err := s.watch(ctx, q, pairsOf(moves))
	if err != nil {
		return nil, err
	}
	for _, i := range order {
		p, err := s.post(ctx, q, sc, moves[i], now)
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, s.alert(ctx, tx, sc, watched)
}

// validate checks the movements themselves, every problem at once.
func validate(moves []Move) error {
	var c errs.Collector
	for i, m := range moves {
		f := func(name string) string { return fmt.Sprintf("moves[%d].%s", i, name) }
		if !m.Kind.Valid() {
			c.Add(f("kind"), "field.invalid")
		}
		if m.Qty <= 0 {
			c.Add(f("qty"), "field.positive")
		}
		if m.UnitCost < 0 {
			c.Add(f("unit_cost"), "field.min", "Min", 0)
		}
		if m.ProductID <= 0 {
			c.Add(f("product_id"), "field.required")
		}
		if m.WarehouseID <= 0 {
			c.Add(f("warehouse_id"), "field.required")
		}
		if m.Reserved && (m.Kind.In() || m.DocType == "" || m.DocID == 0) {
			c.Add(f("reserved"), "inventory.reserved_needs_outbound_doc")
		}
	}
	// A transfer's legs either balance within the posting (the same
	// quantity of a product out and in) or name their transfer document:
	// a shipped transfer is in transit until its receipt posts the other
	// leg, and the document is what the in-transit quantity belongs to.
	for i, m := range moves {
		if m.Kind.transfer() && (m.DocType == "" || m.DocID == 0) && transitNet(moves, transitKey{product: m.ProductID}) != 0 {
			c.Add(fmt.Sprintf("moves[%d].qty", i), "inventory.transfer_unbalanced")
		}
	}
	return c.Err()
}

// checkRefs verifies, through master data, that the products, warehouses
// and locations are the tenant's (the foreign keys only say they exist).
func (s *Service) checkRefs(ctx context.Context, q db.Scoped, moves []Move) error {
	var products, warehouses, locations []int64
	for _, m := range moves {
		products = append(products, m.ProductID)
		warehouses = append(warehouses, m.WarehouseID)
		if m.LocationID != 0 {
			locations = append(locations, m.LocationID)
		}
	}
	ownP, err := s.master.OwnIDs(ctx, q, q.Tenant, "products", products)
	if err != nil {
		return err
	}
	ownW, err := s.master.OwnIDs(ctx, q, q.Tenant, "warehouses", warehouses)
	if err != nil {
		return err
	}
	locW, err := s.master.LocationWarehouses(ctx, q, q.Tenant, locations)
	if err != nil {
		return err
	}
	var c errs.Collector
	for i, m := range moves {
		if !ownP[m.ProductID] {
			c.Add(fmt.Sprintf("moves[%d].product_id", i), "field.unknown_ref")
		}
		if !ownW[m.WarehouseID] {
			c.Add(fmt.Sprintf("moves[%d].warehouse_id", i), "field.unknown_ref")
		}
		if m.LocationID != 0 && locW[m.LocationID] != m.WarehouseID {
			c.Add(fmt.Sprintf("moves[%d].location_id", i), "field.unknown_ref")
		}
	}
	return c.Err()
}

// post writes one movement: the balance (conditionally for outbound), the
// reservation it consumes, the company-wide cost, then the ledger row.
func (s *Service) post(ctx context.Context, q db.Scoped, sc tenant.Scope, m Move, now any) (Posted, error) {
	if err := ensureBalance(ctx, q, m.ProductID, m.WarehouseID, now); err != nil {
		return Posted{}, err
	}
	signed := m.Qty
	switch {
	case m.Kind.In():
		if _, err := q.Exec(ctx, `UPDATE stock_balances SET on_hand = on_hand + ?, updated_at = ?
			WHERE tenant_id = ? AND product_id = ? AND warehouse_id = ?`, m.Qty, now, q.Tenant, m.ProductID, m.WarehouseID); err != nil {
			return Posted{}, err
		}
	case m.Reserved:
		signed = -m.Qty
		if err := consumeReservation(ctx, q, m, now); err != nil {
			return Posted{}, err
		}
	default:
		signed = -m.Qty
		res, err := q.Exec(ctx, `UPDATE stock_balances SET on_hand = on_hand - ?, updated_at = ?
			WHERE tenant_id = ? AND product_id = ? AND warehouse_id = ? AND on_hand - reserved >= ?`,
			m.Qty, now, q.Tenant, m.ProductID, m.WarehouseID, m.Qty)
		if err != nil {
			return Posted{}, err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return Posted{}, insufficient(ctx, q, m.ProductID, m.WarehouseID, m.Qty, err)
		}
	}
	unitCost, value, err := s.cost(ctx, q, m, signed, now)
	if err != nil {
		return Posted{}, err
	}
	var loc, docID, docLine any
	if m.LocationID != 0 {
		loc = m.LocationID
	}
	if m.DocID != 0 {
		docID = m.DocID
	}
	if m.DocLine != 0 {
		docLine = m.DocLine
	}
	var actor any
	if sc.Actor() != 0 {
		actor = sc.Actor()
	}
	id, err := db.Insert(ctx, q, `INSERT INTO stock_moves (tenant_id, kind, product_id, warehouse_id, location_id, qty, unit_cost,
		value, doc_type, doc_id, doc_line, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		q.Tenant, string(m.Kind), m.ProductID, m.WarehouseID, loc, signed, unitCost, value, m.DocType, docID, docLine, m.Note, actor, now)
	if err != nil {
		return Posted{}, err
	}
	return Posted{ID: id, Move: m, Signed: signed, UnitCost: unitCost, Value: value}, nil
}

// ensureBalance creates the product × warehouse balance row on its first
// movement.
func ensureBalance(ctx context.Context, q db.Scoped, product, warehouse int64, now any) error {
	_, err := q.Exec(ctx, `INSERT INTO stock_balances (tenant_id, product_id, warehouse_id, on_hand, reserved, updated_at)
		VALUES (?, ?, ?, 0, 0, ?) ON CONFLICT (tenant_id, product_id, warehouse_id) DO NOTHING`, q.Tenant, product, warehouse, now)
	return err
}

// insufficient is the conflict of a movement or reservation that needs
// more than is available (err, when the update itself failed, wins).
func insufficient(ctx context.Context, q db.Scoped, product, warehouse int64, want Qty, err error) error {
	if err != nil {
		return err
	}
	b, err := balanceOf(ctx, q, product, warehouse)
	if err != nil {
		return err
	}
	return errs.Conflict("inventory.insufficient", "ProductID", product, "WarehouseID", warehouse,
		"Available", formatQty(b.Available()), "Requested", formatQty(want))
}
