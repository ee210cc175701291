package finding

// summaries holds the terse summary of every stable code (DESIGN.md, "Finding codes"), the line a
// list of findings shows before its detail.
var summaries = map[string]Text{
	// File level.
	"not-a-workbook":       {VI: "Không phải bảng tính đọc được", EN: "Not a readable workbook"},
	"legacy-xls":           {VI: "Định dạng Excel cũ (.xls)", EN: "Old Excel format (.xls)"},
	"encrypted":            {VI: "Tệp có mật khẩu", EN: "Password-protected file"},
	"too-large":            {VI: "Vượt giới hạn an toàn", EN: "Over a safety limit"},
	"unknown-form":         {VI: "Không nhận ra biểu mẫu", EN: "Unknown form"},
	"wrong-version":        {VI: "Biểu mẫu phiên bản cũ", EN: "Old form version"},
	"wrong-period":         {VI: "Sai kỳ báo cáo", EN: "Wrong period"},
	"unknown-unit":         {VI: "Đơn vị không lập biểu này", EN: "Unit does not report this form"},
	"duplicate-submission": {VI: "Báo cáo gửi nhiều lần", EN: "Report sent more than once"},
	"missing-sheet":        {VI: "Thiếu trang tính", EN: "Missing sheet"},
	"wrong-unit":           {VI: "Báo cáo của đơn vị khác", EN: "Another unit's report"},
	"sender-mismatch":      {VI: "Người gửi không phải địa chỉ của đơn vị", EN: "Sender is not the unit's address"},
	"unsafe-name":          {VI: "Tên tệp đính kèm không dùng được", EN: "Attachment name cannot be used"},
	"not-a-message":        {VI: "Thư bị hỏng", EN: "Broken message"},
	"empty-form":           {VI: "Biểu chưa điền", EN: "Form not filled in"},
	"name-mismatch":        {VI: "Tên tệp nói đến đơn vị khác", EN: "File named for another unit"},
	"identity-shown":       {VI: "Trang nhận dạng bị hiện ra", EN: "Identity sheet shown"},
	// Structure.
	"missing-row":    {VI: "Thiếu dòng chỉ tiêu", EN: "Missing row"},
	"missing-column": {VI: "Thiếu cột", EN: "Missing column"},
	"label-changed":  {VI: "Tên chỉ tiêu bị sửa", EN: "Label changed"},
	"extra-data":     {VI: "Có dữ liệu ngoài ô nhập", EN: "Data outside the input cells"},
	// Cells.
	"required":         {VI: "Ô bắt buộc để trống", EN: "Required cell empty"},
	"not-a-number":     {VI: "Không phải số", EN: "Not a number"},
	"ambiguous-number": {VI: "Số đọc được hai cách", EN: "Number reads two ways"},
	"text-number":      {VI: "Số gõ dạng chữ", EN: "Number typed as text"},
	"percent-scaled":   {VI: "Ô định dạng phần trăm", EN: "Percent-formatted cell"},
	"not-integer":      {VI: "Không phải số nguyên", EN: "Not a whole number"},
	"below-min":        {VI: "Nhỏ hơn mức tối thiểu", EN: "Below the minimum"},
	"above-max":        {VI: "Lớn hơn mức tối đa", EN: "Above the maximum"},
	"formula-no-value": {VI: "Công thức không có kết quả", EN: "Formula without a value"},
	"formula-error":    {VI: "Công thức lỗi", EN: "Formula error"},
	"index-as-growth":  {VI: "Gõ chỉ số thay cho tốc độ tăng", EN: "Index typed as a growth rate"},
	// Rules.
	"rule":    {VI: "Vi phạm quy tắc của biểu", EN: "A rule of the form fails"},
	"outlier": {VI: "Số liệu bất thường", EN: "Unusual figure"},
}

// SummaryOf returns the terse summary of a code; a code of the plan linter, which has none of its
// own, gets the code itself.
func SummaryOf(code string) Text {
	if s, ok := summaries[code]; ok {
		return s
	}
	return Text{VI: code, EN: code}
}
