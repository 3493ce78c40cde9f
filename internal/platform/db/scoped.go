package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"
)

// Scoped is the only door to business tables: it carries the tenant id and
// refuses any statement that does not mention tenant_id, so a query that
// forgot the tenant filter fails loudly in tests instead of leaking rows.
type Scoped struct {
	Q      Querier
	Tenant int64
}

// Tenant binds q to one tenant. Tenant 0 is a bug, never user input.
func Tenant(q Querier, tenantID int64) Scoped {
	if tenantID == 0 {
		panic("db: scoped querier without tenant")
	}
	return Scoped{Q: q, Tenant: tenantID}
}

func (s Scoped) check(q string) {
	if !strings.Contains(q, "tenant_id") {
		panic(fmt.Sprintf("db: tenant-scoped statement without tenant_id: %s", q))
	}
}

func (s Scoped) Dialect() Dialect { return s.Q.Dialect() }
func (s Scoped) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	s.check(q)
	return s.Q.Exec(ctx, q, args...)
}
func (s Scoped) Get(ctx context.Context, dest any, q string, args ...any) error {
	s.check(q)
	return s.Q.Get(ctx, dest, q, args...)
}
func (s Scoped) Select(ctx context.Context, dest any, q string, args ...any) error {
	s.check(q)
	return s.Q.Select(ctx, dest, q, args...)
}
func (s Scoped) Query(ctx context.Context, q string, args ...any) (*sqlx.Rows, error) {
	s.check(q)
	return s.Q.Query(ctx, q, args...)
}

// Insert runs an INSERT … RETURNING id on either database and returns the id.
func Insert(ctx context.Context, q Querier, query string, args ...any) (int64, error) {
	var id int64
	err := q.Get(ctx, &id, query+" RETURNING id", args...)
	return id, err
}

// Placeholders is n bind placeholders for an IN list: "?, ?, ?".
func Placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// InsertRows runs one multi-row INSERT of n rows: insert is "INSERT INTO
// t (a, b)" (without VALUES), row one row's placeholders "(?, ?)", args
// the rows' arguments one row after the other. Bulk writers (an import's
// buffers) use it to write hundreds of rows a statement.
func InsertRows(ctx context.Context, q Scoped, insert, row string, n int, args []any) error {
	var sb strings.Builder
	sb.Grow(len(insert) + 8 + n*(len(row)+2))
	sb.WriteString(insert + " VALUES ")
	for i := 0; i < n; i++ {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(row)
	}
	_, err := q.Exec(ctx, sb.String(), args...)
	return err
}
