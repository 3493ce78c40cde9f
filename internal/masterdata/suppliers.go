package masterdata

import "github.com/taihe-erp/taihe/internal/platform/records"

// Supplier statuses: a candidate is being evaluated, an approved supplier
// may be ordered from, a suspended one may not for now.
const (
	SupplierCandidate = "candidate"
	SupplierApproved  = "approved"
	SupplierSuspended = "suspended"
)

// Suppliers (供应商): an organisation like a customer plus purchasing terms
// and bank details. Suppliers are company-wide records (no owner).
var Suppliers = &records.Type{
	Key: "suppliers", Path: "suppliers", Module: SuppliersModule,
	Label: "suppliers.one", Plural: "suppliers.title",
	DocType: DocSupplier,
	Fields: []records.Field{
		{Name: "code", Kind: records.Code, MaxLen: 32, Search: true, List: true, Sort: true, Example: "V00001"},
		{Name: "name", Kind: records.Text, Required: true, MaxLen: 200, Search: true, Duplicate: true, List: true, Sort: true,
			Example: "宁波海川五金制品有限公司"},
		{Name: "status", Kind: records.Enum, Required: true, Values: []string{SupplierCandidate, SupplierApproved, SupplierSuspended},
			Default: SupplierApproved, List: true, Filter: true},
		{Name: "industry", Kind: records.Dict, Dict: DictIndustry, ListHide: true, Filter: true},
		{Name: "region", Kind: records.Dict, Dict: DictRegion, ListHide: true, Filter: true},
		{Name: "tax_id", Kind: records.TaxID, ListHide: true, Hint: "customers.tax_id.hint"},
		{Name: "legal_person", Kind: records.Text, MaxLen: 50},
		{Name: "phone", Kind: records.Phone, Search: true, Duplicate: true, List: true,
			Section: "suppliers.section.contact"},
		{Name: "email", Kind: records.Email, ListHide: true, Section: "suppliers.section.contact"},
		{Name: "website", Kind: records.URL, Section: "suppliers.section.contact"},
		{Name: "address", Kind: records.Text, MaxLen: 300, Wide: true, Section: "suppliers.section.contact"},
		{Name: "shipping_address", Kind: records.Text, MaxLen: 300, Wide: true, Section: "suppliers.section.contact"},

		{Name: "payment_terms", Kind: records.Dict, Dict: DictPaymentTerms, ListHide: true, Section: "suppliers.section.purchasing"},
		{Name: "lead_time_days", Kind: records.Int, Min: minZero(), ListHide: true, Section: "suppliers.section.purchasing"},
		{Name: "currency_id", Kind: records.Ref, Ref: "currencies", Section: "suppliers.section.purchasing"},
		{Name: "min_order_amount", Kind: records.Decimal, Min: minZero(), Section: "suppliers.section.purchasing"},

		{Name: "bank_name", Kind: records.Text, MaxLen: 100, Section: "suppliers.section.bank"},
		{Name: "bank_account", Kind: records.Text, MaxLen: 40, Section: "suppliers.section.bank"},
		{Name: "account_name", Kind: records.Text, MaxLen: 200, Section: "suppliers.section.bank"},

		{Name: "active", Kind: records.Bool, Default: true, List: true, Filter: true},
		{Name: "notes", Kind: records.LongText, Wide: true},
	},
}
