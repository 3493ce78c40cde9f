package inventory

import (
	"fmt"
	"net/http"

	"github.com/taihe-erp/taihe/internal/platform/adminui"
	"github.com/taihe-erp/taihe/internal/platform/export"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/web"
)

// lowStock is the low-stock report (库存预警): every product under its
// reorder point, the furthest below first, with what to order and from
// whom; exportable.
func (u *ui) lowStock(w http.ResponseWriter, r *http.Request) {
	sc := web.ScopeFrom(r.Context())
	lows, err := u.svc.LowStock(r.Context(), sc, export.MaxRows)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	var ps, ws, ss []int64
	for _, l := range lows {
		ps, ws = append(ps, l.ProductID), append(ws, l.WarehouseID)
		if l.SupplierID != nil {
			ss = append(ss, *l.SupplierID)
		}
	}
	pn, err := u.svc.master.Titles(r.Context(), sc, "products", ps)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	wn, err := u.svc.master.Titles(r.Context(), sc, "warehouses", ws)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	sn, err := u.svc.master.Titles(r.Context(), sc, "suppliers", ss)
	if err != nil {
		u.srv.Fail(w, r, err)
		return
	}
	l := &adminui.ListView{ID: "low-stock", Path: "/inventory/low-stock", Total: len(lows), Page: 1, Pages: 1,
		Empty: "inventory.low_stock_empty", ExportURL: u.exportURL(sc, "/inventory/low-stock"),
		Columns: []adminui.Column{{Key: "product", Label: "inventory.product"}, {Key: "warehouse", Label: "inventory.warehouse"},
			{Key: "available", Label: "inventory.available", Num: true}, {Key: "point", Label: "inventory.reorder_point", Num: true},
			{Key: "qty", Label: "inventory.reorder_qty", Num: true}, {Key: "supplier", Label: "inventory.supplier"}}}
	for _, x := range lows {
		supplier := ""
		if x.SupplierID != nil {
			supplier = records.TitleOf(sn, *x.SupplierID)
		}
		l.AddRow(fmt.Sprintf("%d-%d", x.ProductID, x.WarehouseID), false,
			adminui.Cell{Text: records.TitleOf(pn, x.ProductID), Href: fmt.Sprintf("/inventory/moves?product_id=%d&warehouse_id=%d", x.ProductID, x.WarehouseID)},
			adminui.Cell{Text: records.TitleOf(wn, x.WarehouseID)}, adminui.Cell{Text: qtyText(r, x.Available)},
			adminui.Cell{Text: qtyText(r, x.ReorderPoint)}, adminui.Cell{Text: qtyText(r, x.ReorderQty)}, adminui.Cell{Text: supplier})
	}
	if adminui.WantsFile(r) {
		u.sendList(w, r, l, "low-stock")
		return
	}
	u.ui.PageOr(w, r, http.StatusOK, "inventory/list.html", "list-area", "inventory.low_stock", "inventory-low-stock",
		&listPage{Title: "inventory.low_stock", Note: u.ui.T(r, "inventory.low_stock_note_page"), List: l})
}
