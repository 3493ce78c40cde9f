package masterdata

import (
	"fmt"

	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/search"
)

const (
	demoCompanies   = 170
	demoIndividuals = 30
	demoSuppliers   = 20
)

var (
	demoSources    = []string{"exhibition", "website", "phone", "referral", "advertising", "social_media", "search_engine", "partner"}
	demoCategories = []string{"end_user", "end_user", "distributor", "agent", "retailer", "ecommerce", "key_account"}
	demoLevels     = []string{"normal", "normal", "normal", "silver", "silver", "gold", "diamond"}
	demoTags       = []string{"vip", "new", "repeat", "price_sensitive", "good_credit", "overdue", "tender"}
	demoTerms      = []string{"prepaid", "cod", "net30", "net30", "net60", "net90"}
	demoIntentions = []string{"high", "medium", "low", "none"}
	demoBanks      = []string{"中国工商银行", "中国建设银行", "中国农业银行", "中国银行", "招商银行", "交通银行", "浙商银行", "杭州银行"}
	demoBlacklist  = map[int]string{37: "多次逾期未付款，已移交法务", 121: "提供虚假资质材料"}
)

func (d *demo) customers() {
	for i := 0; i < demoCompanies; i++ {
		d.company1(i)
	}
	for i := 0; i < demoIndividuals; i++ {
		d.individual(demoCompanies + i)
	}
}

func (d *demo) company1(i int) {
	c := cities[d.r.IntN(len(cities))]
	ind := industries[d.r.IntN(len(industries))]
	name, trade := d.company(c, ind.word)
	dom := domain(trade, c)
	status := d.pick(demoStatuses)
	in := d.owner(i)
	merge(in, records.Input{
		"name": name, "type": CustomerOrganisation, "group_id": d.groupFor(c), "status": status,
		"category": d.pick(demoCategories), "source": d.pick(demoSources), "intention": d.pick(demoIntentions),
		"region": c.region, "phone": landline(d.r, c), "email": "info@" + dom, "website": "https://www." + dom,
		"industry": ind.code, "tax_id": uscc(d.r, c.region), "legal_person": person(d.r),
		"registered_capital": fmt.Sprintf("%d0000", 50+d.r.IntN(5000)),
		"bank_name":          d.pick(demoBanks) + c.name + "分行", "bank_account": fmt.Sprintf("62%017d", d.r.Int64N(1e17)),
		"payment_terms": d.pick(demoTerms), "billing_address": address(d.r, c), "shipping_address": address(d.r, c),
		"shipping_contact": person(d.r), "shipping_phone": mobile(d.r),
	})
	if d.chance(40) {
		in["mobile"] = mobile(d.r)
	}
	if status == "active" {
		in["level"] = d.pick(demoLevels)
		in["credit_limit"] = fmt.Sprintf("%d0000", 5+d.r.IntN(100))
	}
	if tags := d.tags(); len(tags) > 0 {
		in["tags"] = tags
	}
	if reason, ok := demoBlacklist[i]; ok {
		in["blacklisted"], in["blacklist_reason"] = true, reason
	}
	id := d.create(Customers, in)
	d.custIDs = append(d.custIDs, id)
	for n := 0; n < 1+d.r.IntN(3); n++ {
		d.contact(Contacts, "customer_id", id, dom, n == 0)
	}
}

func (d *demo) individual(i int) {
	c := cities[d.r.IntN(len(cities))]
	name := person(d.r)
	full, _ := search.Pinyin(name)
	in := d.owner(i)
	merge(in, records.Input{
		"name": name, "type": CustomerIndividual, "status": d.pick(demoStatuses), "source": d.pick(demoSources),
		"level": d.pick(demoLevels), "region": c.region, "mobile": mobile(d.r),
		"email":    fmt.Sprintf("%s%d@%s", full, 10+d.r.IntN(990), d.pick([]string{"qq.com", "163.com", "126.com", "sina.com"})),
		"gender":   d.pick([]string{"male", "female"}),
		"birthday": fmt.Sprintf("%d-%02d-%02d", 1965+d.r.IntN(36), 1+d.r.IntN(12), 1+d.r.IntN(28)),
		"group_id": d.groups[d.pick([]string{"G0501", "G0502"})], "shipping_address": address(d.r, c),
		"shipping_contact": name, "payment_terms": "prepaid",
	})
	d.custIDs = append(d.custIDs, d.create(Customers, in))
}

func (d *demo) tags() []string {
	var out []string
	for _, t := range demoTags {
		if d.chance(12) {
			out = append(out, t)
		}
	}
	return out
}

// contact adds a person at a customer or supplier; the first is primary.
func (d *demo) contact(t *records.Type, parentField string, parent int64, dom string, primary bool) {
	name := person(d.r)
	full, _ := search.Pinyin(name)
	in := records.Input{parentField: parent, "name": name, "job_title": d.pick(jobTitles), "mobile": mobile(d.r),
		"email": full + "@" + dom, "is_primary": primary}
	if d.chance(50) {
		in["wechat"] = "wx_" + full
	}
	if d.chance(60) {
		in["groups"] = []string{d.pick([]string{"decision_maker", "purchasing", "technical", "finance", "logistics"})}
	}
	d.create(t, in)
}

var supplierIndustries = []struct{ word, code string }{
	{"五金制品", "manufacturing"}, {"纸业", "manufacturing"}, {"电子科技", "it"}, {"食品", "retail"},
	{"包装材料", "manufacturing"}, {"塑胶制品", "manufacturing"}, {"茶业", "agriculture"}, {"日用品", "wholesale"},
	{"机电设备", "manufacturing"}, {"粮油", "agriculture"},
}

func (d *demo) suppliers() {
	for i := 0; i < demoSuppliers; i++ {
		c := cities[d.r.IntN(len(cities))]
		ind := supplierIndustries[i%len(supplierIndustries)]
		name, trade := d.company(c, ind.word)
		dom := domain(trade, c)
		status := SupplierApproved
		switch i {
		case 5, 11, 17:
			status = SupplierCandidate
		case 13:
			status = SupplierSuspended
		}
		id := d.create(Suppliers, records.Input{
			"name": name, "status": status, "industry": ind.code, "region": c.region, "tax_id": uscc(d.r, c.region),
			"legal_person": person(d.r), "phone": landline(d.r, c), "email": "sales@" + dom, "website": "https://www." + dom,
			"address": address(d.r, c), "shipping_address": address(d.r, c), "payment_terms": d.pick([]string{"net30", "net60", "prepaid"}),
			"lead_time_days": int64(3 + d.r.IntN(18)), "currency_id": d.cny,
			"min_order_amount": fmt.Sprintf("%d000", 1+d.r.IntN(10)),
			"bank_name":        d.pick(demoBanks) + c.name + "分行", "bank_account": fmt.Sprintf("62%017d", d.r.Int64N(1e17)),
			"account_name": name, "active": status != SupplierSuspended,
		})
		for n := 0; n < 1+d.r.IntN(2); n++ {
			d.contact(SupplierContacts, "supplier_id", id, dom, n == 0)
		}
	}
}
