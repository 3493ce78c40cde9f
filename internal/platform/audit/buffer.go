package audit

import (
	"context"
	"fmt"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// bufferRows is how many events one statement of a Buffer writes.
const bufferRows = 500

// Buffer collects the events of one transaction's bulk write (an import
// of 100,000 rows) and stores them with multi-row INSERTs: one statement
// per row was a tenth of the import's time. Each event keeps the time it
// was added. The owner must Flush before the transaction commits; events
// still in a Buffer are not written.
type Buffer struct {
	tenant int64
	args   []any
	rows   int
}

// Record adds an event for the scope's actor, writing the buffer through q
// when it is full.
func (b *Buffer) Record(ctx context.Context, q db.Querier, sc tenant.Scope, action, recordType string, recordID int64, changes ...Change) error {
	e := Event{TenantID: sc.Tenant(), ActorID: sc.Actor(), ActorName: sc.ActorName(), IP: sc.IP(), Client: sc.Client(),
		Action: action, RecordType: recordType, RecordID: recordID, Changes: changes}
	if b.rows > 0 && b.tenant != e.TenantID {
		if err := b.Flush(ctx, q); err != nil {
			return err
		}
	}
	args, err := e.args(db.Now())
	if err != nil {
		return err
	}
	b.tenant = e.TenantID
	b.args = append(b.args, args...)
	b.rows++
	if b.rows >= bufferRows {
		return b.Flush(ctx, q)
	}
	return nil
}

// Flush writes the buffered events through q.
func (b *Buffer) Flush(ctx context.Context, q db.Querier) error {
	if b.rows == 0 {
		return nil
	}
	err := db.InsertRows(ctx, db.Tenant(q, b.tenant), insertSQL, rowSQL, b.rows, b.args)
	b.args, b.rows = b.args[:0], 0
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}
