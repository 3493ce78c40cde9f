package masterdata

import "github.com/taihe-erp/taihe/internal/platform/records"

// Dictionary keys (catalog labels "dict.<key>", built-in items
// "dict.<key>.<code>").
const (
	DictCustomerSource    = "customer_source"
	DictCustomerIntention = "customer_intention"
	DictCustomerStatus    = "customer_status"
	DictCustomerCategory  = "customer_category"
	DictIndustry          = "industry"
	DictRegion            = "region"
	DictMemberLevel       = "member_level"
	DictCustomerTag       = "customer_tag"
	DictContactGroup      = "contact_group"
	DictPaymentTerms      = "payment_terms"
	DictUnit              = "unit"
	DictProductBrand      = "product_brand"
)

// Dictionaries lists master data's configurable lists with their built-in
// items; a tenant renames, reorders, recolours or deactivates them.
func Dictionaries() []records.Dictionary {
	return []records.Dictionary{
		{Key: DictCustomerSource, Items: items("exhibition", "website", "phone", "referral", "advertising",
			"social_media", "search_engine", "partner", "other")},
		{Key: DictCustomerIntention, Items: coloured(
			"high", "#f56c6c", "medium", "#e6a23c", "low", "#409eff", "none", "#909399")},
		{Key: DictCustomerStatus, Items: coloured(
			"potential", "#909399", "following", "#409eff", "active", "#67c23a", "dormant", "#e6a23c", "lost", "#f56c6c")},
		{Key: DictCustomerCategory, Items: items("end_user", "distributor", "agent", "retailer", "ecommerce",
			"key_account", "partner")},
		{Key: DictIndustry, Items: items("manufacturing", "retail", "wholesale", "it", "finance", "construction",
			"real_estate", "logistics", "healthcare", "education", "hospitality", "agriculture", "energy",
			"government", "other")},
		{Key: DictRegion, Tree: true, Items: regionItems()},
		// Four tiers, as the membership manuals use; tier rules come with CRM.
		{Key: DictMemberLevel, Items: coloured(
			"normal", "#909399", "silver", "#a8b3c1", "gold", "#d4a017", "diamond", "#7b5cd6")},
		{Key: DictCustomerTag, Items: items("vip", "new", "repeat", "price_sensitive", "good_credit", "overdue", "tender")},
		{Key: DictContactGroup, Items: items("decision_maker", "purchasing", "technical", "finance", "logistics", "other")},
		{Key: DictPaymentTerms, Items: items("prepaid", "cod", "net30", "net60", "net90", "installment")},
		{Key: DictUnit, Items: items("pcs", "item", "box", "pack", "pkg", "set", "machine", "bag", "bottle", "pair", "sheet",
			"roll", "kg", "g", "t", "m", "l", "ml", "hour", "time", "month", "year")},
		// Brands are the tenant's own; two neutral items start the list.
		{Key: DictProductBrand, Items: items("own", "other")},
	}
}

func items(codes ...string) []records.DictItem {
	out := make([]records.DictItem, len(codes))
	for i, c := range codes {
		out[i] = records.DictItem{Code: c}
	}
	return out
}

// coloured takes code, colour pairs.
func coloured(pairs ...string) []records.DictItem {
	out := make([]records.DictItem, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, records.DictItem{Code: pairs[i], Color: pairs[i+1]})
	}
	return out
}
