package backup

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/db"
)

// backupSQLite runs VACUUM INTO on the writer connection: the reader pool is
// query_only, which SQLite treats as forbidding VACUUM. The single writer
// also means the snapshot falls between two business transactions. Readers
// carry on meanwhile (WAL); writers queue until the copy is done.
func backupSQLite(ctx context.Context, d *db.DB, dest string) error {
	tmp, err := tempBeside(dest)
	if err != nil {
		return err
	}
	if _, err := d.WriterRaw().ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: sqlite vacuum into: %w", err)
	}
	return commitFile(tmp, dest)
}

var sqliteMagic = []byte("SQLite format 3\x00")

// checkSQLiteBackup opens src read-only (immutable: it must not grow -wal or
// -shm files) and refuses anything that is not an intact Taihe database.
func checkSQLiteBackup(ctx context.Context, src string) error {
	head := make([]byte, len(sqliteMagic))
	f, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || !bytes.Equal(head, sqliteMagic) {
		return fmt.Errorf("backup: %s is not a SQLite database", src)
	}
	c, err := sql.Open("sqlite", "file:"+src+"?mode=ro&immutable=1")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer c.Close()
	var check string
	if err := c.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&check); err != nil {
		return fmt.Errorf("backup: %s is damaged: %w", src, err)
	}
	if check != "ok" {
		return fmt.Errorf("backup: %s is damaged: %s", src, check)
	}
	var n int
	err = c.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations").Scan(&n)
	if err != nil || n == 0 {
		return fmt.Errorf("backup: %s is not a Taihe database (no schema_migrations)", src)
	}
	return nil
}

// checkNotInUse asks for an exclusive lock on the live file. A running server
// keeps its connections open, which makes this fail at once; a damaged file
// that cannot even be locked is exactly what a restore is for, so other
// errors do not stop the restore.
func checkNotInUse(ctx context.Context, path string) error {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	c, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)&_pragma=locking_mode(EXCLUSIVE)")
	if err != nil {
		return nil
	}
	defer c.Close()
	conn, err := c.Conn(ctx)
	if err != nil {
		return nil
	}
	defer conn.Close()
	_, err = conn.ExecContext(ctx, "BEGIN EXCLUSIVE")
	if err != nil && (strings.Contains(err.Error(), "SQLITE_BUSY") || strings.Contains(err.Error(), "locked")) {
		return fmt.Errorf("backup: %s is in use; stop the server before restoring", path)
	}
	if err == nil {
		_, _ = conn.ExecContext(ctx, "ROLLBACK")
	}
	return nil
}

// restoreSQLite copies src next to the live file and renames it into place.
// Stale -wal/-shm/-journal files are removed first: SQLite would otherwise
// replay the old database's log into the restored file and corrupt it.
func restoreSQLite(ctx context.Context, path, src string) error {
	if err := checkSQLiteBackup(ctx, src); err != nil {
		return err
	}
	if err := checkNotInUse(ctx, path); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	tmp, err := tempBeside(path)
	if err != nil {
		return err
	}
	if err := copyFile(src, tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	if st, err := os.Stat(path); err == nil { // keep the live file's permissions
		_ = os.Chmod(tmp, st.Mode().Perm())
	}
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			os.Remove(tmp)
			return fmt.Errorf("backup: %w", err)
		}
	}
	return commitFile(tmp, path)
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("backup: copy %s: %w", src, err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}
