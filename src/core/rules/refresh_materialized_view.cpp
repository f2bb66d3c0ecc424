/*-------------------------------------------------------------------------
 *
 * refresh_materialized_view.cpp
 *		refresh-materialized-view: REFRESH MATERIALIZED VIEW without
 *		CONCURRENTLY holds ACCESS EXCLUSIVE on a populated view while it runs
 *		the view's query and writes a new copy of it.
 *
 * Every read of the view waits for the whole refresh (matview.c,
 * ExecRefreshMatView()).  Safe: REFRESH ... CONCURRENTLY, which holds
 * EXCLUSIVE, blocking no read, and merges the new rows into the view.  It
 * needs a unique index the merge can use (is_usable_unique_index(): btree,
 * valid, immediate, no predicate, only plain columns) and a populated view;
 * it may run in a transaction block.  Without such an index the advice says
 * how to build one, on columns the user knows to be unique: pgsafe cannot
 * tell which are.
 *
 * Not flagged: CONCURRENTLY; WITH NO DATA, which reads nothing and swaps in
 * an empty file at once (the view is then unreadable until the next
 * refresh, which is what the statement asks for); a view that is not
 * populated (nobody can read it) or is empty.
 *
 * IDENTIFICATION
 *	  src/core/rules/refresh_materialized_view.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/advice/writer.hpp"
#include "core/analysis.hpp"
#include "core/rules/behaviour.hpp"
#include "core/rules/phrases.hpp"
#include "core/rules/relations.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

void
detect(const StatementFacts &facts, int, std::vector<Finding> &findings)
{
	if (!facts.refresh.populated || facts.table.target().kind != RelationKind::MaterializedView)
		return;
	Finding finding = makeFinding(Rule::RefreshMaterializedView, Work::RewriteTable, -1, -1, {0});
	finding.lock = LockMode::AccessExclusive;
	findings.push_back(finding);
}

std::string
operation(const StatementFacts &, const Finding &)
{
	return "REFRESH MATERIALIZED VIEW";
}

std::string
message(const StatementFacts &facts, const Finding &)
{
	return "REFRESH MATERIALIZED VIEW takes an ACCESS EXCLUSIVE lock on materialized view \"" +
		   display(facts.table.target().name) + "\", blocking reads of it while its query runs and it is rewritten";
}

std::string
why(const StatementFacts &, const Finding &)
{
	return "Without CONCURRENTLY, PostgreSQL fills a new copy of the view and swaps it in, holding the lock from the "
		   "start of the query to the end of the transaction.";
}

/* The view's columns, as a list for CREATE UNIQUE INDEX: a template the user cuts down to a unique key. */
std::string
columnsOf(AdviceWriter &writer, const RefreshFacts &r)
{
	std::string list;
	for (std::size_t i = 0; i < r.columns.size(); i++)
		list += (i ? ", " : "") + writer.ident(r.columns[i]);
	return list;
}

void
adviseStatement(AdviceWriter &writer, const std::vector<Finding> &)
{
	const RefreshFacts &r = writer.facts().refresh;
	const std::string view = writer.table(0);
	const std::string refresh = "REFRESH MATERIALIZED VIEW CONCURRENTLY " + view + ";";

	if (r.usableIndex)
	{
		writer.add(StepKind::Concurrent, refresh);
		writer.say("Refresh it concurrently: REFRESH MATERIALIZED VIEW CONCURRENTLY holds an EXCLUSIVE lock, which "
				   "blocks no read, and merges the new rows into the view using its unique index \"" +
				   display(*r.usableIndex) + "\". It reads the old and the new rows and takes longer.");
		return;
	}

	/* no index to merge on: say how to make one, but leave the key to the user */
	const std::string columns = r.columns.empty() ? "<columns>" : columnsOf(writer, r);
	writer.add(StepKind::Comment,
			   "first build a unique index on columns whose values are unique in every row of the view (keep only "
			   "those): CREATE UNIQUE INDEX CONCURRENTLY ON " +
				   view + " (" + columns + ");");
	writer.add(StepKind::Concurrent, refresh);
	std::string sentence =
		"REFRESH MATERIALIZED VIEW CONCURRENTLY blocks no read, but it needs a unique index on plain columns of the "
		"view, without a WHERE clause, which \"" +
		display(writer.facts().table.target().name) + "\" lacks";
	if (r.unusableIndex)
		sentence += " (its unique index \"" + display(*r.unusableIndex) +
					"\" cannot serve: it has a predicate or an expression, is not valid, is deferrable or is not a "
					"btree)";
	writer.say(sentence + ": build one concurrently on columns you know to be unique, then refresh concurrently.");
}

} /* namespace */

const RuleBehaviour kRefreshMaterializedViewRule = {
	Rule::RefreshMaterializedView,
	StatementKind::RefreshMaterializedView,
	0,
	0,
	detect,
	operation,
	message,
	why,
	nullptr,
	nullptr,
	adviseStatement,
	nullptr,
};

} /* namespace pgsafe */
