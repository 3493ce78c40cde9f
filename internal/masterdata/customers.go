package masterdata

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// Customer types: the form shows company fields for an organisation and
// personal fields for an individual.
const (
	CustomerOrganisation = "organisation"
	CustomerIndividual   = "individual"
)

const (
	showOrg        = "type=" + CustomerOrganisation
	showIndividual = "type=" + CustomerIndividual
)

// CustomerGroups is the customer group tree (客户分组), three levels deep.
var CustomerGroups = &records.Type{
	Key: "customer_groups", Path: "customer-groups", Module: CustomersModule,
	Label: "customer_groups.one", Plural: "customer_groups.title",
	Parent: "parent_id", MaxDepth: 3, DefaultSort: "sort_order",
	Fields: treeFields("customer_groups"),
}

// treeFields are the fields of a code/name tree (groups, categories).
func treeFields(key string) []records.Field {
	return []records.Field{
		{Name: "code", Kind: records.Code, Required: true, MaxLen: 32, Search: true, List: true, Sort: true, Example: "G01"},
		{Name: "name", Kind: records.Text, Required: true, MaxLen: 100, Search: true, List: true, Sort: true},
		{Name: "parent_id", Kind: records.Ref, Ref: key, List: true, Filter: true},
		{Name: "sort_order", Kind: records.Int, Default: int64(0), List: true, Sort: true},
	}
}

// Customers is the customer archive (客户档案).
var Customers = &records.Type{
	Key: "customers", Path: "customers", Module: CustomersModule,
	Label: "customers.one", Plural: "customers.title",
	DocType: DocCustomer, Owned: true,
	Fields: []records.Field{
		{Name: "code", Kind: records.Code, MaxLen: 32, Search: true, List: true, Sort: true, Example: "C000001"},
		{Name: "name", Kind: records.Text, Required: true, MaxLen: 200, Search: true, Duplicate: true, List: true, Sort: true,
			Example: "杭州星辰科技有限公司"},
		{Name: "type", Kind: records.Enum, Required: true, Values: []string{CustomerOrganisation, CustomerIndividual},
			Default: CustomerOrganisation, List: true, Filter: true},
		{Name: "group_id", Kind: records.Ref, Ref: "customer_groups", List: true, Filter: true},
		{Name: "status", Kind: records.Dict, Dict: DictCustomerStatus, Default: "potential", List: true, Filter: true, Sort: true},
		{Name: "category", Kind: records.Dict, Dict: DictCustomerCategory, ListHide: true, Filter: true},
		{Name: "source", Kind: records.Dict, Dict: DictCustomerSource, List: true, Filter: true},
		{Name: "intention", Kind: records.Dict, Dict: DictCustomerIntention, ListHide: true},
		{Name: "level", Kind: records.Dict, Dict: DictMemberLevel, ListHide: true, Filter: true},
		{Name: "region", Kind: records.Dict, Dict: DictRegion, ListHide: true, Filter: true},
		{Name: "tags", Kind: records.Tags, Dict: DictCustomerTag, ListHide: true, Filter: true, Wide: true},

		{Name: "phone", Kind: records.Phone, Mask: true, Search: true, Duplicate: true, List: true,
			Section: "customers.section.contact", Example: "0571-88886666"},
		{Name: "mobile", Kind: records.Phone, Mask: true, Search: true, Duplicate: true, ListHide: true,
			Section: "customers.section.contact", Example: "13812345678"},
		{Name: "email", Kind: records.Email, ListHide: true, Section: "customers.section.contact"},
		{Name: "website", Kind: records.URL, Section: "customers.section.contact"},

		{Name: "industry", Kind: records.Dict, Dict: DictIndustry, ListHide: true, Filter: true, ShowIf: showOrg,
			Section: "customers.section.organisation"},
		{Name: "tax_id", Kind: records.TaxID, ShowIf: showOrg, Section: "customers.section.organisation",
			Hint: "customers.tax_id.hint", Example: "91330106769373260Q"},
		{Name: "legal_person", Kind: records.Text, MaxLen: 50, ShowIf: showOrg, Section: "customers.section.organisation"},
		{Name: "registered_capital", Kind: records.Decimal, Min: minZero(), ShowIf: showOrg,
			Section: "customers.section.organisation", Hint: "customers.registered_capital.hint"},
		{Name: "bank_name", Kind: records.Text, MaxLen: 100, ShowIf: showOrg, Section: "customers.section.organisation"},
		{Name: "bank_account", Kind: records.Text, MaxLen: 40, ShowIf: showOrg, Section: "customers.section.organisation"},

		{Name: "gender", Kind: records.Enum, Values: []string{"male", "female"}, ShowIf: showIndividual,
			Section: "customers.section.individual"},
		{Name: "birthday", Kind: records.Date, ShowIf: showIndividual, Section: "customers.section.individual"},
		{Name: "id_number", Kind: records.Text, MaxLen: 18, ShowIf: showIndividual, NoExport: true,
			Section: "customers.section.individual"},

		{Name: "credit_limit", Kind: records.Decimal, Min: minZero(), ListHide: true, Section: "customers.section.trade"},
		{Name: "payment_terms", Kind: records.Dict, Dict: DictPaymentTerms, Section: "customers.section.trade"},

		{Name: "billing_address", Kind: records.Text, MaxLen: 300, Wide: true, Section: "customers.section.address"},
		{Name: "shipping_address", Kind: records.Text, MaxLen: 300, Wide: true, Section: "customers.section.address"},
		{Name: "shipping_contact", Kind: records.Text, MaxLen: 50, Section: "customers.section.address"},
		{Name: "shipping_phone", Kind: records.Phone, Mask: true, Section: "customers.section.address"},

		{Name: "blacklisted", Kind: records.Bool, ListHide: true, Filter: true, Section: "customers.section.other"},
		{Name: "blacklist_reason", Kind: records.Text, MaxLen: 200, Section: "customers.section.other",
			Hint: "customers.blacklist_reason.hint"},
		{Name: "notes", Kind: records.LongText, Wide: true, Section: "customers.section.other"},
	},
	Hooks: records.Hooks{Check: checkCustomer},
}

// checkCustomer: a blacklisted customer needs a reason (so the next person
// knows why); leaving the blacklist clears it.
func checkCustomer(_ context.Context, _ db.Querier, _ tenant.Scope, r *records.Record, _ *records.Record) error {
	if !boolOf(r, "blacklisted") {
		r.Values["blacklist_reason"] = nil
		return nil
	}
	if r.String("blacklist_reason") == "" {
		return errs.Invalid(errs.Field("blacklist_reason", "customers.blacklist_reason.required"))
	}
	return nil
}
