package approval

import (
	"context"
	"slices"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// SubmitTx starts the approval of a submitted document inside the
// document's transaction: the first active rule of its type whose
// conditions hold makes a pending request with the approvers of every
// level (the submitter never approves their own document). No matching
// rule: the returned request NeedsNone and the document is approved as
// submitted. The caller checked its own submit permission.
func (s *Service) SubmitTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, doc Doc) (Request, error) {
	q := db.Tenant(tx, sc.Tenant())
	rules, err := rulesOf(ctx, q, doc.Type, true)
	if err != nil {
		return Request{}, err
	}
	var rule *Rule
	for i := range rules {
		if holds(rules[i].Conditions, doc.Fields) {
			rule = &rules[i]
			break
		}
	}
	if rule == nil {
		return Request{DocType: doc.Type, DocID: doc.ID, Status: Approved}, nil
	}
	var open int
	if err := q.Get(ctx, &open, `SELECT count(*) FROM approval_requests WHERE tenant_id = ? AND doc_type = ? AND doc_id = ? AND status = ?`,
		q.Tenant, doc.Type, doc.ID, Pending); err != nil {
		return Request{}, err
	}
	if open > 0 {
		return Request{}, errs.Conflict("approval.pending_exists")
	}
	now := db.Now()
	actor := db.NullID(sc.Actor())
	title := strings.TrimSpace(doc.Title)
	id, err := db.Insert(ctx, q, `INSERT INTO approval_requests (tenant_id, doc_type, doc_id, title, rule_id, status, level, levels,
		requested_by, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`, q.Tenant, doc.Type, doc.ID, title, rule.ID,
		Pending, len(rule.Levels), actor, now)
	if err != nil {
		return Request{}, err
	}
	var first []int64 // the first level's approvers, told now
	for i, l := range rule.Levels {
		users, err := approvers(ctx, q, l, sc.Actor())
		if err != nil {
			return Request{}, err
		}
		users = slices.DeleteFunc(users, func(u int64) bool { return u == sc.Actor() })
		if len(users) == 0 {
			return Request{}, errs.Conflict("approval.no_approvers", "Rule", rule.Name, "Level", i+1)
		}
		for _, u := range users {
			if _, err := q.Exec(ctx, `INSERT INTO approval_tasks (tenant_id, request_id, level, all_must, user_id) VALUES (?, ?, ?, ?, ?)`,
				q.Tenant, id, i+1, l.All, u); err != nil {
				return Request{}, err
			}
		}
		if i == 0 {
			first = users
		}
	}
	if err := audit.Record(ctx, tx, sc, doc.Type+".approval_submit", doc.Type, doc.ID,
		audit.Change{Field: "approval_rule", After: rule.Name}, audit.Change{Field: "levels", After: len(rule.Levels)}); err != nil {
		return Request{}, err
	}
	// The request as inserted (not read back: a statement per submit).
	r := Request{ID: id, DocType: doc.Type, DocID: doc.ID, Title: title, RuleID: &rule.ID, Status: Pending, Level: 1,
		Levels: len(rule.Levels), CreatedAt: now, Version: 1}
	if sc.Actor() != 0 {
		by := sc.Actor()
		r.RequestedBy = &by
	}
	return r, s.notifyUsers(ctx, tx, sc, r, first)
}

// approvers are the active staff users of a level for a submitter.
func approvers(ctx context.Context, q db.Scoped, l Level, submitter int64) ([]int64, error) {
	var ids []int64
	var err error
	if l.DeptHead {
		return deptHead(ctx, q, submitter)
	}
	if l.Role != "" {
		err = q.Select(ctx, &ids, `SELECT u.id FROM users u JOIN user_roles ur ON ur.tenant_id = u.tenant_id AND ur.user_id = u.id
			JOIN roles r ON r.tenant_id = ur.tenant_id AND r.id = ur.role_id
			WHERE u.tenant_id = ? AND r.code = ? AND u.status = 'active' AND u.kind = 'staff' ORDER BY u.id`, q.Tenant, l.Role)
	} else {
		in := db.Placeholders(len(l.Users))
		args := []any{q.Tenant}
		for _, u := range l.Users {
			args = append(args, u)
		}
		err = q.Select(ctx, &ids, `SELECT id FROM users WHERE tenant_id = ? AND id IN (`+in+`) AND status = 'active' AND kind = 'staff'
			ORDER BY id`, args...)
	}
	return ids, err
}

// DecideTx records sc's decision on the pending request of a document,
// inside the document's transaction. Only an approver of the current
// level who has not decided may; a rejection needs a comment and ends the
// request (the document goes back to draft); an approval completes the
// level when any one approver suffices or all have approved, and the
// request when it was the last level. The returned request's Status tells
// the document what to do.
func (s *Service) DecideTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, docType string, docID int64, approve bool, comment string) (Request, error) {
	q := db.Tenant(tx, sc.Tenant())
	comment = strings.TrimSpace(comment)
	if !approve && comment == "" {
		return Request{}, errs.Invalid(errs.Field("comment", "approval.comment_required"))
	}
	r, err := pending(ctx, q, docType, docID)
	if err != nil {
		return Request{}, err
	}
	decision, action := "rejected", ".approval_reject"
	if approve {
		decision, action = "approved", ".approval_approve"
	}
	now := db.Now()
	res, err := q.Exec(ctx, `UPDATE approval_tasks SET decision = ?, comment = ?, decided_at = ?
		WHERE tenant_id = ? AND request_id = ? AND level = ? AND user_id = ? AND decision = ''`,
		decision, comment, now, q.Tenant, r.ID, r.Level, sc.Actor())
	if err != nil {
		return Request{}, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Request{}, errs.Forbidden("approval.not_approver")
	}
	status, level := r.Status, r.Level
	if !approve {
		status = Rejected
	} else {
		var left struct {
			All     bool `db:"all_must"`
			Pending int  `db:"pending"`
		}
		if err := q.Get(ctx, &left, `SELECT max(CASE WHEN all_must THEN 1 ELSE 0 END) = 1 AS all_must,
			sum(CASE WHEN decision = '' THEN 1 ELSE 0 END) AS pending FROM approval_tasks
			WHERE tenant_id = ? AND request_id = ? AND level = ?`, q.Tenant, r.ID, r.Level); err != nil {
			return Request{}, err
		}
		if !left.All || left.Pending == 0 {
			if level == r.Levels {
				status = Approved
			} else {
				level++
			}
		}
	}
	var decided any
	if status != Pending {
		decided = now
	}
	res, err = q.Exec(ctx, `UPDATE approval_requests SET status = ?, level = ?, decided_at = ?, version = version + 1
		WHERE tenant_id = ? AND id = ? AND version = ?`, status, level, decided, q.Tenant, r.ID, r.Version)
	if err != nil {
		return Request{}, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return Request{}, errs.Stale("stale")
	}
	changes := []audit.Change{{Field: "level", Before: r.Level, After: level}, {Field: "status", Before: r.Status, After: status}}
	if comment != "" {
		changes = append(changes, audit.Change{Field: "comment", After: comment})
	}
	if err := audit.Record(ctx, tx, sc, docType+action, docType, docID, changes...); err != nil {
		return Request{}, err
	}
	// The request as updated (not read back).
	out := r
	out.Status, out.Level, out.Version = status, level, r.Version+1
	if status != Pending {
		out.DecidedAt = &now
	}
	switch {
	case out.Status != Pending:
		err = s.notifyOutcome(ctx, tx, sc, out, comment)
	case out.Level != r.Level:
		err = s.notifyLevel(ctx, tx, sc, q, out)
	}
	return out, err
}

// WithdrawTx ends a document's pending request (the submitter took it
// back, or the document was cancelled); none pending is not an error.
func (s *Service) WithdrawTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, docType string, docID int64) error {
	q := db.Tenant(tx, sc.Tenant())
	res, err := q.Exec(ctx, `UPDATE approval_requests SET status = ?, decided_at = ?, version = version + 1
		WHERE tenant_id = ? AND doc_type = ? AND doc_id = ? AND status = ?`, Withdrawn, db.Now(), q.Tenant, docType, docID, Pending)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	return audit.Record(ctx, tx, sc, docType+".approval_withdraw", docType, docID)
}

// Inbox is the requests waiting for sc's decision at their current
// level, oldest first.
func (s *Service) Inbox(ctx context.Context, sc tenant.Scope) ([]Request, error) {
	q := db.Tenant(s.db.Read(), sc.Tenant())
	var out []Request
	err := q.Select(ctx, &out, `SELECT `+reqCols("r.")+` FROM approval_requests r
		WHERE r.tenant_id = ? AND r.status = ? AND EXISTS (SELECT 1 FROM approval_tasks k WHERE k.tenant_id = r.tenant_id
		AND k.request_id = r.id AND k.level = r.level AND k.user_id = ? AND k.decision = '') ORDER BY r.id LIMIT 200`,
		q.Tenant, Pending, sc.Actor())
	return out, err
}

func pending(ctx context.Context, q db.Scoped, docType string, docID int64) (Request, error) {
	var rs []Request
	if err := q.Select(ctx, &rs, `SELECT `+reqCols("")+` FROM approval_requests WHERE tenant_id = ? AND doc_type = ? AND doc_id = ? AND status = ?`+db.ForUpdate(q),
		q.Tenant, docType, docID, Pending); err != nil {
		return Request{}, err
	}
	if len(rs) == 0 {
		return Request{}, errs.Conflict("approval.not_pending")
	}
	return rs[0], nil
}

func load(ctx context.Context, q db.Scoped, id int64) (Request, error) {
	var r Request
	err := q.Get(ctx, &r, `SELECT `+reqCols("")+` FROM approval_requests WHERE tenant_id = ? AND id = ?`, q.Tenant, id)
	return r, err
}

// reqCols are a request's columns, each prefixed with a table alias.
func reqCols(alias string) string {
	cols := []string{"id", "doc_type", "doc_id", "title", "rule_id", "status", "level", "levels", "requested_by", "created_at",
		"decided_at", "version"}
	for i, c := range cols {
		cols[i] = alias + c
	}
	return strings.Join(cols, ", ")
}
