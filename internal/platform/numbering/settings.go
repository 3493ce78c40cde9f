package numbering

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// settingsView and settingsConfigure guard tenant settings ("settings" is
// registered by identity).
var (
	settingsView      = tenant.P("settings", tenant.View)
	settingsConfigure = tenant.P("settings", tenant.Configure)
)

// Settings lists the caller tenant's patterns for the settings page and API
// (settings.view).
func (s *Service) Settings(ctx context.Context, d *db.DB, sc tenant.Scope) ([]Sequence, error) {
	if !sc.Can(settingsView) {
		return nil, errs.Forbidden("forbidden")
	}
	return s.List(ctx, d.Read(), sc.Tenant())
}

// ConfigureAudited is the administrator's way to change a pattern: it checks
// settings.configure and writes the before/after to the audit trail in the
// same transaction.
func (s *Service) ConfigureAudited(ctx context.Context, d *db.DB, sc tenant.Scope, seq Sequence) error {
	if !sc.Can(settingsConfigure) {
		return errs.Forbidden("forbidden")
	}
	return d.InTx(ctx, func(tx *db.Tx) error {
		before, err := s.Get(ctx, tx, sc.Tenant(), seq.DocType)
		if err != nil && errs.KindOf(err) != errs.KindNotFound {
			return err
		}
		if err := s.Configure(ctx, tx, sc.Tenant(), seq); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, "numbering.configure", "number_sequence", 0, audit.Diff(before, seq)...)
	})
}
