package inventory

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// auditExport checks inventory.export and records that sc exported rows
// of a stock report ("stock", "stock-moves", "stock-value", "low-stock").
func (s *Service) auditExport(ctx context.Context, sc tenant.Scope, what string, rows int) error {
	if !sc.Can(tenant.P(Module, tenant.Export)) {
		return errs.Forbidden("forbidden")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		return audit.Record(ctx, tx, sc, "inventory.export", what, 0, audit.Change{Field: "rows", After: rows})
	})
}
