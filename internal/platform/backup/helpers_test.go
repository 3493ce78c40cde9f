package backup

import (
	"context"
	"fmt"
	"net/url"
	"os/exec"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// requirePGTools fails (never skips) when the client tools are missing:
// an untested PostgreSQL backup is worse than a red build.
func requirePGTools(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s not found: install the postgresql-client package to test PostgreSQL backups (%v)", tool, err)
		}
	}
}

// seed writes awkward rows into many kernel tables: Chinese text, quotes,
// newlines, NULLs, booleans, timestamps, foreign keys, composite keys.
func seed(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	now := db.Now()
	err := d.InTx(ctx, func(tx *db.Tx) error {
		var err error
		ins := func(q string, args ...any) int64 {
			if err != nil {
				return 0
			}
			var id int64
			id, err = db.Insert(ctx, tx, q, args...)
			return id
		}
		ex := func(q string, args ...any) {
			if err == nil {
				_, err = tx.Exec(ctx, q, args...)
			}
		}
		tid := ins(`INSERT INTO tenants (code, name, status, created_at, updated_at) VALUES (?, ?, 'active', ?, ?)`,
			"acme", "太和贸易有限公司", now, now)
		hq := ins(`INSERT INTO departments (tenant_id, name, created_at, updated_at) VALUES (?, ?, ?, ?)`, tid, "总部", now, now)
		sales := ins(`INSERT INTO departments (tenant_id, parent_id, name, sort, created_at, updated_at) VALUES (?, ?, ?, 2, ?, ?)`,
			tid, hq, "销售部", now, now)
		zhang := ins(`INSERT INTO users (tenant_id, username, display_name, email, department_id, password_hash,
			totp_enabled, last_login_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			tid, "zhang", "张三", "zhang@example.com", sales, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", true, now, now, now)
		li := ins(`INSERT INTO users (tenant_id, username, display_name, totp_enabled, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, tid, "li", "李四 \"小李\"\n'第二行'", false, now, now)
		role := ins(`INSERT INTO roles (tenant_id, code, name, builtin, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			tid, "sales", "销售员", true, now, now)
		ex(`INSERT INTO role_permissions (tenant_id, role_id, perm) VALUES (?, ?, ?), (?, ?, ?)`,
			tid, role, "sales.order.read", tid, role, "sales.order.approve")
		ex(`INSERT INTO role_scopes (tenant_id, role_id, module, scope) VALUES (?, ?, 'sales', 'dept_tree')`, tid, role)
		ex(`INSERT INTO user_roles (tenant_id, user_id, role_id) VALUES (?, ?, ?)`, tid, zhang, role)
		ex(`INSERT INTO security_policies (tenant_id, min_length, ip_allowlist, updated_at) VALUES (?, 10, ?, ?)`,
			tid, "10.0.0.0/8\n192.168.1.0/24", now)
		ex(`INSERT INTO number_counters (tenant_id, doc_type, period, value) VALUES (?, 'sales.order', '2026-11', 42)`, tid)
		ex(`INSERT INTO idempotency_keys (tenant_id, user_id, key, request_hash, status, location, body, created_at)
			VALUES (?, ?, 'k1', 'h1', 201, '/orders/7', '{"名":"值"}', ?)`, tid, zhang, now)
		if err != nil {
			return err
		}
		return audit.Write(ctx, tx, audit.Event{TenantID: tid, ActorID: zhang, ActorName: "张三", IP: "10.0.0.8",
			Action: "user.create", RecordType: "user", RecordID: li,
			Changes: []audit.Change{{Field: "display_name", After: "李四"}}})
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
}

// dump is every row of every table (with its Go type) plus the schema
// objects, sorted, so two dumps are equal only if the data is identical.
func dump(t *testing.T, d *db.DB) map[string][]string {
	t.Helper()
	ctx := context.Background()
	q := d.Read()
	var tables []string
	listTables := `SELECT name FROM sqlite_master WHERE type = 'table'`
	if d.Dialect == db.Postgres {
		// pg_catalog, not information_schema: its privilege checks open
		// other schemas' relations, which parallel tests drop.
		listTables = `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND c.relkind = 'r'`
	}
	if err := q.Select(ctx, &tables, listTables); err != nil {
		t.Fatalf("list tables: %v", err)
	}
	out := map[string][]string{}
	for _, tb := range tables {
		out[tb] = rowsOf(t, q, "SELECT * FROM "+tb)
	}
	if d.Dialect == db.SQLite {
		out["#schema"] = rowsOf(t, q, `SELECT type, name, tbl_name, sql FROM sqlite_master`)
	} else {
		out["#sequences"] = rowsOf(t, q, `SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema()`)
		out["#triggers"] = rowsOf(t, q, `SELECT c.relname, tg.tgname, tg.tgtype FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
			JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND NOT tg.tgisinternal ORDER BY c.relname, tg.tgname`)
		idx, err := db.PGIndexes(ctx, q, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range idx {
			out["#indexes"] = append(out["#indexes"], x.Table+" "+x.Name+" "+x.Def)
		}
		out["#columns"] = rowsOf(t, q, `SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
			pg_get_expr(ad.adbin, ad.adrelid) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
			JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
			WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum`)
	}
	return out
}

func rowsOf(t *testing.T, q db.Querier, query string) []string {
	t.Helper()
	rows, err := q.Query(context.Background(), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		vals, err := rows.SliceScan()
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		cells := make([]string, len(vals))
		for i, v := range vals {
			cells[i] = fmt.Sprintf("%T:%v", v, v)
		}
		out = append(out, strings.Join(cells, " | "))
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	sort.Strings(out)
	return out
}

func assertSameDump(t *testing.T, want, got map[string][]string) {
	t.Helper()
	if reflect.DeepEqual(want, got) {
		return
	}
	for k := range want {
		if !reflect.DeepEqual(want[k], got[k]) {
			t.Errorf("table %s differs:\n want %q\n got  %q", k, want[k], got[k])
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected table %s: %q", k, got[k])
		}
	}
}

// schemaOf is the per-test PostgreSQL schema testdb put in search_path.
func schemaOf(t *testing.T, dsn string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil || u.Query().Get("search_path") == "" {
		t.Fatalf("no search_path in %s", dsn)
	}
	return u.Query().Get("search_path")
}

// dropSchema wipes a test's PostgreSQL data, like losing the database.
func dropSchema(t *testing.T, schema string) {
	t.Helper()
	admin, err := db.Open(context.Background(), testdb.PGURL(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.WriterRaw().Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
		t.Fatalf("drop schema: %v", err)
	}
}

func reopen(t *testing.T, dsn string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), dsn, "")
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}
