package backup

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/testdb"
)

// writePairs commits transactions that each add a department and a user
// named after it, until stop closes. A torn copy shows an unpaired row.
func writePairs(ctx context.Context, d *db.DB, stop <-chan struct{}, commits *atomic.Int64) error {
	for i := 0; ; i++ {
		select {
		case <-stop:
			return nil
		default:
		}
		name := fmt.Sprintf("w%05d", i)
		err := d.InTx(ctx, func(tx *db.Tx) error {
			dep, err := db.Insert(ctx, tx, `INSERT INTO departments (tenant_id, name, created_at, updated_at)
				VALUES (1, ?, ?, ?)`, name, db.Now(), db.Now())
			if err != nil {
				return err
			}
			_, err = tx.Exec(ctx, `INSERT INTO users (tenant_id, username, display_name, department_id, created_at, updated_at)
				VALUES (1, ?, ?, ?, ?, ?)`, name, name, dep, db.Now(), db.Now())
			return err
		})
		if err != nil {
			return err
		}
		commits.Add(1)
	}
}

// pairs counts the writer's departments, users, and users whose department
// carries their name; in a consistent copy all three are equal.
func pairs(t *testing.T, q db.Querier) (deps, users, matched int) {
	t.Helper()
	ctx := context.Background()
	for _, c := range []struct {
		n *int
		q string
	}{
		{&deps, `SELECT count(*) FROM departments WHERE name LIKE 'w%'`},
		{&users, `SELECT count(*) FROM users WHERE username LIKE 'w%'`},
		{&matched, `SELECT count(*) FROM users u JOIN departments d ON d.id = u.department_id AND d.name = u.username
			WHERE u.username LIKE 'w%'`},
	} {
		if err := q.Get(ctx, c.n, c.q); err != nil {
			t.Fatalf("%s: %v", c.q, err)
		}
	}
	return
}

func TestBackupWhileWriting(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if d.Dialect == db.Postgres {
			requirePGTools(t)
		}
		var commits atomic.Int64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		var werr error
		wg.Add(1)
		go func() { defer wg.Done(); werr = writePairs(ctx, d, stop, &commits) }()
		waitFor := func(n int64) {
			deadline := time.Now().Add(10 * time.Second)
			for commits.Load() < n && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
		}
		waitFor(20)
		dest := filepath.Join(t.TempDir(), "taihe.backup")
		berr := Backup(ctx, d, dest)
		atBackup := commits.Load()
		waitFor(atBackup + 20) // the writer carries on after the backup
		close(stop)
		wg.Wait()
		if werr != nil || berr != nil {
			t.Fatalf("writer: %v; backup: %v", werr, berr)
		}
		final := commits.Load()
		if final < atBackup+20 {
			t.Fatalf("writer stalled: %d commits at backup, %d at the end", atBackup, final)
		}

		var snap db.Querier
		if d.Dialect == db.SQLite {
			if err := checkSQLiteBackup(ctx, dest); err != nil {
				t.Fatalf("backup file: %v", err)
			}
			snap = reopen(t, dest).Read()
		} else {
			d.Close()
			dropSchema(t, schemaOf(t, d.DSN))
			if err := Restore(ctx, d.DSN, "", dest); err != nil {
				t.Fatalf("Restore: %v", err)
			}
			snap = reopen(t, d.DSN).Read()
		}
		deps, users, matched := pairs(t, snap)
		if deps != users || users != matched {
			t.Errorf("torn backup: %d departments, %d users, %d matched", deps, users, matched)
		}
		// +1: a commit may land just before the snapshot but be counted after.
		if deps < 20 || int64(deps) > atBackup+1 || int64(deps) >= final {
			t.Errorf("backup holds %d pairs; want a mid-stream snapshot (≥20, ≤%d, <%d)", deps, atBackup+1, final)
		}
	})
}
