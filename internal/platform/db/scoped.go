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
