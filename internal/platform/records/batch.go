package records

import (
	"context"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
)

// batchSize is how many rows' search texts one statement writes.
const batchSize = 500

type batchKey struct{}

// batch collects the search texts of rows written in one Batch, by type
// and tenant.
type batch struct {
	tx      *db.Tx
	pending map[batchTable][]pendingText
	inserts map[*meta]*pendingInserts // buffered new rows (batchinsert.go)
	ids     map[*meta]int64           // the next id of each table written
	keys    pendingKeys               // duplicate keys of new rows (dupsbatch.go)
	audit   audit.Buffer
	texts   chan textJob // to the search-text worker, once started
}

type batchTable struct {
	m      *meta
	tenant int64
}

type pendingText struct {
	id   int64
	text string
}

// Batch runs fn — many CreateTx/UpdateTx calls in tx, as an import does —
// and writes new rows and the rows' search texts in statements of up to
// 500 rows instead of one by one (new rows: see batchinsert.go). fn must
// hand the ctx it gets to CreateTx/UpdateTx.
//
// Why: on SQLite, any statement that follows an FTS5 insert in the same
// transaction flushes the index's pending data (FTS5 does so on every
// statement savepoint), so a row-by-row import wrote one tiny index
// segment per row and then merged them — the largest cost of a commit.
// Written 500 at a time, the index gets one segment per 500 rows. Rows
// inside the batch are not found by Search until fn returns. On
// PostgreSQL fn simply runs.
func (s *Service) Batch(ctx context.Context, tx *db.Tx, fn func(ctx context.Context) error) error {
	if tx.Dialect() != db.SQLite {
		return fn(ctx)
	}
	b := &batch{tx: tx, pending: map[batchTable][]pendingText{}, inserts: map[*meta]*pendingInserts{}, ids: map[*meta]int64{}}
	defer b.stop()
	if err := fn(context.WithValue(ctx, batchKey{}, b)); err != nil {
		return err
	}
	if err := b.flushAll(ctx); err != nil {
		return err
	}
	return s.flushBatch(ctx, b)
}

// batchOf returns the batch ctx runs in, if any.
func batchOf(ctx context.Context) *batch {
	b, _ := ctx.Value(batchKey{}).(*batch)
	return b
}

// inBatch returns the batch of ctx when it writes through tx.
func inBatch(ctx context.Context, tx *db.Tx) *batch {
	b := batchOf(ctx)
	if b == nil || b.tx != tx {
		return nil
	}
	return b
}

// deferText queues a row's search text, writing a full chunk at once.
func (b *batch) deferText(ctx context.Context, q db.Scoped, m *meta, id int64, text string) error {
	k := batchTable{m: m, tenant: q.Tenant}
	b.pending[k] = append(b.pending[k], pendingText{id: id, text: text})
	if len(b.pending[k]) < batchSize {
		return nil
	}
	return b.write(ctx, k)
}

func (s *Service) flushBatch(ctx context.Context, b *batch) error {
	for k, rows := range b.pending {
		if len(rows) > 0 {
			if err := b.write(ctx, k); err != nil {
				return err
			}
		}
	}
	return nil
}

// write stores the pending texts of one table with one UPDATE … CASE.
func (b *batch) write(ctx context.Context, k batchTable) error {
	rows, m := b.pending[k], k.m
	sc := db.Tenant(b.tx, k.tenant)
	var sb strings.Builder
	args := make([]any, 0, 3*len(rows)+1)
	sb.WriteString("UPDATE " + m.key() + " SET search_text = CASE id")
	// A row written twice in the batch (created, then updated) takes its
	// last text: CASE would take the first.
	ids := make([]any, 0, len(rows))
	seen := make(map[int64]bool, len(rows))
	for i := len(rows) - 1; i >= 0; i-- {
		r := rows[i]
		if seen[r.id] {
			continue
		}
		seen[r.id] = true
		sb.WriteString(" WHEN ? THEN ?")
		args = append(args, r.id, r.text)
		ids = append(ids, r.id)
	}
	sb.WriteString(" END WHERE tenant_id = ? AND id IN (" + placeholders(len(ids)) + ")")
	args = append(append(args, sc.Tenant), ids...)
	b.pending[k] = rows[:0]
	_, err := sc.Exec(ctx, sb.String(), args...)
	return err
}
