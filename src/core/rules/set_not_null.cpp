/*-------------------------------------------------------------------------
 *
 * set_not_null.cpp
 *		set-not-null: ALTER COLUMN ... SET NOT NULL reads every row under
 *		ACCESS EXCLUSIVE, unless a validated CHECK constraint already proves
 *		the column NOT NULL.
 *
 * PostgreSQL skips the scan of a table whose validated CHECK constraints
 * imply "col IS NOT NULL" (NotNullImpliedByRelConstraints in tablecmds.c);
 * the adapter makes the same proof without executing anything
 * (ColumnNullability::provenNotNull).  SET NOT NULL recurses to partitions
 * and inheritance children; on an inheritance parent already NOT NULL it
 * still visits the children, which may not be.  ALTER TABLE ONLY a
 * partitioned table only checks that its partitions are NOT NULL already,
 * and reads nothing.
 *
 * Safe: the recipe pgsafe prints for PRIMARY KEY -- ADD CHECK (col IS NOT
 * NULL) NOT VALID, VALIDATE CONSTRAINT (which blocks neither reads nor
 * writes), SET NOT NULL (which finds the check and skips its scan), DROP
 * the check; from PostgreSQL 18, the native NOT NULL ... NOT VALID and
 * VALIDATE.
 *
 * IDENTIFICATION
 *	  src/core/rules/set_not_null.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/advice/writer.hpp"
#include "core/interrupts.hpp"
#include "core/rules/behaviour.hpp"
#include "core/rules/phrases.hpp"
#include "core/rules/relations.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

/* A PRIMARY KEY of the same statement on the column: its own finding covers the check. */
bool
primaryKeyCovers(const StatementFacts &facts, const std::string &name)
{
	for (const auto &sub : facts.alterTable.subcommands)
	{
		if (sub.kind == SubcommandKind::AddConstraint && sub.constraint.kind == ConstraintKind::PrimaryKey)
		{
			const auto &keys = sub.constraint.usingIndex ? sub.constraint.usingIndexColumns : sub.constraint.keys;
			for (const auto &key : keys)
				if (key == name)
					return true;
		}
		if (sub.kind == SubcommandKind::AddColumn && sub.column.name == name)
			for (const auto &c : sub.column.constraints)
				if (c.kind == ConstraintKind::PrimaryKey)
					return true;
	}
	return false;
}

void
detect(const StatementFacts &facts, int index, std::vector<Finding> &findings)
{
	const RelationTree &tree = facts.table;
	const std::string &name = facts.alterTable.subcommands[index].column.name;
	const bool only = facts.alterTable.only;
	const RelationFacts &target = tree.target();
	const ColumnNullability *targetColumn = target.column(name);
	std::vector<int> scanned;

	/* ONLY a partitioned table: its partitions must be NOT NULL already, and nothing is read */
	if (only && target.kind == RelationKind::PartitionedTable)
		return;
	if (primaryKeyCovers(facts, name))
		return;
	/* the first SET NOT NULL of a column does the work; PostgreSQL reads once per table */
	for (int i = 0; i < index; i++)
	{
		const SubcommandFacts &earlier = facts.alterTable.subcommands[i];
		if (earlier.kind == SubcommandKind::SetNotNull && earlier.column.name == name)
			return;
	}

	const int count = only ? 1 : static_cast<int>(tree.relations.size());
	if (!targetColumn || !targetColumn->exists)
	{
		/*
		 * A column the same statement adds: without a rewrite, PostgreSQL
		 * reads every row to check it (and fails if the column has no value
		 * in them); a rewrite checks it as it writes, and that is the other
		 * rule's finding.
		 */
		const ColumnFacts *added = addedColumn(facts, name);
		if (!added || addColumnRewrites(*added))
			return;
		for (int i = 0; i < count; i++)
			if (hasStorage(tree.relations[i]))
				scanned.push_back(i);
	}
	else
	{
		/* partitions of a table marked NOT NULL are marked too: PostgreSQL does not recurse */
		if (targetColumn->markedNotNull && target.kind == RelationKind::PartitionedTable)
			return;
		for (int i = 0; i < count; i++)
		{
			const RelationFacts &rel = tree.relations[i];
			const ColumnNullability *column = rel.column(name);

			checkInterrupts();
			if (!hasStorage(rel) || (column && (column->markedNotNull || column->provenNotNull)))
				continue;
			scanned.push_back(i);
		}
	}
	if (scanned.empty())
		return;
	Finding f = makeFinding(Rule::SetNotNull, Work::CheckNulls, index, -1, scanned);
	f.nullableColumns = {name};
	findings.push_back(f);
}

std::string
operation(const StatementFacts &, const Finding &)
{
	return "ALTER COLUMN ... SET NOT NULL";
}

std::string
why(const StatementFacts &facts, const Finding &f)
{
	const std::string &name = facts.alterTable.subcommands[f.subcommand].column.name;
	const ColumnNullability *column = facts.table.target().column(name);

	if (!column || !column->exists)
		return "Column \"" + name + "\" is added by the same statement, so no constraint proves it NOT NULL.";
	return "No validated CHECK constraint proves column \"" + name + "\" NOT NULL, so PostgreSQL reads every row " +
		   "to check it.";
}

void
adviseSubcommand(AdviceWriter &writer, const SubcommandFacts &sub, const Finding &)
{
	writer.notNullSteps({sub.column.name});
	if (writer.facts().session.capabilities.notNullConstraintNotValid)
		writer.say("Add the NOT NULL constraint NOT VALID, which reads nothing, then validate it; validation blocks "
				   "neither reads nor writes, and leaves the column NOT NULL.");
	else
		writer.say("Prove the column NOT NULL with a CHECK constraint added NOT VALID and validated; SET NOT NULL "
				   "then finds it and reads nothing.");
}

} /* namespace */

const RuleBehaviour kSetNotNullRule = {
	Rule::SetNotNull,
	StatementKind::AlterTable,
	bitOf(SubcommandKind::SetNotNull),
	0,
	detect,
	operation,
	nullptr,
	why,
	adviseSubcommand,
	nullptr,
	nullptr,
};

} /* namespace pgsafe */
