package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"chitieu/demo"
	"chitieu/finding"
	"chitieu/outfile"
	"chitieu/seeds"
	"chitieu/validate"
	"chitieu/xlsx"
)

func demoCommand() *command {
	return &command{
		name:  "demo",
		args:  "[-o DIR] [--date YYYY-MM-DD] [--force]",
		short: finding.Text{VI: "Chạy toàn bộ quy trình trên kế hoạch Thanh Hóa có sẵn: lập biểu, điền, kiểm tra, tổng hợp", EN: "Run the whole pipeline on the embedded Thanh Hóa plan: templates, filling, checking, consolidation"},
		long: finding.Text{
			VI: "Lập các biểu mẫu năm 2023, điền như các đơn vị báo cáo (mở từng tệp và gõ vào ô nhập liệu) bằng số liệu\ncủa văn bản nguồn — số minh họa khi văn bản không có, ghi rõ ở cột Ghi chú — rồi kiểm tra và tổng hợp\nbằng đúng mã đọc mọi báo cáo. In vị trí các tệp và tóm tắt mức độ hoàn thành.",
			EN: "Writes the 2023 forms, fills them as the reporting units would (opening each file and typing into\nits input cells) with the source documents' figures — illustrative ones where the documents have\nnone, marked in the Note column — then checks and consolidates them with the code that reads any\nreport. Prints where the files are and a summary of the achievement table.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			fs.StringP("output", "o", "chitieu-demo", finding.Text{VI: "thư mục ghi kết quả", EN: "folder to write to"}.In(l))
			fs.String("date", "", finding.Text{VI: "ngày ghi trên bảng tổng hợp (mặc định hôm nay)", EN: "the date on the workbook (default today)"}.In(l))
			fs.Bool("force", false, finding.Text{VI: "ghi đè kết quả của lần chạy trước", EN: "overwrite the results of an earlier run"}.In(l))
		},
		run: func(e *env, fs *pflag.FlagSet, args []string) int {
			out, _ := fs.GetString("output")
			date, _ := fs.GetString("date")
			force, _ := fs.GetBool("force")
			const path = "chitieu demo"
			if len(args) > 0 {
				e.usageError(path, finding.Textf("tham số thừa %q.", "unexpected argument %q.", args[0]), "")
				return exitUsage
			}
			day, ok := parseDay(e, path, date)
			if !ok {
				return exitUsage
			}
			p, code := loadPlan(e, path, seeds.Default)
			if p == nil {
				return code
			}
			book := filepath.Join(out, fmt.Sprintf("Tổng hợp - %s - %s.xlsx", p.ID, demo.Period))
			if outfile.Exists(book) && !force {
				fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.Textf("%s đã có kết quả của lần chạy trước; dùng --force để chạy lại.",
					"%s holds the results of an earlier run; use --force to run again.", out).In(e.lang))
				return exitUsage
			}
			res, err := demo.Fill(e.ctx, p, out)
			if err != nil {
				fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
				return exitUsage
			}
			tr := func(vi, en string) string { return finding.Text{VI: vi, EN: en}.In(e.lang) }
			fmt.Fprintf(e.stdout, "%s: %s\n", tr("Biểu mẫu", "Templates"), filepath.Dir(res.Templates[0]))
			fmt.Fprintf(e.stdout, "%s: %s\n  %s\n", tr("Báo cáo đã điền", "Filled reports"), filepath.Dir(res.Filled[0]), res.Describe())
			fmt.Fprintf(e.stdout, "%s: ", tr("Bảng tổng hợp", "Province workbook"))
			m, status := runConsolidate(e, p, demo.Period, day, book, true, []string{filepath.Dir(res.Filled[0])}, validate.Options{Limits: xlsx.DefaultLimits})
			if m == nil {
				return status
			}
			sum := (&validate.Report{Files: m.Files}).Summary()
			fmt.Fprintf(e.stdout, "%s: %s\n", tr("Kiểm tra", "Check"), finding.Textf("%d tệp, %d hợp lệ, %d lỗi, %d cảnh báo", "%d files, %d valid, %d errors, %d warnings",
				sum.Files, sum.Valid, sum.Errors, sum.Warnings).In(e.lang))
			fmt.Fprintf(e.stdout, "\n%s\n", tr("MỨC ĐỘ HOÀN THÀNH", "ACHIEVEMENT"))
			fmt.Fprintf(e.stdout, "  %s\n", m.Tally().Text())
			for _, a := range m.Assessments {
				fmt.Fprintf(e.stdout, "  %-15s %-42s %8s  %s\n", a.Target.ID, clip(a.Indicator.Name, 42), a.AchievementText(), a.StatusText(e.lang))
			}
			return status
		},
	}
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s + strings.Repeat(" ", n-len(r))
	}
	return string(r[:n-1]) + "…"
}
