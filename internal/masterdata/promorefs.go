package masterdata

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
)

// PromoTerms is what the promotion engine needs beyond CustomerTerms: the
// customer's member level (tier) and, per product, its category with the
// categories above it (a promotion on a category covers its subcategories).
type PromoTerms struct {
	CustomerLevel string
	Categories    map[int64][]int64 // product → its category and ancestors, nearest first
}

// PromoTerms reads them inside the caller's transaction; a customer or
// product of another tenant is simply not there.
func (s *Service) PromoTerms(ctx context.Context, q db.Querier, tenantID, customerID int64, productIDs []int64) (PromoTerms, error) {
	tq := db.Tenant(q, tenantID)
	out := PromoTerms{Categories: map[int64][]int64{}}
	var levels []string
	if err := tq.Select(ctx, &levels, `SELECT coalesce(level, '') FROM customers WHERE tenant_id = ? AND id = ?`, tenantID,
		customerID); err != nil {
		return out, err
	}
	if len(levels) > 0 {
		out.CustomerLevel = levels[0]
	}
	if len(productIDs) == 0 {
		return out, nil
	}
	in, args := idList(tenantID, productIDs)
	var ps []struct {
		ID       int64  `db:"id"`
		Category *int64 `db:"category_id"`
	}
	if err := tq.Select(ctx, &ps, `SELECT id, category_id FROM products WHERE tenant_id = ? AND id IN (`+in+`)`, args...); err != nil {
		return out, err
	}
	// Parents level by level (the tree is at most four deep,
	// ProductCategories.MaxDepth; the bound also stops a damaged cycle).
	parent := map[int64]*int64{}
	var todo []int64
	for _, p := range ps {
		if p.Category != nil {
			todo = append(todo, *p.Category)
		}
	}
	for depth := 0; len(todo) > 0 && depth < 8; depth++ {
		in, args := idList(tenantID, todo)
		var cs []struct {
			ID     int64  `db:"id"`
			Parent *int64 `db:"parent_id"`
		}
		if err := tq.Select(ctx, &cs, `SELECT id, parent_id FROM product_categories WHERE tenant_id = ? AND id IN (`+in+`)`,
			args...); err != nil {
			return out, err
		}
		todo = todo[:0]
		for _, c := range cs {
			parent[c.ID] = c.Parent
			if c.Parent != nil {
				if _, seen := parent[*c.Parent]; !seen {
					todo = append(todo, *c.Parent)
				}
			}
		}
	}
	for _, p := range ps {
		var chain []int64
		for c := p.Category; c != nil && len(chain) < 8; c = parent[*c] {
			chain = append(chain, *c)
		}
		out.Categories[p.ID] = chain
	}
	return out, nil
}
