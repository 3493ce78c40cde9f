package masterdata

import (
	"embed"
	"io/fs"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/numbering"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Permission modules of master data (labels "module.<key>").
const (
	CustomersModule  = "customers"
	SuppliersModule  = "suppliers"
	ProductsModule   = "products"
	WarehousesModule = "warehouses"
	CurrenciesModule = "currencies"
)

// Numbering document types of the codes filled when left blank.
const (
	DocCustomer  = "customer"
	DocSupplier  = "supplier"
	DocProduct   = "product"
	DocWarehouse = "warehouse"
	DocPriceList = "price_list"
)

var (
	crud       = []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Delete, tenant.Export}
	crudUnmask = append(append([]tenant.Action{}, crud...), tenant.Unmask)
	viewOnly   = []tenant.Action{tenant.View}
	writer     = []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Export}
)

// ModuleDefs are master data's permissions with the built-in roles'
// defaults (admin gets everything and readonly every view without being
// named here). The dictionaries module is the engine's
// (records.ModuleDefs).
func ModuleDefs() []tenant.ModuleDef {
	return []tenant.ModuleDef{
		{Key: CustomersModule, Scoped: true, Actions: crudUnmask,
			Defaults: map[string][]tenant.Action{
				access.RoleSales:   writer,
				access.RoleManager: crudUnmask,
				access.RoleService: viewOnly,
				access.RoleFinance: viewOnly,
			},
			// Sales see their own and shared customers, managers their
			// department's; service and finance look customers up across the
			// company.
			DefaultScope: map[string]tenant.DataScope{
				access.RoleSales:   tenant.ScopeOwn,
				access.RoleManager: tenant.ScopeDept,
			}},
		{Key: SuppliersModule, Actions: crudUnmask,
			Defaults: map[string][]tenant.Action{
				access.RoleManager:   crudUnmask,
				access.RoleWarehouse: viewOnly,
				access.RoleFinance:   viewOnly,
			}},
		{Key: ProductsModule, Actions: crud,
			Defaults: map[string][]tenant.Action{
				access.RoleManager:   crud,
				access.RoleWarehouse: writer,
				access.RoleSales:     viewOnly,
				access.RoleFinance:   viewOnly,
				access.RoleService:   viewOnly,
			}},
		{Key: WarehousesModule, Actions: crud,
			Defaults: map[string][]tenant.Action{
				access.RoleWarehouse: crud,
				access.RoleManager:   viewOnly,
				access.RoleSales:     viewOnly,
				access.RoleService:   viewOnly,
			}},
		{Key: CurrenciesModule, Actions: crud,
			Defaults: map[string][]tenant.Action{
				access.RoleFinance:   crud,
				access.RoleManager:   viewOnly,
				access.RoleSales:     viewOnly,
				access.RoleWarehouse: viewOnly,
			}},
	}
}

// Types lists every master-data type in registration order: a referenced
// type comes before the types that refer to it.
func Types() []*records.Type {
	return []*records.Type{
		CustomerGroups, Customers, Contacts,
		Currencies, ExchangeRates,
		Suppliers, SupplierContacts,
		ProductCategories, Products, ProductUnits,
		PriceLists, PriceListItems,
		Warehouses, WarehouseLocations,
		Carriers, ProcessSteps,
	}
}

// Register adds master data's dictionaries and types to the engine's
// registry.
func Register(reg *records.Registry) {
	reg.AddDict(Dictionaries()...)
	reg.Add(Types()...)
}

// Sequences are the default code patterns; a tenant may change them in the
// numbering settings.
func Sequences() []numbering.Sequence {
	return []numbering.Sequence{
		{DocType: DocCustomer, Pattern: "C{seq:6}", Reset: numbering.ResetNever},
		{DocType: DocSupplier, Pattern: "V{seq:5}", Reset: numbering.ResetNever},
		{DocType: DocProduct, Pattern: "P{seq:6}", Reset: numbering.ResetNever},
		{DocType: DocWarehouse, Pattern: "W{seq:3}", Reset: numbering.ResetNever},
		{DocType: DocPriceList, Pattern: "PL{seq:4}", Reset: numbering.ResetNever},
	}
}

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations are master data's tables; they run after the platform's and
// the records engine's sets.
func Migrations() db.MigrationSet {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // the embedded folder is fixed at build time
	}
	return db.MigrationSet{Module: "masterdata", FS: sub}
}

//go:embed locales/*.toml
var localeFiles embed.FS

// Locales are master data's message catalogs, for i18n.New.
func Locales() fs.FS {
	sub, err := fs.Sub(localeFiles, "locales")
	if err != nil {
		panic(err)
	}
	return sub
}
