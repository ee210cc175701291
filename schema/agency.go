package schema

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// MaxParentLines is how many lines of governing agencies a form prints above a unit's name.
const MaxParentLines = 2

// Agency is the block printed top left of a unit's forms, as Decree 30/2020/NĐ-CP lays out an
// administrative document: the governing agencies, top first, over the unit itself, in capitals.
type Agency struct {
	Parent []string // the governing agencies; none for a unit that heads its own block
	Name   string
}

// Level is the tier of a territorial unit, read from the first words of its name, which by law
// say what the unit is ("Huyện Hoằng Hóa", "Phường Hạc Thành").
type Level uint8

// The tiers of territorial unit.
const (
	LevelOther    Level = iota // not a territorial unit, or a name that says no tier
	LevelDistrict              // huyện, thị xã, thành phố thuộc tỉnh, quận (until 2025-06-30)
	LevelCommune               // xã, phường, thị trấn, đặc khu
)

var levelWords = []struct {
	prefix string
	level  Level
}{
	{"Thị xã ", LevelDistrict}, {"Thị trấn ", LevelCommune}, // before "Xã": "Thị xã" is a district
	{"Huyện ", LevelDistrict}, {"Thành phố ", LevelDistrict}, {"Quận ", LevelDistrict},
	{"Xã ", LevelCommune}, {"Phường ", LevelCommune}, {"Đặc khu ", LevelCommune},
}

// LevelOf returns the tier of a territorial unit; LevelOther for any other unit.
func LevelOf(u *Unit) Level {
	if u.Kind != UnitTerritory {
		return LevelOther
	}
	name := norm.NFC.String(strings.TrimSpace(u.Name))
	for _, w := range levelWords {
		if len(name) >= len(w.prefix) && strings.EqualFold(name[:len(w.prefix)], w.prefix) {
			return w.level
		}
	}
	return LevelOther
}

// AgencyOf returns the agency block of a unit's forms. A unit's own parent (Unit.Parent), where
// the plan gives one, stands above it as written; otherwise the unit's kind decides:
//
//   - a department (sở, ban, ngành) stands under the plan's agency: "UBND TỈNH THANH HÓA" over
//     "SỞ TÀI CHÍNH";
//   - a district, town or city of the province is its people's committee, on its own: "UBND
//     HUYỆN HOẰNG HÓA";
//   - a commune or ward is its people's committee under the province: "TỈNH THANH HÓA" over
//     "UBND XÃ MƯỜNG LÁT";
//   - any other territorial unit is its people's committee, on its own.
//
// The province is not named twice: "Sở Tài chính tỉnh Thanh Hóa" under "UBND TỈNH THANH HÓA" is
// "SỞ TÀI CHÍNH", while "THỐNG KÊ TỈNH THANH HÓA" under "CỤC THỐNG KÊ" keeps its name.
func (p *Plan) AgencyOf(u *Unit) Agency {
	var a Agency
	name := norm.NFC.String(strings.TrimSpace(u.Name))
	switch {
	case u.Parent != "":
		for _, line := range strings.Split(u.Parent, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				a.Parent = append(a.Parent, upper(line))
			}
		}
	case u.Kind == UnitDepartment:
		a.Parent = []string{upper(p.Agency)}
	case LevelOf(u) == LevelCommune:
		a.Parent = []string{upper(p.Name)}
	}
	if u.Kind == UnitTerritory {
		name = "UBND " + name
	}
	if province := p.provinceName(); province != "" && len(a.Parent) > 0 && strings.Contains(a.Parent[len(a.Parent)-1], upper(province)) {
		suffix := " tỉnh " + province
		if len(name) > len(suffix) && strings.EqualFold(name[len(name)-len(suffix):], suffix) {
			name = name[:len(name)-len(suffix)]
		}
	}
	a.Name = upper(name)
	return a
}

// provinceName is the plan's name without "Tỉnh": "Thanh Hóa".
func (p *Plan) provinceName() string {
	name := norm.NFC.String(strings.TrimSpace(p.Name))
	if len(name) > len("Tỉnh ") && strings.EqualFold(name[:len("Tỉnh ")], "Tỉnh ") {
		return name[len("Tỉnh "):]
	}
	return ""
}

func upper(s string) string { return strings.ToUpper(norm.NFC.String(strings.TrimSpace(s))) }
