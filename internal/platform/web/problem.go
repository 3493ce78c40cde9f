package web

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/taihe-erp/taihe/internal/platform/errs"
	"github.com/taihe-erp/taihe/internal/platform/i18n"
)

// FieldProblem is one invalid field in a problem response.
type FieldProblem struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Problem is an RFC 9457 problem+json body (API.md § Errors).
type Problem struct {
	Type       string         `json:"type"`
	Title      string         `json:"title"`
	Status     int            `json:"status"`
	Code       string         `json:"code"`
	Detail     string         `json:"detail"`
	RequestID  string         `json:"request_id,omitempty"`
	Errors     []FieldProblem `json:"errors,omitempty"`
	retryAfter int
}

func (p *Problem) Error() string  { return p.Code + ": " + p.Detail }
func (p *Problem) GetStatus() int { return p.Status }

// ContentType makes huma send application/problem+json.
func (p *Problem) ContentType(string) string { return "application/problem+json" }

// GetHeaders adds Retry-After to 429 responses (huma.HeadersError).
func (p *Problem) GetHeaders() http.Header {
	h := http.Header{}
	if p.retryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(p.retryAfter))
	}
	return h
}

var kindInfo = map[errs.Kind]struct {
	status int
	typ    string
	title  string
}{
	errs.KindInvalid:         {http.StatusUnprocessableEntity, "validation", "problem.validation"},
	errs.KindNotFound:        {http.StatusNotFound, "not-found", "problem.not_found"},
	errs.KindForbidden:       {http.StatusForbidden, "forbidden", "problem.forbidden"},
	errs.KindConflict:        {http.StatusConflict, "conflict", "problem.conflict"},
	errs.KindStale:           {http.StatusConflict, "stale", "problem.conflict"},
	errs.KindUnauthenticated: {http.StatusUnauthorized, "unauthenticated", "problem.unauthenticated"},
	errs.KindTooMany:         {http.StatusTooManyRequests, "rate-limited", "problem.too_many"},
	errs.KindBadRequest:      {http.StatusBadRequest, "bad-request", "problem.bad_request"},
}

// NewProblem maps a domain error to a problem in lang. Foreign errors are
// logged with the request id and shown as a generic 500.
func NewProblem(cat *i18n.Catalog, lang, requestID string, err error) *Problem {
	if p, ok := err.(*Problem); ok {
		return p
	}
	e, ok := errs.As(err)
	if !ok {
		slog.Error("request failed", "request_id", requestID, "err", err)
		return &Problem{Type: "https://taihe.dev/problems/internal", Title: cat.T(lang, "problem.internal", nil),
			Status: 500, Code: "internal", RequestID: requestID,
			Detail: cat.T(lang, "internal", map[string]any{"RequestID": requestID})}
	}
	info := kindInfo[e.Kind]
	p := &Problem{Type: "https://taihe.dev/problems/" + info.typ, Title: cat.T(lang, info.title, nil), Status: info.status,
		Code: e.Code, Detail: cat.T(lang, e.Code, e.Data), RequestID: requestID, retryAfter: e.RetryAfter}
	for _, f := range e.Fields {
		p.Errors = append(p.Errors, FieldProblem{Field: f.Field, Code: f.Code, Message: cat.T(lang, f.Code, f.Data)})
	}
	if e.Kind == errs.KindInvalid {
		p.Detail = cat.T(lang, "validation.detail", map[string]any{"Count": len(p.Errors)})
	}
	return p
}

// WriteProblem sends a problem as JSON.
func WriteProblem(w http.ResponseWriter, p *Problem) {
	for k, v := range p.GetHeaders() {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}
