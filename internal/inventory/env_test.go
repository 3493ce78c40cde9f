package inventory_test

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"testing"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/numbering"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/recordtest"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

func TestMain(m *testing.M) { recordtest.Main(m, slog.LevelWarn) }

// env is a tenant with products and warehouses and the stock ledger.
type env struct {
	t          testing.TB
	ctx        context.Context
	d          *db.DB
	inv        *inventory.Service
	recs       *records.Service
	world      *recordtest.World
	appr       *approval.Service
	admin      tenant.Scope
	products   []int64
	warehouses []int64
}

// each runs fn on SQLite and PostgreSQL with nProducts products and
// nWarehouses warehouses.
func each(t *testing.T, nProducts, nWarehouses int, fn func(t *testing.T, e *env)) {
	testdb.Each(t, func(t *testing.T, d *db.DB) { fn(t, newEnv(t, d, nProducts, nWarehouses)) },
		migrations()...)
}

// migrations are the sets inventory's tables need, in order.
func migrations() []db.MigrationSet {
	return []db.MigrationSet{records.MigrationSet(), approval.MigrationSet(), masterdata.Migrations(), inventory.Migrations()}
}

func newEnv(t testing.TB, d *db.DB, nProducts, nWarehouses int) *env {
	w := recordtest.New(t, d, recordtest.Options{
		Perms:   recordtest.Registry(records.ModuleDefs(), approval.ModuleDefs(), masterdata.ModuleDefs(), inventory.ModuleDefs()),
		Locales: []fs.FS{records.Locales(), masterdata.Locales(), inventory.Locales()},
		Types:   append(masterdata.Types(), inventory.ReorderRules), Dicts: masterdata.Dictionaries(),
	})
	e := &env{t: t, ctx: context.Background(), d: d, inv: inventory.New(d, masterdata.New(w.Records, d)), recs: w.Records, world: w,
		appr: approval.New(d)}
	e.inv.SetDocuments(numbering.New(inventory.Sequences()...), e.appr)
	e.admin = w.CreateTenant(org.TenantInput{Code: "stock", Name: "库存测试"})
	for i := 0; i < nProducts; i++ {
		r, err := w.Records.Create(e.ctx, e.admin, masterdata.Products, records.Input{
			"sku": fmt.Sprintf("P%d", i), "name": fmt.Sprintf("商品%d", i), "type": masterdata.ProductGoods, "base_unit": "pcs"})
		if err != nil {
			t.Fatal(err)
		}
		e.products = append(e.products, r.ID)
	}
	for i := 0; i < nWarehouses; i++ {
		r, err := w.Records.Create(e.ctx, e.admin, masterdata.Warehouses, records.Input{"code": fmt.Sprintf("W%d", i), "name": fmt.Sprintf("仓库%d", i)})
		if err != nil {
			t.Fatal(err)
		}
		e.warehouses = append(e.warehouses, r.ID)
	}
	return e
}

// inTxReserve reserves qty for a test order.
func (e *env) inTxReserve(p, w int64, qty inventory.Qty) error {
	return e.d.InTx(e.ctx, func(tx *db.Tx) error {
		return e.inv.ReserveTx(e.ctx, tx, e.admin, inventory.Reservation{ProductID: p, WarehouseID: w, Qty: qty, DocType: "test_order", DocID: 1})
	})
}

// user adds a user with a built-in role to the tenant.
func (e *env) user(name, role string) tenant.Scope {
	_, sc := e.world.AddUser(e.admin, recordtest.User{Username: name, DisplayName: name, Role: role})
	return sc
}

// onHand is a product's on-hand in a warehouse.
func (e *env) onHand(p, w int64) inventory.Qty {
	e.t.Helper()
	b, err := e.inv.Balance(e.ctx, e.admin, p, w)
	if err != nil {
		e.t.Fatal(err)
	}
	return b.OnHand
}

// receive posts a receipt of n units at a unit cost.
func (e *env) receive(p, w int64, n, cost int64) {
	e.t.Helper()
	if _, err := e.inv.Post(e.ctx, e.admin, inventory.Move{Kind: inventory.Receipt, ProductID: p, WarehouseID: w, Qty: inventory.Units(n),
		UnitCost: cost}); err != nil {
		e.t.Fatal(err)
	}
}

// wantCode fails unless err is a domain error of the kind and code.
func wantCode(t *testing.T, what string, err error, kind errs.Kind, code string) {
	t.Helper()
	if fe, ok := errs.As(err); !ok || fe.Kind != kind || fe.Code != code {
		t.Fatalf("%s: got %v, want %s", what, err, code)
	}
}

// auditActions are the audit actions of a record, oldest first.
func (e *env) auditActions(recordType string, id int64) []string {
	e.t.Helper()
	var out []string
	if err := db.Tenant(e.d.Read(), e.admin.Tenant()).Select(e.ctx, &out, `SELECT action FROM audit_log WHERE tenant_id = ?
		AND record_type = ? AND record_id = ? ORDER BY id`, e.admin.Tenant(), recordType, id); err != nil {
		e.t.Fatal(err)
	}
	return out
}
