package masterdata

import (
	"fmt"
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/list"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

func TestCustomerBlacklistNeedsReason(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		_, err := e.recs.Create(e.ctx, e.sc, Customers, records.Input{"name": "杭州黑名单贸易有限公司", "blacklisted": true})
		fieldErr(t, "blacklisted without reason", err, "blacklist_reason", "customers.blacklist_reason.required")
		var n int
		if err := e.d.Read().Get(e.ctx, &n, `SELECT count(*) FROM customers WHERE tenant_id = ?`, e.tenant); err != nil || n != 0 {
			t.Fatalf("a failed save wrote %d rows (%v)", n, err)
		}
		c := e.create(Customers, records.Input{"name": "杭州黑名单贸易有限公司", "blacklisted": true, "blacklist_reason": "多次逾期"})
		if c.String("blacklist_reason") != "多次逾期" || c.String("code") != "C000001" {
			t.Errorf("created %v", c.Values)
		}
		c, err = e.recs.Update(e.ctx, e.sc, Customers, c.ID, c.Version, records.Input{"blacklisted": false})
		if err != nil {
			t.Fatal(err)
		}
		if c.Values["blacklist_reason"] != nil {
			t.Errorf("reason kept after leaving the blacklist: %v", c.Values["blacklist_reason"])
		}
	})
}

// The form follows the customer type: fields of the other type are
// cleared on save, so an individual keeps no company details.
func TestCustomerTypeShapesFields(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		c := e.create(Customers, records.Input{"name": "王小明", "type": CustomerIndividual, "gender": "male",
			"birthday": "1990-05-01", "industry": "it", "tax_id": "91330106769373260Q"})
		if c.Values["industry"] != nil || c.Values["tax_id"] != nil || c.String("gender") != "male" {
			t.Errorf("individual: %v", c.Values)
		}
		c, err := e.recs.Update(e.ctx, e.sc, Customers, c.ID, c.Version, records.Input{"type": CustomerOrganisation,
			"name": "杭州小明科技有限公司", "tax_id": "91330106769373260Q"})
		if err != nil {
			t.Fatal(err)
		}
		if c.String("tax_id") != "91330106769373260Q" || c.Values["gender"] != nil || c.Values["birthday"] != nil {
			t.Errorf("organisation: %v", c.Values)
		}
		_, err = e.recs.Create(e.ctx, e.sc, Customers, records.Input{"name": "坏税号公司", "tax_id": "91330106769373260X"})
		if errs.KindOf(err) != errs.KindInvalid {
			t.Errorf("a tax id with a wrong check digit: %v", err)
		}
	})
}

func TestOnePrimaryContact(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		cust := e.create(Customers, records.Input{"name": "宁波海川五金有限公司"})
		other := e.create(Customers, records.Input{"name": "温州远航电子有限公司"})
		a := e.create(Contacts, records.Input{"customer_id": cust.ID, "name": "张伟", "is_primary": true})
		elsewhere := e.create(Contacts, records.Input{"customer_id": other.ID, "name": "李娜", "is_primary": true})
		b := e.create(Contacts, records.Input{"customer_id": cust.ID, "name": "王芳", "is_primary": true})
		if a = e.get(Contacts, a.ID); a.Values["is_primary"] != false || a.Version != 2 {
			t.Errorf("old primary: is_primary %v version %d, want false 2", a.Values["is_primary"], a.Version)
		}
		if b.Values["is_primary"] != true || e.get(Contacts, elsewhere.ID).Values["is_primary"] != true {
			t.Error("the new primary or another customer's primary lost the flag")
		}
		// The customer's contacts list the primary first.
		page, err := e.recs.List(e.ctx, e.sc, Contacts, list.Query{Filters: map[string]string{"customer_id": fmt.Sprint(cust.ID)}})
		if err != nil || len(page.Items) != 2 || page.Items[0].ID != b.ID {
			t.Errorf("contacts of the customer: %v %v", page.Items, err)
		}
		var audited int
		if err := e.d.Read().Get(e.ctx, &audited, `SELECT count(*) FROM audit_log WHERE tenant_id = ? AND record_type = 'contacts'
			AND record_id = ? AND changes LIKE '%is_primary%'`, e.tenant, a.ID); err != nil || audited < 2 {
			t.Errorf("audit rows about a's primary flag: %d (%v), want create and the clearing", audited, err)
		}
		// Supplier contacts share the declaration and the rule.
		sup := e.create(Suppliers, records.Input{"name": "苏州联创包装材料有限公司"})
		x := e.create(SupplierContacts, records.Input{"supplier_id": sup.ID, "name": "赵强", "is_primary": true})
		e.create(SupplierContacts, records.Input{"supplier_id": sup.ID, "name": "孙丽", "is_primary": true})
		if e.get(SupplierContacts, x.ID).Values["is_primary"] != false {
			t.Error("supplier contact kept the primary flag")
		}
	})
}

func TestBaseCurrency(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		cny := e.create(Currencies, records.Input{"code": "cny", "name": "人民币"})
		if cny.String("code") != "CNY" || cny.Values["is_base"] != true {
			t.Fatalf("first currency: %v, want code CNY and the base", cny.Values)
		}
		_, err := e.recs.Update(e.ctx, e.sc, Currencies, cny.ID, cny.Version, records.Input{"is_base": false})
		fieldErr(t, "unmark the base", err, "is_base", "currencies.is_base.required")
		_, err = e.recs.Create(e.ctx, e.sc, Currencies, records.Input{"code": "U1D", "name": "坏代码"})
		fieldErr(t, "code with a digit", err, "code", "currencies.code.iso")
		_, err = e.recs.Create(e.ctx, e.sc, Currencies, records.Input{"code": "USD", "name": "美元", "decimals": "5"})
		fieldErr(t, "5 decimals", err, "decimals", "currencies.decimals.max")
		usd := e.create(Currencies, records.Input{"code": "USD", "name": "美元"})
		if usd.Values["is_base"] != false {
			t.Error("a second currency became the base")
		}
		_, err = e.recs.Update(e.ctx, e.sc, Currencies, usd.ID, usd.Version, records.Input{"is_base": true, "active": false})
		fieldErr(t, "inactive base", err, "active", "currencies.active.base")
		if _, err = e.recs.Update(e.ctx, e.sc, Currencies, usd.ID, usd.Version, records.Input{"is_base": true}); err != nil {
			t.Fatal(err)
		}
		cny = e.get(Currencies, cny.ID)
		if cny.Values["is_base"] != false || cny.Version != 2 {
			t.Errorf("old base after moving it: %v version %d", cny.Values["is_base"], cny.Version)
		}
		var bases int
		if err := e.d.Read().Get(e.ctx, &bases, `SELECT count(*) FROM currencies WHERE tenant_id = ? AND is_base`, e.tenant); err != nil || bases != 1 {
			t.Errorf("%d base currencies (%v)", bases, err)
		}
		usd = e.get(Currencies, usd.ID)
		err = e.recs.Delete(e.ctx, e.sc, Currencies, usd.ID, usd.Version)
		if errs.KindOf(err) != errs.KindConflict {
			t.Errorf("deleting the base currency: %v, want a conflict", err)
		}
	})
}

func TestExchangeRateRules(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		cny := e.create(Currencies, records.Input{"code": "CNY", "name": "人民币"})
		usd := e.create(Currencies, records.Input{"code": "USD", "name": "美元"})
		_, err := e.recs.Create(e.ctx, e.sc, ExchangeRates, records.Input{"currency_id": cny.ID, "rate_date": "2026-01-01", "rate": "1"})
		fieldErr(t, "rate of the base", err, "currency_id", "exchange_rates.currency_id.base")
		_, err = e.recs.Create(e.ctx, e.sc, ExchangeRates, records.Input{"currency_id": usd.ID, "rate_date": "2026-01-01", "rate": "0"})
		fieldErr(t, "zero rate", err, "rate", "field.positive")
		e.create(ExchangeRates, records.Input{"currency_id": usd.ID, "rate_date": "2026-01-01", "rate": "7.1"})
		_, err = e.recs.Create(e.ctx, e.sc, ExchangeRates, records.Input{"currency_id": usd.ID, "rate_date": "2026-01-01", "rate": "7.2"})
		fieldErr(t, "second rate that day", err, "rate_date", "exchange_rates.rate_date.taken")
	})
}

func TestProductUnitRules(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		p := e.create(Products, records.Input{"name": "不锈钢保温杯", "base_unit": "pcs", "list_price": "89"})
		if p.String("sku") != "P000001" || p.Values["active"] != true || p.String("type") != ProductGoods {
			t.Errorf("defaults: %v", p.Values)
		}
		_, err := e.recs.Create(e.ctx, e.sc, ProductUnits, records.Input{"product_id": p.ID, "unit": "pcs", "factor": "1"})
		fieldErr(t, "the base unit again", err, "unit", "product_units.unit.is_base")
		_, err = e.recs.Create(e.ctx, e.sc, ProductUnits, records.Input{"product_id": p.ID, "unit": "box", "factor": "0"})
		fieldErr(t, "zero factor", err, "factor", "field.positive")
		e.create(ProductUnits, records.Input{"product_id": p.ID, "unit": "box", "factor": "12"})
		_, err = e.recs.Create(e.ctx, e.sc, ProductUnits, records.Input{"product_id": p.ID, "unit": "box", "factor": "24"})
		fieldErr(t, "box twice", err, "unit", "product_units.unit.taken")
		_, err = e.recs.Update(e.ctx, e.sc, Products, p.ID, p.Version, records.Input{"base_unit": "box"})
		fieldErr(t, "base unit that has a conversion", err, "base_unit", "products.base_unit.converted")
		_, err = e.recs.Update(e.ctx, e.sc, Products, p.ID, p.Version, records.Input{"tax_rate": "101"})
		fieldErr(t, "tax over 100%", err, "tax_rate", "products.tax_rate.max")
	})
}

func TestPriceListRules(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		cny := e.create(Currencies, records.Input{"code": "CNY", "name": "人民币"})
		cust := e.create(Customers, records.Input{"name": "杭州星辰科技有限公司"})
		_, err := e.recs.Create(e.ctx, e.sc, PriceLists, records.Input{"name": "坏日期", "currency_id": cny.ID,
			"valid_from": "2026-03-01", "valid_to": "2026-02-28"})
		fieldErr(t, "ends before it starts", err, "valid_to", "price_lists.valid_to.before_from")
		_, err = e.recs.Create(e.ctx, e.sc, PriceLists, records.Input{"name": "两个对象", "currency_id": cny.ID,
			"customer_id": cust.ID, "customer_level": "gold"})
		fieldErr(t, "customer and level", err, "customer_id", "price_lists.customer_id.one_target")
		pl := e.create(PriceLists, records.Input{"name": "一天", "currency_id": cny.ID, "valid_from": "2026-03-01", "valid_to": "2026-03-01"})
		if pl.String("code") != "PL0001" {
			t.Errorf("price list code %q", pl.String("code"))
		}
		p := e.create(Products, records.Input{"name": "中性笔", "base_unit": "pcs"})
		it := e.create(PriceListItems, records.Input{"price_list_id": pl.ID, "product_id": p.ID, "price": "2.5"})
		if it.String("unit") != "pcs" || !sameAmount(it.Values["min_quantity"].(money.Amount), amt("0")) {
			t.Errorf("item defaults: unit %q min %v", it.String("unit"), it.Values["min_quantity"])
		}
		_, err = e.recs.Create(e.ctx, e.sc, PriceListItems, records.Input{"price_list_id": pl.ID, "product_id": p.ID, "unit": "pcs", "price": "2.4"})
		fieldErr(t, "same break twice", err, "min_quantity", "price_list_items.min_quantity.taken")
		_, err = e.recs.Create(e.ctx, e.sc, PriceListItems, records.Input{"price_list_id": pl.ID, "product_id": p.ID, "unit": "box", "price": "200"})
		fieldErr(t, "unit the product lacks", err, "unit", "price_list_items.unit.not_product")
		e.create(PriceListItems, records.Input{"price_list_id": pl.ID, "product_id": p.ID, "min_quantity": "100", "price": "2.2"})
	})
}

func TestLocationAndCarrierRules(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		w1 := e.create(Warehouses, records.Input{"name": "杭州总仓"})
		w2 := e.create(Warehouses, records.Input{"name": "上海分仓"})
		if w1.String("code") != "W001" || w2.String("code") != "W002" {
			t.Errorf("warehouse codes %q %q", w1.String("code"), w2.String("code"))
		}
		e.create(WarehouseLocations, records.Input{"warehouse_id": w1.ID, "code": "A-01"})
		_, err := e.recs.Create(e.ctx, e.sc, WarehouseLocations, records.Input{"warehouse_id": w1.ID, "code": "A-01"})
		fieldErr(t, "location code twice", err, "code", "warehouse_locations.code.taken")
		e.create(WarehouseLocations, records.Input{"warehouse_id": w2.ID, "code": "A-01"})

		_, err = e.recs.Create(e.ctx, e.sc, Carriers, records.Input{"code": "SF", "name": "顺丰速运",
			"tracking_url": "https://www.sf-express.com/chn/sc/waybill/list"})
		fieldErr(t, "tracking URL without {number}", err, "tracking_url", "carriers.tracking_url.placeholder")
		c := e.create(Carriers, records.Input{"code": "SF", "name": "顺丰速运",
			"tracking_url": "https://www.sf-express.com/chn/sc/waybill/waybill-detail/{number}"})
		if got := TrackingURL(c.String("tracking_url"), "SF1234567890"); got != "https://www.sf-express.com/chn/sc/waybill/waybill-detail/SF1234567890" {
			t.Errorf("tracking URL %s", got)
		}
	})
}

// The schema of every master-data table matches its declaration on both
// databases.
func TestSchemaMatchesTypes(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		if err := records.CheckSchema(e.ctx, e.d, e.recs.Registry()); err != nil {
			t.Error(err)
		}
	})
}
