package records

import (
	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// SensitiveAuditFields are the masked phone fields of every registered
// type, for audit.Filter.Sensitive: the audit log shows them masked to
// readers without <module>.unmask, as the records themselves are.
func SensitiveAuditFields(reg *Registry) []audit.Sensitive {
	var out []audit.Sensitive
	for _, t := range reg.Types() {
		for _, f := range t.Fields {
			if f.Kind == Phone && f.Mask {
				out = append(out, audit.Sensitive{RecordType: t.Key, Field: f.Name, Perm: tenant.P(t.Module, tenant.Unmask), Mask: access.MaskPhone})
			}
		}
	}
	return out
}
