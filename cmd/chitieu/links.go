package main

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"chitieu/export"
	"chitieu/finding"
	"chitieu/outfile"
	"chitieu/schema"
	"chitieu/serve"
	"chitieu/store"
	"chitieu/templates"
)

// linksOptions are the flags of chitieu links.
type linksOptions struct {
	plan    string
	store   storeOption
	baseURL string
	rotate  []string
	output  string
	force   bool
}

func linksCommand() *command {
	var o linksOptions
	return &command{
		name:  "links",
		args:  "[--plan NAME|FILE] [--store DIR] [--base-url URL] [--rotate UNIT]... [-o FILE.csv [--force]]",
		short: finding.Text{VI: "Tạo đường dẫn bí mật để mỗi đơn vị gửi báo cáo qua trang web (serve)", EN: "Make each unit's secret link for sending reports on the web page (serve)"},
		long: finding.Text{
			VI: "Ghi bảng CSV unit,name,url: một đường dẫn riêng cho mỗi đơn vị báo cáo chưa có. Mã trong đường dẫn là\nngẫu nhiên 128 bit; kho chỉ giữ mã băm SHA-256 của nó, nên đường dẫn chỉ hiện một lần, lúc được tạo:\nhãy gửi cho từng đơn vị rồi cất tệp ở nơi kín. --rotate MÃ thay đường dẫn của một đơn vị (đường dẫn cũ\nthôi dùng được ngay). Không có -o thì in ra màn hình.",
			EN: "Writes a CSV unit,name,url: a link of its own for every reporting unit that has none. The token in\nthe link is 128 random bits; the store keeps only its SHA-256, so a link is shown once, when made:\nsend each unit its own and keep the file private. --rotate CODE replaces one unit's link (the old one\nstops working at once). Without -o the CSV goes to standard output.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			planFlag(fs, l, &o.plan)
			storeFlag(fs, l, &o.store)
			fs.StringVar(&o.baseURL, "base-url", "http://127.0.0.1:8080", finding.Text{VI: "địa chỉ các đơn vị dùng để mở trang (như http://192.168.1.10:8080 hoặc https://baocao.example.vn)", EN: "the address units open the page at (such as http://192.168.1.10:8080 or https://reports.example.vn)"}.In(l))
			fs.StringArrayVar(&o.rotate, "rotate", nil, finding.Text{VI: "thay đường dẫn của đơn vị này (lặp lại được)", EN: "replace this unit's link (repeatable)"}.In(l))
			fs.StringVarP(&o.output, "output", "o", "", finding.Text{VI: "tệp CSV ghi ra", EN: "the CSV file to write"}.In(l))
			fs.BoolVar(&o.force, "force", false, finding.Text{VI: "ghi đè tệp đã có", EN: "overwrite an existing file"}.In(l))
		},
		run: func(e *env, args []string) int { return runLinks(e, &o, args) },
	}
}

func runLinks(e *env, o *linksOptions, args []string) int {
	const path = "chitieu links"
	plan := o.plan
	base := o.baseURL
	rotate := o.rotate
	out := o.output
	force := o.force
	if len(args) > 0 {
		e.usageError(path, finding.Textf("tham số thừa %q.", "unexpected argument %q.", args[0]), "")
		return exitUsage
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		e.usageError(path, finding.Textf("--base-url %q: viết như http://192.168.1.10:8080 hoặc https://baocao.example.vn.",
			"--base-url %q: write it like http://192.168.1.10:8080 or https://reports.example.vn.", base), "")
		return exitUsage
	}
	base = strings.TrimRight(base, "/")
	if out != "" && outfile.Exists(out) && !force {
		e.usageError(path, finding.Textf("%s đã có; thêm --force để ghi đè.", "%s exists; add --force to overwrite it.", out), "")
		return exitUsage
	}
	p, code := loadPlan(e, path, plan)
	if p == nil {
		return code
	}
	units := p.ReportingUnits()
	var codes []string
	for _, u := range units {
		codes = append(codes, u.Code)
	}
	for _, c := range rotate {
		if !slices.Contains(codes, c) {
			hint := ""
			if best := schema.Closest(c, codes); best != "" {
				hint = fmt.Sprintf(" (%s?)", best)
			}
			e.usageError(path, finding.Textf("--rotate %q: không phải đơn vị báo cáo của kế hoạch %s.", "--rotate %q: not a reporting unit of plan %s.", c, p.ID), hint)
			return exitUsage
		}
	}
	st, code := openStore(e, path, o.store.dir(), p, true)
	if st == nil {
		return code
	}
	defer st.Close()

	existing, err := st.Links(e.ctx)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return exitUsage
	}
	hasLink := map[string]bool{}
	for _, l := range existing {
		hasLink[l.Unit] = true
	}
	// The links are made in memory, written out, and only then recorded, in one transaction: a
	// list that cannot be written records nothing, and no unit is left with a link nobody has.
	var rows [][]string
	var links []store.Link
	had := 0
	for _, u := range units {
		switch {
		case len(rotate) > 0 && !slices.Contains(rotate, u.Code):
			continue
		case len(rotate) == 0 && hasLink[u.Code]:
			had++
			continue
		}
		token := serve.NewToken()
		links = append(links, store.Link{Unit: u.Code, TokenSHA256: serve.HashToken(token)})
		rows = append(rows, []string{u.Code, u.Name, base + "/u/" + token})
	}
	action, made := "links", make([]string, 0, len(rows))
	if len(rotate) > 0 {
		action = "rotate"
	}
	for _, r := range rows {
		made = append(made, r[0])
	}
	write := func(w io.Writer) error {
		// A unit's name is the plan's text: written as text, never read as a formula.
		cw, err := export.NewCSV(w, []templates.TableColumn{{Head: "unit"}, {Head: "name"}, {Head: "url"}})
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := cw.Write(r); err != nil {
				return err
			}
		}
		return cw.Flush()
	}
	saved := false
	save := func() error {
		err := st.SaveLinks(e.ctx, links, len(rotate) > 0, store.AuditEntry{Actor: "cli", Action: action, Target: strings.Join(made, " "), Detail: base})
		saved = err == nil
		return err
	}
	if out == "" {
		if err = write(e.stdout); err == nil {
			err = save()
		}
	} else if err = outfile.WriteThen(e.ctx, out, write, save); err == nil {
		err = outfile.Private(out) // the links are secrets
	}
	if err != nil {
		msg := finding.ErrorText(err, e.lang)
		if errors.As(err, new(*store.Error)) {
			msg = finding.ErrorText(err, e.lang)
		}
		fmt.Fprintf(e.stderr, "%s: %s\n", path, msg)
		switch {
		case !saved && out == "" && len(rows) > 0:
			fmt.Fprintln(e.stderr, finding.Text{VI: "Không đường dẫn nào được ghi vào kho: các đường dẫn in ở trên không dùng được.", EN: "No link was recorded in the store: the links printed above do not work."}.In(e.lang))
		case !saved:
			fmt.Fprintln(e.stderr, finding.Text{VI: "Không đường dẫn nào được ghi vào kho.", EN: "No link was recorded in the store."}.In(e.lang))
		}
		return exitUsage
	}
	msg := finding.Textf("Đã tạo %s", "Made %s", finding.Count(len(rows), "đường dẫn", "link", "links"))
	if out != "" {
		msg = finding.Textf("Đã tạo %s trong %s", "Made %s in %s", finding.Count(len(rows), "đường dẫn", "link", "links"), out)
	}
	fmt.Fprint(e.stderr, msg.In(e.lang))
	if had > 0 {
		fmt.Fprint(e.stderr, finding.Textf("; %d đơn vị đã có đường dẫn từ trước — kho chỉ giữ mã băm nên không hiện lại được; dùng --rotate MÃ để thay",
			"; %d units had a link already — the store keeps only its hash, so it cannot be shown again; use --rotate CODE to replace one", had).In(e.lang))
	}
	fmt.Fprintln(e.stderr, finding.Text{VI: ". Mỗi đường dẫn là bí mật của một đơn vị: gửi riêng cho từng đơn vị.", EN: ". Each link is one unit's secret: send each unit its own."}.In(e.lang))
	return exitOK
}
