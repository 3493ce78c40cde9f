package inventory

import (
	"context"
	"slices"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Reasons of an adjustment; "other" needs the free text.
const (
	ReasonDamage     = "damage"     // 损坏
	ReasonLoss       = "loss"       // 丢失
	ReasonFound      = "found"      // 盘盈找回
	ReasonCorrection = "correction" // 更正
	ReasonOther      = "other"      // 其他
)

// Reasons lists the reason codes.
var Reasons = []string{ReasonDamage, ReasonLoss, ReasonFound, ReasonCorrection, ReasonOther}

// Adjustment is a stock adjustment (库存调整单) of one warehouse.
type Adjustment struct {
	ID          int64      `db:"id" json:"id"`
	Number      string     `db:"number" json:"number"`
	Status      string     `db:"status" json:"status"`
	WarehouseID int64      `db:"warehouse_id" json:"warehouse_id"`
	Reason      string     `db:"reason" json:"reason"`
	ReasonNote  string     `db:"reason_note" json:"reason_note"`
	Note        string     `db:"note" json:"note"`
	Version     int        `db:"version" json:"version"`
	CreatedBy   *int64     `db:"created_by" json:"created_by,omitempty"`
	CreatedAt   time.Time  `db:"created_at" json:"created_at"`
	UpdatedAt   time.Time  `db:"updated_at" json:"updated_at"`
	PostedAt    *time.Time `db:"posted_at" json:"posted_at,omitempty"`
	Lines       []DocLine  `db:"-" json:"lines"` // Qty signed
}

// AdjustmentInput is an adjustment as entered; line quantities are
// signed (+ in, − out).
type AdjustmentInput struct {
	WarehouseID int64
	Reason      string
	ReasonNote  string
	Note        string
	Lines       []LineInput
}

const adjustmentCols = `id, number, status, warehouse_id, reason, reason_note, note, version, created_by, created_at, updated_at, posted_at`

func (s *Service) checkAdjustment(ctx context.Context, q db.Scoped, in *AdjustmentInput) error {
	var c errs.Collector
	in.Note = trimNote(&c, "note", in.Note)
	in.ReasonNote = trimNote(&c, "reason_note", in.ReasonNote)
	switch {
	case !slices.Contains(Reasons, in.Reason):
		c.Add("reason", "field.invalid")
	case in.Reason == ReasonOther && in.ReasonNote == "":
		c.Add("reason_note", "inventory.adjustment.reason_note_required")
	}
	checkLines(&c, in.Lines, true)
	if err := s.checkDocRefs(ctx, q, &c, map[string]int64{"warehouse_id": in.WarehouseID}, in.Lines); err != nil {
		return err
	}
	return c.Err()
}

// CreateAdjustment makes a draft adjustment. Requires inventory.create.
func (s *Service) CreateAdjustment(ctx context.Context, sc tenant.Scope, in AdjustmentInput) (Adjustment, error) {
	if err := can(sc, tenant.Create); err != nil {
		return Adjustment{}, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		if err := s.checkAdjustment(ctx, q, &in); err != nil {
			return err
		}
		number, err := s.nextNumber(ctx, tx, sc, DocAdjustment)
		if err != nil {
			return err
		}
		now := db.Now()
		if id, err = db.Insert(ctx, q, `INSERT INTO stock_adjustments (tenant_id, number, status, warehouse_id, reason, reason_note, note,
			created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, q.Tenant, number, StatusDraft, in.WarehouseID,
			in.Reason, in.ReasonNote, in.Note, actorOf(sc), now, now); err != nil {
			return err
		}
		if err := writeLines(ctx, q, "stock_adjustment_lines", "adjustment_id", id, in.Lines); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, DocAdjustment+".create", DocAdjustment, id, audit.Change{Field: "number", After: number},
			audit.Change{Field: "warehouse_id", After: in.WarehouseID}, audit.Change{Field: "reason", After: in.Reason},
			audit.Change{Field: "lines", After: len(in.Lines)})
	})
	if err != nil {
		return Adjustment{}, err
	}
	return s.Adjustment(ctx, sc, id)
}

// UpdateAdjustment changes a draft adjustment (lines replaced). Requires
// inventory.edit.
func (s *Service) UpdateAdjustment(ctx context.Context, sc tenant.Scope, id int64, version int, in AdjustmentInput) (Adjustment, error) {
	if err := can(sc, tenant.Edit); err != nil {
		return Adjustment{}, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		if _, err := lockDoc(ctx, q, "stock_adjustments", id, version, StatusDraft); err != nil {
			return err
		}
		before, err := adjustmentRow(ctx, q, id)
		if err != nil {
			return err
		}
		if err := s.checkAdjustment(ctx, q, &in); err != nil {
			return err
		}
		if err := setStatus(ctx, q, "stock_adjustments", id, StatusDraft, "warehouse_id = ?, reason = ?, reason_note = ?, note = ?",
			in.WarehouseID, in.Reason, in.ReasonNote, in.Note); err != nil {
			return err
		}
		if err := writeLines(ctx, q, "stock_adjustment_lines", "adjustment_id", id, in.Lines); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, DocAdjustment+".update", DocAdjustment, id,
			audit.Change{Field: "warehouse_id", Before: before.WarehouseID, After: in.WarehouseID},
			audit.Change{Field: "reason", Before: before.Reason, After: in.Reason},
			audit.Change{Field: "reason_note", Before: before.ReasonNote, After: in.ReasonNote},
			audit.Change{Field: "note", Before: before.Note, After: in.Note}, audit.Change{Field: "lines", After: len(in.Lines)})
	})
	if err != nil {
		return Adjustment{}, err
	}
	return s.Adjustment(ctx, sc, id)
}

// SubmitAdjustment submits a draft for approval: the approval rules see
// its amount (the lines' absolute value at the current average cost),
// warehouse and reason. When no rule applies it is approved and posted at
// once; otherwise it waits in pending_review. Requires inventory.edit.
func (s *Service) SubmitAdjustment(ctx context.Context, sc tenant.Scope, id int64, version int) (Adjustment, error) {
	if err := can(sc, tenant.Edit); err != nil {
		return Adjustment{}, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		if _, err := lockDoc(ctx, q, "stock_adjustments", id, version, StatusDraft); err != nil {
			return err
		}
		a, err := adjustmentRow(ctx, q, id)
		if err != nil {
			return err
		}
		amount, err := adjustmentAmount(ctx, q, a.Lines)
		if err != nil {
			return err
		}
		req, err := s.appr.SubmitTx(ctx, tx, sc, approval.Doc{Type: DocAdjustment, ID: id, Fields: map[string]any{
			"amount": money.FromScaled(amount), "warehouse_id": a.WarehouseID, "reason": a.Reason}})
		if err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, sc, DocAdjustment+".submit", DocAdjustment, id,
			audit.Change{Field: "amount", After: money.FromScaled(amount).String()}); err != nil {
			return err
		}
		if req.NeedsNone() {
			return s.postAdjustment(ctx, tx, sc, a)
		}
		return setStatus(ctx, q, "stock_adjustments", id, StatusPending, "")
	})
	if err != nil {
		return Adjustment{}, err
	}
	return s.Adjustment(ctx, sc, id)
}

// DecideAdjustment records sc's decision on a pending adjustment through
// the approval rules (sc must be an approver of the current level and
// hold inventory.approve). The last approval posts it: AdjustIn/AdjustOut
// per line at the average cost; a line that would make available stock
// negative fails with "inventory.insufficient" and nothing changes, the
// decision included. A rejection (with a comment) returns it to draft.
func (s *Service) DecideAdjustment(ctx context.Context, sc tenant.Scope, id int64, version int, approve bool, comment string) (Adjustment, error) {
	if err := can(sc, tenant.Approve); err != nil {
		return Adjustment{}, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		if _, err := lockDoc(ctx, q, "stock_adjustments", id, version, StatusPending); err != nil {
			return err
		}
		req, err := s.appr.DecideTx(ctx, tx, sc, DocAdjustment, id, approve, comment)
		if err != nil {
			return err
		}
		switch req.Status {
		case approval.Approved:
			a, err := adjustmentRow(ctx, q, id)
			if err != nil {
				return err
			}
			return s.postAdjustment(ctx, tx, sc, a)
		case approval.Rejected:
			if err := setStatus(ctx, q, "stock_adjustments", id, StatusDraft, ""); err != nil {
				return err
			}
			return audit.Record(ctx, tx, sc, DocAdjustment+".reject", DocAdjustment, id,
				audit.Change{Field: "status", Before: StatusPending, After: StatusDraft}, audit.Change{Field: "comment", After: comment})
		}
		// Approved at this level, the next level decides: the version
		// still moves, so a page showing the old state cannot act on it.
		return setStatus(ctx, q, "stock_adjustments", id, StatusPending, "")
	})
	if err != nil {
		return Adjustment{}, err
	}
	return s.Adjustment(ctx, sc, id)
}

// postAdjustment posts an approved adjustment's lines and marks it so.
func (s *Service) postAdjustment(ctx context.Context, tx *db.Tx, sc tenant.Scope, a Adjustment) error {
	moves := make([]Move, len(a.Lines))
	for i, l := range a.Lines {
		m := Move{Kind: AdjustIn, ProductID: l.ProductID, WarehouseID: a.WarehouseID, Qty: l.Qty, DocType: DocAdjustment, DocID: a.ID,
			DocLine: l.ID, Note: a.Number}
		if l.Qty < 0 {
			m.Kind, m.Qty = AdjustOut, -l.Qty
		}
		moves[i] = m
	}
	if _, err := s.PostTx(ctx, tx, sc, moves...); err != nil {
		return err
	}
	q := db.Tenant(tx, sc.Tenant())
	if err := setStatus(ctx, q, "stock_adjustments", a.ID, StatusApproved, "posted_at = ?", db.Now()); err != nil {
		return err
	}
	return audit.Record(ctx, tx, sc, DocAdjustment+".post", DocAdjustment, a.ID,
		audit.Change{Field: "status", Before: a.Status, After: StatusApproved})
}

// CancelAdjustment cancels a draft or withdraws a pending adjustment.
// Requires inventory.edit.
func (s *Service) CancelAdjustment(ctx context.Context, sc tenant.Scope, id int64, version int) (Adjustment, error) {
	if err := can(sc, tenant.Edit); err != nil {
		return Adjustment{}, err
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, sc.Tenant())
		from, err := lockDoc(ctx, q, "stock_adjustments", id, version, StatusDraft, StatusPending)
		if err != nil {
			return err
		}
		if err := s.appr.WithdrawTx(ctx, tx, sc, DocAdjustment, id); err != nil {
			return err
		}
		if err := setStatus(ctx, q, "stock_adjustments", id, StatusCancelled, ""); err != nil {
			return err
		}
		return audit.Record(ctx, tx, sc, DocAdjustment+".cancel", DocAdjustment, id,
			audit.Change{Field: "status", Before: from, After: StatusCancelled})
	})
	if err != nil {
		return Adjustment{}, err
	}
	return s.Adjustment(ctx, sc, id)
}

// adjustmentAmount is Σ |qty| × the product's current average cost.
func adjustmentAmount(ctx context.Context, q db.Scoped, lines []DocLine) (int64, error) {
	var total int64
	for _, l := range lines {
		var cs []Cost
		if err := q.Select(ctx, &cs, `SELECT qty, value FROM stock_costs WHERE tenant_id = ? AND product_id = ?`, q.Tenant, l.ProductID); err != nil {
			return 0, err
		}
		if len(cs) == 0 {
			continue
		}
		v, err := valueOf(max(l.Qty, -l.Qty), cs[0].Average())
		if err != nil {
			return 0, err
		}
		total += v
	}
	return total, nil
}

// Adjustment reads an adjustment with its lines. Requires inventory.view.
func (s *Service) Adjustment(ctx context.Context, sc tenant.Scope, id int64) (Adjustment, error) {
	if err := can(sc, tenant.View); err != nil {
		return Adjustment{}, err
	}
	return adjustmentRow(ctx, db.Tenant(s.db.Read(), sc.Tenant()), id)
}

// AdjustmentAmount is what the approval rules see of an adjustment: the
// absolute value of its lines at the current average cost (money × 10^4).
// Requires inventory.view.
func (s *Service) AdjustmentAmount(ctx context.Context, sc tenant.Scope, a Adjustment) (int64, error) {
	if err := can(sc, tenant.View); err != nil {
		return 0, err
	}
	return adjustmentAmount(ctx, db.Tenant(s.db.Read(), sc.Tenant()), a.Lines)
}

func adjustmentRow(ctx context.Context, q db.Scoped, id int64) (Adjustment, error) {
	var as []Adjustment
	if err := q.Select(ctx, &as, `SELECT `+adjustmentCols+` FROM stock_adjustments WHERE tenant_id = ? AND id = ?`, q.Tenant, id); err != nil {
		return Adjustment{}, err
	}
	if len(as) == 0 {
		return Adjustment{}, errs.NotFound("not_found")
	}
	var err error
	as[0].Lines, err = readLines(ctx, q, "stock_adjustment_lines", "adjustment_id", id)
	return as[0], err
}

// Adjustments lists adjustments, newest first (without lines). Requires
// inventory.view.
func (s *Service) Adjustments(ctx context.Context, sc tenant.Scope, dq DocQuery) ([]Adjustment, error) {
	if err := can(sc, tenant.View); err != nil {
		return nil, err
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	cond, args, limit := dq.where(q)
	var out []Adjustment
	err := q.Select(ctx, &out, `SELECT `+adjustmentCols+` FROM stock_adjustments WHERE tenant_id = ?`+cond+` ORDER BY id DESC LIMIT ?`,
		append(args, limit)...)
	return out, err
}

// adjustmentsByID reads several adjustments (the approval inbox's lines).
func (s *Service) adjustmentsByID(ctx context.Context, sc tenant.Scope, ids []int64) ([]Adjustment, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	args := []any{q.Tenant}
	for _, id := range ids {
		args = append(args, id)
	}
	var out []Adjustment
	if err := q.Select(ctx, &out, `SELECT `+adjustmentCols+` FROM stock_adjustments WHERE tenant_id = ? AND id IN (`+
		db.Placeholders(len(ids))+`)`, args...); err != nil {
		return nil, err
	}
	for i := range out {
		var err error
		if out[i].Lines, err = readLines(ctx, q, "stock_adjustment_lines", "adjustment_id", out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}
