package sales

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/importer"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// importRun is one import's work between reading the file and the report.
type importRun struct {
	s   *Service
	sc  tenant.Scope
	p   parsed
	res *ImportResult
}

// importOrder is the rows of one external_ref, in file order, and the
// order's own columns taken from the first row that fills each.
type importOrder struct {
	ref    string
	recs   []importer.Record
	vals   map[string]any
	rowOf  map[string]int // column → the row its value came from
	differ bool           // rows disagree on an order column
	spoilt bool           // a row has a bad cell: the order is checked, never made
	failed bool           // a problem in this transaction's attempt
}

func trimRef(s string) string { return strings.TrimSpace(s) }

// group gathers the rows (bad ones too) into orders by ref, in the order refs first
// appear. A later row that repeats an order column with another value is
// a problem: the file says two things about one order.
func (r *importRun) group(recs []importer.Record) []*importOrder {
	var out []*importOrder
	byRef := map[string]*importOrder{}
	for _, rec := range recs {
		ref := trimRef(rec.String("external_ref"))
		o := byRef[ref]
		if o == nil {
			o = &importOrder{ref: ref, vals: map[string]any{}, rowOf: map[string]int{}}
			byRef[ref] = o
			out = append(out, o)
		}
		o.recs = append(o.recs, rec)
		o.spoilt = o.spoilt || rec.Failed
		for _, col := range importOrderCols {
			if !rec.Has(col) {
				continue
			}
			have, ok := o.vals[col]
			switch {
			case !ok:
				o.vals[col], o.rowOf[col] = rec.Values[col], rec.Row
			case cellText(have) != cellText(rec.Values[col]):
				o.differ = true
				r.res.Problems = append(r.res.Problems, ImportProblem{Row: rec.Row, Field: col, Code: "sales.import.differs", Value: cellText(rec.Values[col]),
					Data: map[string]any{"FirstRow": o.rowOf[col]}})
			}
		}
	}
	return out
}

func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case time.Time:
		return x.Format(time.DateOnly)
	case money.Amount:
		return x.String()
	}
	return fmt.Sprint(v)
}

// problem records a problem of order o (at a table row) and marks o failed.
func (r *importRun) problem(o *importOrder, ip ImportProblem) {
	o.failed = true
	r.res.Problems = append(r.res.Problems, r.p.at(ip))
}

// create makes the orders inside tx: refs imported before are reported and
// skipped, names resolved to master data, then each order goes through
// CreateTx — the very checks and amounts of an order typed in the form.
func (r *importRun) create(ctx context.Context, tx *db.Tx, orders []*importOrder) error {
	for _, o := range orders {
		o.failed = o.differ
	}
	refs := make([]string, 0, len(orders))
	var custs, whs, prods []string
	for _, o := range orders {
		refs = append(refs, o.ref)
		custs = append(custs, cellText(o.vals["customer"]))
		whs = append(whs, cellText(o.vals["warehouse"]))
		for _, rec := range o.recs {
			prods = append(prods, rec.String("product"))
		}
	}
	done, err := r.s.importedRefs(ctx, tx, r.sc, refs)
	if err != nil {
		return err
	}
	found := map[string]map[string][]int64{}
	for table, vals := range map[string][]string{"customers": custs, "warehouses": whs, "products": prods} {
		if found[table], err = r.s.master.MatchRefs(ctx, tx, r.sc, table, vals); err != nil {
			return err
		}
	}
	for _, o := range orders {
		io := ImportedOrder{Ref: o.ref, Lines: len(o.recs), Status: ImportInvalid}
		if r.p.format != "xml" {
			io.Row = o.recs[0].Row
		}
		if id, ok := done[o.ref]; ok {
			io.Status, io.ID = ImportAlreadyImported, id
			r.res.AlreadyImported++
			r.res.Orders = append(r.res.Orders, io)
			continue
		}
		in, err := r.input(o, found)
		if err != nil {
			return err
		}
		if o.failed || o.spoilt {
			r.res.Orders = append(r.res.Orders, io)
			continue
		}
		id, err := r.s.CreateTx(ctx, tx, r.sc, in)
		if e, ok := errs.As(err); ok && e.Kind == errs.KindInvalid {
			r.checkProblems(o, e)
			r.res.Orders = append(r.res.Orders, io)
			continue
		} else if err != nil {
			return err
		}
		q := db.Tenant(tx, r.sc.Tenant())
		if _, err := q.Exec(ctx, `UPDATE sales_orders SET external_ref = ? WHERE tenant_id = ? AND id = ?`, o.ref, q.Tenant, id); err != nil {
			return err
		}
		var made struct {
			Number string `db:"number"`
			Total  int64  `db:"total"`
		}
		if err := q.Get(ctx, &made, `SELECT number, total FROM sales_orders WHERE tenant_id = ? AND id = ?`, q.Tenant, id); err != nil {
			return err
		}
		io.Status, io.ID, io.Number, io.Total = ImportNew, id, made.Number, made.Total
		r.res.Created++
		r.res.Orders = append(r.res.Orders, io)
	}
	return nil
}

// input is the order as the form would send it, its names resolved; a
// name that fits nothing, or several records, is a problem of its cell.
func (r *importRun) input(o *importOrder, found map[string]map[string][]int64) (OrderInput, error) {
	first := o.recs[0]
	in := OrderInput{Channel: "import", PaymentMethod: cellText(o.vals["payment_method"]),
		ShippingAddress: cellText(o.vals["shipping_address"]), Notes: cellText(o.vals["notes"])}
	if d, ok := o.vals["order_date"].(time.Time); ok {
		in.OrderDate = d.Format(time.DateOnly)
	}
	resolve := func(table, col, value string, row int) int64 {
		switch ids := found[table][value]; {
		case value == "" && col == "product":
			return 0 // required on every row: the importer reported it
		case value == "":
			r.problem(o, ImportProblem{Row: row, Field: col, Code: "field.required"})
		case len(ids) == 1:
			return ids[0]
		case len(ids) == 0:
			r.problem(o, ImportProblem{Row: row, Field: col, Code: "sales.import.unknown_" + col, Value: value})
		default:
			r.problem(o, ImportProblem{Row: row, Field: col, Code: "sales.import.ambiguous", Value: value})
		}
		return 0
	}
	in.CustomerID = resolve("customers", "customer", cellText(o.vals["customer"]), rowOr(o.rowOf["customer"], first.Row))
	in.WarehouseID = resolve("warehouses", "warehouse", cellText(o.vals["warehouse"]), rowOr(o.rowOf["warehouse"], first.Row))
	for _, rec := range o.recs {
		l := LineInput{ProductID: resolve("products", "product", rec.String("product"), rec.Row), Unit: rec.String("unit"),
			Qty: amountText(rec, "qty"), Price: amountText(rec, "price"), Discount: amountText(rec, "discount")}
		in.Lines = append(in.Lines, l)
	}
	return in, nil
}

func rowOr(row, def int) int {
	if row > 0 {
		return row
	}
	return def
}

// amountText is a decimal cell as the order's check parses it ("" when
// empty: a price then comes from the price lists).
func amountText(rec importer.Record, key string) string {
	if !rec.Has(key) {
		return ""
	}
	return rec.Amount(key).String()
}

var lineField = regexp.MustCompile(`^lines\[(\d+)\]\.(\w+)$`)

// checkFields are the order check's fields by the file's columns.
var checkFields = map[string]string{"customer_id": "customer", "warehouse_id": "warehouse", "product_id": "product", "tax_rate": "product"}

// checkProblems places the order check's field errors (lines[2].qty,
// customer_id…) at the file's rows and columns.
func (r *importRun) checkProblems(o *importOrder, e *errs.Error) {
	for _, f := range e.Fields {
		row, field := o.recs[0].Row, f.Field
		if m := lineField.FindStringSubmatch(f.Field); m != nil {
			if i, _ := strconv.Atoi(m[1]); i < len(o.recs) {
				row = o.recs[i].Row
			}
			field = m[2]
		} else if from := o.rowOf[checkFields[field]]; from > 0 {
			row = from
		} else if from := o.rowOf[field]; from > 0 {
			row = from
		}
		if c, ok := checkFields[field]; ok {
			field = c
		}
		r.problem(o, ImportProblem{Row: row, Field: field, Code: f.Code, Data: f.Data})
	}
	if len(e.Fields) == 0 {
		r.problem(o, ImportProblem{Row: o.recs[0].Row, Code: e.Code, Data: e.Data})
	}
}

// importedRefs are the orders earlier imports made for refs (ref → id).
// The whole tenant counts, whoever imported them: the unique index does.
func (s *Service) importedRefs(ctx context.Context, tx *db.Tx, sc tenant.Scope, refs []string) (map[string]int64, error) {
	out := map[string]int64{}
	q := db.Tenant(tx, sc.Tenant())
	for len(refs) > 0 {
		part := refs[:min(len(refs), 500)]
		refs = refs[len(part):]
		args := []any{q.Tenant}
		for _, r := range part {
			args = append(args, r)
		}
		var rows []struct {
			ID  int64  `db:"id"`
			Ref string `db:"external_ref"`
		}
		if err := q.Select(ctx, &rows, `SELECT id, external_ref FROM sales_orders WHERE tenant_id = ? AND channel = 'import'
			AND external_ref IN (`+db.Placeholders(len(part))+`)`, args...); err != nil {
			return nil, err
		}
		for _, row := range rows {
			out[row.Ref] = row.ID
		}
	}
	return out, nil
}
