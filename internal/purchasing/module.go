package purchasing

import (
	"embed"
	"io/fs"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/numbering"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Module is purchase orders: view, create and edit drafts, delete drafts,
// export; approving is the approval rules' business (an approver needs
// only to see the order).
const Module = "purchasing"

// Receiving is goods receipts and returns, usually the warehouse's job.
const Receiving = "receiving"

// Document types: numbering, approval and the ledger's source documents.
const (
	DocOrder   = "purchase_order"
	DocReceipt = "purchase_receipt"
	DocReturn  = "purchase_return"
)

// ModuleDefs are purchasing's permissions. Orders carry a buyer (owner) and
// department, so a role may see only its own.
func ModuleDefs() []tenant.ModuleDef {
	orders := []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Delete, tenant.Export}
	return []tenant.ModuleDef{
		{Key: Module, Actions: orders, Scoped: true,
			Defaults: map[string][]tenant.Action{
				access.RoleManager:   orders,
				access.RoleWarehouse: {tenant.View, tenant.Create, tenant.Edit, tenant.Export},
				access.RoleFinance:   {tenant.View, tenant.Export},
			}},
		{Key: Receiving, Actions: []tenant.Action{tenant.View, tenant.Create},
			Defaults: map[string][]tenant.Action{
				access.RoleManager:   {tenant.View, tenant.Create},
				access.RoleWarehouse: {tenant.View, tenant.Create},
				access.RoleFinance:   {tenant.View},
			}},
	}
}

// Sequences are the default document numbers.
func Sequences() []numbering.Sequence {
	return []numbering.Sequence{
		{DocType: DocOrder, Pattern: "PO{yyyy}{mm}-{seq:5}", Reset: numbering.ResetMonthly},
		{DocType: DocReceipt, Pattern: "GR{yyyy}{mm}-{seq:5}", Reset: numbering.ResetMonthly},
		{DocType: DocReturn, Pattern: "PR{yyyy}{mm}-{seq:5}", Reset: numbering.ResetMonthly},
	}
}

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations are purchasing's tables; they run after inventory's.
func Migrations() db.MigrationSet {
	sub, _ := fs.Sub(migrationFiles, "migrations") // a fixed embedded folder: no error
	return db.MigrationSet{Module: "purchasing", FS: sub}
}

//go:embed locales/*.toml
var localeFiles embed.FS

// Locales are purchasing's message catalogs.
func Locales() fs.FS {
	sub, _ := fs.Sub(localeFiles, "locales")
	return sub
}

//go:embed views
var viewFiles embed.FS

// Views are purchasing's page templates.
func Views() fs.FS {
	sub, _ := fs.Sub(viewFiles, "views")
	return sub
}
