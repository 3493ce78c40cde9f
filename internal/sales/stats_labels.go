package sales

import (
	"context"
	"strconv"

	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// StatsLabels names the keys of a grouping that are records or dictionary
// items: customers and products ("code name", or #id when sc may not see
// them), salespeople, regions and brands (in sc's language). Periods and
// channels are their own names; "" (none) is left out.
func (s *Service) StatsLabels(ctx context.Context, sc tenant.Scope, group string, keys []string) (map[string]string, error) {
	out := map[string]string{}
	ids := make([]int64, 0, len(keys))
	for _, k := range keys {
		if id, err := strconv.ParseInt(k, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	switch group {
	case "customer", "product":
		table := map[string]string{"customer": "customers", "product": "products"}[group]
		names, err := s.master.Titles(ctx, sc, table, ids)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			out[strconv.FormatInt(id, 10)] = records.TitleOf(names, id)
		}
	case "owner":
		names, err := s.userNames(ctx, sc, ids)
		if err != nil {
			return nil, err
		}
		for id, n := range names {
			out[strconv.FormatInt(id, 10)] = n
		}
	case "region", "brand":
		dict := map[string]string{"region": masterdata.DictRegion, "brand": masterdata.DictProductBrand}[group]
		labels, err := s.master.DictLabels(ctx, sc, dict)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			if l, ok := labels[k]; ok {
				out[k] = l
			}
		}
	}
	return out, nil
}

// userNames are the display names of the tenant's users among ids
// (inactive ones too: a report names who sold). Users are the platform's
// table; their names are all sales reads of it.
func (s *Service) userNames(ctx context.Context, sc tenant.Scope, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := append([]any{q.Tenant}, toAny(ids[:n])...)
		var rows []Handler
		if err := q.Select(ctx, &rows, `SELECT id, display_name FROM users WHERE tenant_id = ? AND id IN (`+db.Placeholders(n)+`)`,
			args...); err != nil {
			return nil, err
		}
		ids = ids[n:]
		for _, r := range rows {
			out[r.ID] = r.Name
		}
	}
	return out, nil
}
