package records

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"

	"github.com/jmoiron/sqlx"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/search"
)

// Inside a Batch on SQLite, new rows of most types are not inserted one by
// one: the engine gives each its id at once and writes them in multi-row
// INSERTs (up to 500 rows a statement), search text included. Per row,
// the statement, its FTS5 flush and the later search-text UPDATE were most
// of an import's cost.
//
// A buffered row is in the table for everything the engine asks while the
// batch runs: unique values are checked against the buffer too, and the
// buffer is written first whenever something reads the table's rows — an
// update or a reference to one of them, FindBy, a duplicate hit among the
// buffered rows, a Check hook that queries. Types whose own saves read or change their
// table's other rows are written at once: trees and types referring to
// themselves (the parent must exist), and types with an AfterWrite hook.

// maxInsertParams keeps a statement under SQLite's 32,766 host parameters.
const maxInsertParams = 30000

// pendingInserts are the buffered rows of one table.
type pendingInserts struct {
	m      *meta
	tenant int64
	args   []any // the rows' insert arguments, id first, one after the other
	rows   int
	first  int64                   // the smallest buffered id
	unique map[string]map[any]bool // unique field → buffered values
	// texts are the rows' search texts, made by the batch's worker on the
	// other core while the rows go on (textAt: their place in args).
	texts  []string
	textAt []int
	made   sync.WaitGroup
}

// deferrable reports whether m's new rows may wait in a batch.
func (m *meta) deferrable() bool {
	if m.t.Parent != "" || m.t.Hooks.AfterWrite != nil {
		return false
	}
	for _, f := range m.fields {
		if f.Kind == Ref && f.Ref == m.t.Key {
			return false
		}
	}
	return true
}

// rowsPerInsert is how many rows of m one INSERT writes.
func (m *meta) rowsPerInsert() int {
	return max(1, min(500, maxInsertParams/(strings.Count(m.insertSQL, "?")+1)))
}

// insertBuffer returns the batch of ctx when m's new rows may be buffered.
func insertBuffer(ctx context.Context, tx *db.Tx, m *meta) *batch {
	if b := inBatch(ctx, tx); b != nil && b.inserts != nil && m.deferrable() {
		return b
	}
	return nil
}

// nextID gives the next id of m's table: after both the largest id and
// SQLite's AUTOINCREMENT counter, so a deleted record's id is never used
// again (its audit trail keeps it). The batch's transaction holds the only
// writer: no one else takes ids meanwhile.
func (b *batch) nextID(ctx context.Context, m *meta) (int64, error) {
	if id, ok := b.ids[m]; ok {
		b.ids[m] = id + 1
		return id, nil
	}
	var last int64
	err := b.tx.Get(ctx, &last, `SELECT max(coalesce((SELECT max(id) FROM `+m.key()+`), 0),
		coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0))`, m.key())
	if err != nil {
		return 0, fmt.Errorf("records: next id of %s: %w", m.key(), err)
	}
	b.ids[m] = last + 2
	return last + 1, nil
}

// queueInsert buffers a new row (args as for m.insertSQL, without the id,
// the search text last and blank: it is made from parts) and writes the
// buffer when it is full.
func (b *batch) queueInsert(ctx context.Context, m *meta, tenant, id int64, args []any, ch *change, parts []string) error {
	p := b.inserts[m]
	if p == nil {
		p = &pendingInserts{m: m, tenant: tenant, unique: map[string]map[any]bool{}, texts: make([]string, m.rowsPerInsert())}
		b.inserts[m] = p
	}
	if p.rows > 0 && p.tenant != tenant {
		if err := b.flushInserts(ctx, m); err != nil {
			return err
		}
		p.tenant = tenant
	}
	if p.rows == 0 {
		p.first = id
	}
	p.args = append(append(p.args, id), args...)
	if len(parts) > 0 {
		p.textAt = append(p.textAt, len(p.args)-1)
		b.makeText(&p.made, &p.texts[len(p.textAt)-1], parts)
	}
	p.rows++
	for _, name := range m.unique {
		if v := ch.vals[name]; !isEmpty(v) {
			if p.unique[name] == nil {
				p.unique[name] = map[any]bool{}
			}
			p.unique[name][uniqueKey(v)] = true
		}
	}
	if p.rows >= m.rowsPerInsert() {
		return b.flushInserts(ctx, m)
	}
	return nil
}

// uniqueKey is a value as a map key (tags and other slices as their text).
func uniqueKey(v any) any {
	switch v.(type) {
	case string, int64, bool:
		return v
	}
	return fmt.Sprintf("%T:%v", v, v)
}

// pendingTaken reports whether a buffered row holds v in field.
func (b *batch) pendingTaken(m *meta, field string, v any) bool {
	p := b.inserts[m]
	return p != nil && p.rows > 0 && p.unique[field][uniqueKey(v)]
}

// pendingID reports whether id is a buffered row of m.
func (b *batch) pendingID(m *meta, id int64) bool {
	p := b.inserts[m]
	return p != nil && p.rows > 0 && id >= p.first
}

// flushInserts writes m's buffered rows.
func (b *batch) flushInserts(ctx context.Context, m *meta) error {
	p := b.inserts[m]
	if p == nil || p.rows == 0 {
		return nil
	}
	p.made.Wait()
	for i, at := range p.textAt {
		p.args[at] = p.texts[i]
	}
	p.textAt = p.textAt[:0]
	head, row, _ := strings.Cut(m.insertSQL, " VALUES ")
	err := db.InsertRows(ctx, db.Tenant(b.tx, p.tenant), strings.Replace(head, "(", "(id, ", 1), strings.Replace(row, "(", "(?, ", 1),
		p.rows, p.args)
	p.args, p.rows, p.unique = p.args[:0], 0, map[string]map[any]bool{}
	if err != nil {
		return fmt.Errorf("records: write buffered %s: %w", m.key(), err)
	}
	return nil
}

// textJob is a search text for the worker to make.
type textJob struct {
	done  *sync.WaitGroup
	dst   *string
	parts []string
}

// makeText has the batch's worker goroutine compute search.Text(parts)
// into dst. Pinyin was a tenth of an import's time on the one core SQLite
// runs on; the worker moves it to another.
func (b *batch) makeText(done *sync.WaitGroup, dst *string, parts []string) {
	if b.texts == nil {
		b.texts = make(chan textJob, 1024)
		go func(jobs <-chan textJob) {
			for j := range jobs {
				*j.dst = search.Text(j.parts...)
				j.done.Done()
			}
		}(b.texts)
	}
	done.Add(1)
	b.texts <- textJob{done: done, dst: dst, parts: parts}
}

// stop ends the worker; pending texts are made first.
func (b *batch) stop() {
	if b.texts != nil {
		close(b.texts)
	}
}

// flushAll writes every table's buffered rows, their duplicate keys and
// the audit rows.
func (b *batch) flushAll(ctx context.Context) error {
	for m := range b.inserts {
		if err := b.flushInserts(ctx, m); err != nil {
			return err
		}
	}
	if err := b.keys.flush(ctx, b.tx); err != nil {
		return err
	}
	return b.audit.Flush(ctx, b.tx)
}

// flushing is the Querier a Check hook gets while its type's rows are
// buffered: its first query writes them.
type flushing struct {
	tx  *db.Tx
	b   *batch
	m   *meta
	ctx context.Context
}

func (f flushing) flush() error { return f.b.flushInserts(f.ctx, f.m) }

func (f flushing) Dialect() db.Dialect { return f.tx.Dialect() }
func (f flushing) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if err := f.flush(); err != nil {
		return nil, err
	}
	return f.tx.Exec(ctx, q, args...)
}
func (f flushing) Get(ctx context.Context, dest any, q string, args ...any) error {
	if err := f.flush(); err != nil {
		return err
	}
	return f.tx.Get(ctx, dest, q, args...)
}
func (f flushing) Select(ctx context.Context, dest any, q string, args ...any) error {
	if err := f.flush(); err != nil {
		return err
	}
	return f.tx.Select(ctx, dest, q, args...)
}
func (f flushing) Query(ctx context.Context, q string, args ...any) (*sqlx.Rows, error) {
	if err := f.flush(); err != nil {
		return nil, err
	}
	return f.tx.Query(ctx, q, args...)
}
