package parse

import (
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	utc := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	tests := []struct {
		in   string
		want time.Time // zero: must not parse
	}{
		// French, from real feeds (miniflux regression tests and others).
		{"mar., 05 déc. 2023 17:00:00 +0100", utc("2023-12-05T16:00:00Z")},
		{"jeu., 02 avril 2020 00:00:00 +0200", utc("2020-04-01T22:00:00Z")},
		{"ven., 03 juil. 2020 15:09:58 +0000", utc("2020-07-03T15:09:58Z")},
		{"mar., 01 déc. 2020 16:11:02 +0000", utc("2020-12-01T16:11:02Z")},
		{"mer, 9 avr 2018 00:00:00 +0200", utc("2018-04-08T22:00:00Z")},
		{"Lundi, 16. Novembre 2020 - 15:54", utc("2020-11-16T14:54:00Z")},   // Paris winter time
		{"Vendredi, 13 Mars, 2020 - 12:22", utc("2020-03-13T11:22:00Z")},    // Paris winter time
		{"Mar, 05 déc 2023 10:00:00 +0100", utc("2023-12-05T09:00:00Z")},    // capitalised, no dot
		{"lun. 3 juin 2024 08:30 CEST", utc("2024-06-03T06:30:00Z")},        // named zone
		{"dim., 07 janv. 2024 09:00:00 CET", utc("2024-01-07T08:00:00Z")},   // janv.
		{"sam., 10 févr. 2024 09:00:00 +0100", utc("2024-02-10T08:00:00Z")}, // févr.
		{"Sam, 10 fev 2024 09:00:00 +0100", utc("2024-02-10T08:00:00Z")},    // unaccented
		{"mer., 14 août 2024 12:00:00 +0200", utc("2024-08-14T10:00:00Z")},  // août
		{"mer. 14 aoû 2024 12:00:00 +0200", utc("2024-08-14T10:00:00Z")},    // aoû
		{"mer 14 aout 2024 12:00:00 +0200", utc("2024-08-14T10:00:00Z")},    // aout
		{"ven., 13 sept 2024 07:00:00 +0200", utc("2024-09-13T05:00:00Z")},  // sept without dot
		{"jeu. 12 sept. 2024 07:00:00 +0200", utc("2024-09-12T05:00:00Z")},  // sept.
		{"1er mai 2024 10:00", utc("2024-05-01T08:00:00Z")},                 // no weekday, Paris summer time
		{"mar. 5 mars 2024 10h30", utc("2024-03-05T09:30:00Z")},             // mar Tuesday then mars March, 10h30
		{"mar 5 mar 2024 10:30:00 +0100", utc("2024-03-05T09:30:00Z")},      // "mar" twice: weekday first, month after the day
		{"Tue Nov 23 2021 13:44:16 GMT+0100 (heure normale d’Europe centrale)", utc("2021-11-23T12:44:16Z")},
		{"13/03/2020 12:22", utc("2020-03-13T11:22:00Z")},
		{"2020-03-13 12:22:00", utc("2020-03-13T11:22:00Z")},
		{"2020-03-13T12:22:00", utc("2020-03-13T11:22:00Z")},
		// English shapes gofeed may or may not read.
		{"Mon, 19 Aug 24 17:42:08 +0200", utc("2024-08-19T15:42:08Z")}, // franceinfo two-digit year
		{"Mon, 19 Aug 2024 17:42:08 GMT", utc("2024-08-19T17:42:08Z")},
		{"Mar 5, 2023 10:00 PM", utc("2023-03-05T21:00:00Z")},
		{"Tue, 05 Dec 2023 17:00:00 CEST", utc("2023-12-05T15:00:00Z")},
		{"2024-08-19T17:42:08+02:00", utc("2024-08-19T15:42:08Z")},
		{"Mon Jan  2 15:04:05 2006", utc("2006-01-02T14:04:05Z")},
		// Not dates.
		{"", time.Time{}},
		{"hier", time.Time{}},
		{"31 avril 2024", time.Time{}},
		{"05 xyz 2023 10:00", time.Time{}},
		{"mar., 05 déc. 2023 17:00:00 +0100 quelque chose", time.Time{}},
		{"25:00 05 déc. 2023", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := Date(tt.in)
			if tt.want.IsZero() {
				if ok {
					t.Fatalf("Date(%q) = %v, want no date", tt.in, got)
				}
				return
			}
			if !ok {
				t.Fatalf("Date(%q) failed, want %v", tt.in, tt.want)
			}
			if !got.Equal(tt.want) {
				t.Errorf("Date(%q) = %v, want %v", tt.in, got.UTC(), tt.want)
			}
		})
	}
}

func TestDateKeepsOffset(t *testing.T) {
	got, ok := Date("mar., 05 déc. 2023 17:00:00 +0100")
	if !ok {
		t.Fatal("no date")
	}
	if _, off := got.Zone(); off != 3600 {
		t.Errorf("offset %d, want 3600", off)
	}
	if got.Hour() != 17 {
		t.Errorf("wall clock hour %d, want 17", got.Hour())
	}
}

func TestParisTime(t *testing.T) {
	tests := []struct {
		wall time.Time
		off  int
	}{
		{time.Date(2024, 3, 31, 1, 59, 0, 0, time.UTC), 3600}, // before the switch
		{time.Date(2024, 3, 31, 3, 0, 0, 0, time.UTC), 7200},  // after
		{time.Date(2024, 10, 27, 1, 0, 0, 0, time.UTC), 7200}, // still summer
		{time.Date(2024, 10, 27, 4, 0, 0, 0, time.UTC), 3600}, // winter
		{time.Date(2024, 7, 14, 12, 0, 0, 0, time.UTC), 7200},
		{time.Date(2024, 12, 25, 12, 0, 0, 0, time.UTC), 3600},
	}
	for _, tt := range tests {
		w := tt.wall
		got := parisTime(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), 0)
		if _, off := got.Zone(); off != tt.off {
			t.Errorf("%v: offset %d, want %d", w, off, tt.off)
		}
	}
}
