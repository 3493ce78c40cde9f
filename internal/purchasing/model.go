package purchasing

import (
	"time"

	"github.com/taihe-erp/taihe/internal/platform/docflow"
)

// Order statuses (PRODUCT.md §4.2).
const (
	Draft             = "draft"
	PendingReview     = "pending_review"
	Approved          = "approved"
	PartiallyReceived = "partially_received"
	Received          = "received"
	Closed            = "closed"
	Cancelled         = "cancelled"
)

// orderRules are the order's actions and the statuses each starts from:
// the service refuses others (409) and the order page offers only these.
var orderRules = docflow.Rules{
	"edit":    {Draft},
	"delete":  {Draft, Cancelled},
	"submit":  {Draft},
	"decide":  {PendingReview},
	"cancel":  {Draft, PendingReview, Approved}, // and nothing received yet
	"close":   {PartiallyReceived, Received},
	"receive": {Approved, PartiallyReceived},
	"return":  {PartiallyReceived, Received, Closed},
}

// Allows reports whether the order's status lets action start.
func (o Order) Allows(action string) bool { return orderRules.Allows(action, o.Status) }

// Statuses lists them in the order an order goes through them.
var Statuses = []string{Draft, PendingReview, Approved, PartiallyReceived, Received, Closed, Cancelled}

// Order is a purchase order with its lines. Amounts and quantities are
// scaled by 10^4 as stored.
type Order struct {
	ID           int64     `db:"id"`
	Number       string    `db:"number"`
	SupplierID   int64     `db:"supplier_id"`
	WarehouseID  int64     `db:"warehouse_id"`
	OrderDate    string    `db:"order_date"`
	ExpectedDate string    `db:"expected_date"`
	Status       string    `db:"status"`
	Currency     string    `db:"currency"`
	Subtotal     int64     `db:"subtotal"`
	Tax          int64     `db:"tax"`
	Total        int64     `db:"total"`
	Notes        string    `db:"notes"`
	OwnerID      *int64    `db:"owner_id"`
	DepartmentID *int64    `db:"department_id"`
	CreatedBy    *int64    `db:"created_by"`
	CreatedAt    time.Time `db:"created_at"`
	UpdatedAt    time.Time `db:"updated_at"`
	Version      int       `db:"version"`
	Lines        []Line    `db:"-"`
}

// Line is one product of an order.
type Line struct {
	ID          int64  `db:"id"`
	LineNo      int    `db:"line_no"`
	ProductID   int64  `db:"product_id"`
	Unit        string `db:"unit"`
	Factor      int64  `db:"factor"` // base units per Unit × 10^4
	Qty         int64  `db:"qty"`
	Price       int64  `db:"price"`    // per Unit, before tax
	TaxRate     int64  `db:"tax_rate"` // percent × 10^4
	Amount      int64  `db:"amount"`   // qty × price
	Tax         int64  `db:"tax"`
	ReceivedQty int64  `db:"received_qty"` // accepted into stock
	RejectedQty int64  `db:"rejected_qty"` // refused at quality control
	ReturnedQty int64  `db:"returned_qty"` // sent back after acceptance
}

// Open is what the line still expects from the supplier: ordered less
// what was kept (accepted and not returned).
func (l Line) Open() int64 { return max(l.Qty-(l.ReceivedQty-l.ReturnedQty), 0) }

// Kept is what stayed in stock of the line.
func (l Line) Kept() int64 { return l.ReceivedQty - l.ReturnedQty }

// OrderInput is a draft as a user fills it: quantities, prices and tax
// rates are decimals as typed, checked field by field.
type OrderInput struct {
	SupplierID   int64
	WarehouseID  int64
	OrderDate    string // YYYY-MM-DD; today when empty
	ExpectedDate string
	Notes        string
	Lines        []LineInput
	Version      int // for an update
}

// LineInput is one line as typed. Unit empty: the product's base unit;
// Price empty: the product's standard cost; TaxRate empty: the product's.
type LineInput struct {
	ProductID int64
	Unit      string
	Qty       string
	Price     string
	TaxRate   string
}

// Receipt is a goods receipt or a return (Kind), posted when made.
type Receipt struct {
	ID          int64         `db:"id"`
	Number      string        `db:"number"`
	Kind        string        `db:"kind"` // DocReceipt or DocReturn
	OrderID     int64         `db:"order_id"`
	WarehouseID int64         `db:"warehouse_id"`
	DocDate     string        `db:"doc_date"`
	Notes       string        `db:"notes"`
	CreatedBy   *int64        `db:"created_by"`
	CreatedAt   time.Time     `db:"created_at"`
	Lines       []ReceiptLine `db:"-"`
}

// ReceiptLine is what one order line got (or gave back).
type ReceiptLine struct {
	ID          int64  `db:"id"`
	OrderLineID int64  `db:"order_line_id"`
	ProductID   int64  `db:"product_id"`
	Qty         int64  `db:"qty"`          // accepted (receipt) or returned (return), in the line's unit
	RejectedQty int64  `db:"rejected_qty"` // refused at quality control (receipts)
	Reason      string `db:"reason"`
}

// ReceiveInput is a receipt or return as typed: per order line the
// quantity (decimal text, empty or 0 = nothing of that line).
type ReceiveInput struct {
	DocDate string
	Notes   string
	Lines   []ReceiveLine
}

// ReceiveLine is one order line's quantities.
type ReceiveLine struct {
	OrderLineID int64
	Qty         string // accepted / returned
	Rejected    string // receipts: refused at quality control
	Reason      string
}
