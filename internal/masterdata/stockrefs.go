package masterdata

import (
	"context"
	"slices"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
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
	in, args := idList(tenantID, ids)
	var found []int64
	err := db.Tenant(q, tenantID).Select(ctx, &found, "SELECT id FROM "+table+" WHERE tenant_id = ? AND id IN ("+in+")", args...)
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
	in, args := idList(tenantID, ids)
	var rows []struct {
		ID        int64 `db:"id"`
		Warehouse int64 `db:"warehouse_id"`
	}
	err := db.Tenant(q, tenantID).Select(ctx, &rows, "SELECT id, warehouse_id FROM warehouse_locations WHERE tenant_id = ? AND id IN ("+in+")",
		args...)
	for _, r := range rows {
		out[r.ID] = r.Warehouse
	}
	return out, err
}

// Titles are the code and name of products, warehouses, suppliers or
// customers (by table name) among ids that sc may see, for other modules' pages.
func (s *Service) Titles(ctx context.Context, sc tenant.Scope, table string, ids []int64) (map[int64]records.Titled, error) {
	return s.recs.Titles(ctx, sc, typeOf(table), ids)
}

// WarehouseChoices are the tenant's active warehouses by code, for a
// filter or a form (empty without warehouses.view).
func (s *Service) WarehouseChoices(ctx context.Context, sc tenant.Scope) ([]records.Titled, error) {
	if !sc.Can(tenant.P(WarehousesModule, tenant.View)) {
		return nil, nil
	}
	page, err := s.recs.List(ctx, sc, Warehouses, list.Query{Sort: "code", Limit: list.MaxLimit, Filters: map[string]string{"active": "true"}})
	if err != nil {
		return nil, err
	}
	out := make([]records.Titled, len(page.Items))
	for i, r := range page.Items {
		out[i] = records.Titled{ID: r.ID, Code: r.String("code"), Name: r.String("name")}
	}
	return out, nil
}

// idList is the placeholders and arguments (the tenant first) of the
// distinct ids: a posting of many lines names the same products again.
func idList(tenantID int64, ids []int64) (string, []any) {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	args := make([]any, 0, len(ids)+1)
	args = append(args, tenantID)
	for _, id := range ids {
		args = append(args, id)
	}
	return db.Placeholders(len(ids)), args
}

func typeOf(table string) *records.Type {
	switch table {
	case "products":
		return Products
	case "warehouses":
		return Warehouses
	case "suppliers":
		return Suppliers
	case "customers":
		return Customers
	case "product_categories":
		return ProductCategories
	}
	panic("masterdata: no titles of " + table)
}

// ProductByBarcode is the id of the tenant's product with the barcode (a
// stock count's scan field), 0 when none has it.
func (s *Service) ProductByBarcode(ctx context.Context, q db.Querier, tenantID int64, barcode string) (int64, error) {
	var ids []int64
	err := db.Tenant(q, tenantID).Select(ctx, &ids, `SELECT id FROM products WHERE tenant_id = ? AND barcode = ?`, tenantID, barcode)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	return ids[0], nil
}

// CategoryProducts are the tenant's products in a category or any
// category under it (a stock count of one category).
func (s *Service) CategoryProducts(ctx context.Context, q db.Querier, tenantID, categoryID int64) ([]int64, error) {
	var ids []int64
	err := db.Tenant(q, tenantID).Select(ctx, &ids, `WITH RECURSIVE tree(id) AS (
			SELECT id FROM product_categories WHERE tenant_id = ? AND id = ?
			UNION ALL SELECT c.id FROM product_categories c JOIN tree ON c.parent_id = tree.id WHERE c.tenant_id = ?)
		SELECT id FROM products WHERE tenant_id = ? AND category_id IN (SELECT id FROM tree) ORDER BY id`,
		tenantID, categoryID, tenantID, tenantID)
	return ids, err
}

// CategoryChoices are the tenant's product categories by code, for a
// form (empty without products.view).
func (s *Service) CategoryChoices(ctx context.Context, sc tenant.Scope) ([]records.Titled, error) {
	if !sc.Can(tenant.P(ProductsModule, tenant.View)) {
		return nil, nil
	}
	page, err := s.recs.List(ctx, sc, ProductCategories, list.Query{Sort: "code", Limit: list.MaxLimit})
	if err != nil {
		return nil, err
	}
	out := make([]records.Titled, len(page.Items))
	for i, r := range page.Items {
		out[i] = records.Titled{ID: r.ID, Code: r.String("code"), Name: r.String("name")}
	}
	return out, nil
}

// ProductCategoryOf is the category of each of the tenant's products among
// ids (0: none), for reports that total by category.
func (s *Service) ProductCategoryOf(ctx context.Context, q db.Querier, tenantID int64, ids []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := idList(tenantID, ids)
	var rows []struct {
		ID       int64  `db:"id"`
		Category *int64 `db:"category_id"`
	}
	err := db.Tenant(q, tenantID).Select(ctx, &rows, "SELECT id, category_id FROM products WHERE tenant_id = ? AND id IN ("+in+")", args...)
	for _, r := range rows {
		if r.Category != nil {
			out[r.ID] = *r.Category
		}
	}
	return out, err
}
