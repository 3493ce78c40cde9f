package recordapi

import (
	"encoding/json"

	"github.com/taihe-erp/taihe/internal/platform/i18n"
	"github.com/taihe-erp/taihe/internal/platform/records"
)

// recordJSON is a record as the engine writes it (records.Record
// MarshalJSON: the flat object recordSchema describes), with its warnings
// translated into lang.
func recordJSON(cat *i18n.Catalog, lang string, r records.Record) (json.RawMessage, error) {
	r.Warnings = translate(cat, lang, r.Warnings)
	return json.Marshal(r)
}

// translate fills each warning's message in lang.
func translate(cat *i18n.Catalog, lang string, ws []records.Warning) []records.Warning {
	out := make([]records.Warning, len(ws))
	for i, w := range ws {
		w.Message = cat.T(lang, w.Code, w.Data)
		out[i] = w
	}
	return out
}
