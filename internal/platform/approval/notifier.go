package approval

import (
	"context"
	"slices"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Notice is an in-app notification: a catalog key rendered with Params in
// the reader's language when it is read. A param whose name ends in "Key"
// is itself a catalog key ("DocKey": the document type's label), shown
// translated under the name without the suffix ("Doc").
type Notice struct {
	Key    string
	Params map[string]any
	Href   string
}

// Notifier delivers notices inside the business transaction, so a
// notification exists exactly when the change it tells of committed. The
// platform's notify package provides one; the app wires it (approval does
// not import it, to keep the platform packages independent).
type Notifier interface {
	SendTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, users []int64, n Notice) error
}

// SetNotifier sets who tells approvers and submitters (call while wiring;
// without one nobody is told).
func (s *Service) SetNotifier(n Notifier) { s.notifier = n }

// Notification keys.
const (
	NoteWaiting  = "approval.note_waiting"  // to the approvers of the level a request reached
	NoteApproved = "approval.note_approved" // to the submitter
	NoteRejected = "approval.note_rejected" // to the submitter, with the comment
)

func (s *Service) notify(ctx context.Context, tx *db.Tx, sc tenant.Scope, users []int64, n Notice) error {
	if s.notifier == nil || len(users) == 0 {
		return nil
	}
	return s.notifier.SendTx(ctx, tx, sc, users, n)
}

// docParams names the document in a notice: its type's label and number.
func (s *Service) docParams(r Request) map[string]any {
	p := map[string]any{"Title": r.DocTitle(), "DocKey": "approval.doc_unknown"}
	if h, ok := s.DocHandler(r.DocType); ok && h.Label != "" {
		p["DocKey"] = h.Label
	}
	return p
}

// docHref is the document's page, or the inbox when its module is not
// registered.
func (s *Service) docHref(r Request) string {
	if h, ok := s.DocHandler(r.DocType); ok && h.Href != nil {
		return h.Href(r.DocID)
	}
	return "/approvals"
}

// notifyLevel tells the approvers still to decide at the request's level.
func (s *Service) notifyLevel(ctx context.Context, tx *db.Tx, sc tenant.Scope, q db.Scoped, r Request) error {
	if s.notifier == nil {
		return nil
	}
	// Sorted here, not by ORDER BY: with it SQLite walked the index by
	// user (tenant_id, user_id, …) — every task of the tenant — to skip a
	// sort of one or two rows, instead of the request's index.
	var users []int64
	if err := q.Select(ctx, &users, `SELECT user_id FROM approval_tasks WHERE tenant_id = ? AND request_id = ? AND level = ?
		AND decision = ''`, q.Tenant, r.ID, r.Level); err != nil {
		return err
	}
	return s.notifyUsers(ctx, tx, sc, r, users)
}

// notifyUsers tells users (the approvers still to decide at the request's
// level) that the request waits for them.
func (s *Service) notifyUsers(ctx context.Context, tx *db.Tx, sc tenant.Scope, r Request, users []int64) error {
	if s.notifier == nil {
		return nil
	}
	users = slices.Sorted(slices.Values(users))
	p := s.docParams(r)
	p["Level"], p["Levels"] = r.Level, r.Levels
	return s.notify(ctx, tx, sc, users, Notice{Key: NoteWaiting, Params: p, Href: "/approvals"})
}

// notifyOutcome tells the submitter how their request ended.
func (s *Service) notifyOutcome(ctx context.Context, tx *db.Tx, sc tenant.Scope, r Request, comment string) error {
	if r.RequestedBy == nil {
		return nil
	}
	p := s.docParams(r)
	key := NoteApproved
	if r.Status == Rejected {
		key, p["Comment"] = NoteRejected, comment
	}
	return s.notify(ctx, tx, sc, []int64{*r.RequestedBy}, Notice{Key: key, Params: p, Href: s.docHref(r)})
}
