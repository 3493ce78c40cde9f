package purchasing

import (
	"context"
	"fmt"
	"github.com/taihe-erp/taihe/internal/platform/docflow"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Submit sends a draft for approval (purchasing.edit): the tenant's
// approval rules see its amount, supplier, warehouse and buyer. No rule
// asks → approved at once; otherwise pending_review.
func (s *Service) Submit(ctx context.Context, sc tenant.Scope, id int64, version int) (Order, error) {
	if !sc.Can(tenant.P(Module, tenant.Edit)) {
		return Order{}, errs.Forbidden("forbidden")
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		o, err := s.lock(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		if err := expect(o, version, "submit"); err != nil {
			return err
		}
		fields, err := s.approvalFields(ctx, tx, sc, o)
		if err != nil {
			return err
		}
		req, err := s.approvals.SubmitTx(ctx, tx, sc, approval.Doc{Type: DocOrder, ID: id, Fields: fields, Title: o.Number})
		if err != nil {
			return err
		}
		to := PendingReview
		if req.Status == approval.Approved {
			to = Approved
		}
		return s.move(ctx, tx, sc, o, to, "submit")
	})
	if err != nil {
		return Order{}, err
	}
	return s.Get(ctx, sc, id)
}

// ApprovalFields are what approval rules of purchase orders may compare.
var ApprovalFields = []approval.DocField{
	{Name: "amount", Label: "purchasing.total", Kind: "decimal"},
	{Name: "supplier_id", Label: "purchasing.supplier", Kind: "text"},
	{Name: "warehouse_id", Label: "purchasing.warehouse", Kind: "text"},
	{Name: "supplier_region", Label: "purchasing.supplier_region", Kind: "text"},
	{Name: "supplier_industry", Label: "purchasing.supplier_industry", Kind: "text"},
}

func (s *Service) approvalFields(ctx context.Context, tx *db.Tx, sc tenant.Scope, o Order) (map[string]any, error) {
	sup, _, err := s.master.SupplierTerms(ctx, tx, sc.Tenant(), o.SupplierID)
	if err != nil {
		return nil, err
	}
	f := map[string]any{"amount": money.FromScaled(o.Total), "supplier_id": o.SupplierID, "warehouse_id": o.WarehouseID,
		"supplier_region": "", "supplier_industry": ""}
	if sup.Region != nil {
		f["supplier_region"] = *sup.Region
	}
	if sup.Industry != nil {
		f["supplier_industry"] = *sup.Industry
	}
	return f, nil
}

// Decide is an approver's approve or reject of a pending order. The
// approval rules say who may (the caller needs no purchasing permission
// beyond being an approver of the current level); the last approval
// approves the order, a rejection (comment required) sends it back to
// draft.
func (s *Service) Decide(ctx context.Context, sc tenant.Scope, id int64, approve bool, comment string) (Order, error) {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		o, err := s.lock(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		if !o.Allows("decide") {
			return errs.Conflict("purchasing.not_pending")
		}
		req, err := s.approvals.DecideTx(ctx, tx, sc, DocOrder, id, approve, comment)
		if err != nil {
			return err
		}
		switch req.Status {
		case approval.Approved:
			return s.move(ctx, tx, sc, o, Approved, "approve")
		case approval.Rejected:
			return s.move(ctx, tx, sc, o, Draft, "reject", audit.Change{Field: "comment", After: strings.TrimSpace(comment)})
		}
		return nil // a level approved; the next one decides
	})
	if err != nil {
		return Order{}, err
	}
	return s.Get(ctx, sc, id)
}

// Cancel ends an order before anything was accepted (purchasing.edit):
// a pending approval is withdrawn. A reason is required.
func (s *Service) Cancel(ctx context.Context, sc tenant.Scope, id int64, version int, reason string) (Order, error) {
	if !sc.Can(tenant.P(Module, tenant.Edit)) {
		return Order{}, errs.Forbidden("forbidden")
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Order{}, errs.Invalid(errs.Field("reason", "field.required"))
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		o, err := s.lock(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		if err := expect(o, version, "cancel"); err != nil {
			return err
		}
		// Goods refused at quality control never entered stock: only an
		// accepted receipt stops a cancel.
		for _, l := range o.Lines {
			if l.ReceivedQty > 0 {
				return errs.Conflict("purchasing.cancel_received")
			}
		}
		if err := s.approvals.WithdrawTx(ctx, tx, sc, DocOrder, id); err != nil {
			return err
		}
		return s.move(ctx, tx, sc, o, Cancelled, "cancel", audit.Change{Field: "reason", After: reason})
	})
	if err != nil {
		return Order{}, err
	}
	return s.Get(ctx, sc, id)
}

// Close ends an order that expects nothing more (purchasing.edit): a
// partially received one drops its open quantities.
func (s *Service) Close(ctx context.Context, sc tenant.Scope, id int64, version int) (Order, error) {
	if !sc.Can(tenant.P(Module, tenant.Edit)) {
		return Order{}, errs.Forbidden("forbidden")
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		o, err := s.lock(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		if err := expect(o, version, "close"); err != nil {
			return err
		}
		var open int64
		for _, l := range o.Lines {
			open += l.Open()
		}
		return s.move(ctx, tx, sc, o, Closed, "close", audit.Change{Field: "open_qty", Before: money.FromScaled(open).String()})
	})
	if err != nil {
		return Order{}, err
	}
	return s.Get(ctx, sc, id)
}

// expect checks that the order's status allows action (orderRules) and
// that it is the version the user saw (0: not checked).
func expect(o Order, version int, action string) error {
	return orderRules.Expect(o.doc(), "purchasing.bad_status", version, action)
}

// move writes a status change and its audit row ("purchase_order.approve").
func (s *Service) move(ctx context.Context, tx *db.Tx, sc tenant.Scope, o Order, to, action string, more ...audit.Change) error {
	return docflow.Move(ctx, tx, sc, o.doc(), to, action, more...)
}

// doc is the order as the shared status steps see it.
func (o Order) doc() docflow.Doc {
	return docflow.Doc{Table: "purchase_orders", Type: DocOrder, ID: o.ID, Status: o.Status, Version: o.Version}
}

// awaits reports whether the order waits for sc's decision, and at which
// level of how many ("1/2").
func (s *Service) awaits(ctx context.Context, sc tenant.Scope, id int64) (bool, string, error) {
	rs, err := s.approvals.Inbox(ctx, sc)
	if err != nil {
		return false, "", err
	}
	for _, r := range rs {
		if r.DocType == DocOrder && r.DocID == id {
			return true, fmt.Sprintf("%d/%d", r.Level, r.Levels), nil
		}
	}
	return false, "", nil
}
