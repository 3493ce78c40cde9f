package sales

import (
	"context"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/docflow"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// deliveryAction runs one status change of a delivery (deliveries.edit):
// lock, check the status and version, do, all in one transaction.
func (s *Service) deliveryAction(ctx context.Context, sc tenant.Scope, id, version int, action string,
	do func(tx *db.Tx, d Delivery) error) (Delivery, error) {
	if !sc.Can(tenant.P(DeliveriesModule, tenant.Edit)) {
		return Delivery{}, errs.Forbidden("forbidden")
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		d, err := s.lockDelivery(ctx, tx, sc, int64(id))
		if err != nil {
			return err
		}
		if err := deliveryRules.Expect(d.doc(), "sales.delivery.bad_status", version, action); err != nil {
			return err
		}
		return do(tx, d)
	})
	if err != nil {
		return Delivery{}, err
	}
	return s.GetDelivery(ctx, sc, int64(id))
}

// Pick starts picking a draft (拣货).
func (s *Service) Pick(ctx context.Context, sc tenant.Scope, id int64, version int) (Delivery, error) {
	return s.deliveryAction(ctx, sc, int(id), version, "pick", func(tx *db.Tx, d Delivery) error {
		return docflow.Move(ctx, tx, sc, d.doc(), DeliveryPicking, "pick")
	})
}

// Pack marks the picked goods packed (打包).
func (s *Service) Pack(ctx context.Context, sc tenant.Scope, id int64, version int) (Delivery, error) {
	return s.deliveryAction(ctx, sc, int(id), version, "pack", func(tx *db.Tx, d Delivery) error {
		return docflow.Move(ctx, tx, sc, d.doc(), DeliveryPacked, "pack")
	})
}

// CancelDelivery drops a delivery before it shipped, with a reason; what
// it held of the order lines is open again (the order keeps its
// reservation).
func (s *Service) CancelDelivery(ctx context.Context, sc tenant.Scope, id int64, version int, reason string) (Delivery, error) {
	reason = strings.TrimSpace(reason)
	var c errs.Collector
	if reason == "" {
		c.Add("reason", "field.required")
	}
	maxLen(&c, "reason", reason, 500)
	if err := c.Err(); err != nil {
		return Delivery{}, err
	}
	return s.deliveryAction(ctx, sc, int(id), version, "cancel", func(tx *db.Tx, d Delivery) error {
		q := db.Tenant(tx, sc.Tenant())
		if _, err := q.Exec(ctx, `UPDATE sales_deliveries SET cancel_reason = ? WHERE tenant_id = ? AND id = ?`, reason, q.Tenant, d.ID); err != nil {
			return err
		}
		return docflow.Move(ctx, tx, sc, d.doc(), DeliveryCancelled, "cancel", audit.Change{Field: "reason", After: reason})
	})
}
