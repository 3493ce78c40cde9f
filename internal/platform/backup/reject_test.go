package backup

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// TestRestoreRefuses feeds Restore files it must reject and checks that the
// live data is untouched afterwards.
func TestRestoreRefuses(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if d.Dialect == db.Postgres {
			requirePGTools(t)
		}
		seed(t, d)
		before := dump(t, d)
		dir := t.TempDir()
		text := filepath.Join(dir, "notes.txt")
		if err := os.WriteFile(text, []byte("SQLite format 2, honest\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		cases := map[string]struct{ src, want string }{
			"text file": {text, "is not a " + map[db.Dialect]string{db.SQLite: "SQLite", db.Postgres: "PostgreSQL"}[d.Dialect]},
			"missing":   {filepath.Join(dir, "nope.backup"), "no such file"},
		}
		if d.Dialect == db.SQLite {
			cases["foreign sqlite"] = struct{ src, want string }{foreignSQLite(t, dir), "not a Taihe database"}
			cases["damaged"] = struct{ src, want string }{damagedBackup(t, d, dir), "damaged"}
			cases["server running"] = struct{ src, want string }{goodBackup(t, d, dir), "in use"}
		} else {
			cases["other schema"] = struct{ src, want string }{goodBackup(t, testdb.Postgres(t), dir), "holds no Taihe schema"}
			cases["foreign schema"] = struct{ src, want string }{foreignPG(t, dir), "not a Taihe backup"}
		}
		for name, tc := range cases {
			err := Restore(ctx, d.DSN, "", tc.src)
			if err == nil || !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(tc.want)) {
				t.Errorf("%s: Restore = %v, want an error containing %q", name, err, tc.want)
			}
		}
		assertSameDump(t, before, dump(t, d))
	})
}

func goodBackup(t *testing.T, d *db.DB, dir string) string {
	t.Helper()
	f, err := os.CreateTemp(dir, "good-*.backup")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := Backup(context.Background(), d, f.Name()); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	return f.Name()
}

// damagedBackup overwrites the middle of a good backup, as a bad disk would.
func damagedBackup(t *testing.T, d *db.DB, dir string) string {
	t.Helper()
	p := goodBackup(t, d, dir)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	for i := 4096; i < len(b)-4096; i++ {
		b[i] = 0xA5
	}
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// foreignSQLite is a valid SQLite file that is not a Taihe database.
func foreignSQLite(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "other.db")
	c, err := sql.Open("sqlite", p)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Exec(`CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hi')`); err != nil {
		t.Fatal(err)
	}
	return p
}

// foreignPG is a pg_dump archive of a schema without schema_migrations.
func foreignPG(t *testing.T, dir string) string {
	t.Helper()
	ctx := context.Background()
	admin, err := db.Open(ctx, testdb.PGURL(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	schema := "foreign_" + strings.ReplaceAll(strings.ToLower(filepath.Base(dir)), "-", "_")
	if _, err := admin.WriterRaw().Exec(`CREATE SCHEMA ` + schema + `; CREATE TABLE ` + schema + `.notes (body TEXT)`); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dropSchema(t, schema) })
	u, _ := url.Parse(testdb.PGURL())
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return goodBackup(t, reopen(t, u.String()), dir)
}
