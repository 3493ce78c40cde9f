package sales

import "github.com/taihe-erp/taihe/internal/platform/importer"

// ImportSchema is the columns of an order file: one row per order line,
// rows grouped into orders by external_ref. The order's own columns
// (customer … notes) may be left empty on an order's later rows; given
// there, they must repeat the first row's value. Headers match in either
// language, by key or by an alias.
var ImportSchema = importer.Schema{
	{Key: "external_ref", Header: "sales.import.col.external_ref", Aliases: []string{"ref", "order_ref", "外部单号", "订单参考号"},
		Kind: importer.Text, Required: true, MaxLen: 64, Example: "WEB-1001"},
	{Key: "customer", Header: "sales.import.col.customer", Aliases: []string{"customer_code", "customer_name", "客户编码", "客户名称"},
		Kind: importer.Text, MaxLen: 200, Example: "C000001"},
	{Key: "order_date", Header: "sales.import.col.order_date", Aliases: []string{"date", "日期"}, Kind: importer.Date,
		Example: "2026-11-23"},
	{Key: "warehouse", Header: "sales.import.col.warehouse", Aliases: []string{"warehouse_code", "仓库", "仓库编码"},
		Kind: importer.Text, MaxLen: 100, Example: "W001"},
	{Key: "product", Header: "sales.import.col.product", Aliases: []string{"sku", "barcode", "product_code", "商品编码", "条码"},
		Kind: importer.Text, Required: true, MaxLen: 64, Example: "P000001"},
	{Key: "qty", Header: "sales.import.col.qty", Aliases: []string{"quantity", "数量"}, Kind: importer.Decimal, Required: true, Example: "2"},
	{Key: "unit", Header: "sales.import.col.unit", Aliases: []string{"单位"}, Kind: importer.Text, MaxLen: 20},
	{Key: "price", Header: "sales.import.col.price", Aliases: []string{"单价"}, Kind: importer.Decimal, Example: "12.50"},
	{Key: "discount", Header: "sales.import.col.discount", Aliases: []string{"discount_pct", "折扣"}, Kind: importer.Decimal},
	{Key: "payment_method", Header: "sales.import.col.payment_method", Aliases: []string{"付款方式"}, Kind: importer.Enum,
		Values: PaymentMethods, ValueLabel: "sales.payment_method", Example: "transfer"},
	{Key: "shipping_address", Header: "sales.import.col.shipping_address", Aliases: []string{"address", "收货地址"},
		Kind: importer.Text, MaxLen: 300},
	{Key: "notes", Header: "sales.import.col.notes", Aliases: []string{"备注"}, Kind: importer.Text, MaxLen: 2000},
}

// importOrderCols are the columns that belong to the order rather than to a
// line.
var importOrderCols = []string{"customer", "order_date", "warehouse", "payment_method", "shipping_address", "notes"}

// importOrderRequired are the order columns an order must fill on one of
// its rows (the schema cannot say "required on the first row only").
var importOrderRequired = []string{"customer", "warehouse"}

// isLineCol reports whether a column (or a sales check's field) is a line's.
func isLineCol(key string) bool {
	switch key {
	case "product", "qty", "unit", "price", "discount":
		return true
	}
	return false
}
