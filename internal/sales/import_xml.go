package sales

import (
	"bytes"
	"encoding/xml"
	"errors"
	"strconv"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/importer"
)

// The XML order format (docs/en/sales-xml-orders.md), UTF-8, decimals as
// strings with a point:
//
//	<orders>
//	  <order ref="WEB-1001">
//	    <customer code="C000001"/>          (or name="…")
//	    <date>2026-11-23</date>
//	    <warehouse code="W001"/>
//	    <payment_method>transfer</payment_method>
//	    <shipping_address>…</shipping_address>
//	    <notes>…</notes>
//	    <lines>
//	      <line product="P000001" qty="2" unit="pcs" price="12.50" discount="5"/>
//	    </lines>
//	  </order>
//	</orders>
//
// Unknown elements and attributes are ignored.
type xmlOrders struct {
	XMLName xml.Name   `xml:"orders"`
	Orders  []xmlOrder `xml:"order"`
}

type xmlOrder struct {
	Ref             string    `xml:"ref,attr"`
	Customer        xmlRef    `xml:"customer"`
	Date            string    `xml:"date"`
	Warehouse       xmlRef    `xml:"warehouse"`
	PaymentMethod   string    `xml:"payment_method"`
	ShippingAddress string    `xml:"shipping_address"`
	Notes           string    `xml:"notes"`
	Lines           []xmlLine `xml:"lines>line"`
}

// xmlRef names a customer or warehouse by code or, without one, by name.
type xmlRef struct {
	Code string `xml:"code,attr"`
	Name string `xml:"name,attr"`
}

func (r xmlRef) value() string {
	if r.Code != "" {
		return r.Code
	}
	return r.Name
}

// xmlLine is one line; product is a SKU or a barcode.
type xmlLine struct {
	Product  string `xml:"product,attr"`
	Qty      string `xml:"qty,attr"`
	Unit     string `xml:"unit,attr"`
	Price    string `xml:"price,attr"`
	Discount string `xml:"discount,attr"`
}

// readXML turns the order format into a table of ImportSchema's columns,
// one row per line, remembering each row's order ref and line number.
func readXML(data []byte) (parsed, error) {
	var doc xmlOrders
	d := xml.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))))
	if err := d.Decode(&doc); err != nil {
		var se *xml.SyntaxError
		line := 0
		if errors.As(err, &se) {
			line = se.Line
		}
		return parsed{}, errs.Invalid(errs.Field("file", "sales.import.bad_xml", "Line", line))
	}
	p := parsed{format: "xml", table: importer.Table{Format: "xml"}}
	for _, c := range ImportSchema {
		p.table.Headers = append(p.table.Headers, c.Key)
	}
	seen := map[string]bool{}
	for i, o := range doc.Orders {
		ref := o.Ref
		if ref == "" {
			ref = "#" + strconv.Itoa(i+1) // the order's place in the file names it in the report
		}
		switch {
		case o.Ref != "" && seen[o.Ref]:
			p.probs = append(p.probs, ImportProblem{Ref: ref, Field: "external_ref", Code: "sales.import.ref_repeated", Value: o.Ref})
			continue
		case len(o.Lines) == 0:
			p.probs = append(p.probs, ImportProblem{Ref: ref, Field: "lines", Code: "sales.lines_required"})
			continue
		}
		seen[o.Ref] = true
		for n, l := range o.Lines {
			if len(p.table.Rows) >= maxImportLines {
				return parsed{}, errs.Invalid(errs.Field("file", "import.too_many_rows", "Max", maxImportLines))
			}
			// The order's columns repeat on every line, as a CSV may.
			p.table.Rows = append(p.table.Rows, []string{o.Ref, o.Customer.value(), o.Date, o.Warehouse.value(), l.Product, l.Qty,
				l.Unit, l.Price, l.Discount, o.PaymentMethod, o.ShippingAddress, o.Notes})
			p.origins = append(p.origins, origin{Ref: ref, Line: n + 1})
		}
	}
	if len(doc.Orders) == 0 {
		return parsed{}, errs.Invalid(errs.Field("file", "import.empty"))
	}
	return p, nil
}
