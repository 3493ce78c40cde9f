package masterdata

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// SeedDemo fills a tenant with realistic master data for `serve --demo`:
// currencies with rates, a customer group tree, ~200 customers (companies
// and people) with contacts spread over owners, 20 suppliers with contacts,
// ~300 products in a category tree with brands and unit conversions, a
// general and a gold-member price list, 3 warehouses with locations, 5
// carriers and process steps. Everything goes through the engine's Create,
// so it is validated, numbered, searchable and audited like user input.
// The data is the same on every run (fixed seed). The tenant's dictionaries
// must be seeded first (records.Service.SeedDicts, done when a tenant is
// created).
func SeedDemo(ctx context.Context, recs *records.Service, sc tenant.Scope, owners []int64) error {
	d := &demo{ctx: ctx, recs: recs, sc: sc, owners: owners, r: rand.New(rand.NewPCG(2026, 4)),
		groups: map[string]int64{}, names: map[string]bool{}}
	d.currencies()
	d.customerGroups()
	d.customers()
	d.suppliers()
	d.brands()
	d.products()
	d.priceLists()
	d.warehouses()
	d.carriers()
	d.processSteps()
	return d.err
}

// demo carries the seeding state; the first error stops every later step.
type demo struct {
	ctx    context.Context
	recs   *records.Service
	sc     tenant.Scope
	owners []int64
	r      *rand.Rand
	err    error

	cny      int64
	groups   map[string]int64 // by code
	names    map[string]bool  // company names used, to keep them unique
	custIDs  []int64
	prodList []demoItem
}

func (d *demo) create(t *records.Type, in records.Input) int64 {
	if d.err != nil {
		return 0
	}
	rec, err := d.recs.Create(d.ctx, d.sc, t, in)
	if err != nil {
		d.err = fmt.Errorf("masterdata: demo %s %v: %w", t.Key, in[t.NameFieldName()], err)
		return 0
	}
	return rec.ID
}

func (d *demo) pick(xs []string) string { return xs[d.r.IntN(len(xs))] }

// chance is true with probability pct %.
func (d *demo) chance(pct int) bool { return d.r.IntN(100) < pct }

func (d *demo) currencies() {
	d.cny = d.create(Currencies, records.Input{"code": "CNY", "name": "人民币", "symbol": "¥", "decimals": int64(2), "is_base": true})
	rates := []struct {
		code, name, symbol string
		rates              [3]string
	}{
		{"USD", "美元", "$", [3]string{"7.1884", "7.1586", "7.1020"}},
		{"EUR", "欧元", "€", [3]string{"7.5257", "8.3924", "8.2510"}},
		{"HKD", "港币", "HK$", [3]string{"0.9260", "0.9196", "0.9138"}},
	}
	dates := [3]string{"2026-01-02", "2026-07-01", "2026-10-08"}
	for _, c := range rates {
		id := d.create(Currencies, records.Input{"code": c.code, "name": c.name, "symbol": c.symbol, "decimals": int64(2)})
		for i, rate := range c.rates {
			d.create(ExchangeRates, records.Input{"currency_id": id, "rate_date": dates[i], "rate": rate})
		}
	}
}

// demoGroups is a three-level customer group tree; parents come first.
var demoGroups = []struct{ code, name, parent string }{
	{"G01", "华东区域", ""}, {"G0101", "浙江客户", "G01"}, {"G010101", "杭州重点客户", "G0101"}, {"G010102", "宁波客户", "G0101"},
	{"G0102", "江苏客户", "G01"}, {"G0103", "上海客户", "G01"},
	{"G02", "华南区域", ""}, {"G0201", "广东客户", "G02"}, {"G020101", "深圳客户", "G0201"}, {"G020102", "广州客户", "G0201"},
	{"G03", "华北区域", ""}, {"G0301", "北京客户", "G03"}, {"G0302", "天津客户", "G03"},
	{"G04", "华中西部区域", ""},
	{"G05", "零售会员", ""}, {"G0501", "线上会员", "G05"}, {"G0502", "门店会员", "G05"},
}

func (d *demo) customerGroups() {
	for i, g := range demoGroups {
		in := records.Input{"code": g.code, "name": g.name, "sort_order": int64(i + 1)}
		if g.parent != "" {
			in["parent_id"] = d.groups[g.parent]
		}
		d.groups[g.code] = d.create(CustomerGroups, in)
	}
}

// groupFor files a company under its region's group.
func (d *demo) groupFor(c city) int64 {
	switch {
	case c.name == "杭州":
		return d.groups["G010101"]
	case c.name == "宁波":
		return d.groups["G010102"]
	case c.name == "上海":
		return d.groups["G0103"]
	case c.name == "深圳":
		return d.groups["G020101"]
	case c.name == "广州":
		return d.groups["G020102"]
	case c.name == "北京":
		return d.groups["G0301"]
	case c.name == "天津":
		return d.groups["G0302"]
	case c.region[:2] == "33":
		return d.groups["G0101"]
	case c.region[:2] == "32":
		return d.groups["G0102"]
	case c.region[:2] == "44":
		return d.groups["G0201"]
	}
	return d.groups["G04"]
}

// status mix: enough of each for the list filters to mean something.
var demoStatuses = []string{"potential", "potential", "potential", "following", "following", "active", "active", "active", "dormant", "lost"}

func (d *demo) owner(i int) records.Input {
	if len(d.owners) == 0 {
		return records.Input{}
	}
	return records.Input{"owner_id": d.owners[i%len(d.owners)]}
}

// company is a unique company name in a city.
func (d *demo) company(c city, industryWord string) (name, trade string) {
	for {
		trade = d.pick(tradeNames)
		name = c.name + trade + industryWord + d.pick(companyForms)
		if !d.names[name] {
			d.names[name] = true
			return name, trade
		}
	}
}

// merge copies more into in.
func merge(in, more records.Input) {
	for k, v := range more {
		in[k] = v
	}
}
