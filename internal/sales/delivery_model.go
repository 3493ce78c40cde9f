package sales

import (
	"net/url"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/docflow"
)

// Delivery statuses (PRODUCT.md §4.4): draft → pick → picking → pack →
// packed → ship → shipped → deliver → delivered (签收), or exception when
// something arrived short or damaged; cancel before shipping.
const (
	DeliveryDraft     = "draft"
	DeliveryPicking   = "picking"
	DeliveryPacked    = "packed"
	DeliveryShipped   = "shipped"
	DeliveryDelivered = "delivered"
	DeliveryException = "exception"
	DeliveryCancelled = "cancelled"
)

// DeliveryStatuses lists them in the order a delivery goes through them.
var DeliveryStatuses = []string{DeliveryDraft, DeliveryPicking, DeliveryPacked, DeliveryShipped, DeliveryDelivered,
	DeliveryException, DeliveryCancelled}

// openDeliveries still hold their quantities against the order lines
// without having shipped them.
var openDeliveries = []string{DeliveryDraft, DeliveryPicking, DeliveryPacked}

// deliveryRules are the delivery's actions and the statuses each starts
// from: the service refuses others (409) and the page offers only these.
var deliveryRules = docflow.Rules{
	"pick":    {DeliveryDraft},
	"pack":    {DeliveryPicking},
	"ship":    {DeliveryPacked},
	"deliver": {DeliveryShipped},
	"cancel":  openDeliveries,
	"track":   {DeliveryShipped, DeliveryDelivered, DeliveryException},
}

// Allows reports whether the delivery's status lets action start.
func (d Delivery) Allows(action string) bool { return deliveryRules.Allows(action, d.Status) }

// Delivery is a delivery note with its lines. Quantities are scaled by
// 10^4 in the order line's unit.
type Delivery struct {
	ID              int64      `db:"id"`
	Number          string     `db:"number"`
	CustomerID      int64      `db:"customer_id"`
	WarehouseID     int64      `db:"warehouse_id"`
	Status          string     `db:"status"`
	ShippingAddress string     `db:"shipping_address"`
	Carrier         string     `db:"carrier"`
	TrackingNo      string     `db:"tracking_no"`
	Notes           string     `db:"notes"`
	ShippedAt       *time.Time `db:"shipped_at"`
	DeliveredAt     *time.Time `db:"delivered_at"`
	ReceivedBy      string     `db:"received_by"`
	CancelReason    string     `db:"cancel_reason"`
	ReturnID        *int64     `db:"return_id"` // a replacement: the exchange it sends goods for
	OwnerID         *int64     `db:"owner_id"`
	DepartmentID    *int64     `db:"department_id"`
	CreatedBy       *int64     `db:"created_by"`
	CreatedAt       time.Time  `db:"created_at"`
	UpdatedAt       time.Time  `db:"updated_at"`
	Version         int        `db:"version"`
	Lines           []DeliveryLine
	Events          []TrackingEvent
	Orders          []DeliveryOrder // the orders it ships, by id
}

// DeliveryLine is a quantity of one order line.
type DeliveryLine struct {
	ID            int64  `db:"id"`
	LineNo        int    `db:"line_no"`
	OrderID       int64  `db:"order_id"`
	OrderLineID   int64  `db:"order_line_id"`
	ProductID     int64  `db:"product_id"`
	Unit          string `db:"unit"`
	Factor        int64  `db:"factor"`
	Qty           int64  `db:"qty"`
	ShortQty      int64  `db:"short_qty"`
	DamagedQty    int64  `db:"damaged_qty"`
	ExceptionNote string `db:"exception_note"`
}

// DeliveryOrder is an order a delivery ships from.
type DeliveryOrder struct {
	ID     int64  `db:"id"`
	Number string `db:"number"`
}

// TrackingEvent is one step of the parcel's way (物流跟踪).
type TrackingEvent struct {
	ID          int64     `db:"id"`
	HappenedAt  time.Time `db:"happened_at"`
	Location    string    `db:"location"`
	Description string    `db:"description"`
	CreatedAt   time.Time `db:"created_at"`
}

// DeliveryInput makes a delivery: lines of approved orders of one customer
// and warehouse, each with the quantity to ship now (≤ what is still open).
type DeliveryInput struct {
	Lines           []DeliveryLineInput
	Carrier         string // optional until shipping
	ShippingAddress string // the first order's when empty
	Notes           string
}

// DeliveryLineInput is an order line and the quantity, as typed.
type DeliveryLineInput struct {
	OrderLineID int64
	Qty         string
}

// ShipInput is the carrier and waybill a delivery leaves with.
type ShipInput struct {
	Carrier    string
	TrackingNo string
	Version    int
}

// ReceiptInput is the customer's receipt (签收): who signed and what arrived
// short or damaged, per line.
type ReceiptInput struct {
	ReceivedBy string
	Exceptions []LineException
	Version    int
}

// LineException is what was wrong with one delivery line on arrival.
type LineException struct {
	LineID  int64
	Short   string // quantity missing
	Damaged string // quantity damaged
	Note    string
}

// EventInput is a tracking event as typed; At empty is now.
type EventInput struct {
	At          string // RFC 3339 or "2006-01-02 15:04"
	Location    string
	Description string
}

func (d Delivery) doc() docflow.Doc {
	return docflow.Doc{Table: "sales_deliveries", Type: DocDelivery, ID: d.ID, Status: d.Status, Version: d.Version}
}

// HasException reports whether any line arrived short or damaged.
func (d Delivery) HasException() bool {
	for _, l := range d.Lines {
		if l.ShortQty > 0 || l.DamagedQty > 0 {
			return true
		}
	}
	return false
}

// Carrier is a logistics company (物流公司) with where its waybills are
// tracked. The list is built in and short on purpose: a tenant's own
// carriers can become a record type when someone needs one.
type Carrier struct {
	Code string
	// TrackingURL has {tracking} where the waybill number goes; empty:
	// nothing to link (own delivery).
	TrackingURL string
}

// Carriers are the built-in carriers; labels are "sales.carrier.<code>".
// Their waybills are looked up on kuaidi100, which knows them all.
var Carriers = []Carrier{
	{"sf", "https://www.kuaidi100.com/chaxun?com=shunfeng&nu={tracking}"},
	{"zto", "https://www.kuaidi100.com/chaxun?com=zhongtong&nu={tracking}"},
	{"yto", "https://www.kuaidi100.com/chaxun?com=yuantong&nu={tracking}"},
	{"yunda", "https://www.kuaidi100.com/chaxun?com=yunda&nu={tracking}"},
	{"sto", "https://www.kuaidi100.com/chaxun?com=shentong&nu={tracking}"},
	{"ems", "https://www.kuaidi100.com/chaxun?com=ems&nu={tracking}"},
	{"jd", "https://www.kuaidi100.com/chaxun?com=jd&nu={tracking}"},
	{"deppon", "https://www.kuaidi100.com/chaxun?com=debangwuliu&nu={tracking}"},
	{"own", ""}, // 自送: our own van, no waybill needed
}

// CarrierByCode is the built-in carrier with the code.
func CarrierByCode(code string) (Carrier, bool) {
	for _, c := range Carriers {
		if c.Code == code {
			return c, true
		}
	}
	return Carrier{}, false
}

// TrackingLink is where the delivery's waybill is tracked ("" when the
// carrier has no page or nothing was entered).
func (d Delivery) TrackingLink() string {
	c, ok := CarrierByCode(d.Carrier)
	if !ok || c.TrackingURL == "" || d.TrackingNo == "" {
		return ""
	}
	return strings.ReplaceAll(c.TrackingURL, "{tracking}", url.QueryEscape(d.TrackingNo))
}
