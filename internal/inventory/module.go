package inventory

import (
	"embed"
	"io/fs"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// ModuleDefs are inventory's permissions: view stock; create, edit and
// delete its records (reorder rules, later adjustments, transfers,
// counts); approve approves adjustments.
func ModuleDefs() []tenant.ModuleDef {
	all := []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Delete, tenant.Approve, tenant.Export}
	return []tenant.ModuleDef{{Key: Module, Actions: all,
		Defaults: map[string][]tenant.Action{
			access.RoleWarehouse: {tenant.View, tenant.Create, tenant.Edit, tenant.Delete, tenant.Export},
			access.RoleManager:   all,
			access.RoleSales:     {tenant.View},
			access.RoleFinance:   {tenant.View, tenant.Export},
		}}}
}

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations are inventory's tables; they run after master data's.
func Migrations() db.MigrationSet {
	sub, _ := fs.Sub(migrationFiles, "migrations") // a fixed embedded folder: no error
	return db.MigrationSet{Module: "inventory", FS: sub}
}

//go:embed locales/*.toml
var localeFiles embed.FS

// Locales are inventory's message catalogs, for i18n.New.
func Locales() fs.FS {
	sub, _ := fs.Sub(localeFiles, "locales")
	return sub
}
