package masterdata

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
)

// ProcessStepTerms is what a quotation's route needs of a process step
// (工序): its name and cost rate per rate unit (hour, minute or piece).
type ProcessStepTerms struct {
	ID       int64  `db:"id"`
	Name     string `db:"name"`
	CostRate int64  `db:"cost_rate"`
	RateUnit string `db:"rate_unit"`
	Active   bool   `db:"active"`
}

// ProcessStepTerms reads the tenant's process steps among ids inside the
// caller's transaction (another tenant's is simply not there).
func (s *Service) ProcessStepTerms(ctx context.Context, q db.Querier, tenantID int64, ids []int64) (map[int64]ProcessStepTerms, error) {
	out := map[int64]ProcessStepTerms{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := idList(tenantID, ids)
	var ps []ProcessStepTerms
	if err := db.Tenant(q, tenantID).Select(ctx, &ps, `SELECT id, name, cost_rate, rate_unit, active FROM process_steps
		WHERE tenant_id = ? AND id IN (`+in+`)`, args...); err != nil {
		return nil, err
	}
	for _, p := range ps {
		out[p.ID] = p
	}
	return out, nil
}
