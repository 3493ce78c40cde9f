package sales

import (
	"net/http"
	"strconv"

	"github.com/taihe-erp/taihe/internal/platform/pdf"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// deliveryNotePDF is the printable delivery note (发货单) that travels
// with the goods and comes back signed.
func (u *ui) deliveryNotePDF(w http.ResponseWriter, r *http.Request) {
	u.deliveryPDF(w, r, false)
}

// pickingPDF is the picking list (拣货单) the warehouse walks the shelves
// with.
func (u *ui) pickingPDF(w http.ResponseWriter, r *http.Request) {
	u.deliveryPDF(w, r, true)
}

func (u *ui) deliveryPDF(w http.ResponseWriter, r *http.Request, picking bool) {
	ctx := r.Context()
	sc := web.ScopeFrom(ctx)
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	d, err := u.svc.GetDelivery(ctx, sc, id)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	cust, wh, prods, err := u.deliveryNames(ctx, sc, d)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	t := func(key string, kv ...any) string { return u.ui.T(r, key, kv...) }
	orders := ""
	for i, o := range d.Orders {
		if i > 0 {
			orders += ", "
		}
		orders += o.Number
	}
	numbers := map[int64]string{}
	for _, o := range d.Orders {
		numbers[o.ID] = o.Number
	}
	doc := pdf.Document{
		Title: t("sales.delivery") + " " + d.Number,
		Fields: []pdf.Field{{Key: t("sales.customer"), Value: records.TitleOf(cust, d.CustomerID)},
			{Key: t("sales.warehouse"), Value: records.TitleOf(wh, d.WarehouseID)},
			{Key: t("sales.delivery.orders"), Value: orders},
			{Key: t("sales.delivery.carrier"), Value: u.carrierLabel(r, d.Carrier) + " " + d.TrackingNo},
			{Key: t("sales.shipping_address"), Value: d.ShippingAddress},
			{Key: t("sales.created_at"), Value: d.CreatedAt.In(chinaTime).Format("2006-01-02 15:04")}},
		Columns: []pdf.Column{{Title: "#", Width: 0.6}, {Title: t("sales.product"), Width: 6}, {Title: t("sales.number"), Width: 3},
			{Title: t("sales.unit"), Width: 1.2}, {Title: t("sales.delivery.qty"), Width: 1.8, Num: true}},
		Notes:  []string{d.Notes, t("sales.delivery.signature")},
		Footer: func(p, n int) string { return d.Number + "  " + t("sales.delivery.page", "Page", p, "Total", n) },
	}
	name := "delivery-" + d.Number + ".pdf"
	if picking {
		doc.Title = t("sales.delivery.picking_list") + " " + d.Number
		doc.Notes = []string{d.Notes, t("sales.delivery.picked_by")}
		name = "picking-" + d.Number + ".pdf"
	}
	for _, l := range d.Lines {
		doc.Rows = append(doc.Rows, []string{strconv.Itoa(l.LineNo), records.TitleOf(prods, l.ProductID), numbers[l.OrderID], l.Unit,
			qty(r, l.Qty)})
	}
	u.sendPDF(w, r, doc, name)
}
