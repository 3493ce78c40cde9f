package sales

import "time"

// Quotation statuses (PRODUCT.md §4.3). A rejection in review sends the
// quotation back to draft with the approver's comment, as with orders.
const (
	QuoteDraft         = "draft"
	QuotePendingReview = "pending_review"
	QuoteApproved      = "approved"
	QuoteSent          = "sent"
	QuoteAccepted      = "accepted"
	QuoteDeclined      = "declined"
	QuoteExpired       = "expired"
)

// QuoteStatuses lists them in the order a quotation goes through them.
var QuoteStatuses = []string{QuoteDraft, QuotePendingReview, QuoteApproved, QuoteSent, QuoteAccepted, QuoteDeclined, QuoteExpired}

// Line kinds: a product from the catalogue, or a process route (工艺流程)
// whose steps and materials make one unit of its product.
const (
	KindProduct = "product"
	KindRoute   = "route"
)

// Quote is a quotation with its lines. Amounts, quantities and hours are
// scaled by 10^4 as stored; percentages are percent × 10^4.
type Quote struct {
	ID           int64       `db:"id"`
	Number       string      `db:"number"`
	CustomerID   int64       `db:"customer_id"`
	WarehouseID  *int64      `db:"warehouse_id"`
	QuoteDate    string      `db:"quote_date"`
	ValidUntil   string      `db:"valid_until"`
	Status       string      `db:"status"`
	Currency     string      `db:"currency"`
	Notes        string      `db:"notes"`
	Subtotal     int64       `db:"subtotal"` // Σ qty × price
	Discount     int64       `db:"discount"`
	Tax          int64       `db:"tax"`
	Total        int64       `db:"total"` // subtotal − discount + tax
	Cost         int64       `db:"cost"`
	Margin       int64       `db:"margin"`     // subtotal − discount − cost
	MarginPct    int64       `db:"margin_pct"` // margin / (subtotal − discount), percent × 10^4
	OrderID      *int64      `db:"order_id"`   // the order made on acceptance
	OwnerID      *int64      `db:"owner_id"`
	DepartmentID *int64      `db:"department_id"`
	CreatedBy    *int64      `db:"created_by"`
	CreatedAt    time.Time   `db:"created_at"`
	UpdatedAt    time.Time   `db:"updated_at"`
	Version      int         `db:"version"`
	Lines        []QuoteLine `db:"-"`
}

// QuoteLine is one line. Price, cost and margin are per the line's unit;
// a route line's UnitCost is Σ its steps + Σ its materials.
type QuoteLine struct {
	ID          int64           `db:"id"`
	LineNo      int             `db:"line_no"`
	Kind        string          `db:"kind"`
	ProductID   int64           `db:"product_id"`
	Description string          `db:"description"`
	Unit        string          `db:"unit"`
	Factor      int64           `db:"factor"`
	Qty         int64           `db:"qty"`
	Price       int64           `db:"price"`
	MarkupPct   *int64          `db:"markup_pct"` // the price is unit cost × (1 + markup)
	DiscountPct int64           `db:"discount_pct"`
	TaxRate     int64           `db:"tax_rate"`
	Amount      int64           `db:"amount"` // qty × price − discount
	Discount    int64           `db:"discount"`
	Tax         int64           `db:"tax"`
	UnitCost    int64           `db:"unit_cost"`
	Cost        int64           `db:"cost"` // qty × unit cost
	Margin      int64           `db:"margin"`
	MarginPct   int64           `db:"margin_pct"`
	Steps       []QuoteStep     `db:"-"`
	Materials   []QuoteMaterial `db:"-"`
}

// QuoteStep is a route's step (工序): hours per unit × hourly rate.
type QuoteStep struct {
	LineNo        int    `db:"line_no"`
	Seq           int    `db:"seq"`
	ProcessStepID *int64 `db:"process_step_id"`
	Name          string `db:"name"`
	Hours         int64  `db:"hours"`
	Rate          int64  `db:"rate"`
	Cost          int64  `db:"cost"`
}

// QuoteMaterial is a route's material: quantity per unit (base unit) ×
// unit cost.
type QuoteMaterial struct {
	LineNo    int   `db:"line_no"`
	Seq       int   `db:"seq"`
	ProductID int64 `db:"product_id"`
	Qty       int64 `db:"qty"`
	UnitCost  int64 `db:"unit_cost"`
	Cost      int64 `db:"cost"`
}

// QuoteInput is a quotation as a user fills it; decimals as typed.
type QuoteInput struct {
	CustomerID  int64
	WarehouseID int64  // 0: none yet (asked on acceptance)
	QuoteDate   string // YYYY-MM-DD; today when empty
	ValidUntil  string // YYYY-MM-DD; 30 days after the quote date when empty
	Notes       string
	Lines       []QuoteLineInput
	Version     int // for an update
}

// QuoteLineInput is one line as typed. Kind empty: product.
//
// A product line: Price empty → the customer's price-list price; UnitCost
// empty → the product's standard cost per unit.
//
// A route line: ProductID is what the route makes; its unit cost is Σ
// Steps + Σ Materials; Price empty → unit cost × (1 + Markup %), and one
// of the two is required.
type QuoteLineInput struct {
	Kind        string
	ProductID   int64
	Description string
	Unit        string
	Qty         string
	Price       string
	Markup      string
	Discount    string
	TaxRate     string
	UnitCost    string
	Steps       []QuoteStepInput
	Materials   []QuoteMaterialInput
}

// QuoteStepInput is a step as typed; Rate empty → the process step's cost
// rate (per hour) when ProcessStepID is given.
type QuoteStepInput struct {
	ProcessStepID int64
	Name          string
	Hours         string
	Rate          string
}

// QuoteMaterialInput is a material as typed; UnitCost empty → the
// product's standard cost.
type QuoteMaterialInput struct {
	ProductID int64
	Qty       string
	UnitCost  string
}
