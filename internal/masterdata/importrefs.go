package masterdata

import (
	"context"
	"slices"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// refKeys are the two columns a file may name a record of a table by, the
// first winning: a customer by code or name, a warehouse by code or name,
// a product by SKU or barcode.
var refKeys = map[string][2]string{"customers": {"code", "name"}, "warehouses": {"code", "name"}, "products": {"sku", "barcode"}}

// refChunk bounds the values of one IN (…) list.
const refChunk = 500

// MatchRefs finds the records of table ("customers", "warehouses",
// "products") that sc may see and that each of values names: the one whose
// first key column equals it, else every one whose second does (more than
// one: the name is ambiguous, the caller asks for the code). A value naming
// nothing is absent from the map. Another module's import (sales orders)
// resolves the names in a file this way, inside its transaction.
func (s *Service) MatchRefs(ctx context.Context, q db.Querier, sc tenant.Scope, table string, values []string) (map[string][]int64, error) {
	keys, ok := refKeys[table]
	if !ok {
		panic("masterdata: MatchRefs of " + table)
	}
	values = slices.Compact(slices.Sorted(slices.Values(values)))
	vis, vargs := s.recs.Visible(sc, typeOf(table), "t")
	tq := db.Tenant(q, sc.Tenant())
	first, second := map[string]int64{}, map[string][]int64{}
	for part := range slices.Chunk(values, refChunk) {
		ph := db.Placeholders(len(part))
		args := []any{sc.Tenant()}
		for range 2 {
			for _, v := range part {
				args = append(args, v)
			}
		}
		var rows []struct {
			ID     int64   `db:"id"`
			First  *string `db:"k1"`
			Second *string `db:"k2"`
		}
		if err := tq.Select(ctx, &rows, "SELECT t.id, t."+keys[0]+" AS k1, t."+keys[1]+" AS k2 FROM "+table+
			" t WHERE t.tenant_id = ? AND (t."+keys[0]+" IN ("+ph+") OR t."+keys[1]+" IN ("+ph+"))"+vis+" ORDER BY t.id",
			append(args, vargs...)...); err != nil {
			return nil, err
		}
		for _, r := range rows {
			if r.First != nil {
				first[*r.First] = r.ID
			}
			if r.Second != nil {
				second[*r.Second] = append(second[*r.Second], r.ID)
			}
		}
	}
	out := make(map[string][]int64, len(values))
	for _, v := range values {
		if id, ok := first[v]; ok {
			out[v] = []int64{id}
		} else if ids := second[v]; len(ids) > 0 {
			out[v] = ids
		}
	}
	return out, nil
}
