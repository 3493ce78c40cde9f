package purchasing_test

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
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/numbering"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/recordtest"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
	"github.com/taihe-erp/taihe/internal/purchasing"
)

func TestMain(m *testing.M) { recordtest.Main(m, slog.LevelWarn) }

// env is a tenant with suppliers, products, warehouses, the ledger, the
// approval rules and purchasing, and users of the built-in roles.
type env struct {
	t                        testing.TB
	ctx                      context.Context
	d                        *db.DB
	w                        *recordtest.World
	svc                      *purchasing.Service
	inv                      *inventory.Service
	appr                     *approval.Service
	admin, buyer, mgr, fin   tenant.Scope
	suppliers, products, whs []int64
}

func each(t *testing.T, fn func(t *testing.T, e *env)) {
	testdb.Each(t, func(t *testing.T, d *db.DB) { fn(t, newEnv(t, d)) },
		records.MigrationSet(), approval.MigrationSet(), masterdata.Migrations(), inventory.Migrations(), purchasing.Migrations())
}

func newEnv(t testing.TB, d *db.DB) *env {
	w := recordtest.New(t, d, recordtest.Options{
		Perms: recordtest.Registry(records.ModuleDefs(), approval.ModuleDefs(), masterdata.ModuleDefs(), inventory.ModuleDefs(),
			purchasing.ModuleDefs()),
		Locales: []fs.FS{records.Locales(), approval.Locales(), masterdata.Locales(), inventory.Locales(), purchasing.Locales()},
		Types:   append(masterdata.Types(), inventory.ReorderRules), Dicts: masterdata.Dictionaries(),
	})
	md := masterdata.New(w.Records, d)
	e := &env{t: t, ctx: context.Background(), d: d, w: w, appr: approval.New(d)}
	e.inv = inventory.New(d, md)
	e.svc = purchasing.New(d, md, e.inv, e.appr, numbering.New(purchasing.Sequences()...))
	e.admin = w.CreateTenant(org.TenantInput{Code: "buy", Name: "采购测试"})
	_, e.buyer = w.AddUser(e.admin, recordtest.User{Username: "buyer1", DisplayName: "采购员", Role: "warehouse"})
	_, e.mgr = w.AddUser(e.admin, recordtest.User{Username: "mgr1", DisplayName: "经理", Role: "manager"})
	_, e.fin = w.AddUser(e.admin, recordtest.User{Username: "fin1", DisplayName: "财务", Role: "finance"})
	for i := 0; i < 2; i++ {
		e.suppliers = append(e.suppliers, e.create(masterdata.Suppliers, records.Input{"code": fmt.Sprintf("V%d", i),
			"name": fmt.Sprintf("供应商%d", i), "status": masterdata.SupplierApproved}))
	}
	for i := 0; i < 5; i++ {
		e.products = append(e.products, e.create(masterdata.Products, records.Input{"sku": fmt.Sprintf("P%d", i),
			"name": fmt.Sprintf("商品%d", i), "type": masterdata.ProductGoods, "base_unit": "pcs", "standard_cost": "10", "tax_rate": "13"}))
	}
	for i := 0; i < 2; i++ {
		e.whs = append(e.whs, e.create(masterdata.Warehouses, records.Input{"code": fmt.Sprintf("W%d", i), "name": fmt.Sprintf("仓库%d", i)}))
	}
	return e
}

func (e *env) create(t *records.Type, in records.Input) int64 {
	e.t.Helper()
	r, err := e.w.Records.Create(e.ctx, e.admin, t, in)
	if err != nil {
		e.t.Fatalf("create %s: %v", t.Key, err)
	}
	return r.ID
}

// order is a draft of one line per quantity, product i at price.
func (e *env) order(sc tenant.Scope, price string, qtys ...string) purchasing.Order {
	e.t.Helper()
	in := purchasing.OrderInput{SupplierID: e.suppliers[0], WarehouseID: e.whs[0], ExpectedDate: "2099-01-01"}
	for i, q := range qtys {
		in.Lines = append(in.Lines, purchasing.LineInput{ProductID: e.products[i], Qty: q, Price: price})
	}
	o, err := e.svc.Create(e.ctx, sc, in)
	if err != nil {
		e.t.Fatalf("create order: %v", err)
	}
	return o
}

func (e *env) onHand(p, w int64) inventory.Qty {
	e.t.Helper()
	b, err := e.inv.Balance(e.ctx, e.admin, p, w)
	if err != nil {
		e.t.Fatal(err)
	}
	return b.OnHand
}

func listAll() list.Query { return list.Query{Limit: 200} }
