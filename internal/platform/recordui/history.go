package recordui

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/access"
	"github.com/taihe-erp/taihe/internal/platform/audit"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/tenant"
)

// historyView is the record's audit trail, newest first.
type historyView struct {
	Rows []historyRow
	More string // the audit log filtered by this record, when there is more
}

type historyRow struct {
	At, Actor, Action string
	Changes           []string
}

// historyLimit is how many entries the tab shows; the audit log has the rest.
const historyLimit = 100

func (u *UI) historyView(r *http.Request, t *records.Type, rec records.Record) (*historyView, error) {
	f := audit.Filter{RecordType: t.Key, RecordID: rec.ID, Limit: historyLimit}
	// Masked phones stay masked in their history too.
	for _, fd := range t.Fields {
		if fd.Kind == records.Phone && fd.Mask {
			f.Sensitive = append(f.Sensitive, audit.Sensitive{RecordType: t.Key, Field: fd.Name,
				Perm: perm(t, tenant.Unmask), Mask: access.MaskPhone})
		}
	}
	es, err := audit.Search(r.Context(), u.ui.DB.Read(), scope(r), f)
	if err != nil {
		return nil, err
	}
	v := &historyView{}
	if len(es) == historyLimit {
		v.More = "/admin/audit?record_type=" + t.Key + "&record_id=" + idString(rec.ID)
	}
	dc := u.dicts(r)
	for _, e := range es {
		row := historyRow{At: fmtTime(r, e.At), Actor: e.ActorName, Action: u.actionText(r, e.Action)}
		for _, c := range e.Changes {
			name, before, after := c.Field, shown(c.Before), shown(c.After)
			if fd, ok := t.Field(c.Field); ok {
				name = u.ui.T(r, fieldLabel(t, fd))
				before, after = u.shownValue(r, t, fd, c.Before, dc), u.shownValue(r, t, fd, c.After, dc)
			} else if k, ok := ownerLabels[c.Field]; ok {
				name = u.ui.T(r, k)
			}
			row.Changes = append(row.Changes, name+": "+before+" → "+after)
		}
		v.Rows = append(v.Rows, row)
	}
	return v, nil
}

// ownerLabels name the standard columns of Owned types.
var ownerLabels = map[string]string{"owner_id": "recordui.owner", "department_id": "recordui.department",
	"shared_user_ids": "recordui.shared_users", "shared_department_ids": "recordui.shared_departments"}

// shownValue shows a recorded value, with the label of an enum value or
// dictionary item (the trail keeps codes).
func (u *UI) shownValue(r *http.Request, t *records.Type, f records.Field, v any, dc *dictCache) string {
	if s, ok := v.(string); ok && s != "" && (f.Kind == records.Enum || f.Kind == records.Dict) {
		return u.text(r, t, f, records.Record{Values: map[string]any{f.Name: s}}, dc)
	}
	return shown(v)
}

// actionText names the common actions ("customers.update" → 修改); others
// show as recorded.
func (u *UI) actionText(r *http.Request, action string) string {
	i := strings.LastIndexByte(action, '.')
	switch verb := action[i+1:]; verb {
	case "create", "update", "delete", "attach", "detach":
		return u.ui.T(r, "recordui.action_"+verb)
	}
	return action
}

func shown(v any) string {
	switch x := v.(type) {
	case nil:
		return "∅"
	case string:
		if x == "" {
			return "∅"
		}
		return x
	}
	b, _ := json.Marshal(v)
	return string(b)
}
