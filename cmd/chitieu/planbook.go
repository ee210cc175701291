package main

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"chitieu/finding"
	"chitieu/outfile"
	"chitieu/schema"
	"chitieu/seeds"
	"chitieu/templates"
	"chitieu/xlsx"
)

// isPlanBook reports whether a plan file is a plan workbook rather than YAML.
func isPlanBook(file string) bool {
	ext := strings.ToLower(filepath.Ext(file))
	return ext == ".xlsx" || ext == ".xlsm"
}

// loadPlanFile reads a plan from YAML or, for a .xlsx file, from a plan workbook (whose findings
// name sheet and cell). An error means the workbook cannot be opened at all.
func loadPlanFile(file string, data []byte) (*schema.Plan, finding.Findings, error) {
	if !isPlanBook(file) {
		p, fs := schema.Load(file, data)
		return p, fs, nil
	}
	wb, err := xlsx.Open(file, xlsx.DefaultLimits)
	if err != nil {
		return nil, nil, finding.Errorf("%s không mở được như một sổ Excel (%v); lưu lại dưới dạng Excel Workbook (.xlsx).",
			"%s cannot be opened as an Excel workbook (%v); save it as an Excel Workbook (.xlsx).", file, err)
	}
	defer wb.Close()
	tables, err := planTables(wb)
	if err != nil {
		return nil, nil, finding.Errorf("không đọc được sổ kế hoạch %s: %v", "cannot read the plan workbook %s: %v", file, err)
	}
	p, fs := schema.LoadBook(file, tables)
	return p, fs, nil
}

// planTables reads every sheet of a plan workbook as the plan loader takes it: xlsx speaks its
// own types, schema its own, and this is where the two meet.
func planTables(wb *xlsx.Workbook) ([]schema.Table, error) {
	tables, err := wb.Tables()
	if err != nil {
		return nil, err
	}
	out := make([]schema.Table, len(tables))
	for i, t := range tables {
		out[i] = schema.Table{Sheet: t.Sheet, Merged: t.Merged, Cells: make([]schema.TableCell, len(t.Cells))}
		for j, c := range t.Cells {
			out[i].Cells[j] = schema.TableCell(c)
		}
	}
	return out, nil
}

// planChanges compares a checked plan with the plan in use: against names it (an embedded plan
// or a file); empty means the embedded plan of the same id, if the checked file is not that
// plan itself.
func planChanges(p *schema.Plan, file, against string) (finding.Findings, error) {
	if against == "" {
		if !slices.Contains(seeds.Names(), p.ID) || file == filepath.Join("seeds", p.ID+".yaml") {
			return nil, nil
		}
		against = p.ID
	}
	ofile, data, _, err := readPlanSpec(against)
	if err != nil {
		return nil, err
	}
	old, fs, err := loadPlanFile(ofile, data)
	if err != nil {
		return nil, err
	}
	if old == nil || fs.HasErrors() {
		return nil, finding.Errorf("kế hoạch so sánh %s có lỗi; kiểm tra bằng chitieu plan check %s.", "the plan compared with, %s, has errors; see chitieu plan check %s.", against, against)
	}
	return p.Locate(p.FormChanges(old)), nil
}

// planExportOptions are the flags of chitieu plan export.
type planExportOptions struct {
	plan   string
	output string
	force  bool
}

func planExportCommand() *command {
	var o planExportOptions
	return &command{
		name:  "export",
		args:  "[--plan NAME|FILE] -o FILE.xlsx|FILE.yaml [--force]",
		short: finding.Text{VI: "Ghi kế hoạch thành sổ Excel để sửa, hoặc thành YAML", EN: "Write the plan as an Excel workbook to edit, or as YAML"},
		long: finding.Text{
			VI: "Với -o ke-hoach.xlsx: ghi sổ kế hoạch, mỗi loại mục một trang (Đơn vị, Chỉ tiêu, Biểu mẫu, Mục tiêu, …),\ntiêu đề khóa, danh sách chọn cho các cột mã. Với -o ke-hoach.yaml: ghi YAML. Hai dạng chuyển qua lại\nkhông mất gì; --plan nhận cả tệp .xlsx.",
			EN: "With -o ke-hoach.xlsx: writes the plan workbook, a sheet per kind of entry (Đơn vị, Chỉ tiêu, Biểu mẫu,\nMục tiêu, …), headers locked, drop-down lists on coded columns. With -o ke-hoach.yaml: writes YAML.\nEither converts to the other without loss; --plan takes a .xlsx file too.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			planFlag(fs, l, &o.plan)
			fs.StringVarP(&o.output, "output", "o", "", finding.Text{VI: "tệp ghi ra: .xlsx hoặc .yaml (bắt buộc)", EN: "the file to write: .xlsx or .yaml (required)"}.In(l))
			fs.BoolVar(&o.force, "force", false, finding.Text{VI: "ghi đè tệp đã có", EN: "overwrite an existing file"}.In(l))
		},
		run: func(e *env, args []string) int {
			plan := o.plan
			out := o.output
			force := o.force
			const path = "chitieu plan export"
			if !e.noArgs(path, args) {
				return exitUsage
			}
			ext := strings.ToLower(filepath.Ext(out))
			if out == "" || (ext != ".xlsx" && ext != ".yaml" && ext != ".yml") {
				e.usageError(path, finding.Text{VI: "cần -o FILE.xlsx hoặc -o FILE.yaml.", EN: "give -o FILE.xlsx or -o FILE.yaml."}, "")
				return exitUsage
			}
			if file, _, _, err := readPlanSpec(plan); err == nil && !strings.HasPrefix(file, "seeds"+string(filepath.Separator)) {
				if _, same := outfile.Clash(out, []string{file}); same {
					e.usageError(path, finding.Text{VI: "không ghi đè tệp kế hoạch đọc vào: tệp ghi ra là chính tệp đó.", EN: "will not write over the plan file read: the output is that very file."}, "")
					return exitUsage
				}
			}
			if outfile.Exists(out) && !force {
				fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.Textf("%s đã có; dùng --force để ghi đè.", "%s exists; use --force to overwrite it.", out).In(e.lang))
				return exitUsage
			}
			p, code := loadPlan(e, path, plan)
			if p == nil {
				return code
			}
			write := func(w io.Writer) error {
				if ext == ".xlsx" {
					return templates.PlanBook(p, w, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
				}
				b, err := p.YAML()
				if err == nil {
					_, err = w.Write(b)
				}
				return err
			}
			put := outfile.Create
			if force {
				put = outfile.Write
			}
			if err := put(e.ctx, out, write); err != nil {
				fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
				return exitUsage
			}
			fmt.Fprintf(e.stdout, "%s\n", out)
			return exitOK
		},
	}
}
