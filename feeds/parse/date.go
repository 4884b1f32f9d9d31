package parse

import (
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// Date reads the dates gofeed cannot: French day and month names ("mar., 05 déc. 2023
// 17:00:00 +0100", "Lundi, 16. Novembre 2020 - 15:54", "Vendredi, 13 Mars, 2020 - 12:22"),
// abbreviations with or without dots and accents, two-digit years, named zones (GMT, CET,
// CEST…), and the same shapes in English. A weekday is recognised only in first position and
// a month only next to the day number, so "mar" is Tuesday first and March after a day.
// A date without a zone is Paris wall time. The result keeps the offset the text gave.
func Date(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	s = strings.ToLower(norm.NFC.String(s))
	if i := strings.IndexByte(s, '('); i >= 0 { // "GMT+0100 (heure normale d’Europe centrale)"
		s = s[:i]
	}
	toks := strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == ',' || r == '\t' || r == '\u00a0' || r == '\u202f'
	})
	var d dateParts
	if d.parse(toks, true) {
		return d.time()
	}
	// "mar" first may be March rather than Tuesday ("Mar 5, 2023").
	if len(toks) > 0 && weekdays[strings.TrimRight(toks[0], ".")] {
		d = dateParts{}
		if d.parse(toks, false) {
			return d.time()
		}
	}
	return time.Time{}, false
}

type dateParts struct {
	year, month, day int
	hour, min, sec   int
	pm, am           bool
	zone             *time.Location // nil: Paris wall time
	haveTime         bool
}

func (d *dateParts) parse(toks []string, weekday bool) bool {
	i := 0
	if weekday && len(toks) > 0 && weekdays[strings.TrimRight(toks[0], ".")] {
		i++
	}
	if i >= len(toks) {
		return false
	}
	// The date itself: "05 déc. 2023", "déc 5 2023", "2023-12-05" or "05/12/2023".
	if day, ok := dayNumber(toks[i]); ok && i+1 < len(toks) {
		m, ok := monthNumber(toks[i+1])
		if !ok {
			return false
		}
		d.day, d.month = day, m
		i += 2
		if i < len(toks) && d.setYear(toks[i]) {
			i++
		} else {
			return false
		}
	} else if m, ok := monthNumber(toks[i]); ok && i+1 < len(toks) {
		day, ok := dayNumber(toks[i+1])
		if !ok {
			return false
		}
		d.day, d.month = day, m
		i += 2
		if i < len(toks) && d.setYear(toks[i]) {
			i++
		} else if i+1 < len(toks) && d.setTime(toks[i]) && d.setYear(toks[i+1]) { // ANSI C: "Jan 2 15:04:05 2006"
			i += 2
		} else {
			return false
		}
	} else if d.numericDate(toks[i]) {
		i++
	} else {
		return false
	}
	// Then time, am/pm and zone in any order, with filler words between.
	for ; i < len(toks); i++ {
		t := toks[i]
		switch {
		case filler[t]:
		case t == "pm" || t == "p.m.":
			d.pm = true
		case t == "am" || t == "a.m.":
			d.am = true
		case !d.haveTime && d.setTime(t):
		case d.zone == nil && d.setZone(t):
		default:
			return false
		}
	}
	return true
}

// filler words that may sit between the date and the time.
var filler = map[string]bool{"-": true, "–": true, "—": true, "|": true, "à": true, "a": true, "at": true, "le": true, "@": true}

func (d *dateParts) time() (time.Time, bool) {
	if d.pm && d.hour < 12 {
		d.hour += 12
	} else if d.am && d.hour == 12 {
		d.hour = 0
	}
	if d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31 || d.hour > 23 || d.min > 59 || d.sec > 60 || d.year < 1900 {
		return time.Time{}, false
	}
	if d.sec == 60 { // leap second
		d.sec = 59
	}
	var t time.Time
	if d.zone != nil {
		t = time.Date(d.year, time.Month(d.month), d.day, d.hour, d.min, d.sec, 0, d.zone)
	} else {
		t = parisTime(d.year, time.Month(d.month), d.day, d.hour, d.min, d.sec)
	}
	if t.Day() != d.day { // 31 avril
		return time.Time{}, false
	}
	return t, true
}

// setYear reads "2023" or a two-digit "24".
func (d *dateParts) setYear(t string) bool {
	if !allDigits(t) {
		return false
	}
	y, _ := strconv.Atoi(t)
	switch len(t) {
	case 2:
		if y < 70 {
			y += 2000
		} else {
			y += 1900
		}
	case 4:
	default:
		return false
	}
	d.year = y
	return true
}

// setTime reads "17:00", "17:00:00", "17:00:00.000", "17h00", "17h", with an optional
// attached zone ("17:00:00+0200", "17:00:00z").
func (d *dateParts) setTime(t string) bool {
	clock, zone := t, ""
	if i := strings.IndexAny(t, "+-z"); i > 0 {
		clock, zone = t[:i], t[i:]
	}
	var parts []string
	switch {
	case strings.Contains(clock, ":"):
		parts = strings.Split(clock, ":")
	case strings.Contains(clock, "h"):
		parts = strings.Split(clock, "h")
		if parts[len(parts)-1] == "" {
			parts = parts[:len(parts)-1]
		}
	default:
		return false
	}
	if len(parts) < 2 && !strings.Contains(clock, "h") || len(parts) > 3 {
		return false
	}
	vals := [3]int{}
	for k, p := range parts {
		if k == 2 {
			p, _, _ = strings.Cut(p, ".") // fractional seconds
		}
		if p == "" || len(p) > 2 || !allDigits(p) {
			return false
		}
		vals[k], _ = strconv.Atoi(p)
	}
	if zone != "" && !d.setZone(zone) {
		return false
	}
	d.hour, d.min, d.sec = vals[0], vals[1], vals[2]
	d.haveTime = true
	return true
}

// zoneOffsets are the abbreviations seen in French and English feeds, in seconds east of UTC.
var zoneOffsets = map[string]int{
	"z": 0, "ut": 0, "utc": 0, "gmt": 0, "wet": 0,
	"west": 3600, "bst": 3600, "cet": 3600, "met": 3600,
	"cest": 7200, "mest": 7200, "eet": 7200, "eest": 10800,
	"est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
	"mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
}

// setZone reads "+0100", "-07:00", "+01", "GMT", "CEST", "GMT+0100", "UTC+2".
func (d *dateParts) setZone(t string) bool {
	name := t
	if i := strings.IndexAny(t, "+-"); i >= 0 {
		name = t[:i]
	}
	base, ok := zoneOffsets[name]
	if name == "" {
		base, ok = 0, true
	}
	if !ok {
		return false
	}
	off := base
	if rest := t[len(name):]; rest != "" {
		if name != "" && name != "gmt" && name != "utc" && name != "ut" {
			return false
		}
		sign := 1
		if rest[0] == '-' {
			sign = -1
		}
		digits := strings.ReplaceAll(rest[1:], ":", "")
		if !allDigits(digits) || digits == "" {
			return false
		}
		var h, m int
		switch len(digits) {
		case 1, 2:
			h, _ = strconv.Atoi(digits)
		case 3, 4:
			h, _ = strconv.Atoi(digits[:len(digits)-2])
			m, _ = strconv.Atoi(digits[len(digits)-2:])
		default:
			return false
		}
		if h > 14 || m > 59 {
			return false
		}
		off = sign * (h*3600 + m*60)
	}
	if off == 0 {
		d.zone = time.UTC
	} else {
		d.zone = time.FixedZone("", off)
	}
	return true
}

// numericDate reads "2020-03-13" (ISO order, a "t12:22:00" time may follow) or "13/03/2020",
// "13.03.2020" (French order).
func (d *dateParts) numericDate(t string) bool {
	if len(t) > 10 && t[4] == '-' && t[10] == 't' {
		if !d.setTime(t[11:]) {
			return false
		}
		t = t[:10]
	}
	var parts []string
	iso := false
	switch {
	case strings.Count(t, "-") == 2:
		parts, iso = strings.Split(t, "-"), true
	case strings.Count(t, "/") == 2:
		parts = strings.Split(t, "/")
	case strings.Count(t, ".") == 2:
		parts = strings.Split(t, ".")
	default:
		return false
	}
	for _, p := range parts {
		if p == "" || !allDigits(p) {
			return false
		}
	}
	if iso && len(parts[0]) == 4 {
		d.year, _ = strconv.Atoi(parts[0])
		d.month, _ = strconv.Atoi(parts[1])
		d.day, _ = strconv.Atoi(parts[2])
		return true
	}
	if len(parts[0]) > 2 || len(parts[1]) > 2 || !d.setYear(parts[2]) {
		return false
	}
	d.day, _ = strconv.Atoi(parts[0])
	d.month, _ = strconv.Atoi(parts[1])
	return true
}

// dayNumber reads "05", "9", "16." (German-style dot) and "1er".
func dayNumber(t string) (int, bool) {
	t = strings.TrimSuffix(t, ".")
	for _, suf := range []string{"er", "st", "nd", "rd", "th"} {
		t = strings.TrimSuffix(t, suf)
	}
	if t == "" || len(t) > 2 || !allDigits(t) {
		return 0, false
	}
	n, _ := strconv.Atoi(t)
	return n, n >= 1 && n <= 31
}

func monthNumber(t string) (int, bool) {
	m, ok := months[strings.TrimRight(t, ".")]
	return m, ok
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

var weekdays = map[string]bool{
	"lun": true, "lundi": true, "mon": true, "monday": true,
	"mar": true, "mardi": true, "tue": true, "tues": true, "tuesday": true,
	"mer": true, "mercredi": true, "wed": true, "wednesday": true,
	"jeu": true, "jeudi": true, "thu": true, "thur": true, "thurs": true, "thursday": true,
	"ven": true, "vendredi": true, "fri": true, "friday": true,
	"sam": true, "samedi": true, "sat": true, "saturday": true,
	"dim": true, "dimanche": true, "sun": true, "sunday": true,
}

var months = map[string]int{
	"janvier": 1, "janv": 1, "jan": 1, "january": 1,
	"février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2, "fev": 2, "feb": 2, "february": 2,
	"mars": 3, "mar": 3, "march": 3,
	"avril": 4, "avr": 4, "apr": 4, "april": 4,
	"mai": 5, "may": 5,
	"juin": 6, "jun": 6, "june": 6,
	"juillet": 7, "juil": 7, "jul": 7, "july": 7,
	"août": 8, "aout": 8, "aoû": 8, "aou": 8, "aug": 8, "august": 8,
	"septembre": 9, "sept": 9, "sep": 9, "september": 9,
	"octobre": 10, "oct": 10, "october": 10,
	"novembre": 11, "nov": 11, "november": 11,
	"décembre": 12, "decembre": 12, "déc": 12, "dec": 12, "december": 12,
}

// parisTime is wall-clock time in Paris, computed from the EU summer-time rule (last Sunday
// of March to last Sunday of October, 01:00 UTC) so that no time-zone database is needed.
func parisTime(y int, m time.Month, d, hh, mm, ss int) time.Time {
	cet := time.FixedZone("CET", 3600)
	cest := time.FixedZone("CEST", 7200)
	t := time.Date(y, m, d, hh, mm, ss, 0, cest)
	if y >= 1996 && summerTime(t) {
		return t
	}
	return time.Date(y, m, d, hh, mm, ss, 0, cet)
}

func summerTime(t time.Time) bool {
	u := t.UTC()
	y := u.Year()
	start := lastSunday(y, time.March).Add(time.Hour)
	end := lastSunday(y, time.October).Add(time.Hour)
	return !u.Before(start) && u.Before(end)
}

func lastSunday(y int, m time.Month) time.Time {
	t := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC) // last day of m
	return t.AddDate(0, 0, -int(t.Weekday()))
}
