package inventory

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
)

// ReorderRule is a product's active reorder rule in a warehouse, for the
// purchasing shortcut that orders it; ok is false when there is none.
func (s *Service) ReorderRule(ctx context.Context, q db.Querier, tenantID, productID, warehouseID int64) (Low, bool, error) {
	var out []Low
	err := db.Tenant(q, tenantID).Select(ctx, &out, `SELECT r.product_id, r.warehouse_id, r.supplier_id, r.reorder_point, r.reorder_qty,
		coalesce(b.on_hand - b.reserved, 0) AS available
		FROM reorder_rules r LEFT JOIN stock_balances b ON b.tenant_id = r.tenant_id AND b.product_id = r.product_id
			AND b.warehouse_id = r.warehouse_id
		WHERE r.tenant_id = ? AND r.product_id = ? AND r.warehouse_id = ? AND r.active = TRUE`, tenantID, productID, warehouseID)
	if err != nil || len(out) == 0 {
		return Low{}, false, err
	}
	return out[0], true, nil
}
