package approval

import (
	"context"
	"log/slog"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// InboxItem is a request waiting for the caller, with what the inbox
// shows of its document.
type InboxItem struct {
	Request
	DocLabel        string `json:"doc_label"` // catalog key of the document type
	DocTitle        string `json:"doc_title"` // from DocHandler.Describe, else the number submitted
	Meta            string `json:"meta"`
	Href            string `json:"href"`
	RequestedByName string `db:"requested_by_name" json:"requested_by_name"`
}

// InboxItems is Inbox with each document described by its module, in the
// language of ctx. A module that cannot describe its documents does not
// empty the inbox: its items keep the number they were submitted with.
func (s *Service) InboxItems(ctx context.Context, sc tenant.Scope) ([]InboxItem, error) {
	q := db.Tenant(s.db.Read(), sc.Tenant())
	var out []InboxItem
	if err := q.Select(ctx, &out, `SELECT `+reqCols("r.")+`, COALESCE(u.display_name, '') AS requested_by_name
		FROM approval_requests r LEFT JOIN users u ON u.tenant_id = r.tenant_id AND u.id = r.requested_by
		WHERE r.tenant_id = ? AND r.status = ? AND EXISTS (SELECT 1 FROM approval_tasks k WHERE k.tenant_id = r.tenant_id
		AND k.request_id = r.id AND k.level = r.level AND k.user_id = ? AND k.decision = '') ORDER BY r.id LIMIT 200`,
		q.Tenant, Pending, sc.Actor()); err != nil {
		return nil, err
	}
	ids := map[string][]int64{}
	for _, it := range out {
		ids[it.DocType] = append(ids[it.DocType], it.DocID)
	}
	sums := map[string]map[int64]DocSummary{}
	for t, list := range ids {
		h, ok := s.DocHandler(t)
		if !ok || h.Describe == nil {
			continue
		}
		m, err := h.Describe(ctx, sc, list)
		if err != nil {
			slog.Error("approval: describe documents", "doc_type", t, "err", err)
			continue
		}
		sums[t] = m
	}
	for i := range out {
		it := &out[i]
		it.DocLabel, it.DocTitle, it.Href = "approval.doc_unknown", it.Request.DocTitle(), "/approvals"
		if h, ok := s.DocHandler(it.DocType); ok {
			if h.Label != "" {
				it.DocLabel = h.Label
			}
			if h.Href != nil {
				it.Href = h.Href(it.DocID)
			}
		}
		if sum, ok := sums[it.DocType][it.DocID]; ok {
			if sum.Title != "" {
				it.DocTitle = sum.Title
			}
			it.Meta = sum.Meta
		}
	}
	return out, nil
}

// Decide approves or rejects the request by its id through the document's
// own service (DocHandler.Decide, which calls DecideTx in its transaction
// and moves the document on). version, when not 0, must be the request's
// version (the inbox the caller saw), else stale. A rejection needs a
// comment; a request of another tenant is not found; one that is no longer
// pending is a conflict; someone not an approver of its level is refused
// by DecideTx.
func (s *Service) Decide(ctx context.Context, sc tenant.Scope, requestID int64, version int, approve bool, comment string) (Request, error) {
	comment = strings.TrimSpace(comment)
	if !approve && comment == "" {
		return Request{}, errs.Invalid(errs.Field("comment", "approval.comment_required"))
	}
	q := db.Tenant(s.db.Read(), sc.Tenant())
	r, err := load(ctx, q, requestID)
	if db.IsNoRows(err) {
		return Request{}, errs.NotFound("not_found")
	}
	if err != nil {
		return Request{}, err
	}
	if r.Status != Pending {
		return Request{}, errs.Conflict("approval.not_pending")
	}
	if version != 0 && version != r.Version {
		return Request{}, errs.Stale("stale")
	}
	h, ok := s.DocHandler(r.DocType)
	if !ok || h.Decide == nil {
		return Request{}, errs.Conflict("approval.doc_type_unknown")
	}
	if err := h.Decide(ctx, sc, r.DocID, approve, comment); err != nil {
		return Request{}, err
	}
	return load(ctx, q, requestID)
}
