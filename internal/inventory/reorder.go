package inventory

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

var zero = int64(0)

// ReorderRules (库存预警) say, per product and warehouse, the available
// quantity under which stock is low (reorder point) and how much to order
// then, from which supplier. A record type: its list, form, API and
// import come from the records engine.
var ReorderRules = &records.Type{
	Key: "reorder_rules", Path: "reorder-rules", Module: Module, Menu: "menu.inventory",
	Label: "reorder_rules.one", Plural: "reorder_rules.title", NameField: "note",
	Fields: []records.Field{
		{Name: "product_id", Kind: records.Ref, Ref: "products", Required: true, List: true, Filter: true},
		{Name: "warehouse_id", Kind: records.Ref, Ref: "warehouses", Required: true, List: true, Filter: true},
		{Name: "reorder_point", Kind: records.Decimal, Required: true, Min: &zero, List: true, Example: "20"},
		{Name: "reorder_qty", Kind: records.Decimal, Required: true, Min: &zero, List: true, Example: "100"},
		{Name: "supplier_id", Kind: records.Ref, Ref: "suppliers", List: true},
		{Name: "active", Kind: records.Bool, Default: true, List: true, Filter: true},
		{Name: "note", Kind: records.Text, MaxLen: 200},
	},
	Hooks: records.Hooks{Check: checkReorderRule},
}

// checkReorderRule keeps one rule per product and warehouse and a
// positive order quantity.
func checkReorderRule(ctx context.Context, q db.Querier, sc tenant.Scope, r *records.Record, _ *records.Record) error {
	var c errs.Collector
	if a, ok := r.Values["reorder_qty"].(money.Amount); ok && a.Decimal().Sign() <= 0 {
		c.Add("reorder_qty", "field.positive")
	}
	var n int
	if err := db.Tenant(q, sc.Tenant()).Get(ctx, &n, `SELECT count(*) FROM reorder_rules WHERE tenant_id = ? AND product_id = ?
		AND warehouse_id = ? AND id <> ?`, sc.Tenant(), r.Int("product_id"), r.Int("warehouse_id"), r.ID); err != nil {
		return err
	}
	if n > 0 {
		c.Add("warehouse_id", "reorder_rules.taken")
	}
	return c.Err()
}

// Low is a product whose available stock in a warehouse is under its
// reorder point.
type Low struct {
	ProductID    int64  `db:"product_id"`
	WarehouseID  int64  `db:"warehouse_id"`
	SupplierID   *int64 `db:"supplier_id"`
	Available    Qty    `db:"available"`
	ReorderPoint Qty    `db:"reorder_point"`
	ReorderQty   Qty    `db:"reorder_qty"`
}

// LowStock lists the active reorder rules whose available stock is below
// the reorder point, the furthest below first (at most limit). Requires
// inventory.view.
func (s *Service) LowStock(ctx context.Context, sc tenant.Scope, limit int) ([]Low, error) {
	if !sc.Can(tenant.P(Module, tenant.View)) {
		return nil, errs.Forbidden("forbidden")
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	var out []Low
	err := q.Select(ctx, &out, `SELECT r.product_id, r.warehouse_id, r.supplier_id, r.reorder_point, r.reorder_qty,
		coalesce(b.on_hand - b.reserved, 0) AS available
		FROM reorder_rules r LEFT JOIN stock_balances b ON b.tenant_id = r.tenant_id AND b.product_id = r.product_id
			AND b.warehouse_id = r.warehouse_id
		WHERE r.tenant_id = ? AND r.active = TRUE AND coalesce(b.on_hand - b.reserved, 0) < r.reorder_point
		ORDER BY coalesce(b.on_hand - b.reserved, 0) - r.reorder_point, r.id LIMIT ?`, q.Tenant, limit)
	return out, err
}

// Register adds inventory's record types to the engine's registry (after
// master data's, which they refer to).
func Register(reg *records.Registry) { reg.Add(ReorderRules) }
