package app

import (
	"context"
	"fmt"

	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/identity"
	"github.com/taihe-erp/taihe/internal/platform/org"
)

// DemoPassword is every demo user's password (README, --demo banner).
const DemoPassword = "taihe-demo-2026"

// DemoUsers maps each demo username to its built-in role ("" = operator).
var DemoUsers = []struct{ Username, Role, Name, Dept string }{
	{"admin", access.RoleAdmin, "系统管理员", ""},
	{"manager", access.RoleManager, "王经理", "销售部"},
	{"sales", access.RoleSales, "李销售", "销售部"},
	{"warehouse", access.RoleWarehouse, "赵仓管", "仓储部"},
	{"finance", access.RoleFinance, "钱会计", "财务部"},
	{"service", access.RoleService, "孙客服", "客服部"},
}

// SeedDemo creates, once, the demo tenant "demo" with one user per built-in
// role, and the platform operator "operator". It reports whether it seeded
// anything (false when the demo tenant already exists). Later modules add
// their demo data here.
func (a *App) SeedDemo(ctx context.Context) (bool, error) {
	var n int
	if err := a.DB.Read().Get(ctx, &n, `SELECT count(*) FROM tenants WHERE code = 'demo'`); err != nil || n > 0 {
		return false, err
	}
	var platformID int64
	if err := a.DB.Read().Get(ctx, &platformID, `SELECT id FROM tenants WHERE code = ''`); err != nil {
		return false, err
	}
	var tenantID int64
	var owners []int64 // demo customers belong to the sales user and the manager
	err := a.DB.InTx(ctx, func(tx *db.Tx) error {
		owners, tenantID = owners[:0], 0
		opScope := a.IDs.SystemScope(platformID, "")
		opName := "平台运营"
		if _, err := a.IDs.BootstrapUser(ctx, tx, opScope, platformID, identity.UserInput{
			Username: "operator", DisplayName: &opName, Password: DemoPassword}); err != nil {
			return err
		}
		now := db.Now()
		id, err := db.Insert(ctx, tx, `INSERT INTO tenants (code, name, status, created_at, updated_at, version) VALUES ('demo', ?, 'active', ?, ?, 1)`,
			"太和演示科技有限公司", now, now)
		if err != nil {
			return err
		}
		roles, err := a.Org.Seed(ctx, tx, opScope, id, org.TenantInput{Name: "太和演示科技有限公司", AdminUsername: "admin",
			AdminName: DemoUsers[0].Name, AdminEmail: "admin@demo.taihe.local", AdminPassword: DemoPassword})
		if err != nil {
			return err
		}
		sc := a.IDs.SystemScope(id, "demo")
		var company int64
		if err := db.Tenant(tx, id).Get(ctx, &company, `SELECT id FROM departments WHERE tenant_id = ? AND parent_id IS NULL`, id); err != nil {
			return err
		}
		depts := map[string]int64{}
		for i, name := range []string{"销售部", "仓储部", "财务部", "客服部"} {
			if depts[name], err = db.Insert(ctx, db.Tenant(tx, id), `INSERT INTO departments (tenant_id, parent_id, name, kind, sort,
				created_at, updated_at, version) VALUES (?, ?, ?, 'department', ?, ?, ?, 1)`, id, company, name, i+1, now, now); err != nil {
				return err
			}
		}
		for _, u := range DemoUsers[1:] {
			name, email, dept := u.Name, u.Username+"@demo.taihe.local", depts[u.Dept]
			uid, err := a.IDs.BootstrapUser(ctx, tx, sc, id, identity.UserInput{Username: u.Username, DisplayName: &name, Email: &email,
				DepartmentID: &dept, Password: DemoPassword, RoleIDs: []int64{roles[u.Role]}})
			if err != nil {
				return err
			}
			if u.Role == access.RoleSales || u.Role == access.RoleManager {
				owners = append(owners, uid)
			}
		}
		tenantID = id
		return nil
	})
	if err != nil {
		return false, err
	}
	// Master data goes through the engine (validation, codes, audit), one
	// transaction per record, after the tenant exists.
	sys := a.IDs.SystemScope(tenantID, "demo")
	if err := masterdata.SeedDemo(ctx, a.Records, sys, owners); err != nil {
		return false, fmt.Errorf("master data: %w", err)
	}
	if err := a.seedOpeningStock(ctx, sys); err != nil {
		return false, fmt.Errorf("opening stock: %w", err)
	}
	if err := a.seedStockDocs(ctx, sys); err != nil {
		return false, fmt.Errorf("stock documents: %w", err)
	}
	if err := a.seedPurchasing(ctx, sys); err != nil {
		return false, fmt.Errorf("purchasing: %w", err)
	}
	if err := a.seedSales(ctx, sys); err != nil {
		return false, fmt.Errorf("sales: %w", err)
	}
	if err := a.seedPromotions(ctx, sys); err != nil {
		return false, fmt.Errorf("promotions: %w", err)
	}
	if err := a.seedQuotes(ctx, sys); err != nil {
		return false, fmt.Errorf("quotations: %w", err)
	}
	return true, nil
}
