package approval

import (
	"context"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// HistoryEntry is one request of a document with its tasks.
type HistoryEntry struct {
	Request
	RuleName        string        `db:"rule_name" json:"rule_name"`
	RequestedByName string        `db:"requested_by_name" json:"requested_by_name"`
	Tasks           []HistoryTask `db:"-" json:"tasks"`
}

// HistoryTask is one approver of one level and what they decided
// (Decision "" while waiting, or after the level or request ended
// without them).
type HistoryTask struct {
	RequestID    int64      `db:"request_id" json:"-"`
	Level        int        `db:"level" json:"level"`
	ApproverID   int64      `db:"user_id" json:"approver_id"`
	ApproverName string     `db:"approver_name" json:"approver_name"`
	Decision     string     `db:"decision" json:"decision"`
	Comment      string     `db:"comment" json:"comment"`
	DecidedAt    *time.Time `db:"decided_at" json:"decided_at,omitempty"`
}

// History is every approval request of a document, newest first, with its
// rule's name and each approver's decision.
//
// Who may read it: someone who took part (submitted one of its requests,
// or was asked to approve one), or whoever may open the document — the
// document type's DocHandler.CanSee when it has one (the module's own
// check, data scope included), else its Perm. A document type that is not
// registered has no history to show. A module's page that has already
// loaded the document under the caller's scope passes the same check.
func (s *Service) History(ctx context.Context, sc tenant.Scope, docType string, docID int64) ([]HistoryEntry, error) {
	q := db.Tenant(s.db.Read(), sc.Tenant())
	h, ok := s.DocHandler(docType)
	if !ok {
		return nil, errs.NotFound("not_found")
	}
	var out []HistoryEntry
	if err := q.Select(ctx, &out, `SELECT `+reqCols("r.")+`, COALESCE(ru.name, '') AS rule_name,
		COALESCE(u.display_name, '') AS requested_by_name FROM approval_requests r
		LEFT JOIN approval_rules ru ON ru.tenant_id = r.tenant_id AND ru.id = r.rule_id
		LEFT JOIN users u ON u.tenant_id = r.tenant_id AND u.id = r.requested_by
		WHERE r.tenant_id = ? AND r.doc_type = ? AND r.doc_id = ? ORDER BY r.id DESC`, q.Tenant, docType, docID); err != nil {
		return nil, err
	}
	var tasks []HistoryTask
	if len(out) > 0 {
		if err := q.Select(ctx, &tasks, `SELECT k.request_id, k.level, k.user_id, COALESCE(u.display_name, '') AS approver_name,
			k.decision, k.comment, k.decided_at FROM approval_tasks k JOIN approval_requests r ON r.tenant_id = k.tenant_id AND r.id = k.request_id
			LEFT JOIN users u ON u.tenant_id = k.tenant_id AND u.id = k.user_id
			WHERE k.tenant_id = ? AND r.doc_type = ? AND r.doc_id = ? ORDER BY k.request_id, k.level, k.id`, q.Tenant, docType, docID); err != nil {
			return nil, err
		}
	}
	if err := s.mayRead(ctx, sc, h, docID, out, tasks); err != nil {
		return nil, err
	}
	at := map[int64]int{}
	for i := range out {
		at[out[i].ID] = i
		out[i].Tasks = []HistoryTask{}
	}
	for _, k := range tasks {
		e := &out[at[k.RequestID]]
		e.Tasks = append(e.Tasks, k)
	}
	if out == nil {
		out = []HistoryEntry{}
	}
	return out, nil
}

func (s *Service) mayRead(ctx context.Context, sc tenant.Scope, h DocHandler, docID int64, es []HistoryEntry, ks []HistoryTask) error {
	for _, e := range es {
		if e.RequestedBy != nil && *e.RequestedBy == sc.Actor() {
			return nil
		}
	}
	for _, k := range ks {
		if k.ApproverID == sc.Actor() {
			return nil
		}
	}
	if h.CanSee != nil {
		return h.CanSee(ctx, sc, docID)
	}
	if h.Perm != "" && !sc.Can(h.Perm) {
		return errs.Forbidden("forbidden")
	}
	return nil
}
