package sales_test

import (
	"fmt"
	"strings"

	"github.com/taihe-erp/taihe/internal/masterdata"
	"github.com/taihe-erp/taihe/internal/platform/approval"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/list"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
	"github.com/taihe-erp/taihe/internal/sales"
)

// quotes registers the quotation with the approval platform (as the app
// does) and returns the env.
// The env's customers become the first salesperson's, who may quote them
// (a customer outside the user's scope is refused like an unknown one).
func quotes(e *env) *env {
	e.appr.RegisterDoc(sales.QuoteApprovalDoc(e.svc))
	err := e.d.InTx(e.ctx, func(tx *db.Tx) error {
		q := db.Tenant(tx, e.admin.Tenant())
		_, err := q.Exec(e.ctx, `UPDATE customers SET owner_id = ? WHERE tenant_id = ?`, e.seller.Actor(), q.Tenant)
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return e
}

// routeQuote is a quotation of customer 0 with one route line and one
// product line:
//
//	route → product 0 × 5, markup 20 %:
//	  steps  切割 1.5 h × ¥60 = 90; 焊接 (process step WELD, ¥2 a minute) 0.25 h × ¥120 = 30
//	  materials product 1 × 2 at its standard cost ¥10 = 20; product 2 × 0.5 at ¥12.34 = 6.17
//	  unit cost 146.17, price 175.404
//	product 3 × 10 at its list price ¥25, 10 % off, standard cost ¥10
var weldSeq int

func (e *env) routeQuote(sc tenant.Scope, validUntil string) sales.QuoteInput {
	e.t.Helper()
	weldSeq++
	weld := e.create(masterdata.ProcessSteps, records.Input{"code": fmt.Sprintf("WELD%d", weldSeq), "name": "焊接", "cost_rate": "2",
		"rate_unit": "minute"})
	return sales.QuoteInput{CustomerID: e.customers[0], ValidUntil: validUntil, Notes: "来自询价", Lines: []sales.QuoteLineInput{
		{Kind: sales.KindRoute, ProductID: e.products[0], Description: "定制机箱", Qty: "5", Markup: "20",
			Steps: []sales.QuoteStepInput{{Name: "切割", Hours: "1.5", Rate: "60"}, {ProcessStepID: weld, Hours: "0.25"}},
			Materials: []sales.QuoteMaterialInput{{ProductID: e.products[1], Qty: "2"},
				{ProductID: e.products[2], Qty: "0.5", UnitCost: "12.34"}}},
		{ProductID: e.products[3], Qty: "10", Discount: "10"},
	}}
}

// quote creates a quotation of n product lines (product i × 1 at price,
// cost ¥10) valid until validUntil.
func (e *env) quote(sc tenant.Scope, price, validUntil string) sales.Quote {
	e.t.Helper()
	q, err := e.svc.CreateQuote(e.ctx, sc, sales.QuoteInput{CustomerID: e.customers[0], ValidUntil: validUntil,
		Lines: []sales.QuoteLineInput{{ProductID: e.products[0], Qty: "1", Price: price}}})
	if err != nil {
		e.t.Fatalf("create quote: %v", err)
	}
	return q
}

// quoteRule sends quotations whose margin is under pct to the roles, level
// by level.
func (e *env) quoteRule(pct string, roles ...string) {
	e.t.Helper()
	var ls []approval.Level
	for _, r := range roles {
		ls = append(ls, approval.Level{Role: r})
	}
	if _, err := e.appr.SaveRule(e.ctx, e.admin, approval.Rule{DocType: sales.DocQuote, Name: "低毛利报价", Active: true,
		Conditions: []approval.Condition{{Field: "margin_pct", Op: "lt", Value: pct}}, Levels: ls}); err != nil {
		e.t.Fatal(err)
	}
}

// trail is the audit actions of a record, oldest first.
func (e *env) trail(recordType string, id int64) string {
	e.t.Helper()
	entries, err := audit.Search(e.ctx, e.d.Read(), e.admin, audit.Filter{RecordType: recordType, RecordID: id, Limit: 100})
	if err != nil {
		e.t.Fatal(err)
	}
	var actions []string
	for i := len(entries) - 1; i >= 0; i-- {
		actions = append(actions, entries[i].Action)
	}
	return strings.Join(actions, " ")
}

func listAll() list.Query { return list.Query{Limit: 200} }

// searchAudit is a record's audit entries, newest first.
func (e *env) searchAudit(recordType string, id int64) ([]audit.Entry, error) {
	return audit.Search(e.ctx, e.d.Read(), e.admin, audit.Filter{RecordType: recordType, RecordID: id, Limit: 100})
}
