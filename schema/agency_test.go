package schema

import (
	"reflect"
	"testing"
)

func TestAgencyOf(t *testing.T) {
	p := &Plan{Name: "Tỉnh Thanh Hóa", Agency: "UBND TỈNH THANH HÓA"}
	tests := []struct {
		unit   Unit
		parent []string
		name   string
	}{
		{Unit{Name: "Sở Tài chính tỉnh Thanh Hóa", Kind: UnitDepartment}, []string{"UBND TỈNH THANH HÓA"}, "SỞ TÀI CHÍNH"},
		{Unit{Name: "Sở Công Thương tỉnh Thanh Hóa", Kind: UnitDepartment}, []string{"UBND TỈNH THANH HÓA"}, "SỞ CÔNG THƯƠNG"},
		{Unit{Name: "Ban Quản lý Khu kinh tế Nghi Sơn và các khu công nghiệp", Kind: UnitDepartment}, []string{"UBND TỈNH THANH HÓA"}, "BAN QUẢN LÝ KHU KINH TẾ NGHI SƠN VÀ CÁC KHU CÔNG NGHIỆP"},
		{Unit{Name: "Thống kê tỉnh Thanh Hóa", Kind: UnitDepartment, Parent: "Bộ Tài chính\nCục Thống kê"}, []string{"BỘ TÀI CHÍNH", "CỤC THỐNG KÊ"}, "THỐNG KÊ TỈNH THANH HÓA"},
		{Unit{Name: "Cục Thống kê tỉnh Thanh Hóa", Kind: UnitDepartment, Parent: "BỘ KẾ HOẠCH VÀ ĐẦU TƯ\nTỔNG CỤC THỐNG KÊ\n"}, []string{"BỘ KẾ HOẠCH VÀ ĐẦU TƯ", "TỔNG CỤC THỐNG KÊ"}, "CỤC THỐNG KÊ TỈNH THANH HÓA"},
		{Unit{Name: "Huyện Hoằng Hóa", Kind: UnitTerritory}, nil, "UBND HUYỆN HOẰNG HÓA"},
		{Unit{Name: "Thị xã Nghi Sơn", Kind: UnitTerritory}, nil, "UBND THỊ XÃ NGHI SƠN"},
		{Unit{Name: "Thành phố Thanh Hóa", Kind: UnitTerritory}, nil, "UBND THÀNH PHỐ THANH HÓA"},
		{Unit{Name: "Xã Mường Lát", Kind: UnitTerritory}, []string{"TỈNH THANH HÓA"}, "UBND XÃ MƯỜNG LÁT"},
		{Unit{Name: "Phường Hạc Thành", Kind: UnitTerritory}, []string{"TỈNH THANH HÓA"}, "UBND PHƯỜNG HẠC THÀNH"},
		{Unit{Name: "Thị trấn Bút Sơn", Kind: UnitTerritory}, []string{"TỈNH THANH HÓA"}, "UBND THỊ TRẤN BÚT SƠN"},
		// Decomposed input (as typed on a Mac) is composed first.
		{Unit{Name: "Xa\u0303 Mu\u031bo\u031b\u0300ng La\u0301t", Kind: UnitTerritory}, []string{"TỈNH THANH HÓA"}, "UBND XÃ MƯỜNG LÁT"},
	}
	for _, tt := range tests {
		t.Run(tt.unit.Name, func(t *testing.T) {
			a := p.AgencyOf(&tt.unit)
			if !reflect.DeepEqual(a.Parent, tt.parent) || a.Name != tt.name {
				t.Errorf("AgencyOf = %q / %q, want %q / %q", a.Parent, a.Name, tt.parent, tt.name)
			}
		})
	}
	levels := map[string]Level{"Huyện Hoằng Hóa": LevelDistrict, "Thị xã Bỉm Sơn": LevelDistrict, "Thành phố Sầm Sơn": LevelDistrict,
		"Xã Hậu Lộc": LevelCommune, "Phường Hàm Rồng": LevelCommune, "Thị trấn Bút Sơn": LevelCommune, "Đặc khu Phú Quốc": LevelCommune, "Cả nước": LevelOther}
	for name, want := range levels {
		if got := LevelOf(&Unit{Name: name, Kind: UnitTerritory}); got != want {
			t.Errorf("LevelOf(%s) = %d, want %d", name, got, want)
		}
	}
	if LevelOf(&Unit{Name: "Xã Hậu Lộc", Kind: UnitDepartment}) != LevelOther {
		t.Error("a department has a territorial tier")
	}
}
