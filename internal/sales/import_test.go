package sales_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/sales"
)

// The files below make the same two orders, checked by wantImported:
//
//	WEB-1: customer C0, 2026-11-23, W0, bank transfer
//	  P0 2 × 12.50 = 25.00, tax 13% 3.25
//	  P1 3 × 25 (list price) = 75.00 less 10% 7.50 = 67.50, tax 8.775
//	  subtotal 100, discount 7.50, tax 12.025, total 104.525
//	WEB-2: customer 客户1 (by name), 2026-11-24, W1, cash on delivery, 上海市, 加急
//	  barcode 6901234567892 (P9) 1.5 × 100 = 150, tax 13% 19.50, total 169.50
const importCSV = `外部单号,客户,下单日期,发货仓库,商品,数量,单位,单价,折扣%,付款方式,收货地址,备注
WEB-1,C0,2026-11-23,W0,P0,2,,12.50,,银行转账,,
WEB-1,,,,P1,3,pcs,,10,,,
WEB-2,客户1,2026/11/24,W1,6901234567892,1.5,,100,,cod,上海市,加急
`

const importXML = `<?xml version="1.0" encoding="UTF-8"?>
<orders>
  <order ref="WEB-1">
    <customer code="C0"/>
    <date>2026-11-23</date>
    <warehouse code="W0"/>
    <payment_method>transfer</payment_method>
    <lines>
      <line product="P0" qty="2" price="12.50"/>
      <line product="P1" qty="3" unit="pcs" discount="10"/>
    </lines>
  </order>
  <order ref="WEB-2">
    <customer name="客户1"/>
    <date>2026-11-24</date>
    <warehouse code="W1"/>
    <payment_method>cod</payment_method>
    <shipping_address>上海市</shipping_address>
    <notes>加急</notes>
    <lines><line product="6901234567892" qty="1.5" price="100"/></lines>
  </order>
</orders>`

func importXLSX(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"external_ref", "customer", "order_date", "warehouse", "product", "qty", "unit", "price", "discount", "payment_method", "shipping_address", "notes"},
		{"WEB-1", "C0", "2026-11-23", "W0", "P0", 2, nil, 12.5, nil, "transfer"},
		{"WEB-1", nil, nil, nil, "P1", 3, "pcs", nil, 10},
		// Numbers as Excel keeps them: a double, 1.5 and 100.
		{"WEB-2", "客户1", "2026-11-24", "W1", "6901234567892", 1.5, nil, 100.0, nil, "Cash on delivery", "上海市", "加急"},
	}
	for i, r := range rows {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gb18030(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// importEnv adds the barcode product P9 to the env.
func importEnv(t *testing.T, e *env) {
	e.products = append(e.products, e.create(masterdata.Products, records.Input{"sku": "P9", "name": "条码商品",
		"type": masterdata.ProductGoods, "base_unit": "pcs", "list_price": "30", "tax_rate": "13", "barcode": "6901234567892"}))
}

func (e *env) importFile(name string, data []byte, dry bool) (sales.ImportResult, error) {
	return e.svc.Import(e.ctx, e.admin, sales.ImportFile{Filename: name, Data: data},
		sales.ImportOptions{DryRun: dry, Lang: "zh-CN", Cat: e.w.Cat})
}

// imported are the import-channel orders by external ref, with lines.
func (e *env) imported() map[string]sales.Order {
	e.t.Helper()
	p, err := e.svc.List(e.ctx, e.admin, list.Query{Filters: map[string]string{"channel": "import"}, Limit: 200})
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[string]sales.Order{}
	for _, o := range p.Items {
		full, err := e.svc.Get(e.ctx, e.admin, o.ID)
		if err != nil {
			e.t.Fatal(err)
		}
		if full.ExternalRef == nil {
			e.t.Fatalf("imported order %s has no external ref", o.Number)
		}
		out[*full.ExternalRef] = full
	}
	return out
}

type wantLine struct {
	product                       int
	unit                          string
	qty, price, amount, disc, tax int64
}

func wantImported(t *testing.T, e *env) {
	t.Helper()
	got := e.imported()
	if len(got) != 2 {
		t.Fatalf("imported orders %v, want WEB-1 and WEB-2", got)
	}
	check := func(ref string, cust, wh int, date, pay, addr, notes string, sub, disc, tax, total int64, lines ...wantLine) {
		t.Helper()
		o, ok := got[ref]
		if !ok {
			t.Fatalf("no order %s", ref)
		}
		if o.Channel != "import" || o.Status != sales.Draft || o.CustomerID != e.customers[cust] || o.WarehouseID != e.whs[wh] ||
			o.OrderDate != date || o.PaymentMethod != pay || o.ShippingAddress != addr || o.Notes != notes {
			t.Errorf("%s = %+v", ref, o)
		}
		if o.Subtotal != sub || o.Discount != disc || o.Tax != tax || o.Total != total {
			t.Errorf("%s amounts %d/%d/%d/%d, want %d/%d/%d/%d", ref, o.Subtotal, o.Discount, o.Tax, o.Total, sub, disc, tax, total)
		}
		if len(o.Lines) != len(lines) {
			t.Fatalf("%s lines %+v", ref, o.Lines)
		}
		for i, w := range lines {
			l := o.Lines[i]
			if l.ProductID != e.products[w.product] || l.Unit != w.unit || l.Qty != w.qty || l.Price != w.price || l.Amount != w.amount ||
				l.Discount != w.disc || l.Tax != w.tax {
				t.Errorf("%s line %d = %+v, want %+v", ref, i+1, l, w)
			}
		}
	}
	check("WEB-1", 0, 0, "2026-11-23", "transfer", "杭州市西湖区0号", "", 1000000, 75000, 120250, 1045250,
		wantLine{0, "pcs", 20000, 125000, 250000, 0, 32500}, wantLine{1, "pcs", 30000, 250000, 675000, 75000, 87750})
	check("WEB-2", 1, 1, "2026-11-24", "cod", "上海市", "加急", 1500000, 0, 195000, 1695000,
		wantLine{5, "pcs", 15000, 1000000, 1500000, 0, 195000})
}

func TestImportFormats(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		importEnv(t, e)
		files := []struct {
			name string
			data []byte
		}{
			{"orders.csv", []byte(importCSV)},
			{"orders-gbk.csv", gb18030(t, importCSV)},
			{"orders.xlsx", importXLSX(t)},
			{"orders.xml", []byte(importXML)},
		}
		for i, f := range files {
			t.Run(f.name, func(t *testing.T) {
				if i > 0 { // the formats make the same refs: start each from none
					for _, o := range e.imported() {
						if err := e.svc.Delete(e.ctx, e.admin, o.ID, o.Version); err != nil {
							t.Fatal(err)
						}
					}
				}
				res, err := e.importFile(f.name, f.data, false)
				if err != nil {
					t.Fatalf("import: %v (%+v)", err, res.Problems)
				}
				if !res.Committed || res.Created != 2 || res.Rows != 3 || len(res.Orders) != 2 {
					t.Fatalf("result %+v", res)
				}
				for _, o := range res.Orders {
					if o.Status != sales.ImportCreated || o.ID == 0 || o.Number == "" {
						t.Errorf("order %+v", o)
					}
				}
				wantImported(t, e)
			})
		}
	})
}

func TestImportDryRunCreatesNothing(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		importEnv(t, e)
		for _, f := range []struct{ name, data string }{{"orders.csv", importCSV}, {"orders.xml", importXML}} {
			res, err := e.importFile(f.name, []byte(f.data), true)
			if err != nil {
				t.Fatalf("%s dry run: %v", f.name, err)
			}
			if res.Committed || res.Created != 2 || len(res.Orders) != 2 {
				t.Fatalf("%s dry run %+v", f.name, res)
			}
			// The report shows what the commit would make, amounts included.
			if o := res.Orders[0]; o.Ref != "WEB-1" || o.Status != sales.ImportNew || o.Total != 1045250 || o.ID != 0 || o.Lines != 2 {
				t.Errorf("%s dry run order %+v", f.name, o)
			}
			if got := e.imported(); len(got) != 0 {
				t.Fatalf("%s dry run created %v", f.name, got)
			}
		}
		// Nothing was used up either: the commit then makes both.
		if _, err := e.importFile("orders.csv", []byte(importCSV), false); err != nil {
			t.Fatal(err)
		}
		wantImported(t, e)
	})
}

// fields are the error's field paths with their codes.
func fields(t *testing.T, err error) map[string]string {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.KindInvalid || e.Code != "sales.import.rejected" {
		t.Fatalf("error %v, want sales.import.rejected", err)
	}
	out := map[string]string{}
	for _, f := range e.Fields {
		out[f.Field] = f.Code
	}
	return out
}

func TestImportErrorCreatesNothing(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		importEnv(t, e)
		// WEB-1 is fine; WEB-2's rows hold a bad quantity, an unknown
		// product and a customer that differs from its first row.
		csv := strings.Join([]string{
			"external_ref,customer,order_date,warehouse,product,qty,price",
			"WEB-1,C0,2026-11-23,W0,P0,2,12.50",
			"WEB-2,C1,2026-11-24,W0,P1,abc,10",
			"WEB-2,C0,,,NOPE,1,10",
			"WEB-3,C9,2026-11-24,W0,P1,1,",
		}, "\n")
		for _, dry := range []bool{true, false} {
			res, err := e.importFile("bad.csv", []byte(csv), dry)
			got := fields(t, err)
			want := map[string]string{"rows[3].qty": "field.not_number", "rows[4].product": "sales.import.unknown_product",
				"rows[4].customer": "sales.import.differs", "rows[5].customer": "sales.import.unknown_customer"}
			for f, code := range want {
				if got[f] != code {
					t.Errorf("dry %v: field %s = %q, want %q (all: %v)", dry, f, got[f], code, got)
				}
			}
			if len(got) != len(want) {
				t.Errorf("dry %v: problems %v, want %v", dry, got, want)
			}
			if res.Committed || len(e.imported()) != 0 {
				t.Fatalf("dry %v: an import with problems wrote orders", dry)
			}
		}
		// The order check's own errors are placed at their row: a unit the
		// product lacks, a discount over 100.
		res, err := e.importFile("bad2.csv", []byte("external_ref,customer,warehouse,product,qty,unit,price,discount\n"+
			"A,C0,W0,P0,1,pcs,1,\nA,,,P1,1,box,1,\nB,C0,W0,P2,1,,1,120\n"), false)
		got := fields(t, err)
		if got["rows[3].unit"] != "sales.unit_unknown" || got["rows[4].discount"] != "sales.percent_range" || len(got) != 2 {
			t.Errorf("check errors %v", got)
		}
		if res.Orders[0].Status != sales.ImportInvalid || len(e.imported()) != 0 {
			t.Errorf("orders %+v", res.Orders)
		}
	})
}

func TestImportXMLErrorsByOrderAndLine(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		importEnv(t, e)
		xml := `<orders>
  <order ref="X-1"><customer code="C0"/><date>2026-13-01</date><warehouse code="W0"/>
    <lines><line product="P0" qty="1" price="1"/><line product="P1" qty="1" price="1.123456"/></lines></order>
  <order ref="X-2"><customer code="C0"/><warehouse code="W9"/><lines/></order>
  <order ref="X-3"><customer code="C0"/><warehouse code="W9"/><lines><line product="P0" qty="1" price="1"/></lines></order>
  <order ref="X-1"><customer code="C0"/><warehouse code="W0"/><lines><line product="P0" qty="1"/></lines></order>
  <order ref="X-4"><customer code="C0"/><warehouse code="W0"/><lines><line product="P0" qty="1"/><line product="P1" qty="-1"/></lines></order>
</orders>`
		_, err := e.importFile("orders.xml", []byte(xml), false)
		got := fields(t, err)
		want := map[string]string{
			"orders[X-1].order_date":     "import.invalid_date", // once, not once per line
			"orders[X-4].lines[2].qty":   "field.positive",      // the order check's own
			"orders[X-1].lines[2].price": "import.too_many_decimals",
			"orders[X-2].lines":          "sales.lines_required",
			"orders[X-3].warehouse":      "sales.import.unknown_warehouse",
			"orders[X-1].external_ref":   "sales.import.ref_repeated",
		}
		for f, code := range want {
			if got[f] != code {
				t.Errorf("field %s = %q, want %q (all: %v)", f, got[f], code, got)
			}
		}
		if len(e.imported()) != 0 {
			t.Fatal("an import with problems wrote orders")
		}
		_, err = e.importFile("broken.xml", []byte("<orders><order ref='a'>"), false)
		if e, ok := errs.As(err); !ok || len(e.Fields) != 1 || e.Fields[0].Code != "sales.import.bad_xml" {
			t.Errorf("malformed XML: %v", err)
		}
	})
}

func TestImportTwiceDuplicatesNothing(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		importEnv(t, e)
		if _, err := e.importFile("orders.csv", []byte(importCSV), false); err != nil {
			t.Fatal(err)
		}
		first := e.imported()
		// The same orders again, as CSV and as XML, then with one new order.
		for _, f := range []struct{ name, data string }{{"orders.csv", importCSV}, {"orders.xml", importXML}} {
			res, err := e.importFile(f.name, []byte(f.data), false)
			if err != nil || res.Created != 0 || res.AlreadyImported != 2 {
				t.Fatalf("%s again: %+v, %v", f.name, res, err)
			}
			for _, o := range res.Orders {
				if o.Status != sales.ImportAlreadyImported || o.ID != first[o.Ref].ID {
					t.Errorf("%s again: order %+v", f.name, o)
				}
			}
		}
		res, err := e.importFile("more.csv", []byte(importCSV+"WEB-3,C0,2026-11-25,W0,P0,1,,5,,,,\n"), false)
		if err != nil || res.Created != 1 || res.AlreadyImported != 2 {
			t.Fatalf("with a new order: %+v, %v", res, err)
		}
		got := e.imported()
		if len(got) != 3 || got["WEB-1"].ID != first["WEB-1"].ID || got["WEB-3"].Total != 56500 {
			t.Errorf("orders after the imports: %v", got)
		}
	})
}

// Importing is creating orders (sales.create), and a file may only name
// customers the importer may see: a salesperson's are their own.
func TestImportPermissionAndScope(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		importEnv(t, e)
		csv := []byte("external_ref,customer,warehouse,product,qty,price\nS-1,C0,W0,P0,1,1\n")
		_, err := e.svc.Import(e.ctx, e.fin, sales.ImportFile{Filename: "o.csv", Data: csv}, sales.ImportOptions{Cat: e.w.Cat})
		if errs.KindOf(err) != errs.KindForbidden {
			t.Errorf("finance imports: %v", err)
		}
		e.create(masterdata.Customers, records.Input{"code": "S-OTHER", "name": "别人的客户", "owner_id": e.seller2.Actor()})
		other := []byte(strings.Replace(string(csv), "C0", "S-OTHER", 1))
		_, err = e.svc.Import(e.ctx, e.seller, sales.ImportFile{Filename: "o.csv", Data: other}, sales.ImportOptions{Cat: e.w.Cat})
		if got := fields(t, err); got["rows[2].customer"] != "sales.import.unknown_customer" || len(got) != 1 {
			t.Errorf("another salesperson's customer: %v", got)
		}
		own := e.create(masterdata.Customers, records.Input{"code": "S-OWN", "name": "自己的客户", "owner_id": e.seller.Actor()})
		res, err := e.svc.Import(e.ctx, e.seller, sales.ImportFile{Filename: "o.csv", Data: []byte(strings.Replace(string(csv), "C0", "S-OWN", 1))},
			sales.ImportOptions{Cat: e.w.Cat})
		if err != nil || res.Created != 1 {
			t.Fatalf("the salesperson's own customer: %+v %v", res, err)
		}
		if o := e.imported()["S-1"]; o.CustomerID != own || o.OwnerID == nil || *o.OwnerID != e.seller.Actor() {
			t.Errorf("order %+v", o)
		}
	})
}
