package db_test

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// Both databases must end up with the same tables and columns.
func TestSchemasMatch(t *testing.T) {
	ctx := context.Background()
	lite := testdb.SQLite(t)
	pg := testdb.Postgres(t)
	var liteCols, pgCols []string
	if err := lite.Read().Select(ctx, &liteCols, `SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`); err != nil {
		t.Fatal(err)
	}
	// pg_catalog, not information_schema (which trips over tables other
	// tests drop meanwhile).
	if err := pg.Read().Select(ctx, &pgCols, `SELECT c.relname || '.' || a.attname FROM pg_attribute a
		JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`); err != nil {
		t.Fatal(err)
	}
	sort.Strings(liteCols)
	sort.Strings(pgCols)
	if strings.Join(liteCols, ",") != strings.Join(pgCols, ",") {
		t.Fatalf("schemas differ:\nsqlite:   %v\npostgres: %v", liteCols, pgCols)
	}
	if len(liteCols) < 50 {
		t.Fatalf("only %d columns: migrations did not run", len(liteCols))
	}
}

// Migrating twice applies nothing the second time.
func TestMigrateIsIdempotent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		n, err := d.Migrate(context.Background(), nil)
		if err != nil || n != 0 {
			t.Fatalf("second migrate applied %d: %v", n, err)
		}
	})
}

// The audit trail refuses UPDATE and DELETE at the database level.
func TestAuditAppendOnly(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		err := d.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.Exec(ctx, `INSERT INTO audit_log (tenant_id, at, action) VALUES (1, ?, 'test')`, db.Now())
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`UPDATE audit_log SET action = 'x'`, `DELETE FROM audit_log`} {
			err := d.InTx(ctx, func(tx *db.Tx) error { _, err := tx.Exec(ctx, q); return err })
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Fatalf("%s: got %v, want append-only refusal", q, err)
			}
		}
	})
}
