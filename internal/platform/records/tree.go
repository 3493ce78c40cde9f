package records

import (
	"context"

	"github.com/taihe-erp/taihe/internal/platform/db"
)

// Trees (Type.Parent) are small — groups, categories, regions — so a check
// or a descendant filter loads the tenant's (id, parent) pairs in one query
// and walks them in Go.

func (s *Service) treePairs(ctx context.Context, q db.Scoped, m *meta) (map[int64]int64, error) {
	var rows []struct {
		ID     int64  `db:"id"`
		Parent *int64 `db:"parent"`
	}
	if err := q.Select(ctx, &rows, "SELECT id, "+m.t.Parent+" AS parent FROM "+m.key()+" WHERE tenant_id = ?", q.Tenant); err != nil {
		return nil, err
	}
	parents := make(map[int64]int64, len(rows))
	for _, r := range rows {
		parents[r.ID] = 0
		if r.Parent != nil {
			parents[r.ID] = *r.Parent
		}
	}
	return parents, nil
}

// checkTree refuses a parent that would make a cycle or a tree deeper than
// MaxDepth (the record's own subtree moves with it). Errors go on the
// parent field.
func (s *Service) checkTree(ctx context.Context, q db.Scoped, m *meta, ch *change) error {
	field := m.t.Parent
	parent, _ := ch.vals[field].(int64)
	if parent == 0 || ch.failed[field] || !ch.changed(field) {
		return nil
	}
	var self int64
	if ch.old != nil {
		self = ch.old.ID
	}
	if parent == self {
		ch.c.Add(field, "field.tree_cycle")
		return nil
	}
	parents, err := s.treePairs(ctx, q, m)
	if err != nil {
		return err
	}
	// Depth of the new parent (a root is level 1), and a cycle when the
	// walk up from it meets the record itself.
	depth := 0
	for at, steps := parent, 0; at != 0; at = parents[at] {
		if at == self && self != 0 {
			ch.c.Add(field, "field.tree_cycle")
			return nil
		}
		depth++
		if steps++; steps > len(parents) {
			break // a cycle already stored: do not loop forever
		}
	}
	if m.t.MaxDepth > 0 && depth+subtreeHeight(parents, self) > m.t.MaxDepth {
		ch.c.Add(field, "field.tree_depth", "Max", m.t.MaxDepth)
	}
	return nil
}

// subtreeHeight is the number of levels from id down (1 for a leaf or a
// new record).
func subtreeHeight(parents map[int64]int64, id int64) int {
	if id == 0 {
		return 1
	}
	children := map[int64][]int64{}
	for c, p := range parents {
		children[p] = append(children[p], c)
	}
	height := 0
	level := []int64{id}
	for len(level) > 0 && height <= len(parents) {
		height++
		var next []int64
		for _, n := range level {
			next = append(next, children[n]...)
		}
		level = next
	}
	return height
}

// descendants returns id and every record below it.
func (s *Service) descendants(ctx context.Context, q db.Scoped, m *meta, id int64) ([]int64, error) {
	parents, err := s.treePairs(ctx, q, m)
	if err != nil {
		return nil, err
	}
	children := map[int64][]int64{}
	for c, p := range parents {
		if p != 0 {
			children[p] = append(children[p], c)
		}
	}
	out := []int64{id}
	seen := map[int64]bool{id: true}
	for i := 0; i < len(out); i++ {
		for _, c := range children[out[i]] {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out, nil
}
