package sales_test

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/numbering"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/recordtest"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
	"github.com/taihe-erp/taihe/internal/sales"
)

func TestMain(m *testing.M) { recordtest.Main(m, slog.LevelWarn) }

// env is a tenant with customers, products, warehouses, the ledger, the
// approval rules and sales, and users of the built-in roles.
type env struct {
	t                        testing.TB
	ctx                      context.Context
	d                        *db.DB
	w                        *recordtest.World
	svc                      *sales.Service
	inv                      *inventory.Service
	appr                     *approval.Service
	admin, seller, mgr, fin  tenant.Scope
	seller2                  tenant.Scope
	customers, products, whs []int64
}

func each(t *testing.T, fn func(t *testing.T, e *env)) {
	testdb.Each(t, func(t *testing.T, d *db.DB) { fn(t, newEnv(t, d)) },
		records.MigrationSet(), approval.MigrationSet(), masterdata.Migrations(), inventory.Migrations(), sales.Migrations())
}

func newEnv(t testing.TB, d *db.DB) *env {
	w := recordtest.New(t, d, recordtest.Options{
		Perms: recordtest.Registry(records.ModuleDefs(), approval.ModuleDefs(), masterdata.ModuleDefs(), inventory.ModuleDefs(),
			sales.ModuleDefs()),
		Locales: []fs.FS{records.Locales(), approval.Locales(), masterdata.Locales(), inventory.Locales(), sales.Locales()},
		Types:   append(append(masterdata.Types(), inventory.ReorderRules), sales.PromoTypes()...), Dicts: masterdata.Dictionaries(),
	})
	md := masterdata.New(w.Records, d)
	e := &env{t: t, ctx: context.Background(), d: d, w: w, appr: approval.New(d)}
	e.inv = inventory.New(d, md)
	e.svc = sales.New(d, md, e.inv, e.appr, numbering.New(sales.Sequences()...))
	e.appr.RegisterDoc(sales.ApprovalDoc(e.svc))
	e.admin = w.CreateTenant(org.TenantInput{Code: "sell", Name: "销售测试"})
	_, e.seller = w.AddUser(e.admin, recordtest.User{Username: "sales1", DisplayName: "销售甲", Role: "sales"})
	_, e.seller2 = w.AddUser(e.admin, recordtest.User{Username: "sales2", DisplayName: "销售乙", Role: "sales"})
	_, e.mgr = w.AddUser(e.admin, recordtest.User{Username: "mgr1", DisplayName: "经理", Role: "manager"})
	_, e.fin = w.AddUser(e.admin, recordtest.User{Username: "fin1", DisplayName: "财务", Role: "finance"})
	e.create(masterdata.Currencies, records.Input{"code": "CNY", "name": "人民币", "is_base": true})
	for i := 0; i < 2; i++ {
		e.customers = append(e.customers, e.customer(records.Input{"code": fmt.Sprintf("C%d", i),
			"name": fmt.Sprintf("客户%d", i), "shipping_address": fmt.Sprintf("杭州市西湖区%d号", i)}))
	}
	for i := 0; i < 5; i++ {
		e.products = append(e.products, e.create(masterdata.Products, records.Input{"sku": fmt.Sprintf("P%d", i),
			"name": fmt.Sprintf("商品%d", i), "type": masterdata.ProductGoods, "base_unit": "pcs", "standard_cost": "10",
			"list_price": "25", "tax_rate": "13"}))
	}
	for i := 0; i < 2; i++ {
		e.whs = append(e.whs, e.create(masterdata.Warehouses, records.Input{"code": fmt.Sprintf("W%d", i), "name": fmt.Sprintf("仓库%d", i)}))
	}
	return e
}

func (e *env) create(t *records.Type, in records.Input) int64 {
	e.t.Helper()
	return e.createAs(e.admin, t, in)
}

// customer is one the salespeople may sell to: the first one's own,
// shared with the second (a salesperson sells only to customers in their
// data scope).
func (e *env) customer(in records.Input) int64 {
	e.t.Helper()
	in["shared_user_ids"] = []int64{e.seller2.Actor()}
	return e.createAs(e.seller, masterdata.Customers, in)
}

func (e *env) createAs(sc tenant.Scope, t *records.Type, in records.Input) int64 {
	e.t.Helper()
	r, err := e.w.Records.Create(e.ctx, sc, t, in)
	if err != nil {
		e.t.Fatalf("create %s: %v", t.Key, err)
	}
	return r.ID
}

// stock receives n units of product i into warehouse 0.
func (e *env) stock(i int, n int64) {
	e.t.Helper()
	if _, err := e.inv.Post(e.ctx, e.admin, inventory.Move{Kind: inventory.Receipt, ProductID: e.products[i], WarehouseID: e.whs[0],
		Qty: inventory.Units(n), UnitCost: 10 * 10000}); err != nil {
		e.t.Fatalf("stock: %v", err)
	}
}

// order is a draft for customer 0 of one line per quantity, product i at
// price.
func (e *env) order(sc tenant.Scope, price string, qtys ...string) sales.Order {
	e.t.Helper()
	in := sales.OrderInput{CustomerID: e.customers[0], WarehouseID: e.whs[0]}
	for i, q := range qtys {
		in.Lines = append(in.Lines, sales.LineInput{ProductID: e.products[i], Qty: q, Price: price})
	}
	o, err := e.svc.Create(e.ctx, sc, in)
	if err != nil {
		e.t.Fatalf("create order: %v", err)
	}
	return o
}

func (e *env) balance(i int) inventory.Balance {
	e.t.Helper()
	b, err := e.inv.Balance(e.ctx, e.admin, e.products[i], e.whs[0])
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// rule makes orders over amount go to the manager, then (two) finance.
func (e *env) rule(amount string, levels ...string) {
	e.t.Helper()
	var ls []approval.Level
	for _, role := range levels {
		ls = append(ls, approval.Level{Role: role})
	}
	if _, err := e.appr.SaveRule(e.ctx, e.admin, approval.Rule{DocType: sales.DocOrder, Name: "rule " + amount, Active: true,
		Conditions: []approval.Condition{{Field: "amount", Op: "gt", Value: amount}}, Levels: ls}); err != nil {
		e.t.Fatal(err)
	}
}

// approvalRuleOverCredit asks the manager for any order of a customer over
// its credit limit.
func approvalRuleOverCredit() approval.Rule {
	return approval.Rule{DocType: sales.DocOrder, Name: "超信用额度", Active: true,
		Conditions: []approval.Condition{{Field: "over_credit_limit", Op: "eq", Value: "true"}},
		Levels:     []approval.Level{{Role: "manager"}}}
}

// hasField reports whether err is a validation error on field (with code,
// unless code is empty).
func hasField(err error, field, code string) bool {
	de, ok := errs.As(err)
	if !ok || de.Kind != errs.KindInvalid {
		return false
	}
	for _, f := range de.Fields {
		if f.Field == field && (code == "" || f.Code == code) {
			return true
		}
	}
	return false
}

// day is the business date n days from today (Asia/Shanghai).
func day(n int) string { return time.Now().In(i18n.Location).AddDate(0, 0, n).Format(time.DateOnly) }
