// Package testdb runs a storage test against SQLite and against PostgreSQL.
// PostgreSQL is not optional: when it cannot be reached the test fails with a
// message saying how to point it elsewhere. Each test gets its own SQLite file
// and its own PostgreSQL schema, so tests may run in parallel.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/migrations"
)

// DefaultPG is used when TAIHE_TEST_PG is unset.
const DefaultPG = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// PGURL is the PostgreSQL server tests use.
func PGURL() string {
	if u := os.Getenv("TAIHE_TEST_PG"); u != "" {
		return u
	}
	return DefaultPG
}

// Each runs fn once on a fresh migrated SQLite database and once on a fresh
// migrated PostgreSQL schema, as subtests "sqlite" and "postgres". extra
// migration sets (a module's, or a test-only one) run after the platform's.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB), extra ...db.MigrationSet) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t, extra...)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t, extra...)) })
}

// SQLite opens a migrated database in a temporary directory.
func SQLite(t testing.TB, extra ...db.MigrationSet) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), "")
	if err != nil {
		t.Fatalf("testdb: sqlite: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	migrate(t, d, extra)
	return d
}

// Postgres creates a schema of its own on the test server and opens a pool
// whose search_path points at it; the schema is dropped afterwards.
func Postgres(t testing.TB, extra ...db.MigrationSet) *db.DB {
	t.Helper()
	ctx := context.Background()
	admin, err := db.Open(ctx, PGURL(), "")
	if err != nil {
		t.Fatalf("testdb: PostgreSQL is required and could not be reached at %s (set TAIHE_TEST_PG): %v", PGURL(), err)
	}
	defer admin.Close()
	schema := "t_" + randomHex(8)
	if _, err := admin.WriterRaw().ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("testdb: create schema: %v", err)
	}
	u, err := url.Parse(PGURL())
	if err != nil {
		t.Fatalf("testdb: TAIHE_TEST_PG: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	d, err := db.Open(ctx, u.String(), "")
	if err != nil {
		t.Fatalf("testdb: open schema: %v", err)
	}
	t.Cleanup(func() {
		d.Close()
		if a, err := db.Open(context.Background(), PGURL(), ""); err == nil {
			_, _ = a.WriterRaw().ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
			a.Close()
		}
	})
	migrate(t, d, extra)
	return d
}

func migrate(t testing.TB, d *db.DB, extra []db.MigrationSet) {
	t.Helper()
	sets := append([]db.MigrationSet{migrations.Set()}, extra...)
	if _, err := d.Migrate(context.Background(), sets); err != nil {
		t.Fatalf("testdb: migrate %s: %v", d.Dialect, err)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
