// Command seedsales prepares a tenant for the sales order benchmark (issue
// 6): what `load -scenario orders` needs to run the order path over the
// API without anything running out, and, with -list-orders, a million
// orders for the list.
//
//	go run ./bench/seedsales -data /tmp/sb -workers 16 -plan /tmp/sb/plan.json
//	go run ./bench/seedsales -db postgres://postgres@127.0.0.1:5432/ordersbench -workers 16 -plan /tmp/plan.json
//	go run ./bench/seedsales -data /tmp/sb -list-orders 1000000
//
// It opens the database as the application does (app.New: migrations and
// every service), creates the tenant -tenant when it is missing, and
// through the services gives it a warehouse, -workers × 3 customers and
// -workers × 6 products (each worker of the load tool orders only its own,
// so workers never wait on each other's stock rows), ample stock of every
// product (receipts posted through inventory), a salesperson and an
// approver in one department with an API token each, and an approval rule
// that sends every order to the approver. The plan file tells the load tool
// the tokens and ids. Run it with the server stopped (SQLite), once.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/app"
	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/config"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/org"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/sales"
)

// Plan is what the load tool reads: one entry per worker.
type Plan struct {
	Tenant        string       `json:"tenant"`
	SellerToken   string       `json:"seller_token"`
	ApproverToken string       `json:"approver_token"`
	WarehouseID   int64        `json:"warehouse_id"`
	Workers       []WorkerPlan `json:"workers"`
}

// WorkerPlan is the customers and products one worker orders.
type WorkerPlan struct {
	Customers []int64 `json:"customers"`
	Products  []int64 `json:"products"`
}

const (
	customersPerWorker = 3
	productsPerWorker  = 6
	stockUnits         = 100_000_000 // per product: ~3 million orders of 3 lines
)

func main() {
	data := flag.String("data", "./taihe-data", "data directory (SQLite)")
	dsn := flag.String("db", os.Getenv("TAIHE_DB"), "database DSN (default: SQLite in -data)")
	code := flag.String("tenant", "salesbench", "tenant code (created when missing)")
	workers := flag.Int("workers", 16, "load-tool workers to prepare for")
	plan := flag.String("plan", "", "write the plan for load -scenario orders to this file")
	listOrders := flag.Int("list-orders", 0, "also bulk-insert this many orders (approved, spread over the customers) for the list benchmark")
	flag.Parse()
	if *workers < 1 || (*plan == "" && *listOrders == 0) {
		fmt.Fprintln(os.Stderr, "seedsales: need -workers ≥ 1 and -plan or -list-orders")
		os.Exit(2)
	}
	if err := run(context.Background(), *data, *dsn, *code, *workers, *plan, *listOrders); err != nil {
		fmt.Fprintln(os.Stderr, "seedsales:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, data, dsn, code string, workers int, planFile string, listOrders int) error {
	cfg := config.Defaults()
	cfg.Data, cfg.DB = data, dsn
	cfg.LogLevel = "warn"
	a, err := app.New(ctx, cfg, app.Options{})
	if err != nil {
		return err
	}
	defer a.Close()
	start := time.Now()
	sc, err := benchTenant(ctx, a, code)
	if err != nil {
		return err
	}
	// The base currency: prices come from the products' list prices in it.
	if _, err := ensure(ctx, a, sc, masterdata.Currencies, 1, func(int) records.Input {
		return records.Input{"code": "CNY", "name": "人民币", "symbol": "¥", "decimals": int64(2), "is_base": true}
	}); err != nil {
		return fmt.Errorf("currency: %w", err)
	}
	wh, err := ensure(ctx, a, sc, masterdata.Warehouses, 1, func(i int) records.Input {
		return records.Input{"code": fmt.Sprintf("SW%02d", i), "name": fmt.Sprintf("基准仓库%d", i)}
	})
	if err != nil {
		return fmt.Errorf("warehouse: %w", err)
	}
	p, seller, err := people(ctx, a, sc)
	if err != nil {
		return err
	}
	// The salesperson's own customers: its data scope is its own records.
	custs, err := ensure(ctx, a, seller, masterdata.Customers, workers*customersPerWorker, func(i int) records.Input {
		return records.Input{"name": fmt.Sprintf("基准客户%05d有限公司", i), "type": masterdata.CustomerOrganisation,
			"shipping_address": fmt.Sprintf("杭州市西湖区文三路%d号", i+1)}
	})
	if err != nil {
		return fmt.Errorf("customers: %w", err)
	}
	have, err := stocked(ctx, a, sc)
	if err != nil {
		return err
	}
	prods, err := ensure(ctx, a, sc, masterdata.Products, workers*productsPerWorker, func(i int) records.Input {
		return records.Input{"sku": fmt.Sprintf("SB%06d", i), "name": fmt.Sprintf("基准商品%d", i), "type": masterdata.ProductGoods,
			"base_unit": "pcs", "list_price": fmt.Sprintf("%d.50", 10+i%90), "tax_rate": "13"}
	})
	if err != nil {
		return fmt.Errorf("products: %w", err)
	}
	var moves []inventory.Move
	for _, p := range prods {
		if !have[p] {
			moves = append(moves, inventory.Move{Kind: inventory.Receipt, ProductID: p, WarehouseID: wh[0],
				Qty: inventory.Units(stockUnits), UnitCost: 5 * 10000, DocType: "sales_bench"})
		}
	}
	if len(moves) > 0 {
		if _, err := a.Inventory.Post(ctx, sc, moves...); err != nil {
			return fmt.Errorf("stock: %w", err)
		}
	}
	fmt.Printf("master data   %d customers, %d products stocked, warehouse %d (%s)\n", len(custs), len(prods), wh[0],
		time.Since(start).Round(time.Millisecond))
	if planFile != "" {
		p.WarehouseID = wh[0]
		for w := range workers {
			p.Workers = append(p.Workers, WorkerPlan{Customers: custs[w*customersPerWorker : (w+1)*customersPerWorker],
				Products: prods[w*productsPerWorker : (w+1)*productsPerWorker]})
		}
		j, _ := json.MarshalIndent(p, "", "  ")
		if err := os.WriteFile(planFile, j, 0o600); err != nil {
			return err
		}
		fmt.Printf("plan          %s (%d workers)\n", planFile, workers)
	}
	if listOrders > 0 {
		if err := bulkOrders(ctx, a, sc, listOrders, custs, prods, wh[0]); err != nil {
			return fmt.Errorf("orders: %w", err)
		}
	}
	return analyze(ctx, a.DB)
}

// benchTenant finds the tenant or creates it as the operator would, and
// returns the system scope in it.
func benchTenant(ctx context.Context, a *app.App, code string) (tenant.Scope, error) {
	var ids []int64
	if err := a.DB.Read().Select(ctx, &ids, `SELECT id FROM tenants WHERE code = ?`, code); err != nil {
		return tenant.Scope{}, err
	}
	if len(ids) == 0 {
		var platform int64
		if err := a.DB.Read().Get(ctx, &platform, `SELECT id FROM tenants WHERE code = ''`); err != nil {
			return tenant.Scope{}, err
		}
		t, err := a.Org.CreateTenant(ctx, a.IDs.SystemScope(platform, ""), org.TenantInput{Code: code, Name: "销售基准测试",
			AdminUsername: "admin", AdminName: "管理员", AdminEmail: "admin@" + code + ".local", AdminPassword: "Sales-bench-2026!"})
		if err != nil {
			return tenant.Scope{}, fmt.Errorf("create tenant %q: %w", code, err)
		}
		ids = []int64{t.ID}
		fmt.Printf("tenant        %q created (id %d)\n", code, t.ID)
	}
	return a.IDs.SystemScope(ids[0], code), nil
}

// ensure gives the tenant n records of t (the missing ones created through
// the records engine) and returns the first n ids.
func ensure(ctx context.Context, a *app.App, sc tenant.Scope, t *records.Type, n int, input func(i int) records.Input) ([]int64, error) {
	q := db.Tenant(a.DB.Read(), sc.Tenant())
	var ids []int64
	if err := q.Select(ctx, &ids, `SELECT id FROM `+t.Key+` WHERE tenant_id = ? ORDER BY id`, q.Tenant); err != nil {
		return nil, err
	}
	for i := len(ids); i < n; i++ {
		r, err := a.Records.Create(ctx, sc, t, input(i))
		if err != nil {
			return nil, err
		}
		ids = append(ids, r.ID)
	}
	return ids[:n], nil
}

// stocked is the products that already have stock (a reused tenant).
func stocked(ctx context.Context, a *app.App, sc tenant.Scope) (map[int64]bool, error) {
	q := db.Tenant(a.DB.Read(), sc.Tenant())
	var ids []int64
	err := q.Select(ctx, &ids, `SELECT product_id FROM stock_balances WHERE tenant_id = ? AND on_hand > 0`, q.Tenant)
	m := map[int64]bool{}
	for _, id := range ids {
		m[id] = true
	}
	return m, err
}

// people makes (or finds) the salesperson and the approver, both in the
// root department — the approver is a manager, so it still sees the order
// after approving it — a fresh API token for each, and the rule that sends
// every order to the approver (one level).
func people(ctx context.Context, a *app.App, sc tenant.Scope) (Plan, tenant.Scope, error) {
	p := Plan{Tenant: sc.TenantCode()}
	var seller tenant.Scope
	var dept int64
	q := db.Tenant(a.DB.Read(), sc.Tenant())
	if err := q.Get(ctx, &dept, `SELECT id FROM departments WHERE tenant_id = ? AND parent_id IS NULL ORDER BY id LIMIT 1`, q.Tenant); err != nil {
		return p, seller, fmt.Errorf("root department: %w", err)
	}
	user := func(username, name, role string) (int64, string, error) {
		var ids []int64
		if err := q.Select(ctx, &ids, `SELECT id FROM users WHERE tenant_id = ? AND username = ?`, q.Tenant, username); err != nil {
			return 0, "", err
		}
		if len(ids) == 0 {
			var roleID int64
			if err := q.Get(ctx, &roleID, `SELECT id FROM roles WHERE tenant_id = ? AND code = ?`, q.Tenant, role); err != nil {
				return 0, "", fmt.Errorf("role %s: %w", role, err)
			}
			u, err := a.IDs.Create(ctx, sc, identity.UserInput{Username: username, DisplayName: &name, DepartmentID: &dept,
				RoleIDs: []int64{roleID}, Password: "Sales-bench-2026!"})
			if err != nil {
				return 0, "", fmt.Errorf("user %s: %w", username, err)
			}
			ids = []int64{u.ID}
		}
		us, err := a.IDs.ScopeOf(ctx, sc.Tenant(), ids[0])
		if err != nil {
			return 0, "", err
		}
		if username == "seller" {
			seller = us
		}
		exp := time.Now().Add(30 * 24 * time.Hour)
		tok, _, err := a.IDs.CreateToken(ctx, us, "sales bench", &exp)
		return ids[0], tok, err
	}
	var err error
	if _, p.SellerToken, err = user("seller", "基准销售", "sales"); err != nil {
		return p, seller, err
	}
	approver, tok, err := user("approver", "基准审批", "manager")
	if err != nil {
		return p, seller, err
	}
	p.ApproverToken = tok
	var rules int
	if err := q.Get(ctx, &rules, `SELECT count(*) FROM approval_rules WHERE tenant_id = ? AND doc_type = ?`, q.Tenant, sales.DocOrder); err != nil {
		return p, seller, err
	}
	if rules == 0 {
		if _, err := a.Approval.SaveRule(ctx, sc, approval.Rule{DocType: sales.DocOrder, Name: "基准：全部订单经审批", Active: true,
			Conditions: []approval.Condition{{Field: "amount", Op: "gt", Value: "0"}},
			Levels:     []approval.Level{{Users: []int64{approver}}}}); err != nil {
			return p, seller, fmt.Errorf("approval rule: %w", err)
		}
	}
	return p, seller, nil
}

// analyze refreshes the planner's statistics (on PostgreSQL also the
// visibility map: autovacuum is off on the benchmark server).
func analyze(ctx context.Context, d *db.DB) error {
	stmt := "ANALYZE"
	if d.Dialect == db.Postgres {
		stmt = "VACUUM ANALYZE"
	}
	_, err := d.WriterRaw().ExecContext(ctx, stmt)
	if err != nil && strings.Contains(err.Error(), "transaction") {
		return nil
	}
	return err
}

// bulkOrders adds n orders for the list benchmark: the salesperson's,
// spread over the customers.
func bulkOrders(ctx context.Context, a *app.App, sc tenant.Scope, n int, custs, prods []int64, wh int64) error {
	var u struct {
		ID   int64 `db:"id"`
		Dept int64 `db:"department_id"`
	}
	q := db.Tenant(a.DB.Read(), sc.Tenant())
	if err := q.Get(ctx, &u, `SELECT id, department_id FROM users WHERE tenant_id = ? AND username = 'seller'`, q.Tenant); err != nil {
		return fmt.Errorf("the seller (run with -plan first): %w", err)
	}
	start := time.Now()
	if err := sales.BulkOrders(ctx, a.DB, sc.Tenant(), n, custs, prods, wh, u.ID, u.Dept); err != nil {
		return err
	}
	fmt.Printf("orders        %d added in %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}
