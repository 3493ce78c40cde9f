package approval

import (
	"strconv"
	"time"
)

// Condition compares a document field with a value: Op is gt, gte, lt,
// lte (decimals: amounts, quantities), eq, ne (as text) or in (Value is a
// comma-separated list; a list field matches when any item is listed:
// "the supplier is in group 3 or 5").
type Condition struct {
	Field string `json:"field"`
	Op    string `json:"op"`
	Value string `json:"value"`
}

// Level is one step of approvers: everyone with a role, named users, or
// the head of the submitter's department (exactly one of the three).
// All: every one of them must approve; otherwise the first approval
// decides the level.
type Level struct {
	Role     string  `json:"role,omitempty"`
	Users    []int64 `json:"users,omitempty"`
	DeptHead bool    `json:"dept_head,omitempty"`
	All      bool    `json:"all,omitempty"`
}

// kinds counts how many kinds of approvers the level names.
func (l Level) kinds() int {
	n := 0
	for _, set := range []bool{l.Role != "", len(l.Users) > 0, l.DeptHead} {
		if set {
			n++
		}
	}
	return n
}

// Rule says when a document type needs approval and by whom.
type Rule struct {
	ID         int64       `json:"id"`
	DocType    string      `json:"doc_type"`
	Name       string      `json:"name"`
	Sort       int         `json:"sort"`
	Active     bool        `json:"active"`
	Conditions []Condition `json:"conditions"`
	Levels     []Level     `json:"levels"`
	Version    int         `json:"version"`
}

// Doc is what a document tells the rules when it is submitted: its
// fields by name — money.Amount, int64, string, bool, []int64 or
// []string (the groups a party belongs to).
type Doc struct {
	Type   string
	ID     int64
	Fields map[string]any
	// Title is the document's number ("PO202612-00001"), kept with the
	// request for notifications and the history; "" shows "#<id>".
	Title string
}

// Request statuses.
const (
	Pending   = "pending"
	Approved  = "approved"
	Rejected  = "rejected"
	Withdrawn = "withdrawn"
)

// Request is one submission's approval.
type Request struct {
	ID          int64      `db:"id" json:"id"`
	DocType     string     `db:"doc_type" json:"doc_type"`
	DocID       int64      `db:"doc_id" json:"doc_id"`
	Title       string     `db:"title" json:"title"`
	RuleID      *int64     `db:"rule_id" json:"rule_id,omitempty"`
	Status      string     `db:"status" json:"status"`
	Level       int        `db:"level" json:"level"`
	Levels      int        `db:"levels" json:"levels"`
	RequestedBy *int64     `db:"requested_by" json:"requested_by,omitempty"`
	CreatedAt   time.Time  `db:"created_at" json:"created_at"`
	DecidedAt   *time.Time `db:"decided_at" json:"decided_at,omitempty"`
	Version     int        `db:"version" json:"version"`
}

// DocTitle is the document's number, or "#<id>" when it gave none.
func (r Request) DocTitle() string {
	if r.Title != "" {
		return r.Title
	}
	return "#" + strconv.FormatInt(r.DocID, 10)
}

// NeedsNone reports a request no rule asked for: the document is approved
// as submitted.
func (r Request) NeedsNone() bool { return r.ID == 0 && r.Status == Approved }
