package schema

// A plan workbook holds a plan the way XLSForm holds a form: one sheet per kind of entry, one row
// per entry, one column per field. The first row of every sheet is its header; each header cell
// reads "Vietnamese label" and, on a second line, the field's key from the YAML format, which is
// what the reader goes by. Forms are grouped, as XLSForm groups choices by list name: "Biểu mẫu"
// has one row per form, and "Cột biểu", "Dòng biểu" and "Quy tắc" have one row per column, row or
// rule, each naming its form in its first column, in order. (A sheet per form would not do: form
// ids such as 01/CT-TK cannot be sheet names, and a new form would need a new sheet laid out by
// hand.) This file describes the sheets; planbook_read.go reads them and planbook_write.go
// turns a plan into them.

// The sheets of a plan workbook.
const (
	BookGuide      = "Hướng dẫn"
	BookPlan       = "Kế hoạch"
	BookSources    = "Nguồn"
	BookAssume     = "Giả định"
	BookUnits      = "Đơn vị"
	BookIndicators = "Chỉ tiêu"
	BookForms      = "Biểu mẫu"
	BookColumns    = "Cột biểu"
	BookRows       = "Dòng biểu"
	BookRules      = "Quy tắc"
	BookTargets    = "Mục tiêu"
	BookActuals    = "Số liệu"
	BookExcluded   = "Ngoài kế hoạch"
)

// FieldKind is what a column of a plan workbook holds, for reading it and for the drop-downs and
// number formats of the writer.
type FieldKind uint8

// The kinds of field.
const (
	FieldText   FieldKind = iota // free text
	FieldCode                    // a code; with Ref, one of the codes listed on that sheet
	FieldChoice                  // one of Choices
	FieldNumber                  // a decimal number
	FieldInt                     // a whole number
	FieldBool                    // "có" or empty
	FieldDate                    // YYYY-MM-DD
	FieldPeriod                  // 2024, 2024-03, 2024-Q1, 2024-6M, 2024-9M
	FieldSpan                    // 2030 or 2021-2025
	FieldList                    // codes separated by commas
)

// BookColumn is a column of a sheet of the plan workbook.
type BookColumn struct {
	// Key is the field's key in the YAML format, relative to the entry: "code", "baseline.year",
	// "source.quote". On the sheets of form parts, "form" names the form the row belongs to.
	Key   string
	Label string // Vietnamese header
	Kind  FieldKind
	// Choices are the values a FieldChoice column takes.
	Choices []string
	// Ref is the sheet whose first column lists the codes a FieldCode column takes.
	Ref      string
	Required bool
	Width    float64 // characters
	Help     string  // the input message shown when a cell of the column is selected
}

// BookSheet is a sheet of the plan workbook.
type BookSheet struct {
	Name    string
	Help    string // what the sheet holds, for the guide
	Columns []BookColumn
	// list is the plan's field the sheet's rows make ("units"); for a sheet of form parts, the
	// form's field ("columns").
	list string
	// part is set on the sheets of form parts, whose rows name their form in column "form".
	part bool
	// keyed is set on the Kế hoạch sheet: its rows are field, value pairs.
	keyed bool
}

var (
	unitKinds      = []string{"department", "territory", "reference"}
	indKinds       = []string{"level", "growth", "share", "count", "index", "rank"}
	combines       = []string{"sum", "ratio", "single"}
	directions     = []string{"higher", "lower"}
	bases          = []string{"plan", "period", "ytd", "prior-ytd", "derived", "note", "estimate"}
	ruleKinds      = []string{"compare", "parts"}
	ops            = []string{">=", "<=", ">", "<", "="}
	targetMeasures = []string{"level", "growth", "share", "faster"}
	comparators    = []string{">=", "<=", "~", "range", "=", ">"}
	regimes        = []string{"administrative", "statistical"}
	qualifiers     = []string{"above", "below", "about"}
	statuses       = []string{"official", "preliminary", "estimate", "derived"}
	actualBases    = []string{"period", "ytd", "cumulative"}
)

func bookCode(key, label, ref string, req bool, width float64, help string) BookColumn {
	return BookColumn{Key: key, Label: label, Kind: FieldCode, Ref: ref, Required: req, Width: width, Help: help}
}

func bookText(key, label string, req bool, width float64, help string) BookColumn {
	return BookColumn{Key: key, Label: label, Kind: FieldText, Required: req, Width: width, Help: help}
}

func bookChoice(key, label string, choices []string, req bool, help string) BookColumn {
	return BookColumn{Key: key, Label: label, Kind: FieldChoice, Choices: choices, Required: req, Width: 12, Help: help}
}

func bookField(key, label string, kind FieldKind, width float64, help string) BookColumn {
	return BookColumn{Key: key, Label: label, Kind: kind, Width: width, Help: help}
}

const (
	helpNumber = "Gõ số theo kiểu Việt Nam (16,4) hoặc với dấu chấm thập phân (16.4); không viết đơn vị hay dấu phân cách hàng nghìn."
	helpList   = "Các mã cách nhau bằng dấu phẩy, ví dụ: 380, 381, 382."
	helpDate   = "Ngày dạng YYYY-MM-DD, ví dụ 2025-07-01."
	helpQuote  = "Câu trích nguyên văn từ văn bản nguồn; không sửa chữ nào."
	helpSource = "Mã nguồn (cột A của trang Nguồn)."
)

// BookSheets lists the sheets of a plan workbook after the guide, in order.
var BookSheets = []BookSheet{
	{Name: BookPlan, list: "", keyed: true,
		Help: "Thông tin chung của kế hoạch: mã, tên, phiên bản, cơ quan ban hành, nơi nhận báo cáo, ghi chú. Mỗi dòng một trường; thêm ghi chú bằng một dòng mới có trường notes.",
		Columns: []BookColumn{
			{Key: "label", Label: "Nội dung", Kind: FieldText, Width: 30},
			{Key: "field", Label: "Trường", Kind: FieldText, Required: true, Width: 14},
			{Key: "value", Label: "Giá trị", Kind: FieldText, Width: 100},
		}},
	{Name: BookSources, list: "sources",
		Help: "Các văn bản mà mục tiêu và số liệu được trích từ đó. Mỗi mục tiêu, số liệu ghi mã nguồn ở cột source.source.",
		Columns: []BookColumn{
			bookCode("id", "Mã nguồn", "", true, 16, "Mã ngắn, không dấu cách, ví dụ QD5062."),
			bookText("document", "Văn bản", true, 40, "Số văn bản, hoặc tên báo và tiêu đề bài."),
			bookText("title", "Trích yếu", false, 40, ""),
			bookText("issuer", "Cơ quan ban hành", false, 24, ""),
			bookField("date", "Ngày ban hành", FieldDate, 13, helpDate),
			bookText("file", "Tệp nguồn", false, 30, "Tên tệp văn bản trong thư mục tài liệu (--docs); mục tiêu và số liệu chỉ trích dẫn nguồn có tệp."),
			bookText("url", "Địa chỉ", false, 30, "Nơi đọc được văn bản không có trong thư mục tài liệu (danh mục mã đơn vị hành chính, trang của cơ quan)."),
			bookText("note", "Ghi chú", false, 40, ""),
		}},
	{Name: BookAssume, list: "assumptions",
		Help: "Các giả định khi văn bản nguồn chưa rõ; mục tiêu và số liệu dẫn mã giả định ở cột assumptions.",
		Columns: []BookColumn{
			bookCode("id", "Mã giả định", "", true, 22, ""),
			bookText("text", "Nội dung giả định", true, 110, ""),
		}},
	{Name: BookUnits, list: "units",
		Help: "Đơn vị báo cáo: sở, ban, ngành (department), đơn vị hành chính (territory, mã theo danh mục của Tổng cục Thống kê) và phạm vi tham chiếu (reference). Xã, phường mới: thêm một dòng, ghi ngày bắt đầu hiệu lực.",
		Columns: []BookColumn{
			bookCode("code", "Mã đơn vị", "", true, 11, "Mã đơn vị; với đơn vị hành chính là mã của Tổng cục Thống kê."),
			bookText("name", "Tên đơn vị", true, 34, ""),
			bookText("name_en", "Tên tiếng Anh", false, 26, ""),
			bookChoice("kind", "Loại", unitKinds, true, "department: sở, ban, ngành; territory: huyện, xã, phường; reference: phạm vi tham chiếu, không lập biểu."),
			bookField("valid_from", "Hiệu lực từ", FieldDate, 12, helpDate),
			bookField("valid_to", "Hiệu lực đến", FieldDate, 12, helpDate),
			bookCode("succeeded_by", "Đơn vị kế thừa", BookUnits, false, 11, "Mã đơn vị nhận lại nhiệm vụ báo cáo sau ngày hết hiệu lực."),
			bookText("parent", "Cơ quan cấp trên", false, 26, "Cơ quan cấp trên in trên biểu, mỗi cấp một dòng (Alt+Enter), cấp cao nhất trước; để trống thì theo loại đơn vị."),
			bookCode("source", "Nguồn mã, tên", BookSources, false, 12, helpSource),
			bookText("note", "Ghi chú", false, 40, ""),
		}},
	{Name: BookIndicators, list: "indicators",
		Help: "Danh mục chỉ tiêu: đơn vị tính, loại, giới hạn giá trị và cách tổng hợp từ các đơn vị.",
		Columns: []BookColumn{
			bookCode("code", "Mã chỉ tiêu", "", true, 14, ""),
			bookText("name", "Tên chỉ tiêu", true, 40, ""),
			bookText("name_en", "Tên tiếng Anh", false, 28, ""),
			bookText("unit", "Đơn vị tính", true, 12, "%, tỷ đồng, triệu USD, nghìn tấn, triệu kWh, dự án…"),
			bookChoice("kind", "Loại", indKinds, true, "level: mức; growth: tốc độ tăng %; share: tỷ trọng %; count: số đếm; index: chỉ số; rank: thứ hạng."),
			bookField("min", "Nhỏ nhất", FieldNumber, 10, helpNumber),
			bookField("max", "Lớn nhất", FieldNumber, 10, helpNumber),
			bookField("integer", "Số nguyên", FieldBool, 9, "Ghi \"có\" nếu giá trị phải là số nguyên."),
			bookField("decimals", "Số lẻ", FieldInt, 8, "Số chữ số thập phân hiển thị (0–6)."),
			bookChoice("direction", "Chiều tốt", directions, false, "higher: càng cao càng tốt (mặc định); lower: càng thấp càng tốt."),
			bookChoice("combine", "Tổng hợp", combines, true, "sum: cộng các đơn vị; ratio: tính lại từ tử số, mẫu số đã cộng; single: một đơn vị báo cáo."),
			bookCode("numerator", "Tử số", BookIndicators, false, 14, "Với ratio: mã chỉ tiêu tử số."),
			bookCode("denominator", "Mẫu số", BookIndicators, false, 14, "Với ratio: mã chỉ tiêu mẫu số."),
			bookField("scale", "Hệ số", FieldNumber, 8, "Với ratio: 100 cho tỷ lệ phần trăm."),
			bookText("note", "Ghi chú", false, 40, ""),
			bookCode("authority", "Biểu chính thức", BookForms, false, 12, "Khi hai biểu cùng cho chỉ tiêu trong một kỳ: số biểu có số liệu là số của tỉnh; số kia ghi bên cạnh, kèm chênh lệch."),
		}},
	{Name: BookForms, list: "forms",
		Help: "Biểu mẫu báo cáo, mỗi biểu một dòng. Cột, dòng và quy tắc của biểu ở các trang Cột biểu, Dòng biểu, Quy tắc, mỗi dòng ghi mã biểu ở cột đầu. Đổi bố cục biểu thì tăng phiên bản (version).",
		Columns: []BookColumn{
			bookCode("id", "Số biểu", "", true, 12, "Số biểu như in trên biểu, ví dụ 01/CT-TK."),
			bookText("version", "Phiên bản", true, 9, "Tăng khi bố cục biểu thay đổi."),
			bookText("title", "Tên biểu", true, 40, ""),
			bookText("title_en", "Tên tiếng Anh", false, 30, ""),
			{Key: "frequency", Label: "Kỳ báo cáo", Kind: FieldList, Required: true, Width: 22, Help: "Các kỳ cách nhau bằng dấu phẩy: month, quarter, 6m, 9m, year."},
			{Key: "units", Label: "Đơn vị lập biểu", Kind: FieldList, Required: true, Width: 30, Help: helpList},
			bookField("valid_from", "Hiệu lực từ", FieldDate, 12, helpDate),
			bookField("valid_to", "Hiệu lực đến", FieldDate, 12, helpDate),
			bookCode("succeeded_by", "Biểu kế thừa", BookForms, false, 12, "Số biểu thay thế biểu này sau ngày hết hiệu lực."),
			bookField("due_days", "Hạn nộp (ngày)", FieldInt, 9, "Số ngày sau khi hết kỳ số liệu."),
			bookChoice("regime", "Chế độ báo cáo", regimes, false, "administrative: báo cáo hành chính (Nghị định 09/2019/NĐ-CP), số liệu từ ngày 15 tháng trước đến ngày 14 (mặc định); statistical: báo cáo thống kê, số liệu theo tháng, quý, năm dương lịch."),
			bookText("basis", "Căn cứ", false, 34, ""),
			bookText("note", "Ghi chú", false, 30, ""),
		}},
	{Name: BookColumns, list: "columns", part: true,
		Help: "Các cột số liệu của từng biểu (sau các cột STT, chỉ tiêu, đơn vị tính), theo thứ tự trên biểu.",
		Columns: []BookColumn{
			bookCode("form", "Số biểu", BookForms, true, 12, "Số biểu (cột A của trang Biểu mẫu)."),
			bookCode("code", "Mã cột", "", true, 9, ""),
			bookText("name", "Tên cột", true, 32, ""),
			bookText("name_en", "Tên tiếng Anh", false, 30, ""),
			bookChoice("basis", "Loại cột", bases, true, "plan: kế hoạch năm; period: kỳ báo cáo; ytd: lũy kế; prior-ytd: cùng kỳ; derived: tính theo công thức; note: ghi chú; estimate: ước năm."),
			bookText("formula", "Công thức", false, 18, "Với derived: công thức theo mã cột, ví dụ LK / CK * 100."),
			bookText("unit", "Đơn vị tính", false, 10, ""),
			bookField("required", "Bắt buộc", FieldBool, 9, "Ghi \"có\" nếu mọi ô của cột phải điền."),
		}},
	{Name: BookRows, list: "rows", part: true,
		Help: "Các dòng của từng biểu theo thứ tự: dòng tiêu đề nhóm (heading) hoặc dòng chỉ tiêu (indicator).",
		Columns: []BookColumn{
			bookCode("form", "Số biểu", BookForms, true, 12, "Số biểu (cột A của trang Biểu mẫu)."),
			bookText("heading", "Tiêu đề nhóm", false, 34, "Chỉ ghi ở dòng tiêu đề nhóm; để trống các cột khác."),
			bookCode("indicator", "Chỉ tiêu", BookIndicators, false, 14, "Mã chỉ tiêu (cột A của trang Chỉ tiêu)."),
			bookText("label", "Tên trên biểu", false, 40, "Để trống thì dùng tên chỉ tiêu."),
			bookCode("part_of", "Trong đó của", BookIndicators, false, 14, "Mã chỉ tiêu của dòng tổng phía trên."),
			{Key: "columns", Label: "Chỉ các cột", Kind: FieldList, Width: 18, Help: "Mã các cột dòng này có, cách nhau bằng dấu phẩy; để trống là mọi cột."},
		}},
	{Name: BookRules, list: "rules", part: true,
		Help: "Quy tắc kiểm tra chéo giữa các ô của biểu: compare (so sánh hai cột) hoặc parts (các dòng thành phần không vượt dòng tổng).",
		Columns: []BookColumn{
			bookCode("form", "Số biểu", BookForms, true, 12, "Số biểu (cột A của trang Biểu mẫu)."),
			bookChoice("kind", "Loại", ruleKinds, true, "compare: so sánh hai cột; parts: thành phần không vượt tổng."),
			bookText("left", "Cột trái", false, 9, ""),
			bookChoice("op", "Phép so sánh", ops, false, ""),
			bookText("right", "Cột phải", false, 9, ""),
			{Key: "rows", Label: "Các dòng", Kind: FieldList, Width: 30, Help: helpList},
			bookCode("total", "Dòng tổng", BookIndicators, false, 14, ""),
			{Key: "parts", Label: "Các dòng thành phần", Kind: FieldList, Width: 24, Help: helpList},
			{Key: "columns", Label: "Các cột", Kind: FieldList, Width: 14, Help: helpList},
			bookText("message", "Thông báo", false, 44, ""),
		}},
	{Name: BookTargets, list: "targets",
		Help: "Mục tiêu của kế hoạch, mỗi mục tiêu một dòng, kèm nguồn và câu trích nguyên văn. Hai văn bản nêu khác nhau thì giữ cả hai dòng.",
		Columns: []BookColumn{
			bookCode("id", "Mã mục tiêu", "", true, 18, ""),
			bookCode("indicator", "Chỉ tiêu", BookIndicators, true, 14, "Mã chỉ tiêu (cột A của trang Chỉ tiêu)."),
			bookCode("scope", "Phạm vi", BookUnits, false, 9, "Mã đơn vị; để trống là toàn tỉnh."),
			bookChoice("measure", "Đo bằng", targetMeasures, true, "level: mức trong năm; growth: tăng bình quân/năm trong giai đoạn; share: tỷ trọng trong năm; faster: tăng nhanh hơn chỉ tiêu ở cột than mỗi năm trong giai đoạn."),
			bookField("period", "Năm / giai đoạn", FieldSpan, 11, "Năm (2030) hoặc giai đoạn (2021-2025)."),
			bookChoice("comparator", "So sánh", comparators, true, ">=: từ, ít nhất; <=: dưới; ~: khoảng (ghi dung sai); range: từ … đến …; =: bằng; >: cao hơn (chỉ với faster)."),
			bookField("value", "Giá trị", FieldNumber, 10, helpNumber),
			bookField("low", "Cận dưới", FieldNumber, 9, helpNumber),
			bookField("high", "Cận trên", FieldNumber, 9, helpNumber),
			bookField("tolerance", "Dung sai", FieldNumber, 9, "Với ~ (khoảng): nửa độ rộng chấp nhận, ví dụ 0,5."),
			bookText("unit", "Đơn vị tính", false, 10, "Để trống là đơn vị tính của chỉ tiêu."),
			bookField("baseline.year", "Năm gốc", FieldInt, 8, ""),
			bookField("baseline.value", "Giá trị gốc", FieldNumber, 10, helpNumber),
			bookText("baseline.unit", "Đơn vị gốc", false, 10, ""),
			bookCode("source.source", "Nguồn", BookSources, true, 14, helpSource),
			bookText("source.quote", "Trích dẫn", true, 60, helpQuote),
			{Key: "assumptions", Label: "Giả định", Kind: FieldList, Width: 18, Help: "Mã giả định (trang Giả định), cách nhau bằng dấu phẩy."},
			bookText("note", "Ghi chú", false, 30, ""),
			bookCode("secondary_to", "Thứ yếu so với", BookTargets, false, 16, "Với mục tiêu của văn bản thứ hai (dự thảo) cho cùng chỉ tiêu, phạm vi và giai đoạn: mã mục tiêu chính (của quyết định đã ban hành). Chỉ mục tiêu chính được đếm trong tổng hợp."),
			bookCode("than", "Nhanh hơn chỉ tiêu", BookIndicators, false, 14, "Với faster (so sánh hai chỉ tiêu): mã chỉ tiêu mà chỉ tiêu của dòng phải tăng nhanh hơn mỗi năm trong giai đoạn; So sánh ghi >."),
		}},
	{Name: BookActuals, list: "actuals",
		Help: "Số liệu đã công bố (thực hiện các năm, các kỳ), mỗi số liệu một dòng, kèm nguồn và câu trích nguyên văn.",
		Columns: []BookColumn{
			bookCode("indicator", "Chỉ tiêu", BookIndicators, true, 14, "Mã chỉ tiêu (cột A của trang Chỉ tiêu)."),
			bookCode("scope", "Phạm vi", BookUnits, false, 9, "Mã đơn vị; để trống là toàn tỉnh."),
			bookField("period", "Kỳ", FieldPeriod, 10, "2024, 2024-03, 2024-Q1, 2024-6M hoặc 2024-9M."),
			bookChoice("basis", "Cách tính", actualBases, false, "period: riêng kỳ (mặc định); ytd: lũy kế từ đầu năm; cumulative: lũy kế từ kỳ ở cột since (không phải số của một năm)."),
			bookField("since", "Lũy kế từ", FieldPeriod, 10, "Với cumulative: kỳ bắt đầu cộng dồn, ví dụ 2020."),
			bookField("value", "Giá trị", FieldNumber, 10, helpNumber),
			bookText("unit", "Đơn vị tính", false, 10, "Để trống là đơn vị tính của chỉ tiêu."),
			bookChoice("qualifier", "Ghi kèm", qualifiers, false, "above: trên; below: dưới; about: khoảng."),
			bookField("yoy", "Tăng so cùng kỳ (%)", FieldNumber, 10, helpNumber),
			bookField("mom", "Tăng so kỳ trước (%)", FieldNumber, 10, helpNumber),
			bookChoice("status", "Tình trạng", statuses, false, "official: chính thức (mặc định); preliminary: sơ bộ; estimate: ước tính; derived: suy ra."),
			bookCode("source.source", "Nguồn", BookSources, true, 14, helpSource),
			bookText("source.quote", "Trích dẫn", true, 60, helpQuote),
			{Key: "assumptions", Label: "Giả định", Kind: FieldList, Width: 18, Help: "Mã giả định (trang Giả định), cách nhau bằng dấu phẩy."},
			bookText("note", "Ghi chú", false, 30, ""),
		}},
	{Name: BookExcluded, list: "excluded",
		Help: "Các số liệu trong văn bản nguồn mà kế hoạch cố ý không đưa vào, và lý do.",
		Columns: []BookColumn{
			bookCode("source", "Nguồn", BookSources, true, 14, helpSource),
			bookText("quote", "Trích dẫn", true, 70, helpQuote),
			bookText("reason", "Lý do", true, 50, ""),
		}},
}

// planFields are the rows of the Kế hoạch sheet: the plan's own fields, with their Vietnamese
// names.
var planFields = []struct{ key, label string }{
	{"id", "Mã kế hoạch"}, {"name", "Tên"}, {"name_en", "Tên tiếng Anh"}, {"gso", "Mã tỉnh (Tổng cục Thống kê)"},
	{"version", "Phiên bản"}, {"agency", "Cơ quan chủ quản (in trên biểu)"}, {"receiver", "Nơi nhận báo cáo"},
	{"valid_to", "Hiệu lực đến"}, {"succeeded_by", "Đơn vị kế thừa"}, {"notes", "Ghi chú"},
}

// Header is the text of a column's header cell: the Vietnamese label, then the key.
func (c BookColumn) Header() string { return c.Label + "\n" + c.Key }

// TableCell is a non-empty cell of a sheet as the workbook stores it.
type TableCell struct {
	Row, Col int // 1-based
	// Text is the cell's content: a text cell as typed, a number's digits ("16.4", "45839"),
	// "1" or "0" for a logical value.
	Text   string
	Number bool // stored as a number
	Bool   bool // stored as a logical value
	// Percent is set on a number formatted as a percentage: 16,4% is stored 0.164.
	Percent bool
	// Formula is the cell's formula, without "=", if it holds one.
	Formula string
}

// Table is a sheet of a plan workbook in neutral form: what the workbook reader gives the
// loader, and what the writer lays out.
type Table struct {
	Sheet string
	// Cells are the sheet's non-empty cells, by row and then column.
	Cells []TableCell
	// Merged are the sheet's merged ranges, as 1-based [top, left, bottom, right].
	Merged [][4]int
}
