package app_test

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// ids turns a JSON array (decoded as []any of float64) into int64s.
func ids(v any) ([]int64, bool) {
	xs, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := []int64{}
	for _, x := range xs {
		f, ok := x.(float64)
		if !ok {
			return nil, false
		}
		out = append(out, int64(f))
	}
	return out, true
}

// Changing a user's roles writes one "user.roles" entry with the role ids
// before and after, by the acting admin; an edit that leaves the roles alone
// writes none.
func TestUserRoleChangeIsAudited(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		admin := adminToken(t, srv)
		me := decode[user](t, mustDo(t, http.StatusOK, http.MethodGet, srv.URL+"/api/v1/me", admin, nil))
		sales, finance := roleID(t, srv, admin, "sales"), roleID(t, srv, admin, "finance")
		u := createUser(t, srv, admin, "auditee", map[string]any{"role_ids": []int64{sales}})
		url := fmt.Sprintf("%s/api/v1/users/%d", srv.URL, u.ID)
		query := fmt.Sprintf("record_type=user&record_id=%d&action=user.roles", u.ID)
		base := len(auditLog(t, srv, admin, query)) // the create may or may not log its roles

		steps := [][]int64{{finance, sales}, {}}
		prev := []int64{sales}
		version := u.Version
		for i, next := range steps {
			out := decode[user](t, mustDo(t, http.StatusOK, http.MethodPatch, url, admin, map[string]any{"role_ids": next, "version": version}))
			version = out.Version
			want := append([]int64{}, next...)
			if len(want) == 2 && want[0] > want[1] {
				want[0], want[1] = want[1], want[0]
			}
			if !reflect.DeepEqual(out.RoleIDs, want) {
				t.Errorf("step %d: answer role_ids %v, want %v", i, out.RoleIDs, want)
			}
			entries := auditLog(t, srv, admin, query)
			if len(entries) != base+i+1 {
				t.Fatalf("step %d: %d user.roles entries, want %d", i, len(entries), base+i+1)
			}
			e := entries[0] // newest first
			if e.ActorID == nil || *e.ActorID != me.ID || e.RecordID == nil || *e.RecordID != u.ID {
				t.Errorf("step %d: entry actor %v record %v, want actor %d record %d", i, e.ActorID, e.RecordID, me.ID, u.ID)
			}
			if len(e.Changes) != 1 || e.Changes[0].Field != "role_ids" {
				t.Fatalf("step %d: changes %+v, want one role_ids change", i, e.Changes)
			}
			before, ok1 := ids(e.Changes[0].Before)
			after, ok2 := ids(e.Changes[0].After)
			if !ok1 || !ok2 || !reflect.DeepEqual(before, prev) || !reflect.DeepEqual(after, want) {
				t.Errorf("step %d: role_ids before %v after %v, want %v → %v", i, e.Changes[0].Before, e.Changes[0].After, prev, want)
			}
			prev = want
		}

		// An edit that does not mention roles keeps them and logs no role change.
		out := decode[user](t, mustDo(t, http.StatusOK, http.MethodPatch, url, admin, map[string]any{"display_name": "改名", "version": version}))
		if len(out.RoleIDs) != 0 {
			t.Errorf("roles after a name edit: %v, want none", out.RoleIDs)
		}
		if n := len(auditLog(t, srv, admin, query)); n != base+len(steps) {
			t.Errorf("%d user.roles entries after a name edit, want %d", n, base+len(steps))
		}
		// Unknown role ids (another tenant's included) are refused and nothing changes.
		resp, b := do(t, http.MethodPatch, url, admin, map[string]any{"role_ids": []int64{sales, 999999}, "version": out.Version})
		wantProblem(t, "unknown role", resp, b, http.StatusUnprocessableEntity, "field:role_ids[1]=field.unknown")
		if got := getUser(t, srv, admin, u.ID); len(got.RoleIDs) != 0 || got.Version != out.Version {
			t.Errorf("a refused edit changed the user: roles %v version %d", got.RoleIDs, got.Version)
		}
	})
}

// auditWrite matches SQL that rewrites or empties the audit trail.
var auditWrite = regexp.MustCompile(`(?is)\b(?:UPDATE\s+(?:ONLY\s+)?|DELETE\s+FROM\s+(?:ONLY\s+)?|TRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?)["` + "`" + `]?audit_log\b|\bDROP\s+TRIGGER\s+(?:IF\s+EXISTS\s+)?["` + "`" + `]?audit_log|\bALTER\s+TABLE\s+(?:ONLY\s+)?["` + "`" + `]?audit_log["` + "`" + `]?\s+DISABLE\s+TRIGGER`)

// The audit trail is append-only in the code too: no source file outside
// the migration that installs the guard triggers holds SQL that updates,
// deletes, truncates or unguards audit_log.
func TestNoCodeRewritesTheAuditLog(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"UPDATE audit_log SET action = ''", "update\n\taudit_log set x=1", "DELETE FROM audit_log WHERE id = 1",
		`delete from "audit_log"`, "TRUNCATE audit_log", "TRUNCATE TABLE ONLY audit_log", "DROP TRIGGER IF EXISTS audit_log_no_update ON audit_log",
		"ALTER TABLE audit_log DISABLE TRIGGER ALL"} {
		if !auditWrite.MatchString(s) {
			t.Errorf("pattern misses %q", s)
		}
	}
	for _, s := range []string{"INSERT INTO audit_log (action) VALUES ('x')", "SELECT * FROM audit_log", "UPDATE users SET x = 1 -- audit_log later",
		"CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id)"} {
		if auditWrite.MatchString(s) {
			t.Errorf("pattern flags harmless %q", s)
		}
	}

	root := repoRoot(t)
	guard := regexp.MustCompile(`^internal/platform/migrations/0002_audit_append_only\.(sqlite|postgres)\.sql$`)
	scanned := 0
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if n := e.Name(); n == ".git" || n == "node_modules" || n == "vendor" || n == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		isGo := strings.HasSuffix(rel, ".go") && !strings.HasSuffix(rel, "_test.go")
		if !isGo && !strings.HasSuffix(rel, ".sql") {
			return nil
		}
		scanned++
		if guard.MatchString(rel) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range auditWrite.FindAllIndex(b, -1) {
			line := 1 + strings.Count(string(b[:m[0]]), "\n")
			t.Errorf("%s:%d: %q rewrites the append-only audit_log", rel, line, b[m[0]:m[1]])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if scanned < 50 {
		t.Errorf("scanned only %d files under %s", scanned, root)
	}
}

// repoRoot is the directory holding go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// The database itself refuses to change or remove audit rows, whoever asks.
func TestDatabaseRefusesAuditChanges(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		_, srv := newTestApp(t, d)
		adminToken(t, srv) // writes an auth.login row
		ctx := context.Background()
		var before []string
		if err := d.Read().Select(ctx, &before, `SELECT action FROM audit_log ORDER BY id`); err != nil || len(before) == 0 {
			t.Fatalf("audit rows: %v %v", before, err)
		}
		stmts := []string{`UPDATE audit_log SET action = 'forged'`, `UPDATE audit_log SET changes = '' WHERE id = (SELECT min(id) FROM audit_log)`,
			`DELETE FROM audit_log`, `DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)`}
		if d.Dialect == db.Postgres {
			stmts = append(stmts, `TRUNCATE audit_log`)
		}
		for _, s := range stmts {
			if _, err := d.WriterRaw().ExecContext(ctx, s); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: error %v, want the append-only refusal", s, err)
			}
		}
		var after []string
		if err := d.Read().Select(ctx, &after, `SELECT action FROM audit_log ORDER BY id`); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(before, after) {
			t.Errorf("audit rows changed: %v → %v", before, after)
		}
		// Appending still works.
		exec(t, d, `INSERT INTO audit_log (tenant_id, at, action) VALUES (?, ?, 'test.append')`, tenantID(t, d, "demo"), db.Now())
	})
}
