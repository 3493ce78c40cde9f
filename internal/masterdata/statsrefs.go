package masterdata

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// CustomerRegionOf is the region code of each of the tenant's customers
// among ids ("" when none is set), for reports that total by region.
func (s *Service) CustomerRegionOf(ctx context.Context, q db.Querier, tenantID int64, ids []int64) (map[int64]string, error) {
	return s.codeOf(ctx, q, tenantID, "customers", "region", ids)
}

// ProductBrandOf is the brand code of each of the tenant's products among
// ids ("" when none is set), for reports that total by brand.
func (s *Service) ProductBrandOf(ctx context.Context, q db.Querier, tenantID int64, ids []int64) (map[int64]string, error) {
	return s.codeOf(ctx, q, tenantID, "products", "brand", ids)
}

// codeOf reads one dictionary-code column of a master-data table (the
// table and column are fixed by the callers above, never user input).
func (s *Service) codeOf(ctx context.Context, q db.Querier, tenantID int64, table, col string, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	// 500 at a time: a report may name thousands of customers.
	for len(ids) > 0 {
		n := min(len(ids), 500)
		in, args := idList(tenantID, ids[:n])
		ids = ids[n:]
		var rows []struct {
			ID   int64   `db:"id"`
			Code *string `db:"code"`
		}
		if err := db.Tenant(q, tenantID).Select(ctx, &rows, "SELECT id, "+col+" AS code FROM "+table+" WHERE tenant_id = ? AND id IN ("+in+")",
			args...); err != nil {
			return nil, err
		}
		for _, r := range rows {
			out[r.ID] = ""
			if r.Code != nil {
				out[r.ID] = *r.Code
			}
		}
	}
	return out, nil
}

// DictLabels are the labels of a dictionary's items (inactive ones too: a
// report names what old records hold) in sc's language, by code.
func (s *Service) DictLabels(ctx context.Context, sc tenant.Scope, dict string) (map[string]string, error) {
	opts, err := s.recs.DictOptions(ctx, sc, dict, true)
	out := make(map[string]string, len(opts))
	for _, o := range opts {
		out[o.Code] = o.Label
	}
	return out, err
}
