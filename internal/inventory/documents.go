package inventory

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/numbering"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Stock documents — transfers (调拨单), adjustments (库存调整单) and
// counts (盘点单) — are records with a status machine: each action is one
// service function that checks the permission, locks the document, checks
// its version and status, posts to the ledger through PostTx and writes
// the audit row, all in one transaction.

// Document types: the ledger's doc_type, the audit's record type and the
// numbering's sequence.
const (
	DocTransfer   = "stock_transfer"
	DocAdjustment = "stock_adjustment"
	DocCount      = "stock_count"
)

// Statuses of the stock documents.
const (
	StatusDraft     = "draft"          // 草稿: every document starts here
	StatusInTransit = "in_transit"     // 在途: a transfer shipped, not yet received
	StatusReceived  = "received"       // 已收货
	StatusPending   = "pending_review" // 待审核: an adjustment awaiting approval
	StatusApproved  = "approved"       // 已审核: an adjustment approved and posted
	StatusCounting  = "counting"       // 盘点中: a count with entries
	StatusPosted    = "posted"         // 已过账: a count's differences posted
	StatusCancelled = "cancelled"      // 已取消
)

// Sequences are the stock documents' default numbers; a tenant may change
// them in the numbering settings.
func Sequences() []numbering.Sequence {
	return []numbering.Sequence{
		{DocType: DocTransfer, Pattern: "DB{yyyy}{mm}-{seq:5}", Reset: numbering.ResetMonthly},
		{DocType: DocAdjustment, Pattern: "TZ{yyyy}{mm}-{seq:5}", Reset: numbering.ResetMonthly},
		{DocType: DocCount, Pattern: "PD{yyyy}{mm}-{seq:5}", Reset: numbering.ResetMonthly},
	}
}

// LineInput is a document line as entered: a product and a quantity
// (base units × 10^4; an adjustment's is signed).
type LineInput struct {
	ProductID int64
	Qty       Qty
}

// DocLine is a stored line of a transfer or an adjustment.
type DocLine struct {
	ID        int64 `db:"id" json:"id"`
	LineNo    int   `db:"line_no" json:"line_no"`
	ProductID int64 `db:"product_id" json:"product_id"`
	Qty       Qty   `db:"qty" json:"qty"`
}

// DocQuery filters a document list: a status ("" any), newest first,
// before the id a previous page ended at.
type DocQuery struct {
	Status string
	Before int64
	Limit  int
}

// MaxDocsPage is the most documents one list page returns.
const MaxDocsPage = 100

// where is the list's condition and arguments after tenant_id.
func (dq DocQuery) where(q db.Scoped) (string, []any, int) {
	cond, args := "", []any{q.Tenant}
	if dq.Status != "" {
		cond, args = cond+" AND status = ?", append(args, dq.Status)
	}
	if dq.Before > 0 {
		cond, args = cond+" AND id < ?", append(args, dq.Before)
	}
	limit := dq.Limit
	if limit <= 0 || limit > MaxDocsPage {
		limit = MaxDocsPage
	}
	return cond, args, limit
}

// can is the permission check every document function starts with.
func can(sc tenant.Scope, a tenant.Action) error {
	if !sc.Can(tenant.P(Module, a)) {
		return errs.Forbidden("forbidden")
	}
	return nil
}

// lockDoc locks a document row and checks that it is the tenant's (else
// not found: another tenant's id says nothing), at version (else stale)
// and in one of the statuses (else the conflict
// "inventory.doc.wrong_status").
func lockDoc(ctx context.Context, q db.Scoped, table string, id int64, version int, statuses ...string) (string, error) {
	var rows []struct {
		Status  string `db:"status"`
		Version int    `db:"version"`
	}
	if err := q.Select(ctx, &rows, `SELECT status, version FROM `+table+` WHERE tenant_id = ? AND id = ?`+db.ForUpdate(q),
		q.Tenant, id); err != nil {
		return "", err
	}
	if len(rows) == 0 {
		return "", errs.NotFound("not_found")
	}
	if rows[0].Version != version {
		return "", errs.Stale("stale")
	}
	if !slices.Contains(statuses, rows[0].Status) {
		return "", errs.Conflict("inventory.doc.wrong_status", "Status", rows[0].Status)
	}
	return rows[0].Status, nil
}

// setStatus moves a locked document on and bumps its version; set adds
// "col = ?" assignments with their values.
func setStatus(ctx context.Context, q db.Scoped, table string, id int64, status string, set string, args ...any) error {
	if set != "" {
		set = ", " + set
	}
	all := append([]any{status, db.Now()}, args...)
	all = append(all, q.Tenant, id)
	_, err := q.Exec(ctx, `UPDATE `+table+` SET status = ?, updated_at = ?, version = version + 1`+set+`
		WHERE tenant_id = ? AND id = ?`, all...)
	return err
}

// checkLines validates lines: a product each, once, and a quantity
// (positive, or non-zero when signed).
func checkLines(c *errs.Collector, lines []LineInput, signed bool) {
	if len(lines) == 0 {
		c.Add("lines", "inventory.doc.no_lines")
	}
	seen := map[int64]bool{}
	for i, l := range lines {
		f := func(name string) string { return fmt.Sprintf("lines[%d].%s", i, name) }
		switch {
		case l.ProductID <= 0:
			c.Add(f("product_id"), "field.required")
		case seen[l.ProductID]:
			c.Add(f("product_id"), "inventory.doc.duplicate_product")
		}
		seen[l.ProductID] = true
		switch {
		case signed && l.Qty == 0:
			c.Add(f("qty"), "inventory.doc.qty_nonzero")
		case !signed && l.Qty <= 0:
			c.Add(f("qty"), "field.positive")
		}
	}
}

// checkRefs says, field by field, which products and warehouses are not
// the tenant's.
func (s *Service) checkDocRefs(ctx context.Context, q db.Scoped, c *errs.Collector, warehouses map[string]int64, lines []LineInput) error {
	var ws, ps []int64
	for _, w := range warehouses {
		if w > 0 {
			ws = append(ws, w)
		}
	}
	for _, l := range lines {
		if l.ProductID > 0 {
			ps = append(ps, l.ProductID)
		}
	}
	ownW, err := s.master.OwnIDs(ctx, q, q.Tenant, "warehouses", ws)
	if err != nil {
		return err
	}
	ownP, err := s.master.OwnIDs(ctx, q, q.Tenant, "products", ps)
	if err != nil {
		return err
	}
	for field, w := range warehouses {
		if w <= 0 {
			c.Add(field, "field.required")
		} else if !ownW[w] {
			c.Add(field, "field.unknown_ref")
		}
	}
	for i, l := range lines {
		if l.ProductID > 0 && !ownP[l.ProductID] {
			c.Add(fmt.Sprintf("lines[%d].product_id", i), "field.unknown_ref")
		}
	}
	return nil
}

// writeLines replaces a draft's lines.
func writeLines(ctx context.Context, q db.Scoped, table, parent string, id int64, lines []LineInput) error {
	if _, err := q.Exec(ctx, `DELETE FROM `+table+` WHERE tenant_id = ? AND `+parent+` = ?`, q.Tenant, id); err != nil {
		return err
	}
	for i, l := range lines {
		if _, err := q.Exec(ctx, `INSERT INTO `+table+` (tenant_id, `+parent+`, line_no, product_id, qty) VALUES (?, ?, ?, ?, ?)`,
			q.Tenant, id, i+1, l.ProductID, l.Qty); err != nil {
			return err
		}
	}
	return nil
}

// readLines is a document's lines in order.
func readLines(ctx context.Context, q db.Scoped, table, parent string, id int64) ([]DocLine, error) {
	var out []DocLine
	err := q.Select(ctx, &out, `SELECT id, line_no, product_id, qty FROM `+table+` WHERE tenant_id = ? AND `+parent+` = ? ORDER BY line_no`,
		q.Tenant, id)
	return out, err
}

// nextNumber is the document's number, taken late in its creating
// transaction (the counter row stays locked until commit).
func (s *Service) nextNumber(ctx context.Context, tx *db.Tx, sc tenant.Scope, docType string) (string, error) {
	if s.num == nil {
		panic("inventory: stock documents without numbering (SetDocuments)")
	}
	return s.num.Next(ctx, tx, sc.Tenant(), docType, time.Now())
}

// trimNote is a note as stored: trimmed, at most 500 characters.
func trimNote(c *errs.Collector, field, s string) string {
	s = strings.TrimSpace(s)
	if len([]rune(s)) > 500 {
		c.Add(field, "field.too_long", "Max", 500)
	}
	return s
}

func actorOf(sc tenant.Scope) any {
	if sc.Actor() == 0 {
		return nil
	}
	return sc.Actor()
}
