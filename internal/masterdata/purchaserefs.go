package masterdata

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
)

// ProductTerms is what a purchase or sales line needs of a product: its
// base unit, the other units it is bought in (factor: base units per unit,
// scaled), the default tax rate and standard cost, and whether it is active.
type ProductTerms struct {
	ID           int64            `db:"id"`
	BaseUnit     string           `db:"base_unit"`
	TaxRate      *int64           `db:"tax_rate"`
	StandardCost *int64           `db:"standard_cost"`
	Active       bool             `db:"active"`
	Units        map[string]int64 `db:"-"`
}

// ProductTerms reads the tenant's products among ids, inside the caller's
// transaction (a product of another tenant is simply not there).
func (s *Service) ProductTerms(ctx context.Context, q db.Querier, tenantID int64, ids []int64) (map[int64]ProductTerms, error) {
	out := map[int64]ProductTerms{}
	if len(ids) == 0 {
		return out, nil
	}
	in, args := idList(tenantID, ids)
	tq := db.Tenant(q, tenantID)
	var ps []ProductTerms
	if err := tq.Select(ctx, &ps, `SELECT id, base_unit, tax_rate, standard_cost, active FROM products
		WHERE tenant_id = ? AND id IN (`+in+`)`, args...); err != nil {
		return nil, err
	}
	for _, p := range ps {
		p.Units = map[string]int64{p.BaseUnit: 10000}
		out[p.ID] = p
	}
	var units []struct {
		Product int64  `db:"product_id"`
		Unit    string `db:"unit"`
		Factor  int64  `db:"factor"`
	}
	if err := tq.Select(ctx, &units, `SELECT product_id, unit, factor FROM product_units WHERE tenant_id = ? AND product_id IN (`+in+`)`,
		args...); err != nil {
		return nil, err
	}
	for _, u := range units {
		if p, ok := out[u.Product]; ok && u.Factor > 0 {
			p.Units[u.Unit] = u.Factor
		}
	}
	return out, nil
}

// SupplierTerms is what a purchase order needs of a supplier.
type SupplierTerms struct {
	ID       int64   `db:"id"`
	Name     string  `db:"name"`
	Status   string  `db:"status"`
	Active   bool    `db:"active"`
	Region   *string `db:"region"`
	Industry *string `db:"industry"`
}

// Usable reports whether orders may go to the supplier: active and not
// suspended.
func (t SupplierTerms) Usable() bool { return t.Active && t.Status != SupplierSuspended }

// SupplierTerms reads one of the tenant's suppliers inside the caller's
// transaction; ok is false when there is none of that id.
func (s *Service) SupplierTerms(ctx context.Context, q db.Querier, tenantID, id int64) (SupplierTerms, bool, error) {
	var out []SupplierTerms
	err := db.Tenant(q, tenantID).Select(ctx, &out, `SELECT id, name, status, active, region, industry FROM suppliers
		WHERE tenant_id = ? AND id = ?`, tenantID, id)
	if err != nil || len(out) == 0 {
		return SupplierTerms{}, false, err
	}
	return out[0], true, nil
}
