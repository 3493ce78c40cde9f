// Package adminapi is the JSON API of the platform's own features: sign-in,
// "me", tenants, departments, users, roles, audit log and settings. Each
// handler decodes, calls one service method and returns its result.
package adminapi

import (
	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/notify"
	"github.com/taihe-erp/taihe/internal/platform/numbering"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// Services are the platform services the handlers call; the pages
// (adminui) take the same set.
type Services struct {
	DB        *db.DB
	IDs       *identity.Service
	Access    *access.Service
	Org       *org.Service
	Numbering *numbering.Service
	// Approval and Notify are optional: without them their operations and
	// pages are not registered.
	Approval *approval.Service
	Notify   *notify.Service
	// AuditSensitive are the audit fields shown masked without the owning
	// module's unmask permission: users' and every record type's phones.
	// Empty means the users' only.
	AuditSensitive []audit.Sensitive
}

// Sensitive is the masking rule set of the audit log.
func (s Services) Sensitive() []audit.Sensitive {
	if len(s.AuditSensitive) == 0 {
		return identity.SensitiveAuditFields
	}
	return s.AuditSensitive
}

// Register adds every platform operation to the API.
func Register(api *web.API, srv *web.Server, s Services) {
	h := &handlers{Services: s, Server: srv}
	h.auth(api)
	h.me(api)
	h.tenants(api)
	h.departments(api)
	h.users(api)
	h.roles(api)
	h.auditLog(api)
	h.settings(api)
	if s.Approval != nil {
		h.approvalRules(api)
		h.approvals(api)
	}
}

type handlers struct {
	Services
	Server *web.Server
}

// Empty is an operation without a body.
type Empty struct{}

// IDPath is a record id in the path.
type IDPath struct {
	ID int64 `path:"id" minimum:"1"`
}
