// Package db opens SQLite or PostgreSQL behind one API. SQL is written with
// `?` placeholders and rebound for PostgreSQL; transactions are explicit values
// passed down (never hidden in a context).
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
	"github.com/jmoiron/sqlx"
	_ "modernc.org/sqlite" // pure-Go SQLite driver "sqlite"
)

// Dialect names the SQL flavour.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB holds a writer and a reader pool. On SQLite the writer has one connection
// with BEGIN IMMEDIATE (deferred transactions hit SQLITE_BUSY under concurrent
// read-then-write); readers are query_only. On PostgreSQL both are one pool.
type DB struct {
	Dialect Dialect
	w, r    *sqlx.DB
	stmts   stmtCache // read statements (SQLite)
	wstmts  stmtCache // write statements, on the writer's one connection (SQLite; txstmts.go)
	// DSN is kept for backup and restore.
	DSN string
}

// Querier is what stores need: a transaction or the read pool.
type Querier interface {
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
	Get(ctx context.Context, dest any, query string, args ...any) error
	Select(ctx context.Context, dest any, query string, args ...any) error
	Query(ctx context.Context, query string, args ...any) (*sqlx.Rows, error)
	Dialect() Dialect
}

// Open connects by DSN: "postgres://…" selects PostgreSQL, anything else is a
// SQLite file path ("" means taihe.db inside dataDir).
func Open(ctx context.Context, dsn, dataDir string) (*DB, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return openPostgres(ctx, dsn)
	}
	path := strings.TrimPrefix(dsn, "sqlite://")
	if path == "" {
		if err := os.MkdirAll(dataDir, 0o750); err != nil {
			return nil, fmt.Errorf("db: data directory: %w", err)
		}
		path = filepath.Join(dataDir, "taihe.db")
	}
	return openSQLite(ctx, path)
}

// temp_store(memory): statement journals of multi-row writes stay in
// memory instead of temporary files (a fifth of an import's time went to
// writing them).
const sqlitePragmas = "_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=temp_store(memory)&_time_format=sqlite"

func openSQLite(ctx context.Context, path string) (*DB, error) {
	w, err := sqlx.Open("sqlite", "file:"+path+"?"+sqlitePragmas+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("db: open %s: %w", path, err)
	}
	r, err := sqlx.Open("sqlite", "file:"+path+"?"+sqlitePragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	return &DB{Dialect: SQLite, w: w, r: r, DSN: path}, nil
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	p, err := sqlx.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	p.SetMaxOpenConns(20)
	p.SetMaxIdleConns(20)
	p.SetConnMaxLifetime(30 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := p.PingContext(pctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("db: cannot reach PostgreSQL: %w", err)
	}
	return &DB{Dialect: Postgres, w: p, r: p, DSN: dsn}, nil
}

// Close closes both pools.
func (d *DB) Close() error {
	d.stmts.close()
	d.wstmts.close()
	err := d.w.Close()
	if d.r != d.w {
		err = errors.Join(err, d.r.Close())
	}
	return err
}

// Ping checks the database is reachable (readiness).
func (d *DB) Ping(ctx context.Context) error { return d.r.PingContext(ctx) }

// Stats exposes the pool statistics for metrics.
func (d *DB) Stats() (writer, reader sql.DBStats) { return d.w.Stats(), d.r.Stats() }

func (d *DB) rebind(q string) string {
	if d.Dialect == Postgres {
		return sqlx.Rebind(sqlx.DOLLAR, q)
	}
	return q
}

// Read is the read pool as a Querier (no writes on SQLite: query_only).
func (d *DB) Read() Querier { return reader{d} }

type reader struct{ d *DB }

func (r reader) Dialect() Dialect { return r.d.Dialect }
func (r reader) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return r.d.w.ExecContext(ctx, r.d.rebind(q), args...)
}
func (r reader) Get(ctx context.Context, dest any, q string, args ...any) error {
	if st := r.d.stmts.get(ctx, r.d, q); st != nil {
		return st.GetContext(ctx, dest, args...)
	}
	return r.d.r.GetContext(ctx, dest, r.d.rebind(q), args...)
}
func (r reader) Select(ctx context.Context, dest any, q string, args ...any) error {
	if st := r.d.stmts.get(ctx, r.d, q); st != nil {
		return st.SelectContext(ctx, dest, args...)
	}
	return r.d.r.SelectContext(ctx, dest, r.d.rebind(q), args...)
}
func (r reader) Query(ctx context.Context, q string, args ...any) (*sqlx.Rows, error) {
	// A pool statement may serve open rows: each query takes its own
	// connection (unlike a transaction's statement, see Tx.Query).
	if st := r.d.stmts.get(ctx, r.d, q); st != nil {
		return st.QueryxContext(ctx, args...)
	}
	return r.d.r.QueryxContext(ctx, r.d.rebind(q), args...)
}

// Tx is one transaction on the writer pool.
type Tx struct {
	tx *sqlx.Tx
	d  *DB
	// afterCommit runs once the transaction committed (mail, events).
	afterCommit []func()
	// stmts are the transaction's prepared statements (SQLite only).
	stmts map[string]*sqlx.Stmt
	// unshared are statements prepared for this transaction alone, to be
	// prepared on the writer pool once it ends (SQLite only).
	unshared []string
}

func (t *Tx) Dialect() Dialect { return t.d.Dialect }
func (t *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := t.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, t.d.rebind(q), args...)
}
func (t *Tx) Get(ctx context.Context, dest any, q string, args ...any) error {
	if st := t.stmt(ctx, q); st != nil {
		return st.GetContext(ctx, dest, args...)
	}
	return t.tx.GetContext(ctx, dest, t.d.rebind(q), args...)
}
func (t *Tx) Select(ctx context.Context, dest any, q string, args ...any) error {
	if st := t.stmt(ctx, q); st != nil {
		return st.SelectContext(ctx, dest, args...)
	}
	return t.tx.SelectContext(ctx, dest, t.d.rebind(q), args...)
}

// Query leaves its rows open to the caller: it is not served from the
// transaction's prepared statements, which a later run of the same SQL
// would reset under the open rows.
func (t *Tx) Query(ctx context.Context, q string, args ...any) (*sqlx.Rows, error) {
	return t.tx.QueryxContext(ctx, t.d.rebind(q), args...)
}

// AfterCommit schedules fn to run only if the transaction commits.
func (t *Tx) AfterCommit(fn func()) { t.afterCommit = append(t.afterCommit, fn) }

// InTx runs fn in a transaction and commits when it returns nil. Busy and
// serialization failures are retried a few times with a short backoff; fn must
// therefore have no effects outside the transaction (use AfterCommit).
func (d *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = d.inTxOnce(ctx, fn)
		if err == nil || !retryable(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(time.Duration(attempt+1) * 15 * time.Millisecond):
		}
	}
	return err
}

func (d *DB) inTxOnce(ctx context.Context, fn func(tx *Tx) error) (err error) {
	stx, err := d.w.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	tx := &Tx{tx: stx, d: d}
	defer func() {
		if p := recover(); p != nil {
			_ = stx.Rollback()
			panic(p)
		}
		if len(tx.unshared) > 0 {
			d.keepStmts(context.WithoutCancel(ctx), tx.unshared)
		}
	}()
	if err = fn(tx); err != nil {
		_ = stx.Rollback()
		return err
	}
	if err = stx.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	for _, f := range tx.afterCommit {
		f()
	}
	return nil
}

func retryable(err error) bool {
	s := err.Error()
	return strings.Contains(s, "SQLITE_BUSY") || strings.Contains(s, "database is locked") ||
		strings.Contains(s, "40001") || strings.Contains(s, "40P01") // serialization_failure, deadlock_detected
}

// IsUniqueViolation reports a unique-constraint failure on either database.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "23505")
}

// IsNoRows reports sql.ErrNoRows.
func IsNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// ForUpdate is the row-lock suffix: PostgreSQL locks the row, SQLite's
// immediate transaction already holds the database write lock.
func ForUpdate(q Querier) string {
	if q.Dialect() == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// ILike is a case-insensitive LIKE operator for the dialect.
func ILike(q Querier) string {
	if q.Dialect() == Postgres {
		return "ILIKE"
	}
	return "LIKE" // SQLite LIKE is case-insensitive for ASCII
}

// Now is the current time as stored: UTC, microseconds (PostgreSQL keeps µs).
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// WriterRaw exposes the writer pool for backup/restore and migrations only.
func (d *DB) WriterRaw() *sqlx.DB { return d.w }
