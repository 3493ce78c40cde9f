package app

import (
	"context"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/notify"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/purchasing"
)

// approvalNotes hands approval's notices to notify: the two platform
// packages do not import each other.
type approvalNotes struct{ n *notify.Service }

func (a approvalNotes) SendTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, users []int64, n approval.Notice) error {
	return a.n.SendTx(ctx, tx, sc, users, notify.Note{Key: n.Key, Params: n.Params, Href: n.Href})
}

// lowStockNotes tells the people who can reorder (purchasing.create) that
// a product fell under its reorder point, inside the posting's
// transaction; the inventory module knows nothing of users or notes.
type lowStockNotes struct{ a *App }

func (l lowStockNotes) LowStockTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, lows []inventory.Low) error {
	q := db.Tenant(tx, sc.Tenant())
	var users []int64
	if err := q.Select(ctx, &users, `SELECT DISTINCT u.id FROM users u
		JOIN user_roles ur ON ur.tenant_id = u.tenant_id AND ur.user_id = u.id
		JOIN role_permissions rp ON rp.tenant_id = ur.tenant_id AND rp.role_id = ur.role_id
		WHERE u.tenant_id = ? AND u.status = 'active' AND u.kind = 'staff' AND rp.perm = ?`,
		q.Tenant, string(tenant.P(purchasing.Module, tenant.Create))); err != nil || len(users) == 0 {
		return err
	}
	var ps, ws []int64
	for _, l := range lows {
		ps, ws = append(ps, l.ProductID), append(ws, l.WarehouseID)
	}
	pn, err := l.a.Master.Titles(ctx, sc, "products", ps)
	if err != nil {
		return err
	}
	wn, err := l.a.Master.Titles(ctx, sc, "warehouses", ws)
	if err != nil {
		return err
	}
	for _, low := range lows {
		if err := l.a.Notify.SendTx(ctx, tx, sc, users, notify.Note{Key: "inventory.low_stock_note",
			Params: map[string]any{"Product": records.TitleOf(pn, low.ProductID), "Warehouse": records.TitleOf(wn, low.WarehouseID),
				"Available": money.FromScaled(low.Available).Decimal().Trim(0).String(),
				"Point":     money.FromScaled(low.ReorderPoint).Decimal().Trim(0).String()},
			Href: "/"}); err != nil {
			return err
		}
	}
	return nil
}
