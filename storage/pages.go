package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"veille/feeds"
)

// PageCandidates returns the articles whose page may hold more text than their feed gave,
// newest first (by first_seen): those first seen at or after since whose text is still the
// feed's, with an http(s) URL, and whose page was never tried or last failed before
// retryBefore (now minus feeds.PageRetryAfter, for the caller to compute).
// Paywalled, refused and fetched pages are never offered again, nor articles the fetcher gave
// up on (see SavePage); an upstream change of the article makes it a candidate again.
//
// The query walks articles_page_todo, whose WHERE it repeats word for word: SQLite uses a
// partial index only when the query's terms contain the index's own.
func (s *Store) PageCandidates(ctx context.Context, since, retryBefore time.Time, limit int) ([]feeds.PageCandidate, error) {
	if limit <= 0 {
		return nil, nil
	}
	retry := ms(retryBefore)
	rows, err := s.read(ctx).Raw(`SELECT id, feed_id, url, length(text), paywalled, substr(text, -?)
		FROM articles
		WHERE text_source = 'feed' AND (page_at = 0 OR page_error <> '')
			AND (page_at = 0 OR page_at < ?)
			AND first_seen >= ?
			AND (url LIKE 'http://%' OR url LIKE 'https://%')
		ORDER BY first_seen DESC, id DESC
		LIMIT ?`, feeds.TextTailRunes, retry, ms(since), limit).Rows()
	if err != nil {
		return nil, fmt.Errorf("page candidates: %w", translate(err))
	}
	defer rows.Close()
	var out []feeds.PageCandidate
	for rows.Next() {
		var c feeds.PageCandidate
		if err := rows.Scan(&c.ID, &c.FeedID, &c.URL, &c.TextLen, &c.Paywalled, &c.TextTail); err != nil {
			return nil, fmt.Errorf("page candidates: %w", translate(err))
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("page candidates: %w", translate(err))
	}
	return out, nil
}

// SavePage records what fetching a candidate's page gave, in one short transaction:
//
//   - TextFromPage: the page's content and text replace the feed's (the full-text index
//     follows by trigger), and the article is done.
//   - TextPaywall, TextBlocked: the feed's teaser stays; the article is marked and done.
//   - TextFromFeed: the fetcher decided the feed's text is the whole article (or that the page
//     is not worth fetching); the attempt is recorded so the article is not offered again.
//   - "": the attempt failed (p.Err); PageCandidates offers the article again once it
//     last failed before the retryBefore it is given.
//
// Read, starred and tags are never touched. If the article changed since the candidate was
// read (a refresh rewrote its text, another SavePage stored a page, or it is gone), nothing is
// written and the result is nil: the page belongs to text that no longer exists. "Changed" is
// judged by the URL and the text's length: PageCandidate carries no hash, so an upstream edit
// that keeps the URL and the exact length of the text goes unnoticed (and then the page,
// fetched after that edit, is the newer text anyway). The source is deliberately not
// compared, so that a candidate built from an article already marked (the reader's "fetch
// this page now" on a paywalled or blocked article) can still be saved. at is when the page
// was tried; it cannot be zero, which page_at reserves for "never".
func (s *Store) SavePage(ctx context.Context, c feeds.PageCandidate, p feeds.ArticlePage, at time.Time) error {
	if at.IsZero() {
		return fmt.Errorf("save page of article %d: no time given", c.ID)
	}
	var q string
	var args []any
	switch p.Source {
	case feeds.TextFromPage:
		if p.Text == "" {
			// An extractor that found nothing readable: a failure, worth another try later.
			return s.SavePage(ctx, c, feeds.ArticlePage{Err: "page has no readable text"}, at)
		}
		q = `content = ?, text = ?, text_source = 'page', page_url = ?, page_at = ?, page_error = ''`
		args = []any{p.Content, p.Text, p.URL, ms(at)}
	case feeds.TextPaywall, feeds.TextBlocked, feeds.TextFromFeed:
		q = `text_source = ?, page_url = ?, page_at = ?, page_error = ''`
		args = []any{string(p.Source), p.URL, ms(at)}
	case "":
		msg := p.Err
		if msg == "" {
			msg = "unknown error" // page_error <> '' is what makes the article retried
		}
		q = `page_at = ?, page_error = ?`
		args = []any{ms(at), msg}
	default:
		return fmt.Errorf("save page of article %d: unknown text source %q", c.ID, p.Source)
	}
	args = append(args, c.ID, c.URL, c.TextLen)
	err := s.write(ctx, func(tx *gorm.DB) error {
		return tx.Exec(`UPDATE articles SET `+q+`
			WHERE id = ? AND url = ? AND length(text) = ?`, args...).Error
	})
	if err != nil {
		return fmt.Errorf("save page of article %d: %w", c.ID, translate(err))
	}
	return nil
}
