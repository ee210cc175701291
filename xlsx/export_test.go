package xlsx

// BuiltinFormats gives the differential tests the reader's table of built-in number formats.
var BuiltinFormats = builtinFormats

// PartReads returns how many times each part of an opened workbook was opened.
func PartReads(wb *Workbook) map[string]int { return wb.reads }
