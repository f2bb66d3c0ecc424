/*-------------------------------------------------------------------------
 *
 * unique_constraint.cpp
 *		unique-constraint: ADD UNIQUE and ADD COLUMN ... UNIQUE build their
 *		index under ACCESS EXCLUSIVE.
 *
 * Safe: CREATE UNIQUE INDEX CONCURRENTLY under the name the constraint
 * will have (so USING INDEX does not rename it), then ADD CONSTRAINT ...
 * UNIQUE USING INDEX; on a partitioned table, where CONCURRENTLY is
 * refused, the constraint on each partitioned table alone, a concurrent
 * build in each leaf, then ATTACH PARTITION of the indexes.  Never NOT
 * VALID: PostgreSQL refuses it for UNIQUE.
 *
 * IDENTIFICATION
 *	  src/core/rules/unique_constraint.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/advice/writer.hpp"
#include "core/rules/behaviour.hpp"
#include "core/rules/relations.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

void
detect(const StatementFacts &facts, int index, std::vector<Finding> &findings)
{
	const SubcommandFacts &sub = facts.alterTable.subcommands[index];

	if (sub.kind == SubcommandKind::AddConstraint)
	{
		const ConstraintFacts &c = sub.constraint;
		if (c.kind != ConstraintKind::Unique || c.usingIndex ||
			refusedOnPartitions(facts, c.kind, c.keys, facts.alterTable.only))
			return;
		findings.push_back(makeFinding(
			Rule::UniqueConstraint, Work::BuildIndex, index, -1, indexedRelations(facts.table, facts.alterTable.only)));
		return;
	}

	const ColumnFacts &column = sub.column;
	if (column.skipped)
		return;
	for (int j = 0; j < static_cast<int>(column.constraints.size()); j++)
		if (column.constraints[j].kind == ConstraintKind::Unique &&
			!refusedOnPartitions(facts, ConstraintKind::Unique, {column.name}, false))
			findings.push_back(
				makeFinding(Rule::UniqueConstraint, Work::BuildIndex, index, j, indexedRelations(facts.table, false)));
}

std::string
operation(const StatementFacts &, const Finding &finding)
{
	return finding.columnConstraint >= 0 ? "ADD COLUMN ... UNIQUE" : "ADD UNIQUE";
}

std::string
why(const StatementFacts &, const Finding &)
{
	return "";
}

void
adviseSubcommand(AdviceWriter &writer, const SubcommandFacts &sub, const Finding &)
{
	writer.indexConstraint(sub.constraint, sub.constraint.keys, false);
}

void
adviseColumn(AdviceWriter &writer, const ColumnFacts &column, const ConstraintFacts &constraint)
{
	writer.indexConstraint(constraint, {column.name}, false);
}

} /* namespace */

const RuleBehaviour kUniqueConstraintRule = {
	Rule::UniqueConstraint,
	StatementKind::AlterTable,
	bitOf(SubcommandKind::AddConstraint) | bitOf(SubcommandKind::AddColumn),
	bitOf(ConstraintKind::Unique),
	detect,
	operation,
	nullptr,
	why,
	adviseSubcommand,
	adviseColumn,
	nullptr,
};

} /* namespace pgsafe */
