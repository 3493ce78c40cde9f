// Package docflow is what every business document with a status shares:
// an action starts from an allowed status and from the version the user
// saw, and a status change updates the row and writes its audit entry in
// the same transaction. Modules keep their own rules (who may, what else
// changes); this keeps the two steps every action repeats in one place.
package docflow

import (
	"context"
	"slices"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Doc is a document's row as an action found it. Table must have status,
// updated_at and version columns.
type Doc struct {
	Table   string // "sales_orders"
	Type    string // audit/approval document type, "sales_order"
	ID      int64
	Status  string
	Version int
	// At is the change's time (updated_at); zero: now. A caller that
	// answers the document without reading it again sets it.
	At time.Time
}

// Expect checks that d is in one of the statuses the action starts from
// (409 code with the current status otherwise) and, when seen is not 0,
// that it is the version the user last read (409 stale).
func Expect(d Doc, code string, seen int, from ...string) error {
	if !slices.Contains(from, d.Status) {
		return errs.Conflict(code, "Status", d.Status)
	}
	if seen != 0 && seen != d.Version {
		return errs.Stale("stale")
	}
	return nil
}

// Move writes d's new status (bumping the version; stale when someone
// changed it in between) and the audit row "<type>.<action>" with the
// status change first and more after it.
func Move(ctx context.Context, tx *db.Tx, sc tenant.Scope, d Doc, to, action string, more ...audit.Change) error {
	q := db.Tenant(tx, sc.Tenant())
	at := d.At
	if at.IsZero() {
		at = db.Now()
	}
	res, err := q.Exec(ctx, `UPDATE `+d.Table+` SET status = ?, updated_at = ?, version = version + 1
		WHERE tenant_id = ? AND id = ? AND version = ?`, to, at, q.Tenant, d.ID, d.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errs.Stale("stale")
	}
	changes := append([]audit.Change{{Field: "status", Before: d.Status, After: to}}, more...)
	return audit.Record(ctx, tx, sc, d.Type+"."+action, d.Type, d.ID, changes...)
}

// Rules are a document type's actions and the statuses each starts from.
// The service checks an action against them and the pages offer only the
// actions they allow, so the two never disagree.
type Rules map[string][]string

// Allows reports whether action may start from status.
func (r Rules) Allows(action, status string) bool { return slices.Contains(r[action], status) }

// Expect is Expect with the statuses action starts from.
func (r Rules) Expect(d Doc, code string, seen int, action string) error {
	if _, ok := r[action]; !ok {
		panic("docflow: no rule for action " + action) // a typo, never user input
	}
	return Expect(d, code, seen, r[action]...)
}
