package sales_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/sales"
)

// A rule sends quotations under 20 % margin to the manager (报价审核): a
// thin one waits; its salesperson cannot decide it; the manager rejects
// it back to draft with a comment, then approves it once resubmitted. A
// quotation with a healthy margin is approved at once. The audit trail
// tells the story.
func TestQuoteReviewByMargin(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		quotes(e).quoteRule("20", "manager")
		thin := e.quote(e.seller, "11", day(10)) // cost 10: 9.0909 %
		if thin.MarginPct != 9_0909 {
			t.Fatalf("margin: %d", thin.MarginPct)
		}
		qt, err := e.svc.SubmitQuote(e.ctx, e.seller, thin.ID, thin.Version)
		if err != nil || qt.Status != sales.QuotePendingReview {
			t.Fatalf("submit: %s %v", qt.Status, err)
		}
		if _, err := e.svc.DecideQuote(e.ctx, e.seller, qt.ID, true, ""); errs.KindOf(err) != errs.KindForbidden {
			t.Fatalf("the salesperson approving: %v", err)
		}
		if qt, err = e.svc.DecideQuote(e.ctx, e.mgr, qt.ID, false, "毛利太低"); err != nil || qt.Status != sales.QuoteDraft {
			t.Fatalf("reject: %s %v", qt.Status, err)
		}
		if qt, err = e.svc.SubmitQuote(e.ctx, e.seller, qt.ID, qt.Version); err != nil {
			t.Fatal(err)
		}
		// The second time from the inbox, through the registered handler.
		h, ok := e.appr.DocHandler(sales.DocQuote)
		if !ok || h.Href(qt.ID) != fmt.Sprintf("/sales/quotes/%d", qt.ID) {
			t.Fatalf("handler: %v %q", ok, h.Href(qt.ID))
		}
		if err := h.CanSee(e.ctx, e.seller2, qt.ID); errs.KindOf(err) != errs.KindNotFound {
			t.Fatalf("another salesperson may see it: %v", err)
		}
		lines, err := h.Describe(e.ctx, e.mgr, []int64{qt.ID})
		if err != nil || lines[qt.ID].Title != qt.Number || !strings.Contains(lines[qt.ID].Meta, "9.09%") {
			t.Fatalf("the inbox line: %+v %v", lines[qt.ID], err)
		}
		if err := h.Decide(e.ctx, e.mgr, qt.ID, true, "同意"); err != nil {
			t.Fatal(err)
		}
		if qt, err = e.svc.GetQuote(e.ctx, e.seller, qt.ID); err != nil || qt.Status != sales.QuoteApproved {
			t.Fatalf("approve: %s %v", qt.Status, err)
		}
		want := "sales_quote.create sales_quote.approval_submit sales_quote.submit sales_quote.approval_reject sales_quote.reject " +
			"sales_quote.approval_submit sales_quote.submit sales_quote.approval_approve sales_quote.approve"
		if got := e.trail(sales.DocQuote, qt.ID); got != want {
			t.Fatalf("audit trail:\n got %s\nwant %s", got, want)
		}
		hist, err := e.appr.History(e.ctx, e.seller, sales.DocQuote, qt.ID)
		if err != nil || len(hist) != 2 {
			t.Fatalf("approval history: %d %v", len(hist), err)
		}

		fat := e.quote(e.seller, "40", day(10)) // 75 %
		if qt, err = e.svc.SubmitQuote(e.ctx, e.seller, fat.ID, fat.Version); err != nil || qt.Status != sales.QuoteApproved {
			t.Fatalf("no rule applies: %s %v", qt.Status, err)
		}
		// The manager was asked about the thin one only, and may read it
		// though quotations of others are out of a salesperson's scope.
		if _, err := e.svc.GetQuote(e.ctx, e.seller2, thin.ID); errs.KindOf(err) != errs.KindNotFound {
			t.Fatalf("another salesperson reads it: %v", err)
		}
	})
}

// Accepting a sent quotation makes a draft sales order in the same step:
// one order line per quotation line (the route as its product at the
// quoted price), the same amounts, linked both ways.
func TestQuoteAcceptCreatesOrder(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		quotes(e)
		in := e.routeQuote(e.seller, day(30))
		in.Lines[1].Price = "25"
		qt, err := e.svc.CreateQuote(e.ctx, e.seller, in)
		if err != nil {
			t.Fatal(err)
		}
		if qt, err = e.svc.SubmitQuote(e.ctx, e.seller, qt.ID, qt.Version); err != nil || qt.Status != sales.QuoteApproved {
			t.Fatalf("submit: %s %v", qt.Status, err)
		}
		if qt, err = e.svc.SendQuote(e.ctx, e.seller, qt.ID, qt.Version); err != nil || qt.Status != sales.QuoteSent {
			t.Fatalf("send: %s %v", qt.Status, err)
		}
		// No warehouse on the quotation or the acceptance: refused, unchanged.
		if _, err := e.svc.AcceptQuote(e.ctx, e.seller, qt.ID, qt.Version, 0); errs.KindOf(err) != errs.KindInvalid {
			t.Fatalf("accept without a warehouse: %v", err)
		}
		if qt, err = e.svc.AcceptQuote(e.ctx, e.seller, qt.ID, qt.Version, e.whs[1]); err != nil || qt.Status != sales.QuoteAccepted {
			t.Fatalf("accept: %s %v", qt.Status, err)
		}
		if qt.OrderID == nil {
			t.Fatal("no order linked")
		}
		o, err := e.svc.Get(e.ctx, e.seller, *qt.OrderID)
		if err != nil {
			t.Fatal(err)
		}
		if o.Status != sales.Draft || o.QuoteID == nil || *o.QuoteID != qt.ID || o.CustomerID != qt.CustomerID || o.WarehouseID != e.whs[1] {
			t.Fatalf("order: %+v", o)
		}
		if o.Subtotal != qt.Subtotal || o.Discount != qt.Discount || o.Tax != qt.Tax || o.Total != qt.Total || len(o.Lines) != 2 {
			t.Fatalf("order amounts %d/%d/%d/%d, quotation %d/%d/%d/%d", o.Subtotal, o.Discount, o.Tax, o.Total,
				qt.Subtotal, qt.Discount, qt.Tax, qt.Total)
		}
		for i, l := range o.Lines {
			ql := qt.Lines[i]
			if l.ProductID != ql.ProductID || l.Qty != ql.Qty || l.Price != ql.Price || l.DiscountPct != ql.DiscountPct || l.Amount != ql.Amount {
				t.Fatalf("order line %d: %+v, quotation line %+v", i, l, ql)
			}
		}
		if got, want := e.trail(sales.DocQuote, qt.ID), "sales_quote.create sales_quote.submit sales_quote.send sales_quote.accept"; got != want {
			t.Fatalf("audit trail:\n got %s\nwant %s", got, want)
		}
		if got := e.trail(sales.DocOrder, o.ID); got != "sales_order.create" {
			t.Fatalf("order audit: %s", got)
		}
		// Finance may only read quotations: refused before anything.
		if _, err := e.svc.AcceptQuote(e.ctx, e.fin, qt.ID, qt.Version, e.whs[0]); errs.KindOf(err) != errs.KindForbidden {
			t.Fatalf("finance accepting: %v", err)
		}
	})
}

// Every action outside the statuses it starts from is 409
// sales.quote.bad_status with the current status, and changes nothing.
func TestQuoteActionsRefusedByStatus(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		quotes(e).quoteRule("50", "manager") // price 15 on cost 10: 33 % waits
		at := map[string]sales.Quote{}
		mk := func(price string) sales.Quote { return e.quote(e.seller, price, day(10)) }
		must := func(q sales.Quote, err error) sales.Quote {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			return q
		}
		at[sales.QuoteDraft] = mk("40")
		q := mk("15")
		at[sales.QuotePendingReview] = must(e.svc.SubmitQuote(e.ctx, e.seller, q.ID, q.Version))
		q = mk("40")
		at[sales.QuoteApproved] = must(e.svc.SubmitQuote(e.ctx, e.seller, q.ID, q.Version))
		q = must(e.svc.SubmitQuote(e.ctx, e.seller, mk("40").ID, 0))
		at[sales.QuoteSent] = must(e.svc.SendQuote(e.ctx, e.seller, q.ID, q.Version))
		q = must(e.svc.SendQuote(e.ctx, e.seller, must(e.svc.SubmitQuote(e.ctx, e.seller, mk("40").ID, 0)).ID, 0))
		at[sales.QuoteAccepted] = must(e.svc.AcceptQuote(e.ctx, e.seller, q.ID, q.Version, e.whs[0]))
		q = must(e.svc.SendQuote(e.ctx, e.seller, must(e.svc.SubmitQuote(e.ctx, e.seller, mk("40").ID, 0)).ID, 0))
		at[sales.QuoteDeclined] = must(e.svc.DeclineQuote(e.ctx, e.seller, q.ID, q.Version, "价格高"))
		// Valid through today: expired by tomorrow's run, which leaves the
		// others (valid 10 days) alone.
		q = must(e.svc.SubmitQuote(e.ctx, e.seller, e.quote(e.seller, "40", day(0)).ID, 0))
		if err := e.svc.ExpireDue(e.ctx, time.Now().AddDate(0, 0, 1)); err != nil {
			t.Fatal(err)
		}
		at[sales.QuoteExpired] = must(e.svc.GetQuote(e.ctx, e.seller, q.ID))
		for st, q := range at {
			if q = must(e.svc.GetQuote(e.ctx, e.seller, q.ID)); q.Status != st {
				t.Fatalf("fixture %s is %s", st, q.Status)
			}
		}
		actions := map[string]struct {
			from []string
			do   func(q sales.Quote) error
		}{
			"submit": {[]string{sales.QuoteDraft}, func(q sales.Quote) error {
				_, err := e.svc.SubmitQuote(e.ctx, e.seller, q.ID, q.Version)
				return err
			}},
			"send": {[]string{sales.QuoteApproved}, func(q sales.Quote) error {
				_, err := e.svc.SendQuote(e.ctx, e.seller, q.ID, q.Version)
				return err
			}},
			"accept": {[]string{sales.QuoteSent}, func(q sales.Quote) error {
				_, err := e.svc.AcceptQuote(e.ctx, e.seller, q.ID, q.Version, e.whs[0])
				return err
			}},
			"decline": {[]string{sales.QuoteSent}, func(q sales.Quote) error {
				_, err := e.svc.DeclineQuote(e.ctx, e.seller, q.ID, q.Version, "")
				return err
			}},
			"approve": {[]string{sales.QuotePendingReview}, func(q sales.Quote) error {
				_, err := e.svc.DecideQuote(e.ctx, e.admin, q.ID, true, "")
				return err
			}},
			"update": {[]string{sales.QuoteDraft}, func(q sales.Quote) error {
				_, err := e.svc.UpdateQuote(e.ctx, e.seller, q.ID, sales.QuoteInput{CustomerID: e.customers[0], Version: q.Version,
					Lines: []sales.QuoteLineInput{{ProductID: e.products[0], Qty: "2", Price: "40"}}})
				return err
			}},
			"delete": {[]string{sales.QuoteDraft}, func(q sales.Quote) error {
				return e.svc.DeleteQuote(e.ctx, e.seller, q.ID, q.Version)
			}},
		}
		for name, a := range actions {
			for st, q := range at {
				allowed := false
				for _, f := range a.from {
					allowed = allowed || f == st
				}
				if allowed {
					continue
				}
				t.Run(fmt.Sprintf("%s from %s", name, st), func(t *testing.T) {
					err := a.do(q)
					fe, _ := errs.As(err)
					code := "sales.quote.bad_status"
					switch name {
					case "update":
						code = "sales.quote.not_editable"
					case "delete":
						code = "sales.quote.delete_not_draft"
					}
					if fe == nil || fe.Kind != errs.KindConflict || fe.Code != code || fe.Data["Status"] != st {
						t.Fatalf("got %v, want 409 %s with status %s", err, code, st)
					}
					after, err := e.svc.GetQuote(e.ctx, e.seller, q.ID)
					if err != nil || after.Status != st || after.Version != q.Version {
						t.Fatalf("changed: %s v%d → %s v%d (%v)", st, q.Version, after.Status, after.Version, err)
					}
				})
			}
		}
	})
}

// The expiry job moves approved and sent quotations whose validity ended
// before today, and only those, audited as the system; a quotation still
// valid today stays.
func TestQuoteExpireDue(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		quotes(e)
		submit := func(q sales.Quote) sales.Quote {
			t.Helper()
			q, err := e.svc.SubmitQuote(e.ctx, e.seller, q.ID, q.Version)
			if err != nil {
				t.Fatal(err)
			}
			return q
		}
		send := func(q sales.Quote) sales.Quote {
			t.Helper()
			q, err := e.svc.SendQuote(e.ctx, e.seller, q.ID, q.Version)
			if err != nil {
				t.Fatal(err)
			}
			return q
		}
		draft := e.quote(e.seller, "40", day(2))
		approved := submit(e.quote(e.seller, "40", day(2)))
		sent := send(submit(e.quote(e.seller, "40", day(2))))
		lastDay := send(submit(e.quote(e.seller, "40", day(3)))) // valid through the day the job runs
		later := send(submit(e.quote(e.seller, "40", day(20))))
		if err := e.svc.ExpireDue(e.ctx, time.Now().AddDate(0, 0, 3)); err != nil {
			t.Fatal(err)
		}
		want := map[int64]string{draft.ID: sales.QuoteDraft, approved.ID: sales.QuoteExpired, sent.ID: sales.QuoteExpired,
			lastDay.ID: sales.QuoteSent, later.ID: sales.QuoteSent}
		for id, st := range want {
			q, err := e.svc.GetQuote(e.ctx, e.seller, id)
			if err != nil || q.Status != st {
				t.Errorf("quotation %d: %s, want %s (%v)", id, q.Status, st, err)
			}
		}
		if got := e.trail(sales.DocQuote, sent.ID); got != "sales_quote.create sales_quote.submit sales_quote.send sales_quote.expire" {
			t.Fatalf("audit: %s", got)
		}
		entries, _ := e.searchAudit(sales.DocQuote, sent.ID)
		if entries[0].ActorName != "system" || entries[0].ActorID != nil {
			t.Fatalf("expired by %q %v", entries[0].ActorName, entries[0].ActorID)
		}
		// Run again: nothing more is due.
		if err := e.svc.ExpireDue(e.ctx, time.Now().AddDate(0, 0, 3)); err != nil {
			t.Fatal(err)
		}
		if got := e.trail(sales.DocQuote, sent.ID); got != "sales_quote.create sales_quote.submit sales_quote.send sales_quote.expire" {
			t.Fatalf("audit after a second run: %s", got)
		}
		// An expired quotation cannot be accepted any more.
		q, _ := e.svc.GetQuote(e.ctx, e.seller, sent.ID)
		if _, err := e.svc.AcceptQuote(e.ctx, e.seller, q.ID, q.Version, e.whs[0]); errs.KindOf(err) != errs.KindConflict {
			t.Fatalf("accept an expired quotation: %v", err)
		}
	})
}
