package inventory

import (
	"context"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/numbering"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Module is the permission module of inventory (labels "module.inventory").
const Module = "inventory"

// Service is the stock ledger.
type Service struct {
	db      *db.DB
	master  Catalog
	alerter Alerter        // nil: nobody hears of low stock
	lag     *time.Duration // snapshot margin when not the default
	// Stock documents (transfers, adjustments, counts) number themselves
	// and submit adjustments for approval; see SetDocuments.
	num  *numbering.Service
	appr *approval.Service
}

// Catalog is what inventory asks master data (masterdata.Service): which
// products and warehouses are the tenant's, and the warehouse of each
// location.
type Catalog interface {
	OwnIDs(ctx context.Context, q db.Querier, tenantID int64, table string, ids []int64) (map[int64]bool, error)
	LocationWarehouses(ctx context.Context, q db.Querier, tenantID int64, ids []int64) (map[int64]int64, error)
	// Titles and WarehouseChoices name products and warehouses on pages.
	Titles(ctx context.Context, sc tenant.Scope, table string, ids []int64) (map[int64]records.Titled, error)
	WarehouseChoices(ctx context.Context, sc tenant.Scope) ([]records.Titled, error)
	// Stock counts: the product of a scanned barcode (0: none), the
	// products of a category and its subcategories, and the categories a
	// count sheet may be limited to.
	ProductByBarcode(ctx context.Context, q db.Querier, tenantID int64, barcode string) (int64, error)
	CategoryProducts(ctx context.Context, q db.Querier, tenantID, categoryID int64) ([]int64, error)
	CategoryChoices(ctx context.Context, sc tenant.Scope) ([]records.Titled, error)
	ProductCategoryOf(ctx context.Context, q db.Querier, tenantID int64, ids []int64) (map[int64]int64, error)
}

// New builds the service.
func New(d *db.DB, master Catalog) *Service { return &Service{db: d, master: master} }

// SetDocuments gives the stock documents their numbering and approvals
// (call while wiring, before serving); without it only the ledger works.
func (s *Service) SetDocuments(num *numbering.Service, appr *approval.Service) {
	s.num, s.appr = num, appr
}

// Balance is the stock of a product in a warehouse (zero when it never
// moved there). Requires inventory.view.
func (s *Service) Balance(ctx context.Context, sc tenant.Scope, productID, warehouseID int64) (Balance, error) {
	if !sc.Can(tenant.P(Module, tenant.View)) {
		return Balance{}, errs.Forbidden("forbidden")
	}
	return balanceOf(ctx, db.Tenant(s.db.Read(), sc.Tenant()), productID, warehouseID)
}

// balanceOf reads one balance (zero when the product never moved there).
func balanceOf(ctx context.Context, q db.Scoped, productID, warehouseID int64) (Balance, error) {
	var rows []Balance
	if err := q.Select(ctx, &rows, `SELECT product_id, warehouse_id, on_hand, reserved FROM stock_balances
		WHERE tenant_id = ? AND product_id = ? AND warehouse_id = ?`, q.Tenant, productID, warehouseID); err != nil || len(rows) == 0 {
		return Balance{ProductID: productID, WarehouseID: warehouseID}, err
	}
	return rows[0], nil
}

// Post posts movements in a transaction of its own (see PostTx).
func (s *Service) Post(ctx context.Context, sc tenant.Scope, moves ...Move) ([]Posted, error) {
	var out []Posted
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		out, err = s.PostTx(ctx, tx, sc, moves...)
		return err
	})
	return out, err
}
