package sales

import (
	"context"
	"time"

	"github.com/taihe-erp/taihe/internal/inventory"
	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Catalog is what sales reads of master data (masterdata.Service).
type Catalog interface {
	OwnIDs(ctx context.Context, q db.Querier, tenantID int64, table string, ids []int64) (map[int64]bool, error)
	ProductTerms(ctx context.Context, q db.Querier, tenantID int64, ids []int64) (map[int64]masterdata.ProductTerms, error)
	CustomerTerms(ctx context.Context, q db.Querier, tenantID, id int64) (masterdata.CustomerTerms, bool, error)
	LockCustomer(ctx context.Context, q db.Querier, tenantID, id int64) error
	PriceFor(ctx context.Context, sc tenant.Scope, customerID, productID int64, unit string, qty money.Amount, currencyID int64,
		on time.Time) (masterdata.Price, error)
	PricesFor(ctx context.Context, sc tenant.Scope, customerID int64, items []masterdata.PriceItem, currencyID int64,
		on time.Time) ([]masterdata.Price, []error)
	Titles(ctx context.Context, sc tenant.Scope, table string, ids []int64) (map[int64]records.Titled, error)
	WarehouseChoices(ctx context.Context, sc tenant.Scope) ([]records.Titled, error)
	MatchRefs(ctx context.Context, q db.Querier, sc tenant.Scope, table string, values []string) (map[string][]int64, error)
	// Order statistics total by the customer's region and the product's brand.
	CustomerRegionOf(ctx context.Context, q db.Querier, tenantID int64, ids []int64) (map[int64]string, error)
	ProductBrandOf(ctx context.Context, q db.Querier, tenantID int64, ids []int64) (map[int64]string, error)
	DictLabels(ctx context.Context, sc tenant.Scope, dict string) (map[string]string, error)
	PromoTerms(ctx context.Context, q db.Querier, tenantID, customerID int64, productIDs []int64) (masterdata.PromoTerms, error)
	ProcessStepTerms(ctx context.Context, q db.Querier, tenantID int64, ids []int64) (map[int64]masterdata.ProcessStepTerms, error)
}

// Stock is where approved orders hold their goods (inventory.Service).
type Stock interface {
	ReserveTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, r inventory.Reservation) error
	ReserveAllTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, rs []inventory.Reservation) error
	ReleaseDocTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, docType string, docID int64) error
	// PostTx: deliveries ship (consuming the reservation) and returns
	// come back into stock.
	PostTx(ctx context.Context, tx *db.Tx, sc tenant.Scope, moves ...inventory.Move) ([]inventory.Posted, error)
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

// Service is sales orders.
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

// AuditExport records that sc exported rows of the order list.
func (s *Service) AuditExport(ctx context.Context, sc tenant.Scope, rows int) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		return audit.Record(ctx, tx, sc, DocOrder+".export", DocOrder, 0, audit.Change{Field: "rows", After: rows})
	})
}
