package masterdata

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/taihe-erp/taihe/internal/platform/search"
)

// Word pools for realistic Chinese demo and benchmark data. They are data,
// not business rules: company names are city + 字号 + industry + form, as
// on a business licence; person names are a common surname and given name.

// city is where a generated company sits: its name, region code (the
// dictionary's most precise code for it), telephone area code and
// districts for addresses.
type city struct {
	name, region, area string
	districts          []string
}

var cities = []city{
	{"杭州", "330100", "0571", []string{"上城区", "拱墅区", "西湖区", "滨江区", "萧山区", "余杭区", "临平区", "钱塘区"}},
	{"宁波", "330200", "0574", []string{"海曙区", "江北区", "鄞州区", "镇海区", "北仑区"}},
	{"温州", "330300", "0577", []string{"鹿城区", "龙湾区", "瓯海区"}},
	{"嘉兴", "330400", "0573", []string{"南湖区", "秀洲区"}},
	{"湖州", "330500", "0572", []string{"吴兴区", "南浔区"}},
	{"绍兴", "330600", "0575", []string{"越城区", "柯桥区", "上虞区"}},
	{"金华", "330700", "0579", []string{"婺城区", "金东区"}},
	{"台州", "331000", "0576", []string{"椒江区", "黄岩区", "路桥区"}},
	{"南京", "320100", "025", []string{"玄武区", "秦淮区", "鼓楼区", "建邺区", "江宁区"}},
	{"无锡", "320200", "0510", []string{"梁溪区", "滨湖区", "新吴区"}},
	{"常州", "320400", "0519", []string{"天宁区", "钟楼区", "武进区"}},
	{"苏州", "320500", "0512", []string{"姑苏区", "虎丘区", "吴中区", "相城区", "吴江区"}},
	{"南通", "320600", "0513", []string{"崇川区", "通州区"}},
	{"广州", "440100", "020", []string{"越秀区", "海珠区", "天河区", "白云区", "番禺区"}},
	{"深圳", "440300", "0755", []string{"福田区", "罗湖区", "南山区", "宝安区", "龙岗区"}},
	{"佛山", "440600", "0757", []string{"禅城区", "南海区", "顺德区"}},
	{"东莞", "441900", "0769", []string{"莞城街道", "南城街道", "长安镇", "虎门镇"}},
	{"中山", "442000", "0760", []string{"石岐街道", "东区街道", "小榄镇"}},
	{"北京", "110000", "010", []string{"朝阳区", "海淀区", "东城区", "丰台区"}},
	{"上海", "310000", "021", []string{"浦东新区", "徐汇区", "闵行区", "静安区", "嘉定区"}},
	{"天津", "120000", "022", []string{"和平区", "河西区", "滨海新区"}},
	{"重庆", "500000", "023", []string{"渝中区", "江北区", "渝北区"}},
	{"成都", "510000", "028", []string{"锦江区", "武侯区", "高新区"}},
	{"武汉", "420000", "027", []string{"江汉区", "武昌区", "洪山区"}},
	{"长沙", "430000", "0731", []string{"芙蓉区", "岳麓区", "雨花区"}},
	{"厦门", "350000", "0592", []string{"思明区", "湖里区", "集美区"}},
	{"合肥", "340000", "0551", []string{"蜀山区", "包河区", "庐阳区"}},
	{"青岛", "370000", "0532", []string{"市南区", "市北区", "黄岛区"}},
	{"郑州", "410000", "0371", []string{"金水区", "二七区", "中原区"}},
	{"西安", "610000", "029", []string{"雁塔区", "碑林区", "未央区"}},
}

// tradeNames are 字号: the distinctive part of a company name.
var tradeNames = strings.Fields(`星辰 海川 金鼎 远航 华彩 青禾 百纳 恒达 宏图 瑞丰 鼎盛 博远 天佑 嘉禾 卓越 信诚 汇通 明泰
永安 新锐 盛世 君和 安泰 中科 宇航 睿思 凯旋 正和 德润 锦程 启明 联创 润泽 东升 万象 同舟 致远 立信 华夏 和信
智汇 优品 云帆 天成 振华 弘毅 泰和 康宁 方圆 长青 广源 宏达 新纪元 环宇 金桥 银河 蓝海 紫金 绿源 红星 三元 四方
五洲 六合 七星 八方 九鼎 千禧 万福 佳宜 美嘉 森林 阳光 晨曦 春雨 秋实 冬青 梦想 未来 腾飞 骏马 雄鹰 凤凰 麒麟
龙腾 虎跃 鹏程 皓月 明珠 翡翠 琥珀 水晶 钻石 宝石 金石 磐石 松柏 竹韵 梅香 兰亭 菊园 荷塘 桃源 杏林 梧桐 枫叶`)

// industries pairs the industry word of a company name with the
// industry dictionary code.
var industries = []struct{ word, code string }{
	{"科技", "it"}, {"网络科技", "it"}, {"信息技术", "it"}, {"软件", "it"},
	{"电子", "manufacturing"}, {"机械", "manufacturing"}, {"五金制品", "manufacturing"}, {"汽车配件", "manufacturing"},
	{"包装材料", "manufacturing"}, {"服饰", "manufacturing"}, {"家居用品", "manufacturing"}, {"塑胶", "manufacturing"},
	{"贸易", "wholesale"}, {"商贸", "wholesale"}, {"进出口", "wholesale"}, {"供应链管理", "logistics"},
	{"物流", "logistics"}, {"食品", "retail"}, {"超市", "retail"}, {"百货", "retail"},
	{"建材", "construction"}, {"建筑工程", "construction"}, {"装饰工程", "construction"}, {"房地产开发", "real_estate"},
	{"医疗器械", "healthcare"}, {"医药", "healthcare"}, {"教育科技", "education"}, {"文化传媒", "other"},
	{"餐饮管理", "hospitality"}, {"酒店管理", "hospitality"}, {"农业科技", "agriculture"}, {"生态农业", "agriculture"},
	{"化工", "energy"}, {"新能源", "energy"}, {"环保科技", "energy"}, {"投资管理", "finance"},
}

var companyForms = []string{"有限公司", "有限公司", "有限公司", "有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"}

var surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")

var givenChars = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍建华志强红梅鹏飞婷雪琳晨宇浩然子涵欣怡思远嘉怡梓萱一诺雨泽俊杰佳豪晓东海燕春燕建国国强文博天翼凯文")

var roads = strings.Fields("文三路 解放路 中山路 人民路 建设路 和平路 长江路 黄河路 科技大道 创业路 工业园路 学院路 滨江大道 新华路 环城东路 迎宾大道 金融街 湖滨路")

var jobTitles = strings.Fields("总经理 副总经理 采购经理 采购专员 财务主管 仓库主管 技术总监 销售经理 行政专员 项目经理 店长")

// person is a generated Chinese name: surname and a one- or two-character
// given name.
func person(r *rand.Rand) string {
	var b strings.Builder
	b.WriteRune(surnames[r.IntN(len(surnames))])
	for n := 1 + r.IntN(2); n > 0; n-- {
		b.WriteRune(givenChars[r.IntN(len(givenChars))])
	}
	return b.String()
}

// mobile is a plausible mainland mobile number.
func mobile(r *rand.Rand) string {
	prefixes := []string{"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
		"156", "158", "159", "166", "177", "180", "181", "186", "187", "188", "189", "198", "199"}
	return fmt.Sprintf("%s%08d", prefixes[r.IntN(len(prefixes))], r.IntN(100000000))
}

// landline is an office number in the city's area code.
func landline(r *rand.Rand, c city) string {
	if len(c.area) == 3 {
		return fmt.Sprintf("%s-%08d", c.area, 60000000+r.IntN(30000000))
	}
	return fmt.Sprintf("%s-%d", c.area, 80000000+r.IntN(9999999))
}

func address(r *rand.Rand, c city) string {
	return fmt.Sprintf("%s市%s%s%d号", c.name, c.districts[r.IntN(len(c.districts))], roads[r.IntN(len(roads))], 1+r.IntN(999))
}

// domain is a company's web domain from its 字号 in pinyin.
func domain(trade string, c city) string {
	full, _ := search.Pinyin(trade)
	_, cityInitials := search.Pinyin(c.name)
	return cityInitials + full + ".com.cn"
}

// uscc builds a valid 统一社会信用代码 for an enterprise (91) registered in
// region: the organisation code with its GB 11714 check character, then
// the GB 32100 check character of the whole.
func uscc(r *rand.Rand, region string) string {
	org := fmt.Sprintf("%08d", r.IntN(100000000))
	w := []int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := 0; i < 8; i++ {
		sum += int(org[i]-'0') * w[i]
	}
	var check byte
	switch c := 11 - sum%11; c {
	case 10:
		check = 'X'
	case 11:
		check = '0'
	default:
		check = byte('0' + c)
	}
	body := "91" + region + org + string(check)
	sum = 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(usccChars, body[i]) * usccWeights[i]
	}
	return body + string(usccChars[(31-sum%31)%31])
}

// The GB 32100 alphabet and weights (the records engine validates with the
// same ones).
const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// ean13 is a barcode with a Chinese GS1 prefix and a valid check digit.
func ean13(n int) string {
	body := fmt.Sprintf("69%010d", n)
	sum := 0
	for i := 0; i < 12; i++ {
		d := int(body[i] - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return body + string(rune('0'+(10-sum%10)%10))
}
