package cli

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"veille/feeds"
	"veille/feeds/tagging"
)

// tag adds (+name) and removes (-name) tags by hand. A removed tag never comes back from the
// rules; an added one survives every retag.
func (a *app) tag(ctx context.Context, args []string) error {
	if len(args) < 2 {
		return a.usage("cli.takes", "tag ID", a.lang.T("cli.tag-changes"))
	}
	id, err := a.articleID("tag", args[0])
	if err != nil {
		return err
	}
	var add, remove []string
	for _, change := range args[1:] {
		if len(change) < 2 {
			return a.usage("cli.takes", "tag ID", a.lang.T("cli.tag-changes"))
		}
		name := feeds.FoldName(change[1:])
		switch {
		case name == "":
			return a.usage("cli.takes", "tag ID", a.lang.T("cli.tag-changes"))
		case change[0] == '+':
			add = append(add, name)
		case change[0] == '-':
			remove = append(remove, name)
		default:
			return a.usage("cli.takes", "tag ID", a.lang.T("cli.tag-changes"))
		}
	}
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	if err := store.EditTags(ctx, id, add, remove); err != nil {
		return a.articleErr(id, err)
	}
	// A manual change is a new example (or a new negative) for the learned tags.
	if _, err := a.relearn(ctx, store); err != nil {
		return err
	}
	art, err := store.Article(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "%d  %s  [%s]\n", art.ID, art.Title, strings.Join(tagNames(art.Tags), ", "))
	return nil
}

// tags lists every tag with its article counts.
func (a *app) tags(ctx context.Context) error {
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	counts, err := store.TagCounts(ctx, a.now)
	if err != nil {
		return err
	}
	labels := a.tagRules().Labels(string(a.lang))
	w := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, a.lang.T("tags.header"))
	for _, c := range counts {
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\t\n", c.Name, labels[c.Name], c.Total, c.Unread, c.Week)
	}
	return w.Flush()
}

// retag applies the tag rules to the whole cache again, or with --dry-run shows what would
// change: "+N / −M" per tag with a few examples.
func (a *app) retag(ctx context.Context) error {
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	tagger := tagging.New(a.tagRules())
	report, err := feeds.Retag(ctx, store, tagger.Tag, a.opts.dryRun)
	if err != nil {
		return err
	}
	key := "retag.done"
	if a.opts.dryRun {
		key = "retag.dry"
	}
	fmt.Fprintln(a.stdout, a.lang.T(key, report.Articles, report.Changed))
	for _, d := range report.Tags {
		fmt.Fprintf(a.stdout, "  %-16s +%d / −%d\n", d.Tag, d.Added, d.Removed)
		for _, ex := range d.AddedExamples {
			fmt.Fprintf(a.stdout, "      + %s\n", truncate(ex, 100))
		}
		for _, ex := range d.RemovedExamples {
			fmt.Fprintf(a.stdout, "      − %s\n", truncate(ex, 100))
		}
	}
	return nil
}

// evidence says why an article carries a tag: « words » (field), …; or that it was set by hand.
func (a *app) evidence(t feeds.ArticleTag) string {
	if t.Manual {
		return a.lang.T("tag.manual")
	}
	seen := map[string]bool{}
	var parts []string
	for _, e := range t.Evidence {
		part := a.lang.Evidence(e)
		if !seen[part] {
			seen[part] = true
			parts = append(parts, part)
		}
	}
	return strings.Join(parts, ", ")
}
