package records

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
)

// keyRows is how many duplicate keys one statement of a batch writes.
const keyRows = 500

// pendingKeys are the duplicate keys of a batch's new rows, written in
// multi-row INSERTs and, until then, looked up in memory: a row of an
// import is warned about an earlier row of the same file.
type pendingKeys struct {
	tenant int64
	args   []any
	rows   int
	held   map[heldKey]int64 // key → the first new record holding it
}

type heldKey struct {
	tenant     int64
	typ, value string
}

// add buffers a new record's key (write false: only remember it, for a
// dry run whose rows roll back).
func (p *pendingKeys) add(ctx context.Context, q db.Scoped, typ, field, value string, id int64, write bool) error {
	if p.rows > 0 && p.tenant != q.Tenant {
		if err := p.flush(ctx, q); err != nil {
			return err
		}
	}
	p.tenant = q.Tenant
	if p.held == nil {
		p.held = map[heldKey]int64{}
	}
	k := heldKey{tenant: p.tenant, typ: typ, value: value}
	if _, ok := p.held[k]; !ok {
		p.held[k] = id
	}
	if !write {
		return nil
	}
	p.args = append(p.args, p.tenant, typ, field, value, id)
	p.rows++
	if p.rows >= keyRows {
		return p.flush(ctx, q)
	}
	return nil
}

// hits are the new records holding any of values, as record_keys rows.
func (p *pendingKeys) hits(tenant int64, typ string, values map[string]bool, except int64) []dupHit {
	var out []dupHit
	for v := range values {
		if id, ok := p.held[heldKey{tenant: tenant, typ: typ, value: v}]; ok && id != except {
			out = append(out, dupHit{Value: v, Record: id})
		}
	}
	return out
}

// flush writes the buffered keys; they stay known in memory.
func (p *pendingKeys) flush(ctx context.Context, q db.Querier) error {
	if p.rows == 0 {
		return nil
	}
	err := db.InsertRows(ctx, db.Tenant(q, p.tenant), "INSERT INTO record_keys (tenant_id, record_type, field, value, record_id)",
		"(?, ?, ?, ?, ?)", p.rows, p.args)
	p.args, p.rows = p.args[:0], 0
	return err
}

// forget drops the keys known in memory (all are written): a record of
// the batch is changing its keys, and the table is the truth again. (In
// a dry run nothing was written: an import never updates a record it
// created, as a file holds each code once.)
func (p *pendingKeys) forget() { p.held = nil }
