package masterdata

import (
	"context"
	"fmt"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/mail"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/numbering"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// env is a wired tenant: the platform services, the records engine with
// master data registered and its dictionaries seeded, two staff users in a
// sales department, and a scope holding every permission.
type env struct {
	t      *testing.T
	ctx    context.Context
	d      *db.DB
	cat    *i18n.Catalog
	ids    *identity.Service
	recs   *records.Service
	svc    *Service
	tenant int64
	sc     tenant.Scope
	users  []int64
	depts  []int64
}

// each runs fn on SQLite and PostgreSQL with master data migrated.
func each(t *testing.T, fn func(t *testing.T, e *env)) {
	testdb.Each(t, func(t *testing.T, d *db.DB) { fn(t, setup(t, d)) }, records.MigrationSet(), Migrations())
}

func setup(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	cat, err := i18n.New(Locales())
	if err != nil {
		t.Fatal(err)
	}
	reg := &tenant.Registry{}
	defs := append(identity.ModuleDefs(), org.ModuleDefs()...)
	defs = append(defs, tenant.ModuleDef{Key: access.Module, Actions: []tenant.Action{tenant.View, tenant.Create, tenant.Edit, tenant.Delete}},
		tenant.ModuleDef{Key: audit.Module, Actions: []tenant.Action{tenant.View, tenant.Export}})
	defs = append(defs, records.ModuleDefs()...)
	for _, m := range append(defs, ModuleDefs()...) {
		reg.Register(m)
	}
	acc := access.New(d, reg)
	m, _ := mail.New("", "noreply@test.local")
	ids := identity.New(d, reg, acc, m, cat, identity.DefaultConfig())
	o := org.New(d, ids, acc, cat)
	var platform int64
	if err := d.Read().Get(ctx, &platform, `SELECT id FROM tenants WHERE code = ''`); err != nil {
		t.Fatal(err)
	}
	tn, err := o.CreateTenant(ctx, ids.SystemScope(platform, ""), org.TenantInput{Code: "acme", Name: "杭州测试科技有限公司",
		AdminUsername: "boss", AdminPassword: "Boss-pass-2026", AdminEmail: "boss@acme.test"})
	if err != nil {
		t.Fatalf("create tenant: %v", err)
	}
	rreg := &records.Registry{}
	Register(rreg)
	recs := records.New(d, rreg, numbering.New(Sequences()...), cat, ids)
	e := &env{t: t, ctx: ctx, d: d, cat: cat, ids: ids, recs: recs, svc: New(recs, d), tenant: tn.ID, sc: ids.SystemScope(tn.ID, "acme")}
	err = d.InTx(ctx, func(tx *db.Tx) error {
		if err := recs.SeedDicts(ctx, tx, tn.ID); err != nil {
			return err
		}
		now := db.Now()
		dept, err := db.Insert(ctx, db.Tenant(tx, tn.ID), `INSERT INTO departments (tenant_id, name, kind, sort, created_at, updated_at, version)
			VALUES (?, '销售部', 'department', 1, ?, ?, 1)`, tn.ID, now, now)
		if err != nil {
			return err
		}
		e.depts = []int64{dept, dept}
		for i := 0; i < 2; i++ {
			name := fmt.Sprintf("销售%d", i+1)
			id, err := ids.BootstrapUser(ctx, tx, e.sc, tn.ID, identity.UserInput{Username: fmt.Sprintf("sales%d", i+1),
				DisplayName: &name, DepartmentID: &dept, Password: "Sales-pass-2026"})
			if err != nil {
				return err
			}
			e.users = append(e.users, id)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seed tenant: %v", err)
	}
	return e
}

// create saves a record with the all-permissions scope and fails the test
// on an error.
func (e *env) create(ty *records.Type, in records.Input) records.Record {
	e.t.Helper()
	r, err := e.recs.Create(e.ctx, e.sc, ty, in)
	if err != nil {
		e.t.Fatalf("create %s %v: %v", ty.Key, in, err)
	}
	return r
}

func (e *env) get(ty *records.Type, id int64) records.Record {
	e.t.Helper()
	r, err := e.recs.Get(e.ctx, e.sc, ty, id)
	if err != nil {
		e.t.Fatalf("get %s %d: %v", ty.Key, id, err)
	}
	return r
}

// fieldErr asserts err is a validation error carrying field=code.
func fieldErr(t *testing.T, what string, err error, field, code string) {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.KindInvalid {
		t.Errorf("%s: got %v, want invalid %s=%s", what, err, field, code)
		return
	}
	for _, f := range e.Fields {
		if f.Field == field && f.Code == code {
			return
		}
	}
	t.Errorf("%s: got %v, want %s=%s", what, err, field, code)
}

// kindErr asserts err's kind and code.
func kindErr(t *testing.T, what string, err error, kind errs.Kind, code string) {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Kind != kind || e.Code != code {
		t.Errorf("%s: got %v, want kind %d %s", what, err, kind, code)
	}
}

func amt(s string) money.Amount { return money.MustParse(s) }

func sameAmount(a, b money.Amount) bool { return a.Decimal().Cmp(b.Decimal()) == 0 }
