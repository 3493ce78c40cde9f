package inventory_test

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"testing"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/db"
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
	return []db.MigrationSet{records.MigrationSet(), masterdata.Migrations(), inventory.Migrations()}
}

func newEnv(t testing.TB, d *db.DB, nProducts, nWarehouses int) *env {
	w := recordtest.New(t, d, recordtest.Options{
		Perms:   recordtest.Registry(records.ModuleDefs(), masterdata.ModuleDefs(), inventory.ModuleDefs()),
		Locales: []fs.FS{records.Locales(), masterdata.Locales(), inventory.Locales()},
		Types:   append(masterdata.Types(), inventory.ReorderRules), Dicts: masterdata.Dictionaries(),
	})
	e := &env{t: t, ctx: context.Background(), d: d, inv: inventory.New(d, masterdata.New(w.Records, d)), recs: w.Records}
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
