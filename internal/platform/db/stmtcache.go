package db

import (
	"context"
	"sync"

	"github.com/jmoiron/sqlx"
)

// stmtCache keeps prepared read statements for SQLite. Without it every
// query is parsed again: a fifth of the CPU of an authenticated API call went
// to SQLite's parser. pgx caches prepared statements per connection itself,
// so PostgreSQL does not use this. The cache is bounded: queries built with
// a variable number of placeholders stop being cached once it is full.
type stmtCache struct {
	mu sync.RWMutex
	m  map[string]*sqlx.Stmt
}

const maxCachedStmts = 512

func (c *stmtCache) get(ctx context.Context, d *DB, q string) *sqlx.Stmt {
	if d.Dialect != SQLite {
		return nil
	}
	c.mu.RLock()
	st := c.m[q]
	c.mu.RUnlock()
	if st != nil {
		return st
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st = c.m[q]; st != nil {
		return st
	}
	if len(c.m) >= maxCachedStmts {
		return nil
	}
	st, err := d.r.PreparexContext(ctx, q)
	if err != nil {
		return nil // let the uncached path report the error
	}
	if c.m == nil {
		c.m = map[string]*sqlx.Stmt{}
	}
	c.m[q] = st
	return st
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		_ = st.Close()
	}
	c.m = nil
}
