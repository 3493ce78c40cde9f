package masterdata

import (
	"context"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/db"
)

// OwnIDs returns which of ids are rows of the tenant in one of master
// data's tables ("products", "warehouses"): other modules keep foreign keys
// to them and check, inside their own transaction, that a posted id is the
// tenant's and not merely some row.
func (s *Service) OwnIDs(ctx context.Context, q db.Querier, tenantID int64, table string, ids []int64) (map[int64]bool, error) {
	switch table {
	case "products", "warehouses":
	default:
		panic("masterdata: OwnIDs of " + table)
	}
	out := map[int64]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{tenantID}
	for _, id := range ids {
		args = append(args, id)
	}
	var found []int64
	err := db.Tenant(q, tenantID).Select(ctx, &found, "SELECT id FROM "+table+" WHERE tenant_id = ? AND id IN ("+
		strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")+")", args...)
	for _, id := range found {
		out[id] = true
	}
	return out, err
}

// LocationWarehouses returns the warehouse of each of the tenant's
// locations among ids (a location not there is left out).
func (s *Service) LocationWarehouses(ctx context.Context, q db.Querier, tenantID int64, ids []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{tenantID}
	for _, id := range ids {
		args = append(args, id)
	}
	var rows []struct {
		ID        int64 `db:"id"`
		Warehouse int64 `db:"warehouse_id"`
	}
	err := db.Tenant(q, tenantID).Select(ctx, &rows, "SELECT id, warehouse_id FROM warehouse_locations WHERE tenant_id = ? AND id IN ("+
		strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")+")", args...)
	for _, r := range rows {
		out[r.ID] = r.Warehouse
	}
	return out, err
}
