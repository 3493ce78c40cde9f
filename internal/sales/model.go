package sales

import (
	"time"

	"github.com/taihe-erp/taihe/internal/platform/docflow"
)

// Order statuses (PRODUCT.md §4.1).
const (
	Draft            = "draft"
	PendingReview    = "pending_review"
	Approved         = "approved"
	PartiallyShipped = "partially_shipped"
	Shipped          = "shipped"
	Completed        = "completed"
	Cancelled        = "cancelled"
	Closed           = "closed"
)

// orderRules are the order's actions and the statuses each starts from:
// the service refuses others (409) and the order page offers only these.
var orderRules = docflow.Rules{
	"edit":         {Draft},
	"edit_details": {Approved}, // notes, handler and address only
	"delete":       {Draft},
	"submit":       {Draft},
	"decide":       {PendingReview},
	"cancel":       {Draft, PendingReview, Approved},
	"close":        {PartiallyShipped},
}

// Allows reports whether the order's status lets action start.
func (o Order) Allows(action string) bool { return orderRules.Allows(action, o.Status) }

// Statuses lists them in the order an order goes through them.
var Statuses = []string{Draft, PendingReview, Approved, PartiallyShipped, Shipped, Completed, Cancelled, Closed}

// Payment statuses (finance moves them; an order starts unpaid).
const (
	Unpaid        = "unpaid"
	PartiallyPaid = "partially_paid"
	Paid          = "paid"
	Refunded      = "refunded"
)

// PaymentStatuses are the payment statuses.
var PaymentStatuses = []string{Unpaid, PartiallyPaid, Paid, Refunded}

// PaymentMethods are how a customer pays: online, bank transfer, cash on
// delivery.
var PaymentMethods = []string{"online", "transfer", "cod"}

// Channels are where an order came from.
var Channels = []string{"staff", "portal", "api", "import", "phone", "email"}

// Order is a sales order with its lines. Amounts and quantities are scaled
// by 10^4 as stored.
type Order struct {
	ID              int64     `db:"id"`
	Number          string    `db:"number"`
	CustomerID      int64     `db:"customer_id"`
	WarehouseID     int64     `db:"warehouse_id"`
	OrderDate       string    `db:"order_date"`
	Status          string    `db:"status"`
	PaymentStatus   string    `db:"payment_status"`
	PaymentMethod   string    `db:"payment_method"`
	Channel         string    `db:"channel"`
	ShippingAddress string    `db:"shipping_address"`
	HandlerID       *int64    `db:"handler_id"`
	Notes           string    `db:"notes"` // internal: never shown to the customer
	Currency        string    `db:"currency"`
	Subtotal        int64     `db:"subtotal"` // Σ qty × price
	Discount        int64     `db:"discount"` // Σ line discounts
	Tax             int64     `db:"tax"`
	Total           int64     `db:"total"` // subtotal − discount + tax
	OverCreditLimit bool      `db:"over_credit_limit"`
	CouponCode      string    `db:"coupon_code"` // as entered (upper-case); "" none
	OwnerID         *int64    `db:"owner_id"`
	DepartmentID    *int64    `db:"department_id"`
	CreatedBy       *int64    `db:"created_by"`
	CreatedAt       time.Time `db:"created_at"`
	UpdatedAt       time.Time `db:"updated_at"`
	Version         int       `db:"version"`
	ExternalRef     *string   `db:"external_ref"` // an imported order's reference in its file
	QuoteID         *int64    `db:"quote_id"`     // the quotation it was accepted from
	Lines           []Line    `db:"-"`
	// Promotions are what each promotion took off the order (promo_apply.go).
	Promotions []OrderPromotion `db:"-"`
}

// Line is one product of an order.
type Line struct {
	ID          int64  `db:"id"`
	LineNo      int    `db:"line_no"`
	ProductID   int64  `db:"product_id"`
	Unit        string `db:"unit"`
	Factor      int64  `db:"factor"` // base units per Unit × 10^4
	Qty         int64  `db:"qty"`
	Price       int64  `db:"price"`        // per Unit, before discount and tax
	DiscountPct int64  `db:"discount_pct"` // percent × 10^4
	TaxRate     int64  `db:"tax_rate"`     // percent × 10^4
	Amount      int64  `db:"amount"`       // qty × price − discount
	Discount    int64  `db:"discount"`     // the typed discount % and PromoDiscount
	Tax         int64  `db:"tax"`
	ShippedQty  int64  `db:"shipped_qty"`
	// PromoDiscount is the part of Discount that promotions gave.
	PromoDiscount int64 `db:"promo_discount"`
}

// Open is what the line has still to ship.
func (l Line) Open() int64 { return max(l.Qty-l.ShippedQty, 0) }

// OrderInput is an order as a user fills it: quantities, prices, discounts
// and tax rates are decimals as typed, checked field by field.
//
// On an approved order only Notes, HandlerID and ShippingAddress may
// change: any other field given (non-zero) must equal the order's.
type OrderInput struct {
	CustomerID      int64
	WarehouseID     int64
	OrderDate       string // YYYY-MM-DD; today when empty
	PaymentMethod   string // transfer when empty
	Channel         string // staff when empty
	ShippingAddress string // the customer's when empty (drafts)
	HandlerID       int64  // 0: none
	Notes           string
	Lines           []LineInput
	Version         int    // for an update
	CouponCode      string // a promotion's coupon code (any case); "" none
}

// LineInput is one line as typed. Unit empty: the product's base unit;
// Price empty: the price list's price for the customer (masterdata
// PriceFor); TaxRate empty: the product's; Discount: percent off.
type LineInput struct {
	ProductID int64
	Unit      string
	Qty       string
	Price     string
	Discount  string
	TaxRate   string
}
