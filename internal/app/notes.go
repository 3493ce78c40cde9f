package app

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/notify"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// approvalNotes hands approval's notices to notify: the two platform
// packages do not import each other.
type approvalNotes struct{ n *notify.Service }

func (a approvalNotes) SendTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, users []int64, n approval.Notice) error {
	return a.n.SendTx(ctx, tx, sc, users, notify.Note{Key: n.Key, Params: n.Params, Href: n.Href})
}
