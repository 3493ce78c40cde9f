// Package approval is the platform's approval rules: per tenant and
// document type, ordered rules with conditions on the document's fields
// decide whether a submission needs approval and by which levels of
// approvers (a role, or named users; any one or all of them). Documents
// (purchase orders, adjustments, sales orders, quotations, refunds,
// contracts) call Submit, Decide and Withdraw inside their own state-change
// transaction; the request, the approvers' tasks and every decision are
// rows here, and each step is audited.
package approval

import (
	"embed"
	"io/fs"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Module is the permission module: view (the inbox of others' requests
// is always one's own; view lists a document's approval history),
// configure (edit the rules).
const Module = "approvals"

// ModuleDefs are the approval permissions.
func ModuleDefs() []tenant.ModuleDef {
	return []tenant.ModuleDef{{Key: Module, Actions: []tenant.Action{tenant.View, tenant.Configure},
		Defaults: map[string][]tenant.Action{access.RoleManager: {tenant.View}, access.RoleFinance: {tenant.View},
			access.RoleWarehouse: {tenant.View}, access.RoleSales: {tenant.View}}}}
}

// Service keeps rules and requests.
type Service struct {
	db       *db.DB
	docs     handlers
	notifier Notifier
}

// New builds the service.
func New(d *db.DB) *Service { return &Service{db: d} }

//go:embed migrations/*.sql
var migrationFiles embed.FS

// MigrationSet is the approval tables.
func MigrationSet() db.MigrationSet {
	sub, _ := fs.Sub(migrationFiles, "migrations")
	return db.MigrationSet{Module: "approval", FS: sub}
}

//go:embed locales/*.toml
var localeFiles embed.FS

// Locales are the approval messages.
func Locales() fs.FS {
	sub, _ := fs.Sub(localeFiles, "locales")
	return sub
}
