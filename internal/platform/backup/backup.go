// Package backup copies a live Taihe database to one file and puts such a
// file back. A backup is always a consistent snapshot (never a copy of files
// being written), and a restore first checks that the file really is a Taihe
// backup, because restoring replaces everything.
//
// SQLite: Backup runs VACUUM INTO, which writes a compact single-file copy
// from one read snapshot; Restore swaps the file in while the server is down.
// PostgreSQL: pg_dump and pg_restore (package postgresql-client, same major
// version as the server or newer) in custom format.
package backup

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/db"
)

// Backup writes a snapshot of d to dest, replacing dest only once the copy
// is complete, so a failed run never leaves a truncated file behind.
func Backup(ctx context.Context, d *db.DB, dest string) error {
	if d.Dialect == db.Postgres {
		return backupPostgres(ctx, d.DSN, dest)
	}
	return backupSQLite(ctx, d, dest)
}

// Restore replaces the database named by dsn (and dataDir, as for db.Open)
// with the backup src. For SQLite the server must be stopped; Restore
// refuses while another connection holds the database open.
func Restore(ctx context.Context, dsn, dataDir, src string) error {
	if isPostgres(dsn) {
		return restorePostgres(ctx, dsn, src)
	}
	return restoreSQLite(ctx, SQLitePath(dsn, dataDir), src)
}

// SQLitePath is the database file db.Open uses for a SQLite dsn: the path,
// without an optional "sqlite://" prefix, or taihe.db in dataDir for "".
func SQLitePath(dsn, dataDir string) string {
	if p := strings.TrimPrefix(dsn, "sqlite://"); p != "" {
		return p
	}
	return filepath.Join(dataDir, "taihe.db")
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// tempBeside returns an unused file name in dest's directory, so the final
// rename stays on one file system and is atomic. The file exists but is
// empty (VACUUM INTO accepts an empty file, not a non-empty one).
func tempBeside(dest string) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	name := f.Name()
	if err := f.Close(); err != nil {
		os.Remove(name)
		return "", fmt.Errorf("backup: %w", err)
	}
	return name, nil
}

// commitFile flushes tmp to disk and renames it over dest, then flushes the
// directory so the rename itself survives a power cut.
func commitFile(tmp, dest string) error {
	f, err := os.OpenFile(tmp, os.O_RDWR, 0)
	if err == nil {
		err = f.Sync()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err == nil {
		err = os.Rename(tmp, dest)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: %w", err)
	}
	if dir, err := os.Open(filepath.Dir(dest)); err == nil {
		_ = dir.Sync()
		dir.Close()
	}
	return nil
}
