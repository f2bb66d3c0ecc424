/*-------------------------------------------------------------------------
 *
 * set_expression.cpp
 *		set-expression: ALTER TABLE ... ALTER COLUMN ... SET EXPRESSION AS
 *		(...) of a STORED generated column rewrites the table under ACCESS
 *		EXCLUSIVE (PostgreSQL 17 and later).
 *
 * ATExecSetExpression() replaces the expression and, for a STORED column,
 * queues a rewrite that computes the column again for every row
 * (AT_REWRITE_DEFAULT_VAL), in every partition and inheritance child, and
 * builds every index again.  18's VIRTUAL columns are not rewritten and
 * are not flagged.  The adapter reads the column
 * (src/adapter/read_set_expression.cpp).
 *
 * There is no online form: the recipe is expand and contract
 * (expand_contract.hpp), the generated column replaced by a plain column
 * that a trigger computes with the new expression on every write.
 *
 * IDENTIFICATION
 *	  src/core/rules/set_expression.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/advice/writer.hpp"
#include "core/rules/behaviour.hpp"
#include "core/rules/expand_contract.hpp"
#include "core/rules/relations.hpp"
#include "core/script.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

void
detect(const StatementFacts &facts, int index, std::vector<Finding> &findings)
{
	if (facts.alterTable.subcommands[index].generated.stored)
		findings.push_back(
			makeFinding(Rule::SetExpression, Work::RewriteTable, index, -1, rewrittenTables(facts.table)));
}

std::string
operation(const StatementFacts &facts, const Finding &f)
{
	return "ALTER COLUMN \"" + facts.alterTable.subcommands[f.subcommand].column.name + "\" SET EXPRESSION";
}

std::string
why(const StatementFacts &facts, const Finding &f)
{
	return "Column \"" + facts.alterTable.subcommands[f.subcommand].column.name +
		   "\" is a STORED generated column: PostgreSQL computes it again for every row, writing a new copy of "
		   "the table, and builds every index of the table again.";
}

void
adviseSubcommand(AdviceWriter &w, const SubcommandFacts &sub, const Finding &)
{
	const SetExpressionFacts &g = sub.generated;

	if (g.unswappable)
	{
		w.say("The column is in a key, or a view, trigger or policy uses it, so a new column cannot simply take "
			  "its place. PostgreSQL has no online path for it: run it in a maintenance window.");
		if (sub.span.valid())
			w.add(StepKind::Blocking, w.alterTarget() + " " + compactSql(w.facts().slice(sub.span)) + ";");
		else
			w.partial();
		return;
	}
	if (!g.expression.valid() || g.type.empty())
		return w.partial();

	const std::string expression = compactSql(w.facts().slice(g.expression));
	w.say("PostgreSQL has no online form of SET EXPRESSION for a STORED generated column. Replace it by a plain "
		  "column that a trigger computes with the new expression on every write: add it, fill the existing rows "
		  "in batches of their own transactions, then swap the columns under a brief lock. The column moves to "
		  "the end of the table's columns, and is no longer a generated column: the trigger overwrites what a "
		  "write puts in it.");

	ExpandContract plan;
	plan.column = sub.column.name;
	plan.type = g.type;
	plan.rowValue = "(SELECT " + expression + " FROM (SELECT NEW.*) AS " + w.ident(w.rel(0).name.name) + ")";
	plan.fillValue = expression;
	plan.notNull = g.notNull;
	plan.dependents = g.dependents;
	plan.keepTrigger = true;
	expandContractSteps(w, plan);
}

} /* namespace */

const RuleBehaviour kSetExpressionRule = {
	Rule::SetExpression,
	StatementKind::AlterTable,
	bitOf(SubcommandKind::SetExpression),
	0,
	detect,
	operation,
	nullptr,
	why,
	adviseSubcommand,
	nullptr,
	nullptr,
	nullptr,
};

} /* namespace pgsafe */
