// Package recordtest is test support, used only by tests (_test.go files):
// it wires the small application the record packages' tests (recordapi,
// recordio, recordui, jobs) run against — a permission registry, a message
// catalog, identity, access and org, optionally records.Service with the
// test's own record types, a web server — and seeds tenants and users.
// Each test package keeps its own record types, tables and messages; this
// package holds only the wiring they had in common.
package recordtest

import (
	"context"
	"io/fs"
	"log/slog"
	"os"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/mail"
	"github.com/taihe-erp/taihe/internal/platform/numbering"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Password is the password of every user this package creates.
const Password = "Test-pass-2026"

// Main runs a package's tests with the default logger at level, so the
// request log and the engine's notes do not bury a failure's output.
// Call it from TestMain.
func Main(m *testing.M, level slog.Level) {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})))
	os.Exit(m.Run())
}

// Sub is fs.Sub for a test's embedded files; it panics on a bad dir.
func Sub(f fs.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return s
}

// Registry is a permission registry with the platform's own modules
// (identity, org, access, audit), as internal/app registers them, then
// each of mods in order.
func Registry(mods ...[]tenant.ModuleDef) *tenant.Registry {
	reg := &tenant.Registry{}
	for _, m := range identity.ModuleDefs() {
		reg.Register(m)
	}
	for _, m := range org.ModuleDefs() {
		reg.Register(m)
	}
	reg.Register(tenant.ModuleDef{Key: access.Module, Actions: []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Delete}})
	reg.Register(tenant.ModuleDef{Key: audit.Module, Actions: []tenant.Action{tenant.View, tenant.Export}})
	for _, ms := range mods {
		for _, m := range ms {
			reg.Register(m)
		}
	}
	return reg
}

// Options say what a World holds beyond the platform services.
type Options struct {
	// Perms is the permission registry (Registry(...), or app.Registry in
	// tests that may import the wiring); nil means Registry().
	Perms *tenant.Registry
	// Locales are the catalog's message files.
	Locales []fs.FS
	// Types and Dicts, when Types is not empty, make a records.Service.
	Types []*records.Type
	Dicts []records.Dictionary
}

// World is the platform services over one database.
type World struct {
	T         testing.TB
	DB        *db.DB
	Cat       *i18n.Catalog
	Perms     *tenant.Registry
	Access    *access.Service
	IDs       *identity.Service
	Org       *org.Service
	Numbering *numbering.Service
	Records   *records.Service // nil without Options.Types
	Op        tenant.Scope     // the platform operator (a system scope)
}

// New wires the services on d, which has the platform's migrations and
// the test's own.
func New(t testing.TB, d *db.DB, o Options) *World {
	t.Helper()
	cat, err := i18n.New(o.Locales...)
	if err != nil {
		t.Fatal(err)
	}
	sender, err := mail.New("", "test@localhost")
	if err != nil {
		t.Fatal(err)
	}
	w := &World{T: t, DB: d, Cat: cat, Perms: o.Perms, Numbering: numbering.New()}
	if w.Perms == nil {
		w.Perms = Registry()
	}
	w.Access = access.New(d, w.Perms)
	w.IDs = identity.New(d, w.Perms, w.Access, sender, cat, identity.DefaultConfig())
	w.Org = org.New(d, w.IDs, w.Access, cat)
	if len(o.Types) > 0 {
		reg := &records.Registry{}
		reg.Add(o.Types...)
		reg.AddDict(o.Dicts...)
		w.Records = records.New(d, reg, w.Numbering, cat, w.IDs)
	}
	var platform int64
	if err := d.Read().Get(context.Background(), &platform, `SELECT id FROM tenants WHERE code = ''`); err != nil {
		t.Fatal(err)
	}
	w.Op = w.IDs.SystemScope(platform, "")
	return w
}

// Seed is a tenant SeedTenant writes.
type Seed struct {
	Code, Name string // the tenant
	// Org is what org.Seed gets (the organisation's name, the admin);
	// AdminUsername defaults to "admin" and AdminPassword to Password.
	Org   org.TenantInput
	Users []User // more users, in the root department
}

// User is a user with one built-in role (access.RoleSales…).
type User struct{ Username, DisplayName, Role string }

// SeedTenant writes a tenant the way the demo data does — in one
// transaction, under a system scope, without the operator's CreateTenant:
// org.Seed's roles, departments and admin, the record dictionaries (with
// records), then the users. It returns the tenant's id and its users' ids
// by username.
func (w *World) SeedTenant(s Seed) (int64, map[string]int64) {
	w.T.Helper()
	ctx := context.Background()
	if s.Org.AdminUsername == "" {
		s.Org.AdminUsername = "admin"
	}
	if s.Org.AdminPassword == "" {
		s.Org.AdminPassword = Password
	}
	var id int64
	err := w.DB.InTx(ctx, func(tx *db.Tx) error {
		now := db.Now()
		var err error
		id, err = db.Insert(ctx, tx, `INSERT INTO tenants (code, name, status, created_at, updated_at, version) VALUES (?, ?, 'active', ?, ?, 1)`,
			s.Code, s.Name, now, now)
		if err != nil {
			return err
		}
		roles, err := w.Org.Seed(ctx, tx, w.Op, id, s.Org)
		if err != nil {
			return err
		}
		if w.Records != nil {
			if err := w.Records.SeedDicts(ctx, tx, id); err != nil {
				return err
			}
		}
		var dept int64
		if err := db.Tenant(tx, id).Get(ctx, &dept, `SELECT id FROM departments WHERE tenant_id = ? AND parent_id IS NULL`, id); err != nil {
			return err
		}
		sc := w.IDs.SystemScope(id, s.Code)
		for _, u := range s.Users {
			name := u.DisplayName
			if _, err := w.IDs.BootstrapUser(ctx, tx, sc, id, identity.UserInput{Username: u.Username, DisplayName: &name,
				DepartmentID: &dept, Password: Password, RoleIDs: []int64{roles[u.Role]}}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		w.T.Fatalf("seed tenant %s: %v", s.Code, err)
	}
	var rows []struct {
		ID       int64  `db:"id"`
		Username string `db:"username"`
	}
	if err := db.Tenant(w.DB.Read(), id).Select(ctx, &rows, `SELECT id, username FROM users WHERE tenant_id = ?`, id); err != nil {
		w.T.Fatal(err)
	}
	users := map[string]int64{}
	for _, r := range rows {
		users[r.Username] = r.ID
	}
	return id, users
}

// CreateTenant creates a tenant as the operator does (org.CreateTenant),
// with the record dictionaries (with records), and returns its admin's
// scope. AdminUsername defaults to "boss", AdminPassword to Password and
// AdminEmail to boss@<code>.test.
func (w *World) CreateTenant(in org.TenantInput) tenant.Scope {
	w.T.Helper()
	ctx := context.Background()
	if in.AdminUsername == "" {
		in.AdminUsername = "boss"
	}
	if in.AdminPassword == "" {
		in.AdminPassword = Password
	}
	if in.AdminEmail == "" {
		in.AdminEmail = in.AdminUsername + "@" + in.Code + ".test"
	}
	tn, err := w.Org.CreateTenant(ctx, w.Op, in)
	if err != nil {
		w.T.Fatal(err)
	}
	if w.Records != nil {
		if err := w.DB.InTx(ctx, func(tx *db.Tx) error { return w.Records.SeedDicts(ctx, tx, tn.ID) }); err != nil {
			w.T.Fatal(err)
		}
	}
	var id int64
	if err := db.Tenant(w.DB.Read(), tn.ID).Get(ctx, &id, `SELECT id FROM users WHERE tenant_id = ? AND username = ?`, tn.ID, in.AdminUsername); err != nil {
		w.T.Fatal(err)
	}
	return w.Scope(tn.ID, id)
}

// AddUser creates, as admin, a user of admin's tenant with one built-in
// role and returns it and its scope.
func (w *World) AddUser(admin tenant.Scope, u User) (identity.User, tenant.Scope) {
	w.T.Helper()
	ctx := context.Background()
	rid, err := access.RoleIDByCode(ctx, w.DB.Read(), admin.Tenant(), u.Role)
	if err != nil {
		w.T.Fatal(err)
	}
	name := u.DisplayName
	user, err := w.IDs.Create(ctx, admin, identity.UserInput{Username: u.Username, DisplayName: &name, Password: Password, RoleIDs: []int64{rid}})
	if err != nil {
		w.T.Fatal(err)
	}
	return user, w.Scope(admin.Tenant(), user.ID)
}

// Scope is a user's scope, as a signed-in request would have it.
func (w *World) Scope(tenantID, userID int64) tenant.Scope {
	w.T.Helper()
	sc, err := w.IDs.ScopeOf(context.Background(), tenantID, userID)
	if err != nil {
		w.T.Fatal(err)
	}
	return sc
}

// Login signs a user in with Password and returns the session token (a
// bearer token, or the session cookie's value).
func (w *World) Login(tenantCode, username string) string {
	w.T.Helper()
	res, err := w.IDs.Login(context.Background(), identity.LoginInput{Tenant: tenantCode, Username: username, Password: Password,
		IP: "127.0.0.1", Client: "test"})
	if err != nil {
		w.T.Fatalf("login %s/%s: %v", tenantCode, username, err)
	}
	return res.Token
}
