package purchasing

import (
	"context"
	"time"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Catalog is what purchasing reads of master data (masterdata.Service).
type Catalog interface {
	OwnIDs(ctx context.Context, q db.Querier, tenantID int64, table string, ids []int64) (map[int64]bool, error)
	ProductTerms(ctx context.Context, q db.Querier, tenantID int64, ids []int64) (map[int64]masterdata.ProductTerms, error)
	SupplierTerms(ctx context.Context, q db.Querier, tenantID, id int64) (masterdata.SupplierTerms, bool, error)
	Titles(ctx context.Context, sc tenant.Scope, table string, ids []int64) (map[int64]records.Titled, error)
	WarehouseChoices(ctx context.Context, sc tenant.Scope) ([]records.Titled, error)
}

// Stock is the ledger receipts post to (inventory.Service).
type Stock interface {
	PostTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, moves ...inventory.Move) ([]inventory.Posted, error)
	LowStock(ctx context.Context, sc tenant.Scope, limit int) ([]inventory.Low, error)
	ReorderRule(ctx context.Context, q db.Querier, tenantID, productID, warehouseID int64) (inventory.Low, bool, error)
}

// Approvals is the platform's approval rules (approval.Service).
type Approvals interface {
	SubmitTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, doc approval.Doc) (approval.Request, error)
	DecideTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, docType string, docID int64, approve bool, comment string) (approval.Request, error)
	WithdrawTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, docType string, docID int64) error
	Inbox(ctx context.Context, sc tenant.Scope) ([]approval.Request, error)
	History(ctx context.Context, sc tenant.Scope, docType string, docID int64) ([]approval.HistoryEntry, error)
}

// Numbers gives document numbers inside the creating transaction
// (numbering.Service).
type Numbers interface {
	Next(ctx context.Context, tx *db.Tx, tenantID int64, docType string, now time.Time) (string, error)
}

// Service is purchase orders, receipts and returns.
type Service struct {
	db        *db.DB
	master    Catalog
	stock     Stock
	approvals Approvals
	numbers   Numbers
}

// New builds the service.
func New(d *db.DB, master Catalog, stock Stock, approvals Approvals, numbers Numbers) *Service {
	return &Service{db: d, master: master, stock: stock, approvals: approvals, numbers: numbers}
}

// AuditExport records that sc exported rows of a list or report.
func (s *Service) AuditExport(ctx context.Context, sc tenant.Scope, what string, rows int) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		return audit.Record(ctx, tx, sc, what+".export", what, 0, audit.Change{Field: "rows", After: rows})
	})
}
