package storage

// Story rows off the articles table. A story pass used to write story_id into each article's
// row: an article row is a few kilobytes (content, text), so placing 5,000 articles rewrote
// some 2,500 pages, more than the write connection's page cache holds, and that write was
// the largest part of the pass. Here an article's story and the articles still to place are
// two narrow tables of their own: placing 5,000 articles writes a few dozen pages.
//
// article_stories holds one row per placed article (article_stories_story lists a story's
// articles). story_todo holds the articles no pass has placed yet, by publication time, so
// that a pass reads its window as a range however many older articles stay unplaced; a
// trigger adds each new article to it and keeps its time in step, another deletes both rows
// with their article. A trigger rather than a foreign key: a foreign key checks the parent
// on every insert, which reads the wide article pages that the narrow tables are there to
// leave alone. articles.story_id stays in the table, unused and stale: dropping or
// zeroing a column rewrites the whole table, minutes for a million articles.
const schemaStoryRows = `
CREATE TABLE article_stories (
	article_id INTEGER PRIMARY KEY,
	story_id   INTEGER NOT NULL
);
INSERT INTO article_stories(article_id, story_id) SELECT id, story_id FROM articles WHERE story_id <> 0;
CREATE INDEX article_stories_story ON article_stories(story_id);

CREATE TABLE story_todo (
	article_id INTEGER PRIMARY KEY,
	published  INTEGER NOT NULL
);
INSERT INTO story_todo(article_id, published) SELECT id, published FROM articles WHERE story_id = 0;
CREATE INDEX story_todo_published ON story_todo(published);

CREATE TRIGGER story_todo_insert AFTER INSERT ON articles BEGIN
	INSERT INTO story_todo(article_id, published) VALUES (new.id, new.published);
END;
CREATE TRIGGER story_rows_delete AFTER DELETE ON articles BEGIN
	DELETE FROM article_stories WHERE article_id = old.id;
	DELETE FROM story_todo WHERE article_id = old.id;
END;
CREATE TRIGGER story_todo_published AFTER UPDATE OF published ON articles
WHEN old.published IS NOT new.published BEGIN
	UPDATE story_todo SET published = new.published WHERE article_id = new.id;
END;

DROP INDEX articles_story;
DROP INDEX articles_story_todo;
`
