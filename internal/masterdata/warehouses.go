package masterdata

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Warehouses (仓库).
var Warehouses = &records.Type{
	Key: "warehouses", Path: "warehouses", Module: WarehousesModule,
	Label: "warehouses.one", Plural: "warehouses.title",
	DocType: DocWarehouse, DefaultSort: "code",
	Fields: []records.Field{
		{Name: "code", Kind: records.Code, MaxLen: 32, Search: true, List: true, Sort: true, Example: "W001"},
		{Name: "name", Kind: records.Text, Required: true, MaxLen: 100, Search: true, List: true, Sort: true, Example: "杭州总仓"},
		{Name: "region", Kind: records.Dict, Dict: DictRegion, List: true},
		{Name: "address", Kind: records.Text, MaxLen: 300, Wide: true, ListHide: true},
		{Name: "manager", Kind: records.User, List: true},
		{Name: "phone", Kind: records.Phone, List: true},
		{Name: "active", Kind: records.Bool, Default: true, List: true, Filter: true},
		{Name: "notes", Kind: records.LongText, Wide: true},
	},
}

// WarehouseLocations are a warehouse's bins (库位); a code is unique within
// its warehouse, not across the tenant, so it is a Text field checked here.
var WarehouseLocations = &records.Type{
	Key: "warehouse_locations", Path: "warehouse-locations", Module: WarehousesModule,
	Label: "warehouse_locations.one", Plural: "warehouse_locations.title",
	Of: "warehouse_id", NameField: "code", DefaultSort: "code",
	Fields: []records.Field{
		{Name: "warehouse_id", Kind: records.Ref, Ref: "warehouses", Required: true, List: true},
		{Name: "code", Kind: records.Text, Required: true, MaxLen: 32, Search: true, List: true, Sort: true, Example: "A-01-01"},
		{Name: "name", Kind: records.Text, MaxLen: 100, Search: true, List: true},
		{Name: "zone", Kind: records.Text, MaxLen: 50, List: true, Example: "A区"},
		{Name: "active", Kind: records.Bool, Default: true, List: true, Filter: true},
	},
	Hooks: records.Hooks{Check: checkLocation},
}

func checkLocation(ctx context.Context, q db.Querier, sc tenant.Scope, r *records.Record, _ *records.Record) error {
	dup, err := exists(ctx, q, sc, "warehouse_locations", r.ID, "warehouse_id = ? AND code = ?", r.Int("warehouse_id"), r.String("code"))
	if err != nil || !dup {
		return err
	}
	return errs.Invalid(errs.Field("code", "warehouse_locations.code.taken"))
}
