package backup

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// mutate changes data after the backup, so a restore has something to undo.
func mutate(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	err := d.InTx(ctx, func(tx *db.Tx) error {
		for _, q := range []string{
			`UPDATE users SET display_name = 'changed'`,
			`DELETE FROM role_permissions`,
			`UPDATE number_counters SET value = value + 1`,
		} {
			if _, err := tx.Exec(ctx, q); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO departments (tenant_id, name, created_at, updated_at)
			VALUES (2, 'later', ?, ?)`, db.Now(), db.Now()); err != nil {
			return err
		}
		return audit.Write(ctx, tx, audit.Event{TenantID: 2, Action: "after.backup"})
	})
	if err != nil {
		t.Fatalf("mutate: %v", err)
	}
}

// assertAlive checks the restored database behaves: the audit trail is still
// append-only (triggers came back) and new rows get fresh ids (sequences came
// back, or the insert would collide with a restored primary key).
func assertAlive(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	if _, err := d.WriterRaw().ExecContext(ctx, `UPDATE audit_log SET action = 'forged'`); err == nil {
		t.Error("audit_log accepted an UPDATE after restore")
	}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		_, err := db.Insert(ctx, tx, `INSERT INTO departments (tenant_id, name, created_at, updated_at)
			VALUES (2, 'new', ?, ?)`, db.Now(), db.Now())
		return err
	})
	if err != nil {
		t.Errorf("insert after restore: %v", err)
	}
}

func TestRoundTrip(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if d.Dialect == db.Postgres {
			requirePGTools(t)
		}
		seed(t, d)
		want := dump(t, d)
		for _, tb := range []string{"tenants", "departments", "users", "roles", "role_permissions", "audit_log"} {
			if len(want[tb]) == 0 {
				t.Fatalf("dump of %s is empty; the comparison would prove nothing", tb)
			}
		}
		dest := filepath.Join(t.TempDir(), "taihe.backup")
		if err := Backup(ctx, d, dest); err != nil {
			t.Fatalf("Backup: %v", err)
		}
		mutate(t, d)
		if reflect.DeepEqual(dump(t, d), want) {
			t.Fatal("mutate changed nothing")
		}

		if d.Dialect == db.SQLite {
			roundTripSQLite(t, d, dest, want)
			return
		}
		// Restore over live, changed data (what --clean is for)…
		d.Close()
		if err := Restore(ctx, d.DSN, "", dest); err != nil {
			t.Fatalf("Restore over data: %v", err)
		}
		r := reopen(t, d.DSN)
		assertSameDump(t, want, dump(t, r))
		r.Close()
		// … and into an empty database, after losing the schema entirely.
		dropSchema(t, schemaOf(t, d.DSN))
		if err := Restore(ctx, d.DSN, "", dest); err != nil {
			t.Fatalf("Restore into empty: %v", err)
		}
		r = reopen(t, d.DSN)
		assertSameDump(t, want, dump(t, r))
		assertAlive(t, r)
	})
}

func roundTripSQLite(t *testing.T, d *db.DB, dest string, want map[string][]string) {
	ctx := context.Background()
	path := d.DSN
	// Keep the changed database's write-ahead log, as a crashed server leaves
	// it; SQLite would replay it into whatever file is called path.
	wal, err := os.ReadFile(path + "-wal")
	if err != nil || len(wal) == 0 {
		t.Fatalf("expected a non-empty -wal while open: %v", err)
	}
	d.Close()

	// Over the changed database.
	if err := Restore(ctx, "sqlite://"+path, "", dest); err != nil {
		t.Fatalf("Restore over data: %v", err)
	}
	r := reopen(t, path)
	assertSameDump(t, want, dump(t, r))
	r.Close()

	// The database file is gone but its stale log is not.
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+"-wal", wal, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Restore(ctx, path, "", dest); err != nil {
		t.Fatalf("Restore beside stale -wal: %v", err)
	}
	if _, err := os.Stat(path + "-wal"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale -wal still there after restore: %v", err)
	}
	r = reopen(t, path)
	assertSameDump(t, want, dump(t, r))
	r.Close()

	// Wipe everything, restore through the default dataDir path, reopen.
	dir := filepath.Dir(path)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := Restore(ctx, "", dir, dest); err != nil {
		t.Fatalf("Restore into empty dir: %v", err)
	}
	r, err = db.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	assertSameDump(t, want, dump(t, r))
	assertAlive(t, r)
}
