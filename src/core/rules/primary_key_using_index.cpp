/*-------------------------------------------------------------------------
 *
 * primary_key_using_index.cpp
 *		primary-key-using-index: ADD PRIMARY KEY USING INDEX on columns not
 *		yet NOT NULL reads every row under ACCESS EXCLUSIVE to check them.
 *
 * Safe once every key column is marked NOT NULL or proven so by a
 * validated CHECK: the NOT NULL steps of primary-key come first.
 *
 * IDENTIFICATION
 *	  src/core/rules/primary_key_using_index.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/advice/writer.hpp"
#include "core/rules/behaviour.hpp"
#include "core/rules/phrases.hpp"
#include "core/rules/relations.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

void
detect(const StatementFacts &facts, int index, std::vector<Finding> &findings)
{
	const ConstraintFacts &c = facts.alterTable.subcommands[index].constraint;

	/* PostgreSQL refuses ADD CONSTRAINT ... USING INDEX on a partitioned table */
	if (c.kind != ConstraintKind::PrimaryKey || !c.usingIndex ||
		facts.table.target().kind == RelationKind::PartitionedTable)
		return;
	std::vector<int> scanned;
	std::vector<std::string> nullable;
	notNullChecks(facts, c.usingIndexColumns, facts.alterTable.only, scanned, nullable);
	if (scanned.empty())
		return;
	Finding f = makeFinding(Rule::PrimaryKeyUsingIndex, Work::CheckNulls, index, -1, scanned);
	f.nullableColumns = nullable;
	findings.push_back(f);
}

std::string
operation(const StatementFacts &, const Finding &)
{
	return "ADD PRIMARY KEY USING INDEX";
}

std::string
why(const StatementFacts &, const Finding &f)
{
	return (f.nullableColumns.size() == 1 ? "Column " + columnList(f.nullableColumns) + " is"
										  : "Columns " + columnList(f.nullableColumns) + " are") +
		   " not marked NOT NULL, so PostgreSQL reads every row to check for nulls before it adds the primary key.";
}

void
adviseSubcommand(AdviceWriter &writer, const SubcommandFacts &sub, const Finding &finding)
{
	const ConstraintFacts &c = sub.constraint;

	writer.notNullSteps(finding.nullableColumns);
	writer.add(StepKind::Brief,
			   "ALTER TABLE " + writer.table(0) + " ADD " +
				   (c.name ? "CONSTRAINT " + writer.ident(*c.name) + " " : "") + "PRIMARY KEY USING INDEX " +
				   writer.ident(*c.usingIndex) + writer.attributes(c) + ";");
	writer.say("Prove the key columns NOT NULL with a constraint validated on its own, then add the primary key.");
}

} /* namespace */

const RuleBehaviour kPrimaryKeyUsingIndexRule = {
	Rule::PrimaryKeyUsingIndex,
	StatementKind::AlterTable,
	bitOf(SubcommandKind::AddConstraint),
	bitOf(ConstraintKind::PrimaryKey),
	detect,
	operation,
	nullptr,
	why,
	adviseSubcommand,
	nullptr,
	nullptr,
};

} /* namespace pgsafe */
