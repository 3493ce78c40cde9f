package inventory

import (
	"context"
	"fmt"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
)

// Goods in transit (在途): a transfer's TransferOut leg takes stock out of
// the source warehouse when it ships; its TransferIn leg puts it into the
// destination when it arrives, possibly days later and in another
// posting. In between the goods still belong to the company, so neither
// leg changes the product's company-wide quantity and value (the moving
// average): stock_costs counts them, stock_balances does not. The
// quantity in transit is what the ledger implies — the negated sum of the
// product's transfer movements, per transfer document.

// transitKey is a product on a transfer document ("" / 0: legs posted
// together, without a document).
type transitKey struct {
	docType string
	docID   int64
	product int64
}

// transitNet is out − in of the posting's transfer legs of a key (a key
// with no document sums the product's legs whatever their document).
func transitNet(moves []Move, k transitKey) Qty {
	var n Qty
	for _, m := range moves {
		if !m.Kind.transfer() || m.ProductID != k.product || (k.docType != "" && (m.DocType != k.docType || m.DocID != k.docID)) {
			continue
		}
		if m.Kind == TransferOut {
			n += m.Qty
		} else {
			n -= m.Qty
		}
	}
	return n
}

// checkTransit refuses a posting whose TransferIn legs of a document take
// more of a product than the document shipped and has not yet received:
// that would make stock the company never had. It runs under the
// products' cost locks, so two receipts of one transfer cannot both pass.
func checkTransit(ctx context.Context, q db.Scoped, moves []Move) error {
	seen := map[transitKey]bool{}
	for i, m := range moves {
		k := transitKey{m.DocType, m.DocID, m.ProductID}
		if m.Kind != TransferIn || k.docType == "" || k.docID == 0 || seen[k] {
			continue
		}
		seen[k] = true
		net := transitNet(moves, k)
		if net >= 0 {
			continue
		}
		var shipped Qty // in transit on the document before this posting
		if err := q.Get(ctx, &shipped, `SELECT coalesce(-sum(qty), 0) FROM stock_moves WHERE tenant_id = ? AND doc_type = ? AND doc_id = ?
			AND product_id = ? AND kind IN (?, ?)`, q.Tenant, k.docType, k.docID, k.product, string(TransferOut), string(TransferIn)); err != nil {
			return err
		}
		if shipped+net < 0 {
			return errs.Conflict("inventory.transfer_not_in_transit", "Move", fmt.Sprint(i), "InTransit", formatQty(shipped),
				"Requested", formatQty(-net))
		}
	}
	return nil
}
