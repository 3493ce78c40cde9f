package sales

import (
	"context"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/docflow"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// returnAction runs one status change of a return: the permission, then
// in one transaction the lock, the status the action starts from
// (returnRules) and the version, then do.
func (s *Service) returnAction(ctx context.Context, sc tenant.Scope, perm tenant.Action, id int64, version int, action string,
	do func(tx *db.Tx, r Return) error) (Return, error) {
	if !sc.Can(tenant.P(ReturnsModule, perm)) {
		return Return{}, errs.Forbidden("forbidden")
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.lockReturn(ctx, tx, sc, id)
		if err != nil {
			return err
		}
		if err := returnRules.Expect(r.doc(), "sales.return.bad_status", version, action); err != nil {
			return err
		}
		return do(tx, r)
	})
	if err != nil {
		return Return{}, err
	}
	return s.GetReturn(ctx, sc, id)
}

// ApproveReturn accepts a request as eligible (sales_returns.approve): the
// customer may send the goods.
func (s *Service) ApproveReturn(ctx context.Context, sc tenant.Scope, id int64, version int, comment string) (Return, error) {
	return s.decideReturn(ctx, sc, id, version, comment, true)
}

// RejectReturn refuses a request (sales_returns.approve) with a comment
// the customer can be told; the return ends there.
func (s *Service) RejectReturn(ctx context.Context, sc tenant.Scope, id int64, version int, comment string) (Return, error) {
	return s.decideReturn(ctx, sc, id, version, comment, false)
}

func (s *Service) decideReturn(ctx context.Context, sc tenant.Scope, id int64, version int, comment string, approve bool) (Return, error) {
	comment = strings.TrimSpace(comment)
	var c errs.Collector
	if !approve && comment == "" {
		c.Add("comment", "field.required")
	}
	maxLen(&c, "comment", comment, 1000)
	action, to := "approve", ReturnApproved
	if !approve {
		action, to = "reject", ReturnRejected
	}
	return s.returnAction(ctx, sc, tenant.Approve, id, version, action, func(tx *db.Tx, r Return) error {
		if err := c.Err(); err != nil {
			return err
		}
		q := db.Tenant(tx, sc.Tenant())
		if _, err := q.Exec(ctx, `UPDATE sales_returns SET decision_comment = ?, decided_by = ?, decided_at = ? WHERE tenant_id = ? AND id = ?`,
			comment, db.NullID(sc.Actor()), db.Now(), q.Tenant, r.ID); err != nil {
			return err
		}
		return docflow.Move(ctx, tx, sc, r.doc(), to, action, audit.Change{Field: "comment", After: comment})
	})
}

// ReceiveReturn records that the goods came back to the warehouse
// (sales_returns.edit); nothing enters stock before inspection.
func (s *Service) ReceiveReturn(ctx context.Context, sc tenant.Scope, id int64, version int, note string) (Return, error) {
	note = strings.TrimSpace(note)
	var c errs.Collector
	maxLen(&c, "note", note, 1000)
	return s.returnAction(ctx, sc, tenant.Edit, id, version, "receive", func(tx *db.Tx, r Return) error {
		if err := c.Err(); err != nil {
			return err
		}
		q := db.Tenant(tx, sc.Tenant())
		if _, err := q.Exec(ctx, `UPDATE sales_returns SET received_at = ?, received_note = ? WHERE tenant_id = ? AND id = ?`,
			db.Now(), note, q.Tenant, r.ID); err != nil {
			return err
		}
		return docflow.Move(ctx, tx, sc, r.doc(), ReturnReceived, "receive", audit.Change{Field: "note", After: note})
	})
}

// CloseReturn ends a refunded or exchanged return (sales_returns.edit):
// the customer has been dealt with. Its refund request stays with finance
// and its replacement delivery goes on as any delivery.
func (s *Service) CloseReturn(ctx context.Context, sc tenant.Scope, id int64, version int) (Return, error) {
	return s.returnAction(ctx, sc, tenant.Edit, id, version, "close", func(tx *db.Tx, r Return) error {
		q := db.Tenant(tx, sc.Tenant())
		if _, err := q.Exec(ctx, `UPDATE sales_returns SET closed_at = ? WHERE tenant_id = ? AND id = ?`, db.Now(), q.Tenant, r.ID); err != nil {
			return err
		}
		return docflow.Move(ctx, tx, sc, r.doc(), ReturnClosed, "close")
	})
}
