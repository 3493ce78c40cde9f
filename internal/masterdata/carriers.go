package masterdata

import (
	"context"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/db"
	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// TrackingPlaceholder is replaced by the waybill number in a carrier's
// tracking URL.
const TrackingPlaceholder = "{number}"

// Carriers (物流公司) with their tracking page as a URL template.
var Carriers = &records.Type{
	Key: "carriers", Path: "carriers", Module: WarehousesModule,
	Label: "carriers.one", Plural: "carriers.title",
	DefaultSort: "code",
	Fields: []records.Field{
		{Name: "code", Kind: records.Code, Required: true, MaxLen: 32, Search: true, List: true, Sort: true, Example: "SF"},
		{Name: "name", Kind: records.Text, Required: true, MaxLen: 100, Search: true, List: true, Sort: true, Example: "顺丰速运"},
		{Name: "phone", Kind: records.Phone, List: true, Example: "95338"},
		{Name: "website", Kind: records.URL, ListHide: true},
		{Name: "tracking_url", Kind: records.URL, MaxLen: 300, Wide: true, ListHide: true,
			Example: "https://www.sf-express.com/chn/sc/waybill/waybill-detail/{number}", Hint: "carriers.tracking_url.hint"},
		{Name: "active", Kind: records.Bool, Default: true, List: true, Filter: true},
	},
	Hooks: records.Hooks{Check: checkCarrier},
}

func checkCarrier(_ context.Context, _ db.Querier, _ tenant.Scope, r *records.Record, _ *records.Record) error {
	if u := r.String("tracking_url"); u != "" && !strings.Contains(u, TrackingPlaceholder) {
		return errs.Invalid(errs.Field("tracking_url", "carriers.tracking_url.placeholder"))
	}
	return nil
}

// TrackingURL is the carrier's tracking page for a waybill number ("" when
// the carrier has no template).
func TrackingURL(template, number string) string {
	if template == "" {
		return ""
	}
	return strings.ReplaceAll(template, TrackingPlaceholder, number)
}
