package storage

import (
	"gorm.io/gorm"

	"veille/feeds"
)

// malformed: feeds.Feed.Malformed, 1 while the feed's last document parsed was read by the
// loose pass (ill-formed XML, read anyway), 0 once one parses strictly again.
const schemaMalformed = `
ALTER TABLE feeds ADD COLUMN malformed INTEGER NOT NULL DEFAULT 0;
`

// saveMalformed records whether the document just saved for f was ill-formed. It writes only
// when that changed, so the usual refresh costs one indexed lookup and no page write.
func saveMalformed(tx *gorm.DB, f feeds.Feed) error {
	return tx.Exec(`UPDATE feeds SET malformed = ? WHERE id = ? AND malformed <> ?`,
		b2i(f.Malformed), f.ID, b2i(f.Malformed)).Error
}
