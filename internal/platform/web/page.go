package web

import "github.com/taihe-erp/taihe/internal/platform/list"

// Page is a list operation's answer (API.md): one page of items, the
// cursor of the next page (null on the last) and how many match.
type Page[V any] struct {
	Body PageBody[V]
}

// PageBody is a list answer's body.
type PageBody[V any] struct {
	Items      []V     `json:"items"`
	NextCursor *string `json:"next_cursor"`
	Total      int     `json:"total" doc:"Matching items, counted up to 10001 (10001: more than 10000 match)"`
}

// PageOf is the answer for p, each item shown by view.
func PageOf[T, V any](p list.Page[T], view func(T) V) *Page[V] {
	out := &Page[V]{Body: PageBody[V]{Items: make([]V, len(p.Items)), Total: p.Total}}
	for i, it := range p.Items {
		out.Body.Items[i] = view(it)
	}
	if p.NextCursor != "" {
		out.Body.NextCursor = &p.NextCursor
	}
	return out
}
