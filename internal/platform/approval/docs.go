package approval

import (
	"context"
	"sort"
	"sync"

	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// DocHandler is what a document type tells the approval pages: how to
// name its documents in the inbox, where they live, and how a decision
// reaches the document's own state-change function (which calls DecideTx
// inside its transaction and moves the document on). The platform never
// imports a module; modules register a handler while wiring.
type DocHandler struct {
	DocType string // "purchase_order", "stock_adjustment"…
	Label   string // catalog key of the document type
	// Perm is needed to open the document (the inbox shows a task to its
	// approver regardless: being asked to approve is enough to see it).
	Perm tenant.Perm
	// Fields are what rule conditions may compare, for the rule editor.
	Fields []DocField
	// Describe gives each document's inbox line (number, party, amount),
	// in the language of ctx.
	Describe func(ctx context.Context, sc tenant.Scope, ids []int64) (map[int64]DocSummary, error)
	// Href is the document's page.
	Href func(id int64) string
	// Decide approves or rejects through the document's service.
	Decide func(ctx context.Context, sc tenant.Scope, id int64, approve bool, comment string) error
	// CanSee, when set, tells whether sc may open the document (nil, or
	// errs.NotFound/Forbidden), data scope included; History asks it
	// before showing a document's approvals to someone who took no part.
	// Without it, Perm decides.
	CanSee func(ctx context.Context, sc tenant.Scope, id int64) error
}

// DocField is one field a condition may name.
type DocField struct {
	Name  string // as in Doc.Fields: "amount", "supplier_groups"
	Label string // catalog key
	Kind  string // "decimal", "text" or "list"
}

// DocSummary is a document's line in the inbox.
type DocSummary struct {
	Title string // "PO202612-00001"
	Meta  string // "上海某某 · ¥58,000.00"
}

// handlers is the registry of document types, shared by every tenant.
type handlers struct {
	mu sync.RWMutex
	m  map[string]DocHandler
}

// RegisterDoc adds a document type (call while wiring, before serving).
func (s *Service) RegisterDoc(h DocHandler) {
	s.docs.mu.Lock()
	defer s.docs.mu.Unlock()
	if s.docs.m == nil {
		s.docs.m = map[string]DocHandler{}
	}
	s.docs.m[h.DocType] = h
}

// DocHandler is the handler of a document type.
func (s *Service) DocHandler(docType string) (DocHandler, bool) {
	s.docs.mu.RLock()
	defer s.docs.mu.RUnlock()
	h, ok := s.docs.m[docType]
	return h, ok
}

// DocHandlers are the registered document types by type name.
func (s *Service) DocHandlers() []DocHandler {
	s.docs.mu.RLock()
	defer s.docs.mu.RUnlock()
	out := make([]DocHandler, 0, len(s.docs.m))
	for _, h := range s.docs.m {
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].DocType < out[j].DocType })
	return out
}
