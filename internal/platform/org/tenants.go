// Package org keeps tenants (the operator's business) and each tenant's
// organisation tree: company → departments/branches → teams.
package org

import (
	"context"
	"regexp"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Tenant statuses.
const (
	TenantActive    = "active"
	TenantSuspended = "suspended"
)

// Tenant is one enterprise.
type Tenant struct {
	ID        int64     `db:"id" json:"id"`
	Code      string    `db:"code" json:"code"`
	Name      string    `db:"name" json:"name"`
	Status    string    `db:"status" json:"status"`
	Users     int       `db:"users" json:"users" audit:"-"`
	CreatedAt time.Time `db:"created_at" json:"created_at" audit:"-"`
	UpdatedAt time.Time `db:"updated_at" json:"updated_at" audit:"-"`
	Version   int       `db:"version" json:"version" audit:"-"`
}

// Service manages tenants and departments.
type Service struct {
	db       *db.DB
	ids      *identity.Service
	acc      *access.Service
	cat      *i18n.Catalog
	onCreate []func(ctx context.Context, tx *db.Tx, tenantID int64) error
}

// OnTenantCreate adds a step to every new tenant's seeding, run inside the
// creating transaction (a module's tenant data, e.g. dictionaries). Call it
// while wiring.
func (s *Service) OnTenantCreate(fn func(ctx context.Context, tx *db.Tx, tenantID int64) error) {
	s.onCreate = append(s.onCreate, fn)
}

// New wires the service.
func New(d *db.DB, ids *identity.Service, acc *access.Service, cat *i18n.Catalog) *Service {
	return &Service{db: d, ids: ids, acc: acc, cat: cat}
}

var codePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,31}$`)

// TenantInput creates a tenant with its first administrator.
type TenantInput struct {
	Code          string `json:"code"`
	Name          string `json:"name"`
	AdminUsername string `json:"admin_username"`
	AdminName     string `json:"admin_name"`
	AdminEmail    string `json:"admin_email"`
	AdminPassword string `json:"admin_password"`
}

func operatorOnly(sc tenant.Scope) error {
	if !sc.IsOperator() {
		return errs.Forbidden("forbidden")
	}
	return nil
}

// ListTenants lists every tenant (operator only).
func (s *Service) ListTenants(ctx context.Context, sc tenant.Scope) ([]Tenant, error) {
	if err := operatorOnly(sc); err != nil {
		return nil, err
	}
	var out []Tenant
	// Cross-tenant by design: this is the operator's view, not tenant data.
	err := s.db.Read().Select(ctx, &out, `SELECT t.id, t.code, t.name, t.status, t.created_at, t.updated_at, t.version,
		(SELECT count(*) FROM users u WHERE u.tenant_id = t.id) AS users FROM tenants t WHERE t.code <> '' ORDER BY t.id`)
	if out == nil {
		out = []Tenant{}
	}
	return out, err
}

// GetTenant returns one tenant (operator only).
func (s *Service) GetTenant(ctx context.Context, sc tenant.Scope, id int64) (Tenant, error) {
	if err := operatorOnly(sc); err != nil {
		return Tenant{}, err
	}
	return getTenant(ctx, s.db.Read(), id)
}

func getTenant(ctx context.Context, q db.Querier, id int64) (Tenant, error) {
	var t Tenant
	err := q.Get(ctx, &t, `SELECT t.id, t.code, t.name, t.status, t.created_at, t.updated_at, t.version,
		(SELECT count(*) FROM users u WHERE u.tenant_id = t.id) AS users FROM tenants t WHERE t.id = ? AND t.code <> ''`, id)
	if db.IsNoRows(err) {
		return Tenant{}, errs.NotFound("not_found")
	}
	return t, err
}

// CreateTenant makes a tenant with its company department, security policy,
// built-in roles and first admin, in one transaction (operator only).
func (s *Service) CreateTenant(ctx context.Context, sc tenant.Scope, in TenantInput) (Tenant, error) {
	if err := operatorOnly(sc); err != nil {
		return Tenant{}, err
	}
	in.Code = strings.ToLower(strings.TrimSpace(in.Code))
	in.Name = strings.TrimSpace(in.Name)
	var c errs.Collector
	if in.Code == "" {
		c.Add("code", "field.required")
	} else if !codePattern.MatchString(in.Code) {
		c.Add("code", "tenants.code_format")
	}
	if in.Name == "" {
		c.Add("name", "field.required")
	}
	if strings.TrimSpace(in.AdminUsername) == "" {
		c.Add("admin_username", "field.required")
	}
	if in.AdminPassword == "" {
		c.Add("admin_password", "field.required")
	}
	if err := c.Err(); err != nil {
		return Tenant{}, err
	}
	var out Tenant
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := db.Now()
		id, err := db.Insert(ctx, tx, `INSERT INTO tenants (code, name, status, created_at, updated_at, version) VALUES (?, ?, 'active', ?, ?, 1)`,
			in.Code, in.Name, now, now)
		if db.IsUniqueViolation(err) {
			return errs.Invalid(errs.Field("code", "tenants.code_taken"))
		}
		if err != nil {
			return err
		}
		if _, err := s.Seed(ctx, tx, sc, id, in); err != nil {
			return err
		}
		if out, err = getTenant(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, "tenant.create", "tenant", id, audit.Diff(Tenant{}, out)...)
	})
	return out, err
}

// Seed fills a new tenant: company department, policy, roles, admin user.
// It returns the built-in role ids by code.
func (s *Service) Seed(ctx context.Context, tx *db.Tx, sc tenant.Scope, tenantID int64, in TenantInput) (map[string]int64, error) {
	now := db.Now()
	dept, err := db.Insert(ctx, db.Tenant(tx, tenantID), `INSERT INTO departments (tenant_id, parent_id, name, kind, sort, created_at, updated_at, version)
		VALUES (?, NULL, ?, 'company', 0, ?, ?, 1)`, tenantID, in.Name, now, now)
	if err != nil {
		return nil, err
	}
	if err := s.ids.EnsurePolicy(ctx, tx, tenantID); err != nil {
		return nil, err
	}
	roles, err := s.acc.SeedBuiltinRoles(ctx, tx, tenantID, func(code string) string { return s.cat.T(i18n.Default, "role."+code, nil) })
	if err != nil {
		return nil, err
	}
	name := in.AdminName
	if name == "" {
		name = in.AdminUsername
	}
	email := in.AdminEmail
	_, err = s.ids.BootstrapUser(ctx, tx, sc, tenantID, identity.UserInput{
		Username: strings.TrimSpace(in.AdminUsername), DisplayName: &name, Email: &email, DepartmentID: &dept,
		Password: in.AdminPassword, RoleIDs: []int64{roles[access.RoleAdmin]},
	})
	if perr, ok := errs.As(err); ok && perr.Kind == errs.KindInvalid {
		for i := range perr.Fields {
			if !strings.HasPrefix(perr.Fields[i].Field, "admin_") {
				perr.Fields[i].Field = "admin_" + perr.Fields[i].Field
			}
		}
	}
	if err != nil {
		return roles, err
	}
	for _, fn := range s.onCreate {
		if err := fn(ctx, tx, tenantID); err != nil {
			return roles, err
		}
	}
	return roles, nil
}

// SetTenantStatus suspends or resumes a tenant (operator only). A suspended
// tenant's users cannot sign in and their sessions stop resolving.
func (s *Service) SetTenantStatus(ctx context.Context, sc tenant.Scope, id int64, version int, status string) (Tenant, error) {
	if err := operatorOnly(sc); err != nil {
		return Tenant{}, err
	}
	if status != TenantActive && status != TenantSuspended {
		return Tenant{}, errs.Invalid(errs.Field("status", "field.invalid"))
	}
	var out Tenant
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := getTenant(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Version != version {
			return errs.Stale("stale")
		}
		if before.Status == status {
			return errs.Conflict("tenants.status_unchanged")
		}
		if _, err := tx.Exec(ctx, `UPDATE tenants SET status = ?, updated_at = ?, version = version + 1 WHERE id = ?`, status, db.Now(), id); err != nil {
			return err
		}
		if out, err = getTenant(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, "tenant."+status, "tenant", id, audit.Change{Field: "status", Before: before.Status, After: status})
	})
	if err == nil {
		s.ids.PurgeCache()
	}
	return out, err
}
