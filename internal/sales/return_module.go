package sales

import (
	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/numbering"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// ReturnsModule is returns and exchanges (退换货): view, create (request a
// return of a shipped order and add photos), edit (receive, inspect,
// close), approve (decide whether a request is accepted).
const ReturnsModule = "sales_returns"

// DocReturn is the return's document type (numbering, audit, photos).
const DocReturn = "sales_return"

// returnsDef: salespeople and customer service take requests; a manager
// decides them; the warehouse receives and inspects the goods; finance
// reads them (and their refund requests).
func returnsDef() tenant.ModuleDef {
	all := []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Approve}
	return tenant.ModuleDef{Key: ReturnsModule, Actions: all, Scoped: true,
		Defaults: map[string][]tenant.Action{
			access.RoleSales:     {tenant.View, tenant.Create},
			access.RoleManager:   all,
			access.RoleWarehouse: {tenant.View, tenant.Edit},
			access.RoleFinance:   {tenant.View},
			access.RoleService:   {tenant.View, tenant.Create},
		},
		DefaultScope: map[string]tenant.DataScope{
			access.RoleSales:   tenant.ScopeOwn,
			access.RoleManager: tenant.ScopeDept,
		}}
}

// returnSequence numbers returns RT202611-00001.
var returnSequence = numbering.Sequence{DocType: DocReturn, Pattern: "RT{yyyy}{mm}-{seq:5}", Reset: numbering.ResetMonthly}
