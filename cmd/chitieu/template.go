package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"chitieu/finding"
	"chitieu/intake"
	"chitieu/outfile"
	"chitieu/schema"
	"chitieu/templates"
)

// templateOptions are the flags of chitieu template.
type templateOptions struct {
	plan     string
	store    storeOption
	period   string
	form     []string
	unit     []string
	output   string
	manifest bool
	force    bool
}

func templateCommand() *command {
	var o templateOptions
	return &command{
		name:  "template",
		args:  "[--plan NAME|FILE] --period P [--form ID]... [--unit CODE]... [--store DIR] [-o DIR] [--manifest] [--force]",
		short: finding.Text{VI: "Lập các biểu mẫu Excel cho các đơn vị báo cáo điền", EN: "Generate the Excel report forms for the reporting units to fill"},
		long: finding.Text{
			VI: "Ghi một tệp Excel cho mỗi biểu và mỗi đơn vị lập biểu đó trong kỳ P (2024, 2024-03, 2024-Q1,\n2024-6M, 2024-9M). Ô nhập liệu được tô màu và mở khóa, có kiểm tra dữ liệu; mọi ô khác bị khóa.\nCột kế hoạch năm được điền sẵn từ kế hoạch; với --store (hoặc $CHITIEU_STORE), cột cùng kỳ năm trước\nđược điền sẵn từ báo cáo năm trước của đơn vị trong kho — đơn vị vẫn sửa được.\nVới --manifest, bên cạnh mỗi tệp có tệp .json mô tả từng ô nhập liệu. Tệp đã có không bị ghi đè nếu\nkhông có --force.",
			EN: "Writes one Excel file per form and per unit filling it for period P (2024, 2024-03, 2024-Q1,\n2024-6M, 2024-9M). Input cells are tinted and unlocked, with data validation; every other cell is\nlocked. The plan-for-the-year column is filled from the plan; with --store (or $CHITIEU_STORE) the\nsame-period-last-year column is filled from the unit's report of last year in the store — the unit\nmay still correct both. With --manifest a .json file beside each workbook describes every input cell. Existing\nfiles are not overwritten without --force.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			planFlag(fs, l, &o.plan)
			storeFlag(fs, l, &o.store)
			fs.StringVar(&o.period, "period", "", finding.Text{VI: "kỳ báo cáo: 2024, 2024-03, 2024-Q1, 2024-6M, 2024-9M (bắt buộc)", EN: "the period: 2024, 2024-03, 2024-Q1, 2024-6M, 2024-9M (required)"}.In(l))
			fs.StringArrayVar(&o.form, "form", nil, finding.Text{VI: "chỉ lập biểu này (lặp lại được); mặc định mọi biểu của kỳ", EN: "only this form (repeatable); default every form of the period"}.In(l))
			fs.StringArrayVar(&o.unit, "unit", nil, finding.Text{VI: "chỉ lập cho đơn vị này (lặp lại được)", EN: "only for this unit (repeatable)"}.In(l))
			fs.StringVarP(&o.output, "output", "o", ".", finding.Text{VI: "thư mục ghi các tệp", EN: "folder to write the files to"}.In(l))
			fs.BoolVar(&o.manifest, "manifest", false, finding.Text{VI: "ghi thêm tệp .json mô tả các ô nhập liệu", EN: "also write a .json file describing the input cells"}.In(l))
			fs.BoolVar(&o.force, "force", false, finding.Text{VI: "ghi đè tệp đã có", EN: "overwrite existing files"}.In(l))
		},
		run: func(e *env, args []string) int {
			plan := o.plan
			period := o.period
			forms := o.form
			units := o.unit
			out := o.output
			manifest := o.manifest
			force := o.force
			const path = "chitieu template"
			if !e.noArgs(path, args) {
				return exitUsage
			}
			if period == "" {
				e.usageError(path, finding.Text{VI: "cần --period, ví dụ --period 2024-03.", EN: "--period is required, e.g. --period 2024-03."}, "")
				return exitUsage
			}
			per, err := schema.ParsePeriod(period)
			if err != nil {
				e.usageError(path, periodError(period), "")
				return exitUsage
			}
			p, code := loadPlan(e, path, plan)
			if p == nil {
				return code
			}
			if pastPlanEnd(e, path, p, per) {
				return exitUsage
			}
			forms = successors(e, path, p, per, p.ResolveForms(forms))
			if units, err = p.ResolveUnits(forms, per, units); err != nil {
				fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
				return exitUsage
			}
			layouts, err := templates.Plan(p, templates.Selection{Period: per, Forms: forms, Units: units})
			if err != nil {
				fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
				return exitUsage
			}
			var prior templates.Prior // none without a store
			// An explicit --store must exist; the environment's store is used once it does (the first
			// month's forms come before anything is received).
			_, statErr := os.Stat(filepath.Join(o.store.dir(), "index.sqlite"))
			if o.store.given || (os.Getenv(storeEnv) != "" && statErr == nil) {
				st, code := openStore(e, path, o.store.dir(), p, false)
				if st == nil {
					return code
				}
				defer st.Close()
				prior = intake.History{Store: st}
			}
			notes, err := templates.Prefill(e.ctx, p, layouts, prior)
			if err != nil {
				fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
				return exitUsage
			}
			for _, note := range notes {
				fmt.Fprintf(e.stderr, "%s: %s\n", path, note.In(e.lang))
			}
			var inputs []string
			if file, _, _, err := readPlanSpec(plan); err == nil && !strings.HasPrefix(file, "seeds"+string(filepath.Separator)) {
				inputs = append(inputs, file)
			}
			return writeTemplates(e, layouts, out, manifest, force, inputs)
		},
	}
}

// successors replaces each form asked for that is no longer in force for the period by the form
// that replaced it, saying so: "--form 03/CT-H" for 2026 makes the communes' 03/CT-X.
func successors(e *env, path string, p *schema.Plan, per schema.Period, forms []string) []string {
	var out []string
	for _, id := range forms {
		if next := templates.Successor(p, id, per); next != nil {
			fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.Textf("biểu %s hết hiệu lực sau ngày %s; kỳ %s lập biểu thay thế %s (%s).",
				"form %s ended on %s; for %s its successor %s (%s) is made.", id, p.Form(id).ValidTo.Format("02/01/2006"), per, next.ID, next.Title).In(e.lang))
			id = next.ID
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

func writeTemplates(e *env, layouts []*templates.Layout, dir string, manifest, force bool, inputs []string) int {
	const path = "chitieu template"
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.Textf("không tạo được thư mục %s: %v", "cannot create folder %s: %v", dir, err).In(e.lang))
		return exitUsage
	}
	// Check every target before writing any, so that a refusal leaves the folder as it was.
	var clash []string
	for _, l := range layouts {
		for _, name := range outputs(l, manifest) {
			p := filepath.Join(dir, name)
			if in, same := outfile.Clash(p, inputs); same {
				fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.Textf("không ghi đè tệp đầu vào %s.", "will not write over the input %s.", in).In(e.lang))
				return exitUsage
			}
			if outfile.Exists(p) && !force {
				clash = append(clash, p)
			}
		}
	}
	if len(clash) > 0 {
		fmt.Fprintf(e.stderr, "%s: %s\n  %s\n", path, finding.Text{VI: "các tệp sau đã có; dùng --force để ghi đè:", EN: "these files exist; use --force to overwrite them:"}.In(e.lang), strings.Join(clash, "\n  "))
		return exitUsage
	}
	write := outfile.Create
	if force {
		write = outfile.Write
	}
	for _, l := range layouts {
		files := outputs(l, manifest)
		if err := write(e.ctx, filepath.Join(dir, files[0]), l.Write); err != nil {
			fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
			return exitUsage
		}
		if manifest {
			b, err := l.ManifestJSON()
			if err == nil {
				err = write(e.ctx, filepath.Join(dir, files[1]), func(w io.Writer) error { _, err := io.Copy(w, bytes.NewReader(b)); return err })
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
				return exitUsage
			}
		}
		fmt.Fprintln(e.stdout, filepath.Join(dir, files[0]))
	}
	fmt.Fprintf(e.stderr, "%s\n", finding.Text{VI: fmt.Sprintf("Đã lập %d biểu mẫu trong %s.", len(layouts), dir),
		EN: fmt.Sprintf("Wrote %s to %s.", finding.Plural(len(layouts), "form", "forms"), dir)}.In(e.lang))
	return exitOK
}

// outputs lists the files written for a layout: the workbook, then the manifest if asked for.
func outputs(l *templates.Layout, manifest bool) []string {
	name := l.FileName()
	if manifest {
		return []string{name, strings.TrimSuffix(name, ".xlsx") + ".json"}
	}
	return []string{name}
}
