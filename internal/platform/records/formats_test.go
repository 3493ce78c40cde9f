package records

import (
	"testing"

	"github.com/taihe-erp/taihe/internal/platform/importer"
)

func TestFormats(t *testing.T) {
	for s, want := range map[string]bool{
		"91350100M000100Y43": true, "91110000600037341L": true, "9135010 0M000100Y4": false, "91350100M000100Y44": false,
		"91350100I000100Y43": false, "123456789012345": true, "12345678901234567890": true, "1234567890123456789012": false,
		"12345678901234": false, "ABCDEFGHIJKLMNOP": true,
	} {
		if validTaxID(s) != want {
			t.Errorf("validTaxID(%q) = %v", s, !want)
		}
	}
	for s, want := range map[string]bool{
		"13800138000": true, "+86 138-0013-8000": true, "(010) 6512-3456": true, "(010) 6512-3456 转 808": true,
		"0571-88001234 ext. 12": true, "12345": true, "1234": false, "138 0013 8000a": false, "+86+138": false,
		"123456789012345678901": false, "138-0013-8000 转": false,
	} {
		if importer.ValidPhone(s) != want {
			t.Errorf("ValidPhone(%q) = %v", s, !want)
		}
	}
	for s, want := range map[string]bool{
		"https://www.sf-express.com/track?no={number}": true, "http://a.cn": true, "ftp://a.cn": false, "a.cn": false,
		"https://": false, "https://a.cn/x y": false,
	} {
		if validURL(s) != want {
			t.Errorf("validURL(%q) = %v", s, !want)
		}
	}
	for d, want := range map[string]string{
		"8613800138000": "13800138000", "008613800138000": "13800138000", "13800138000": "13800138000",
		"8657188001234": "057188001234", "057188001234": "057188001234", "86123": "86123",
	} {
		if got := withoutChinaCode(d); got != want {
			t.Errorf("withoutChinaCode(%s) = %s, want %s", d, got, want)
		}
	}
}
