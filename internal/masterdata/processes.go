package masterdata

import "github.com/taihe-erp/taihe/internal/platform/records"

// ProcessSteps (工序) with a cost rate per hour, minute or piece, which
// quotations multiply by the time or count of a step.
var ProcessSteps = &records.Type{
	Key: "process_steps", Path: "process-steps", Module: ProductsModule,
	Label: "process_steps.one", Plural: "process_steps.title",
	DefaultSort: "code",
	Fields: []records.Field{
		{Name: "code", Kind: records.Code, Required: true, MaxLen: 32, Search: true, List: true, Sort: true, Example: "CUT"},
		{Name: "name", Kind: records.Text, Required: true, MaxLen: 100, Search: true, List: true, Sort: true, Example: "切割"},
		{Name: "cost_rate", Kind: records.Decimal, Required: true, Min: minZero(), List: true, Example: "60"},
		{Name: "rate_unit", Kind: records.Enum, Required: true, Values: []string{"hour", "minute", "piece"}, Default: "hour", List: true},
		{Name: "description", Kind: records.LongText, Wide: true},
		{Name: "active", Kind: records.Bool, Default: true, List: true, Filter: true},
	},
}
