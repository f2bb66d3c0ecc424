/*-------------------------------------------------------------------------
 *
 * add_check.cpp
 *		add-check: ADD CHECK without NOT VALID, and a CHECK of ADD COLUMN,
 *		read every row under ACCESS EXCLUSIVE to validate the constraint.
 *
 * PostgreSQL validates a new check constraint in ALTER TABLE's last phase
 * by reading the table, and each partition or inheritance child it is
 * added to: every one, unless NO INHERIT (or ONLY, which PostgreSQL allows
 * only on a table without children).  A column's CHECK in ADD COLUMN is
 * queued as a constraint of its own and validated the same way, even when
 * the new column is null in every row.  When the table is rewritten, the
 * rewrite checks the rows as it writes them, after add-column-rewrite's
 * finding; the recipe adds the check apart all the same.
 *
 * Safe: ADD CONSTRAINT ... CHECK (...) NOT VALID, which reads nothing,
 * then VALIDATE CONSTRAINT, which reads the rows under SHARE UPDATE
 * EXCLUSIVE and so blocks neither reads nor writes.
 *
 * IDENTIFICATION
 *	  src/core/rules/add_check.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/advice/writer.hpp"
#include "core/interrupts.hpp"
#include "core/rules/behaviour.hpp"
#include "core/rules/phrases.hpp"
#include "core/rules/relations.hpp"
#include "core/script.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

/* The relations a new check constraint is validated in. */
std::vector<int>
validatedIn(const RelationTree &tree, bool alone)
{
	std::vector<int> result;
	const int count = alone ? 1 : static_cast<int>(tree.relations.size());
	for (int i = 0; i < count; i++)
	{
		checkInterrupts();
		if (hasStorage(tree.relations[i]))
			result.push_back(i);
	}
	return result;
}

void
detect(const StatementFacts &facts, int index, std::vector<Finding> &findings)
{
	const SubcommandFacts &sub = facts.alterTable.subcommands[index];
	const RelationTree &tree = facts.table;
	const bool only = facts.alterTable.only;

	if (sub.kind == SubcommandKind::AddConstraint)
	{
		const ConstraintFacts &c = sub.constraint;
		if (c.kind != ConstraintKind::Check || c.notValid)
			return;
		/* refused by PostgreSQL: NO INHERIT on a partitioned table, ONLY over children */
		if (c.noInherit && tree.target().kind == RelationKind::PartitionedTable)
			return;
		if (only && !c.noInherit && tree.relations.size() > 1)
			return;
		findings.push_back(
			makeFinding(Rule::AddCheck, Work::ValidateRows, index, -1, validatedIn(tree, only || c.noInherit)));
		return;
	}

	const ColumnFacts &column = sub.column;
	if (column.skipped)
		return;
	for (int j = 0; j < static_cast<int>(column.constraints.size()); j++)
	{
		const ConstraintFacts &c = column.constraints[j];
		/* notValid: NOT ENFORCED (PostgreSQL 18), never validated */
		if (c.kind != ConstraintKind::Check || c.notValid)
			continue;
		if (c.noInherit && tree.target().kind == RelationKind::PartitionedTable)
			continue;
		findings.push_back(
			makeFinding(Rule::AddCheck, Work::ValidateRows, index, j, validatedIn(tree, only || c.noInherit)));
	}
}

std::string
operation(const StatementFacts &, const Finding &finding)
{
	return finding.columnConstraint >= 0 ? "ADD COLUMN ... CHECK" : "ADD CHECK";
}

std::string
why(const StatementFacts &, const Finding &finding)
{
	if (finding.columnConstraint >= 0)
		return "PostgreSQL validates a column's CHECK constraint by reading every row, even when the new column is "
			   "null in all of them.";
	return "Without NOT VALID, PostgreSQL reads every row to validate the constraint.";
}

/* ADD CONSTRAINT name CHECK (...) NOT VALID, then VALIDATE CONSTRAINT, on the target as the statement had it */
void
notValidThenValidate(AdviceWriter &writer, const ConstraintFacts &c, const std::string &body)
{
	const RelationFacts &target = writer.rel(0);
	/* ChooseConstraintName(): table_col_check for a check on one column, else table_check */
	std::optional<std::string> column;
	if (c.checkColumns.size() == 1)
		column = c.checkColumns.front();
	const std::string name =
		c.name ? *c.name : writer.names().constraintName(target.name.schema, target.name.name, column, "check");

	writer.add(StepKind::Brief,
			   writer.alterTarget() + " ADD CONSTRAINT " + writer.ident(name) + " " + compactSql(body) + " NOT VALID;");
	writer.add(StepKind::Validate, writer.alterTarget() + " VALIDATE CONSTRAINT " + writer.ident(name) + ";");
	writer.needsSeparateTransactions();
	writer.say("Add the constraint NOT VALID, which reads nothing, then validate it; validation blocks neither reads "
			   "nor writes.");
}

void
adviseSubcommand(AdviceWriter &writer, const SubcommandFacts &sub, const Finding &)
{
	if (!sub.constraint.checkBody.valid())
	{
		writer.partial();
		writer.say("Add the constraint NOT VALID, then validate it in a transaction of its own.");
		return;
	}
	notValidThenValidate(writer, sub.constraint, writer.facts().slice(sub.constraint.checkBody));
}

/* the column is added by then, without its CHECK */
void
adviseColumn(AdviceWriter &writer, const ColumnFacts &, const ConstraintFacts &constraint)
{
	if (!constraint.checkBody.valid())
	{
		writer.partial();
		writer.say("Add the column's CHECK constraint NOT VALID, then validate it in a transaction of its own.");
		return;
	}
	notValidThenValidate(writer, constraint, writer.facts().slice(constraint.checkBody));
}

} /* namespace */

const RuleBehaviour kAddCheckRule = {
	Rule::AddCheck,
	StatementKind::AlterTable,
	bitOf(SubcommandKind::AddConstraint) | bitOf(SubcommandKind::AddColumn),
	bitOf(ConstraintKind::Check),
	detect,
	operation,
	nullptr,
	why,
	adviseSubcommand,
	adviseColumn,
	nullptr,
};

} /* namespace pgsafe */
