// Package seed fills a database with volume for benchmarks. It writes rows
// directly in batches with one shared password hash: creating users through
// the service would spend 30 ms of argon2 on each.
package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/identity"
)

// Users adds n users named bench-<i> to the tenant, spread over its departments.
func Users(ctx context.Context, d *db.DB, code string, n int) error {
	var tid int64
	if err := d.Read().Get(ctx, &tid, `SELECT id FROM tenants WHERE code = ?`, code); err != nil {
		return fmt.Errorf("tenant %q: %w", code, err)
	}
	var depts []int64
	if err := d.Read().Select(ctx, &depts, `SELECT id FROM departments WHERE tenant_id = ? ORDER BY id`, tid); err != nil || len(depts) == 0 {
		return fmt.Errorf("tenant %q has no departments: %v", code, err)
	}
	hash := identity.HashPassword("bench-password-2026")
	var base int
	_ = d.Read().Get(ctx, &base, `SELECT count(*) FROM users WHERE tenant_id = ?`, tid)
	const batch = 500
	surnames := []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
	given := []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚")
	for off := 0; off < n; off += batch {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			q := db.Tenant(tx, tid)
			sql := `INSERT INTO users (tenant_id, kind, username, display_name, email, phone, department_id, status, locale,
				password_hash, password_changed_at, created_at, updated_at, version) VALUES `
			var args []any
			now := db.Now()
			for i := off; i < off+batch && i < n; i++ {
				k := base + i
				if i > off {
					sql += ","
				}
				sql += "(?, 'staff', ?, ?, ?, ?, ?, ?, 'zh-CN', ?, ?, ?, ?, 1)"
				status := "active"
				if k%17 == 0 {
					status = "disabled"
				}
				name := string(surnames[k%len(surnames)]) + string(given[(k/7)%len(given)]) + string(given[(k/3)%len(given)])
				args = append(args, tid, fmt.Sprintf("bench%06d", k), name, fmt.Sprintf("bench%06d@example.com", k),
					fmt.Sprintf("138%08d", k), depts[k%len(depts)], status, hash, now, now.Add(time.Duration(k)*time.Millisecond), now)
			}
			_, err := q.Exec(ctx, sql, args...)
			return err
		})
		if err != nil {
			return err
		}
	}
	if d.Dialect == db.Postgres {
		// What autovacuum would do soon after a bulk load: fresh statistics
		// and a visibility map, so counts can use index-only scans.
		if _, err := d.WriterRaw().ExecContext(ctx, `VACUUM ANALYZE users`); err != nil {
			return err
		}
	}
	return nil
}
