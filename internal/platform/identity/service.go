// Package identity owns people and how they prove who they are: users,
// passwords and policy, sign-in with lockout and rate limits, TOTP, password
// reset by mail, sessions and personal API tokens. It turns a token into a
// tenant.Scope for the web layer.
package identity

import (
	"time"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/mail"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Module is the permission module of user administration.
const Module = "users"

// Config holds the sign-in limits that are not per tenant.
type Config struct {
	// LoginPerIPPerMinute limits sign-in attempts from one address.
	LoginPerIPPerMinute int
	// SessionMaxAge bounds a cookie session however active it is.
	SessionMaxAge time.Duration
	// ScopeCacheTTL is how long a resolved session is reused without a
	// database read; changes made on this server purge it at once.
	ScopeCacheTTL time.Duration
	// MailFrom is the sender of password-reset mail.
	MailFrom string
}

// DefaultConfig is used by serve unless flags say otherwise.
func DefaultConfig() Config {
	return Config{LoginPerIPPerMinute: 30, SessionMaxAge: 7 * 24 * time.Hour, ScopeCacheTTL: 5 * time.Second}
}

// Service is the identity API.
type Service struct {
	db       *db.DB
	reg      *tenant.Registry
	access   *access.Service
	mail     *mail.Sender
	cat      *i18n.Catalog
	cfg      Config
	limiter  *ipLimiter
	cache    *scopeCache
	reassign []Reassignable
	now      func() time.Time
}

// New wires the service.
func New(d *db.DB, reg *tenant.Registry, acc *access.Service, m *mail.Sender, cat *i18n.Catalog, cfg Config) *Service {
	return &Service{
		db: d, reg: reg, access: acc, mail: m, cat: cat, cfg: cfg,
		limiter: newIPLimiter(cfg.LoginPerIPPerMinute),
		cache:   newScopeCache(cfg.ScopeCacheTTL),
		now:     func() time.Time { return time.Now().UTC() },
	}
}

// ModuleDefs are the permissions identity registers.
func ModuleDefs() []tenant.ModuleDef {
	return []tenant.ModuleDef{
		{Key: Module, Scoped: true, Actions: []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Export, tenant.Unmask},
			Defaults: map[string][]tenant.Action{access.RoleManager: {tenant.View}}},
		{Key: SettingsModule, Actions: []tenant.Action{tenant.View, tenant.Configure}},
	}
}

// SensitiveAuditFields are the user fields the audit log shows masked to
// readers without users.unmask.
var SensitiveAuditFields = []audit.Sensitive{
	{RecordType: "user", Field: "phone", Perm: tenant.P(Module, tenant.Unmask), Mask: access.MaskPhone},
}

// PurgeCache forgets every cached session scope (after role or user changes
// made outside this service).
func (s *Service) PurgeCache() { s.cache.purge() }
