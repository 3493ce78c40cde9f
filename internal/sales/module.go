package sales

import (
	"embed"
	"io/fs"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/numbering"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Module is sales orders: view, create and edit, delete drafts, export.
// Approving is the approval rules' business (an approver needs only to see
// the order).
const Module = "sales"

// DocOrder is the sales order's document type: numbering, approval, audit
// and the stock reservations it holds.
const DocOrder = "sales_order"

// DeliveriesModule is deliveries (发货单): view, create from approved
// orders, edit (pick, pack, ship, record tracking and receipt, cancel),
// export. Its data scope follows the orders' salesperson and department.
const DeliveriesModule = "deliveries"

// DocDelivery is the delivery's document type (numbering, audit).
const DocDelivery = "sales_delivery"

// QuoteModule is the quotations' permissions (报价): view, create, edit
// (submit, send, record the customer's answer), delete drafts. Reviewing is
// the approval rules' business.
const QuoteModule = "quotations"

// DocQuote is the quotation's document type.
const DocQuote = "sales_quote"

// ModuleDefs are sales's permissions. Orders carry a salesperson (owner)
// and department: the sales role sees its own, a manager the department's.
func ModuleDefs() []tenant.ModuleDef {
	orders := []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Delete, tenant.Export}
	quotes := []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Delete}
	return []tenant.ModuleDef{
		{Key: Module, Actions: orders, Scoped: true,
			Defaults: map[string][]tenant.Action{
				access.RoleSales:     orders,
				access.RoleManager:   orders,
				access.RoleWarehouse: {tenant.View},
				access.RoleFinance:   {tenant.View, tenant.Export},
				access.RoleService:   {tenant.View},
			},
			DefaultScope: map[string]tenant.DataScope{
				access.RoleSales:   tenant.ScopeOwn,
				access.RoleManager: tenant.ScopeDept,
			}},
		deliveriesDef(),
		promotionsDef(),
		returnsDef(),
		{Key: QuoteModule, Actions: quotes, Scoped: true,
			Defaults: map[string][]tenant.Action{
				access.RoleSales:   quotes,
				access.RoleManager: quotes,
				access.RoleFinance: {tenant.View},
			},
			DefaultScope: map[string]tenant.DataScope{
				access.RoleSales:   tenant.ScopeOwn,
				access.RoleManager: tenant.ScopeDept,
			}},
	}
}

// deliveriesDef: the warehouse picks, packs and ships; sales create
// deliveries of their own orders and follow them.
func deliveriesDef() tenant.ModuleDef {
	all := []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Export}
	return tenant.ModuleDef{Key: DeliveriesModule, Actions: all, Scoped: true,
		Defaults: map[string][]tenant.Action{
			access.RoleSales:     {tenant.View, tenant.Create},
			access.RoleManager:   all,
			access.RoleWarehouse: all,
			access.RoleFinance:   {tenant.View, tenant.Export},
			access.RoleService:   {tenant.View},
		},
		DefaultScope: map[string]tenant.DataScope{
			access.RoleSales:   tenant.ScopeOwn,
			access.RoleManager: tenant.ScopeDept,
		}}
}

// Sequences are the default document numbers.
func Sequences() []numbering.Sequence {
	return []numbering.Sequence{{DocType: DocOrder, Pattern: "SO{yyyy}{mm}-{seq:5}", Reset: numbering.ResetMonthly},
		{DocType: DocDelivery, Pattern: "DO{yyyy}{mm}-{seq:5}", Reset: numbering.ResetMonthly},
		returnSequence,

		{DocType: DocQuote, Pattern: "QT{yyyy}{mm}-{seq:5}", Reset: numbering.ResetMonthly}}
}

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations are sales's tables; they run after master data's and
// inventory's.
func Migrations() db.MigrationSet {
	sub, _ := fs.Sub(migrationFiles, "migrations") // a fixed embedded folder: no error
	return db.MigrationSet{Module: "sales", FS: sub}
}

//go:embed locales/*.toml
var localeFiles embed.FS

// Locales are sales's message catalogs.
func Locales() fs.FS {
	sub, _ := fs.Sub(localeFiles, "locales")
	return sub
}

//go:embed views
var viewFiles embed.FS

// Views are sales's page templates.
func Views() fs.FS {
	sub, _ := fs.Sub(viewFiles, "views")
	return sub
}
