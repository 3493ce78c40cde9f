package approval

import (
	"context"
	"fmt"

	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// ServiceDoc completes h for a document whose service has the usual pair
// of methods: get (the document as sc may read it, errs.NotFound outside
// its data scope) and decide (the approver's approve or reject inside the
// document's own transaction). It sets Decide and CanSee from them and
// Href from a page pattern with one %d ("/sales/quotes/%d"), so a module
// declares only what differs: label, fields, inbox lines.
func ServiceDoc[T any](h DocHandler, page string,
	get func(ctx context.Context, sc tenant.Scope, id int64) (T, error),
	decide func(ctx context.Context, sc tenant.Scope, id int64, approve bool, comment string) (T, error)) DocHandler {
	h.Href = func(id int64) string { return fmt.Sprintf(page, id) }
	h.Decide = func(ctx context.Context, sc tenant.Scope, id int64, approve bool, comment string) error {
		_, err := decide(ctx, sc, id, approve, comment)
		return err
	}
	h.CanSee = func(ctx context.Context, sc tenant.Scope, id int64) error {
		_, err := get(ctx, sc, id)
		return err
	}
	return h
}
