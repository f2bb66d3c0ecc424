/*-------------------------------------------------------------------------
 *
 * primary_key.cpp
 *		primary-key: ADD PRIMARY KEY and ADD COLUMN ... PRIMARY KEY build
 *		their index under ACCESS EXCLUSIVE, and PostgreSQL first sets NOT
 *		NULL on key columns that lack it, reading every row.
 *
 * Safe: prove the key columns NOT NULL without a long lock (a CHECK (col
 * IS NOT NULL) added NOT VALID, validated, then SET NOT NULL, which finds
 * it and skips its scan), then the unique-constraint recipe with PRIMARY
 * KEY USING INDEX.
 *
 * IDENTIFICATION
 *	  src/core/rules/primary_key.cpp
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
	const SubcommandFacts &sub = facts.alterTable.subcommands[index];
	const RelationTree &tree = facts.table;

	if (sub.kind == SubcommandKind::AddConstraint)
	{
		const ConstraintFacts &c = sub.constraint;
		const bool only = facts.alterTable.only;
		if (c.kind != ConstraintKind::PrimaryKey || c.usingIndex || refusedOnPartitions(facts, c.kind, c.keys, only))
			return;
		std::vector<int> scanned = indexedRelations(tree, only);
		std::vector<std::string> nullable;
		notNullChecks(facts, c.keys, only, scanned, nullable);
		Finding f = makeFinding(Rule::PrimaryKey, Work::BuildIndex, index, -1, scanned);
		f.nullableColumns = nullable;
		findings.push_back(f);
		return;
	}

	const ColumnFacts &column = sub.column;
	if (column.skipped)
		return;
	for (int j = 0; j < static_cast<int>(column.constraints.size()); j++)
		if (column.constraints[j].kind == ConstraintKind::PrimaryKey &&
			!refusedOnPartitions(facts, ConstraintKind::PrimaryKey, {column.name}, false))
			findings.push_back(
				makeFinding(Rule::PrimaryKey, Work::BuildIndex, index, j, indexedRelations(tree, false)));
}

std::string
operation(const StatementFacts &, const Finding &finding)
{
	return finding.columnConstraint >= 0 ? "ADD COLUMN ... PRIMARY KEY" : "ADD PRIMARY KEY";
}

std::string
why(const StatementFacts &facts, const Finding &f)
{
	const ColumnFacts *column = f.columnConstraint >= 0 ? &facts.alterTable.subcommands[f.subcommand].column : nullptr;

	if (column && (column->fill == ColumnFill::None || column->fill == ColumnFill::NullDefault))
		return "The new column is null in every existing row, so the primary key cannot be added until it is "
			   "filled.";

	/* existing columns PostgreSQL checks, and columns the statement adds without a value */
	std::vector<std::string> existing, added;
	for (const auto &name : f.nullableColumns)
	{
		const ColumnNullability *known = facts.table.target().column(name);
		(known && known->exists ? existing : added).push_back(name);
	}
	std::string sentence;
	if (existing.size() == 1)
		sentence = "Column " + columnList(existing) +
				   " is not marked NOT NULL, so PostgreSQL also reads every row to check it.";
	else if (!existing.empty())
		sentence = "Columns " + columnList(existing) +
				   " are not marked NOT NULL, so PostgreSQL also reads every row to check them.";
	if (!added.empty())
		sentence += std::string(sentence.empty() ? "" : " ") + (added.size() == 1 ? "Column " : "Columns ") +
					columnList(added) + (added.size() == 1 ? " is" : " are") +
					" added by the same statement without a value in existing rows, so the primary key cannot be "
					"added until " +
					(added.size() == 1 ? "it is" : "they are") + " filled.";
	return sentence;
}

void
adviseSubcommand(AdviceWriter &writer, const SubcommandFacts &sub, const Finding &finding)
{
	/* the key columns not made NOT NULL already, as the advice added them */
	std::vector<std::string> prove;
	for (const auto &column : finding.nullableColumns)
		if (!writer.madeNotNullOnAdd(column))
			prove.push_back(column);
	writer.notNullSteps(prove);
	writer.indexConstraint(sub.constraint, sub.constraint.keys, true);
}

/* the column is NOT NULL by then: the column recipe makes a primary key's column so */
void
adviseColumn(AdviceWriter &writer, const ColumnFacts &column, const ConstraintFacts &constraint)
{
	writer.indexConstraint(constraint, {column.name}, true);
}

} /* namespace */

const RuleBehaviour kPrimaryKeyRule = {
	Rule::PrimaryKey,
	StatementKind::AlterTable,
	bitOf(SubcommandKind::AddConstraint) | bitOf(SubcommandKind::AddColumn),
	bitOf(ConstraintKind::PrimaryKey),
	detect,
	operation,
	nullptr,
	why,
	adviseSubcommand,
	adviseColumn,
	nullptr,
};

} /* namespace pgsafe */
