package masterdata

import (
	"fmt"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/money"
	"github.com/taihe-erp/taihe/internal/platform/records"
	"github.com/taihe-erp/taihe/internal/platform/search"
)

const demoProducts = 300

// demoCategoryTree is a three-level product category tree; parents first.
var demoCategoryTree = []struct{ code, name, parent string }{
	{"01", "办公用品", ""}, {"0101", "纸张本册", "01"}, {"0102", "书写工具", "01"},
	{"02", "电子数码", ""}, {"0201", "电脑配件", "02"}, {"020101", "键盘鼠标", "0201"}, {"020102", "存储设备", "0201"},
	{"0202", "手机配件", "02"}, {"0203", "网络设备", "02"},
	{"03", "家居日用", ""}, {"0301", "厨房用品", "03"}, {"0302", "清洁用品", "03"}, {"0303", "收纳整理", "03"},
	{"04", "食品饮料", ""}, {"0401", "休闲零食", "04"}, {"0402", "茶叶冲饮", "04"}, {"040201", "绿茶", "0402"},
	{"040202", "红茶", "0402"}, {"0403", "粮油调味", "04"},
	{"05", "五金工具", ""}, {"0501", "手动工具", "05"}, {"050101", "扳手", "0501"}, {"050102", "螺丝刀", "0501"},
	{"0502", "电动工具", "05"}, {"0503", "紧固件", "05"},
	{"06", "服务项目", ""}, {"0601", "安装服务", "06"}, {"0602", "维保服务", "06"}, {"0603", "推广服务", "06"},
}

// demoBase is a kind of product in a leaf category: its unit, list price,
// type and how many go in a carton (0: no carton conversion).
type demoBase struct {
	category, name, unit, price, kind string
	box                               int
}

var demoBases = []demoBase{
	{"0101", "复印纸 A4 70g", "pkg", "24.00", ProductGoods, 5}, {"0101", "复印纸 A4 80g", "pkg", "28.00", ProductGoods, 5},
	{"0101", "笔记本 B5", "pcs", "8.50", ProductGoods, 50}, {"0101", "便利贴", "pcs", "3.50", ProductGoods, 100},
	{"0102", "中性笔 0.5mm", "pcs", "2.50", ProductGoods, 144}, {"0102", "白板笔", "pcs", "4.00", ProductGoods, 100},
	{"0102", "荧光笔", "pcs", "3.00", ProductGoods, 100},
	{"020101", "无线鼠标", "pcs", "79.00", ProductGoods, 20}, {"020101", "机械键盘", "pcs", "299.00", ProductGoods, 10},
	{"020101", "键鼠套装", "set", "129.00", ProductGoods, 10},
	{"020102", "U盘 64G", "pcs", "49.00", ProductGoods, 100}, {"020102", "移动硬盘 1TB", "pcs", "399.00", ProductGoods, 20},
	{"020102", "固态硬盘 512G", "pcs", "329.00", ProductGoods, 20},
	{"0202", "快充充电器", "pcs", "59.00", ProductGoods, 50}, {"0202", "数据线", "pcs", "19.00", ProductGoods, 100},
	{"0202", "移动电源", "pcs", "129.00", ProductGoods, 20},
	{"0203", "无线路由器", "machine", "199.00", ProductGoods, 10}, {"0203", "8口交换机", "machine", "159.00", ProductGoods, 10},
	{"0301", "保温杯 500ml", "pcs", "89.00", ProductGoods, 24}, {"0301", "不锈钢汤锅", "pcs", "199.00", ProductGoods, 6},
	{"0301", "陶瓷碗", "pcs", "15.00", ProductGoods, 48},
	{"0302", "洗洁精 1.5kg", "bottle", "12.90", ProductGoods, 12}, {"0302", "抽纸", "pkg", "4.50", ProductGoods, 24},
	{"0302", "垃圾袋", "roll", "6.90", ProductGoods, 50},
	{"0303", "收纳箱", "pcs", "49.00", ProductGoods, 6}, {"0303", "置物架", "pcs", "129.00", ProductGoods, 4},
	{"0401", "坚果礼盒", "pack", "168.00", ProductGoods, 6}, {"0401", "牛肉干", "bag", "39.90", ProductGoods, 20},
	{"040201", "西湖龙井", "pack", "398.00", ProductGoods, 10}, {"040201", "安吉白茶", "pack", "268.00", ProductGoods, 10},
	{"040202", "祁门红茶", "pack", "198.00", ProductGoods, 10}, {"040202", "滇红", "pack", "158.00", ProductGoods, 10},
	{"0403", "东北大米 5kg", "bag", "49.90", ProductGoods, 4}, {"0403", "花生油 5L", "bottle", "129.00", ProductGoods, 4},
	{"050101", "活动扳手", "pcs", "35.00", ProductGoods, 20}, {"050101", "套筒扳手套装", "set", "189.00", ProductGoods, 5},
	{"050102", "十字螺丝刀", "pcs", "12.00", ProductGoods, 50}, {"050102", "螺丝刀套装", "set", "69.00", ProductGoods, 10},
	{"0502", "充电式电钻", "machine", "299.00", ProductGoods, 4}, {"0502", "角磨机", "machine", "259.00", ProductGoods, 4},
	{"0503", "不锈钢螺丝 M4", "kg", "38.00", ProductGoods, 0}, {"0503", "膨胀螺栓 M8", "kg", "26.00", ProductGoods, 0},
	{"0601", "上门安装", "time", "150.00", ProductService, 0}, {"0601", "设备调试", "hour", "200.00", ProductService, 0},
	{"0602", "年度维保", "year", "3600.00", ProductSubscription, 0}, {"0602", "软件订阅", "month", "299.00", ProductSubscription, 0},
	{"0603", "搜索关键词推广位", "month", "2000.00", ProductKeywordSlot, 0}, {"0603", "首页推荐位", "month", "5000.00", ProductKeywordSlot, 0},
}

// demoBrands are the demo tenant's own brands (the dictionary's items).
var demoBrands = []struct{ code, name string }{
	{"xingchen", "星辰"}, {"haichuan", "海川"}, {"jinding", "金鼎"}, {"yuanhang", "远航"}, {"huacai", "华彩"}, {"qinghe", "青禾"},
}

// demoVariants are the variants that make sense per top-level category.
var demoVariants = map[string][]string{
	"01": {"标准装", "经济装", "加厚款", "彩色款"},
	"02": {"黑色", "白色", "标准版", "Pro 版"},
	"03": {"白色", "灰色", "小号", "大号"},
	"04": {"礼盒装", "家庭装", "特级", "一级"},
	"05": {"标准款", "加强款", "专业版"},
}

// demoItem is a created product, for the price lists.
type demoItem struct {
	id    int64
	price money.Amount
	box   int // base units per carton; 0 without a carton unit
}

func (d *demo) brands() {
	for i, b := range demoBrands {
		d.create(records.DictItems, records.Input{"dict": DictProductBrand, "code": b.code, "name": b.name,
			"sort_order": int64(10 + i), "active": true})
	}
}

func (d *demo) products() {
	cats := map[string]int64{}
	for i, c := range demoCategoryTree {
		in := records.Input{"code": "PC" + c.code, "name": c.name, "sort_order": int64(i + 1)}
		if c.parent != "" {
			in["parent_id"] = cats[c.parent]
		}
		cats[c.code] = d.create(ProductCategories, in)
	}
	seen := map[string]bool{}
	for n := 0; len(d.prodList) < demoProducts && d.err == nil; n++ {
		b := demoBases[d.r.IntN(len(demoBases))]
		in := records.Input{"category_id": cats[b.category], "base_unit": b.unit, "type": b.kind}
		name := b.name
		if b.kind == ProductGoods {
			brand := demoBrands[d.r.IntN(len(demoBrands))]
			variant := d.pick(demoVariants[b.category[:2]])
			name = brand.name + " " + b.name + " " + variant
			in["specification"] = variant
			_, initials := search.Pinyin(brand.name)
			in["brand"] = brand.code
			in["model"] = fmt.Sprintf("%s-%03d", strings.ToUpper(initials), 100+d.r.IntN(900))
			in["barcode"] = ean13(3000000 + n)
			in["weight"] = fmt.Sprintf("%d.%02d", d.r.IntN(5), d.r.IntN(100))
		}
		if seen[name] {
			continue
		}
		seen[name] = true
		price := money.MustParse(b.price)
		cost, _ := mul(price, money.MustParse(fmt.Sprintf("0.%d", 55+d.r.IntN(25))), 2)
		tax := "13"
		switch {
		case b.kind != ProductGoods:
			tax = "6"
		case strings.HasPrefix(b.category, "04"):
			tax = "9" // food and farm produce
		}
		merge(in, records.Input{"name": name, "list_price": price, "standard_cost": cost, "tax_rate": tax})
		id := d.create(Products, in)
		it := demoItem{id: id, price: price}
		if b.box > 0 && d.chance(60) {
			d.create(ProductUnits, records.Input{"product_id": id, "unit": "box", "factor": int64(b.box)})
			it.box = b.box
		}
		d.prodList = append(d.prodList, it)
	}
}

// priceLists: a general list at list price with carton prices 5% off, and a
// gold-member list 10% off with a further break from 100 units.
func (d *demo) priceLists() {
	general := d.create(PriceLists, records.Input{"name": "2026 年标准价格表", "currency_id": d.cny, "valid_from": "2026-01-01",
		"valid_to": "2026-12-31", "priority": int64(0)})
	gold := d.create(PriceLists, records.Input{"name": "金卡会员价", "currency_id": d.cny, "customer_level": "gold",
		"valid_from": "2026-01-01", "priority": int64(10)})
	for i, p := range d.prodList {
		if i%4 == 0 {
			d.create(PriceListItems, records.Input{"price_list_id": general, "product_id": p.id, "price": p.price})
			if p.box > 0 {
				d.create(PriceListItems, records.Input{"price_list_id": general, "product_id": p.id, "unit": "box",
					"price": d.cartonPrice(p)})
			}
		}
		if i%5 == 0 {
			off, _ := mul(p.price, money.MustParse("0.9"), 2)
			brk, _ := mul(p.price, money.MustParse("0.85"), 2)
			d.create(PriceListItems, records.Input{"price_list_id": gold, "product_id": p.id, "price": off})
			d.create(PriceListItems, records.Input{"price_list_id": gold, "product_id": p.id, "min_quantity": "100", "price": brk})
		}
	}
}

// cartonPrice is a carton at 5% off its units.
func (d *demo) cartonPrice(p demoItem) money.Amount {
	total, _ := mul(p.price, money.MustParse(fmt.Sprint(p.box)), 4)
	out, _ := mul(total, money.MustParse("0.95"), 2)
	return out
}
