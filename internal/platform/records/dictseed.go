package records

import (
	"crypto/sha256"
	"encoding/hex"
)

// dictFingerprint names this build's set of built-in dictionary items
// (keys, codes and parents, in declaration order): a tenant whose
// dict_seeds row holds another one has not been given them all yet.
func (r *Registry) dictFingerprint() string {
	h := sha256.New()
	for _, d := range r.dicts {
		h.Write([]byte(d.Key + "\x00"))
		for _, it := range d.Items {
			h.Write([]byte(it.Code + "\x01" + it.Parent + "\x00"))
		}
		h.Write([]byte{0xff})
	}
	return hex.EncodeToString(h.Sum(nil))
}
