package storage

import (
	"strings"
	"testing"
)

// LearnCounts runs after every refresh: it must read the user's own tag rows through their
// partial index, never every tag row of the cache.
func TestLearnCountsReadsOnlyTheUsersRows(t *testing.T) {
	s := openTest(t)
	if plan := queryPlan(t, s, learnCountsSQL); !strings.Contains(plan, "USING INDEX article_tags_user") {
		t.Errorf("LearnCounts' plan: %s", plan)
	}
}
