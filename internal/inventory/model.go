package inventory

import "slices"

// Kind is what a movement is.
type Kind string

// The movement kinds; In says which way each goes.
const (
	Receipt        Kind = "receipt"         // 入库: goods received from a supplier
	Delivery       Kind = "delivery"        // 出库: goods shipped to a customer
	CustomerReturn Kind = "customer_return" // 退货入库
	SupplierReturn Kind = "supplier_return" // 退货出库
	TransferOut    Kind = "transfer_out"    // 调拨出库
	TransferIn     Kind = "transfer_in"     // 调拨入库
	AdjustIn       Kind = "adjust_in"       // 调整(增)
	AdjustOut      Kind = "adjust_out"      // 调整(减)
	CountGain      Kind = "count_gain"      // 盘盈
	CountLoss      Kind = "count_loss"      // 盘亏
)

// Kinds lists every kind.
var Kinds = []Kind{Receipt, Delivery, CustomerReturn, SupplierReturn, TransferOut, TransferIn, AdjustIn, AdjustOut, CountGain, CountLoss}

// In reports whether the kind adds stock.
func (k Kind) In() bool {
	switch k {
	case Receipt, CustomerReturn, TransferIn, AdjustIn, CountGain:
		return true
	}
	return false
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// transfer kinds move stock between warehouses of the company: the
// company-wide quantity and value (the moving average) do not change.
func (k Kind) transfer() bool { return k == TransferOut || k == TransferIn }

// Qty is a quantity in base units × 10^4 (money.Scale), as stored;
// money.Amount.Scaled converts a decimal quantity.
type Qty = int64

// Units is a whole number of base units as a Qty (tests, demo data).
func Units(n int64) Qty { return n * 10000 }

// Move is one movement to post.
type Move struct {
	Kind        Kind
	ProductID   int64
	WarehouseID int64
	LocationID  int64 // 0: none
	// Qty is positive; Kind gives the direction.
	Qty Qty
	// UnitCost (money × 10^4 per base unit) values an inbound movement;
	// 0 takes the current moving average (returns, adjustments, counts).
	// Outbound movements always leave at the average.
	UnitCost int64
	// Reserved: an outbound movement that consumes the reservation of
	// the same document line (the delivery of an approved order).
	Reserved bool
	DocType  string
	DocID    int64
	DocLine  int64
	Note     string
}

// Posted is a movement as the ledger holds it.
type Posted struct {
	ID       int64
	Move     Move
	Signed   Qty   // + in, − out
	UnitCost int64 // what it was valued at
	Value    int64 // signed value change, money × 10^4
}

// Balance is the stock of a product in a warehouse.
type Balance struct {
	ProductID   int64 `db:"product_id" json:"product_id"`
	WarehouseID int64 `db:"warehouse_id" json:"warehouse_id"`
	OnHand      Qty   `db:"on_hand" json:"on_hand"`
	Reserved    Qty   `db:"reserved" json:"reserved"`
}

// Available is what may still be reserved or shipped.
func (b Balance) Available() Qty { return b.OnHand - b.Reserved }

// Reservation holds stock for a document line.
type Reservation struct {
	ProductID   int64
	WarehouseID int64
	Qty         Qty
	DocType     string
	DocID       int64
	DocLine     int64
}

// Cost is a product's company-wide quantity and value (moving average).
type Cost struct {
	Qty   Qty   `db:"qty"`
	Value int64 `db:"value"`
}

// Average is the moving-average unit cost (money × 10^4 per base unit),
// rounded half away from zero; 0 when nothing is held.
func (c Cost) Average() int64 {
	if c.Qty <= 0 {
		return 0
	}
	v, _ := mulDiv(c.Value, 10000, c.Qty)
	return v
}
