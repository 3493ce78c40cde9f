package sales

import (
	"time"

	"github.com/taihe-erp/taihe/internal/platform/docflow"
)

// Return statuses (PRODUCT.md §4.7): requested → approve | reject →
// approved → receive → received → inspect → refunded (a return: its refund
// request waits for finance) or exchanged (an exchange: its replacement
// delivery is made) → close → closed. rejected ends a request.
const (
	ReturnRequested = "requested"
	ReturnApproved  = "approved"
	ReturnRejected  = "rejected"
	ReturnReceived  = "received"
	ReturnRefunded  = "refunded"
	ReturnExchanged = "exchanged"
	ReturnClosed    = "closed"
)

// ReturnStatuses lists them in the order a return goes through them.
var ReturnStatuses = []string{ReturnRequested, ReturnApproved, ReturnReceived, ReturnRefunded, ReturnExchanged, ReturnClosed,
	ReturnRejected}

// returnRules are a return's actions and the statuses each starts from:
// the service refuses others (409) and the return page offers only these.
var returnRules = docflow.Rules{
	"approve": {ReturnRequested},
	"reject":  {ReturnRequested},
	"receive": {ReturnApproved},
	"inspect": {ReturnReceived},
	"close":   {ReturnRefunded, ReturnExchanged},
}

// Allows reports whether the return's status lets action start.
func (r Return) Allows(action string) bool { return returnRules.Allows(action, r.Status) }

// Return kinds: the customer gets money back (退货) or the same goods
// again (换货).
const (
	KindReturn   = "return"
	KindExchange = "exchange"
)

// ReturnKinds are the kinds.
var ReturnKinds = []string{KindReturn, KindExchange}

// ReturnReasons are why a customer sends goods back; labels are
// "sales.return.reason.<code>". "other" needs a note.
var ReturnReasons = []string{"quality", "damaged", "wrong_item", "not_as_described", "no_reason", "other"}

// returnableOrders are the order statuses with goods at the customer.
var returnableOrders = []string{PartiallyShipped, Shipped, Completed, Closed}

// Refund request statuses: made "requested"; finance moves them on.
const RefundRequested = "requested"

// Return is a return or exchange request with its lines. Quantities and
// amounts are scaled by 10^4 as stored.
type Return struct {
	ID              int64      `db:"id"`
	Number          string     `db:"number"`
	OrderID         int64      `db:"order_id"`
	CustomerID      int64      `db:"customer_id"`
	WarehouseID     int64      `db:"warehouse_id"`
	Kind            string     `db:"kind"`
	Status          string     `db:"status"`
	Reason          string     `db:"reason"`
	ReasonNote      string     `db:"reason_note"`
	Amount          int64      `db:"amount"` // Σ lines' amounts incl. tax
	DecisionComment string     `db:"decision_comment"`
	DecidedBy       *int64     `db:"decided_by"`
	DecidedAt       *time.Time `db:"decided_at"`
	ReceivedAt      *time.Time `db:"received_at"`
	ReceivedNote    string     `db:"received_note"`
	InspectedAt     *time.Time `db:"inspected_at"`
	ClosedAt        *time.Time `db:"closed_at"`
	OwnerID         *int64     `db:"owner_id"`
	DepartmentID    *int64     `db:"department_id"`
	CreatedBy       *int64     `db:"created_by"`
	CreatedAt       time.Time  `db:"created_at"`
	UpdatedAt       time.Time  `db:"updated_at"`
	Version         int        `db:"version"`
	Lines           []ReturnLine
	OrderNumber     string         // the order's number
	Refund          *RefundRequest // a return's, once inspected
	Replacement     *DeliveryOrder // an exchange's replacement delivery (id, number), once inspected
}

// ReturnLine is a quantity of one shipped order line.
type ReturnLine struct {
	ID          int64  `db:"id"`
	LineNo      int    `db:"line_no"`
	OrderLineID int64  `db:"order_line_id"`
	ProductID   int64  `db:"product_id"`
	Unit        string `db:"unit"`
	Factor      int64  `db:"factor"`
	Qty         int64  `db:"qty"`
	Amount      int64  `db:"amount"` // qty × the order line's net price incl. tax
	RestockQty  int64  `db:"restock_qty"`
	ScrapQty    int64  `db:"scrap_qty"`
	InspectNote string `db:"inspect_note"`
}

// RefundRequest is what an inspected return asks finance to pay back.
type RefundRequest struct {
	ID         int64     `db:"id"`
	ReturnID   int64     `db:"return_id"`
	OrderID    int64     `db:"order_id"`
	CustomerID int64     `db:"customer_id"`
	Amount     int64     `db:"amount"`
	Currency   string    `db:"currency"`
	Status     string    `db:"status"`
	CreatedAt  time.Time `db:"created_at"`
	UpdatedAt  time.Time `db:"updated_at"`
	Version    int       `db:"version"`
}

// ReturnInput is a return request as typed: an order, the kind, a reason
// and per order line the quantity going back.
type ReturnInput struct {
	OrderID    int64
	Kind       string // return when empty
	Reason     string
	ReasonNote string
	Lines      []ReturnLineInput
}

// ReturnLineInput is an order line and the quantity, as typed.
type ReturnLineInput struct {
	OrderLineID int64
	Qty         string
}

// InspectInput is the inspection (验收) of received goods: per line of the
// return, what goes back into stock and what is scrapped; together they
// are the line's quantity.
type InspectInput struct {
	Lines   []InspectLine
	Version int
}

// InspectLine is one return line's outcome, as typed ("" is 0).
type InspectLine struct {
	LineID  int64
	Restock string
	Scrap   string
	Note    string
}

func (r Return) doc() docflow.Doc {
	return docflow.Doc{Table: "sales_returns", Type: DocReturn, ID: r.ID, Status: r.Status, Version: r.Version}
}
