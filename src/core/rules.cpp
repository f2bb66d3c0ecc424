/*-------------------------------------------------------------------------
 *
 * rules.cpp
 *		Decide which subcommands hold a blocking lock over real work.
 *
 * The relations a subcommand reads follow PostgreSQL's recursion rules:
 * an index on a partitioned table is built in every leaf partition, unless
 * ONLY was written, in which case the parent gets an invalid index and
 * nothing is built; an index on an inheritance parent covers the parent
 * alone; SET NOT NULL, which ADD PRIMARY KEY runs for every key column not
 * yet marked NOT NULL, recurses to partitions and inheritance children and
 * reads each one whose column is not already proven NOT NULL; a foreign key
 * on a partitioned table is validated in every leaf.
 *
 * IDENTIFICATION
 *	  src/core/rules.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/rules.hpp"

#include <algorithm>

#include "core/pure.hpp"

namespace pgsafe {

const char *
ruleName(Rule rule)
{
	switch (rule)
	{
		case Rule::UniqueConstraint:
			return "unique-constraint";
		case Rule::PrimaryKey:
			return "primary-key";
		case Rule::PrimaryKeyUsingIndex:
			return "primary-key-using-index";
		case Rule::ForeignKey:
			return "foreign-key";
		case Rule::IdentityForeignKey:
			return "identity-foreign-key";
		case Rule::ExclusionConstraint:
			return "exclusion-constraint";
		case Rule::CreateIndex:
			return "create-index";
		case Rule::ValidateUnderLock:
			return "validate-under-lock";
	}
	return "unknown";
}

namespace {

bool
hasStorage(const RelationFacts &rel)
{
	return rel.kind == RelationKind::Table || rel.kind == RelationKind::MaterializedView;
}

void
addUnique(std::vector<int> &into, int index)
{
	if (std::find(into.begin(), into.end(), index) == into.end())
		into.push_back(index);
}

/* Relations in which an index on the target is built. */
std::vector<int>
indexedRelations(const RelationTree &tree, bool only)
{
	std::vector<int> result;

	if (tree.target().kind != RelationKind::PartitionedTable)
	{
		result.push_back(0);
		return result;
	}
	if (only)
		return result; /* an invalid index on the parent alone */
	for (int leaf : tree.leavesUnder(0))
		if (hasStorage(tree.relations[leaf]))
			result.push_back(leaf);
	return result;
}

/*
 * Relations whose rows a validated foreign key on the target reads: the
 * table, or every leaf partition that does not already hold an equivalent
 * validated key for the partitioned table to adopt.
 */
std::vector<int>
referencingRelations(const RelationTree &tree, const ForeignKeyFacts &fk)
{
	std::vector<int> result;
	for (int i : indexedRelations(tree, false))
		if (std::find(fk.validatedIn.begin(), fk.validatedIn.end(), i) == fk.validatedIn.end())
			result.push_back(i);
	return result;
}

/*
 * The relations SET NOT NULL reads for the given key columns, and the key
 * columns that make it read anything.  A column already marked NOT NULL on
 * the target generates no SET NOT NULL at all.
 */
void
notNullChecks(const RelationTree &tree, const std::vector<std::string> &keys, bool only, std::vector<int> &scanned,
			  std::vector<std::string> &nullable)
{
	for (const auto &key : keys)
	{
		const ColumnNullability *targetColumn = tree.target().column(key);
		bool reads = false;

		if (targetColumn && targetColumn->exists && targetColumn->markedNotNull)
			continue;
		if (!targetColumn || !targetColumn->exists)
		{
			/* added by another subcommand of the same statement */
			nullable.push_back(key);
			continue;
		}

		int count = only ? 1 : static_cast<int>(tree.relations.size());
		for (int i = 0; i < count; i++)
		{
			const RelationFacts &rel = tree.relations[i];
			const ColumnNullability *column = rel.column(key);

			if (!hasStorage(rel))
				continue;
			if (column && (column->markedNotNull || column->provenNotNull))
				continue;
			addUnique(scanned, i);
			reads = true;
		}
		if (reads)
			nullable.push_back(key);
	}
}

/*
 * Keep only relations other sessions can see, and sum their sizes.  True
 * when the finding is worth reporting: some relation's size is unknown, or
 * the visible ones hold data and at least pgsafe.min_table_size of it.
 */
bool
assess(const StatementFacts &facts, Finding &finding)
{
	std::vector<int> visible;

	finding.bytes = 0;
	finding.sizeUnknown = false;
	for (int i : finding.scanned)
	{
		const RelationFacts &rel = facts.table.relations[i];
		if (rel.local)
			continue;
		visible.push_back(i);
		if (!rel.sizeKnown)
			finding.sizeUnknown = true;
		else
			finding.bytes += rel.bytes;
	}
	finding.scanned = visible;

	if (finding.sizeUnknown)
		return true;
	return finding.bytes > 0 && finding.bytes >= facts.session.minTableBytes;
}

Finding
makeFinding(Rule rule, Work work, int subcommand, int columnConstraint, std::vector<int> scanned)
{
	Finding finding;
	finding.rule = rule;
	finding.work = work;
	finding.subcommand = subcommand;
	finding.columnConstraint = columnConstraint;
	finding.scanned = std::move(scanned);
	return finding;
}

void
tableConstraintFindings(const StatementFacts &facts, int index, std::vector<Finding> &findings)
{
	const RelationTree &tree = facts.table;
	const ConstraintFacts &c = facts.alterTable.subcommands[index].constraint;
	bool only = facts.alterTable.only;

	switch (c.kind)
	{
		case ConstraintKind::Unique:
			if (!c.usingIndex)
				findings.push_back(
					makeFinding(Rule::UniqueConstraint, Work::BuildIndex, index, -1, indexedRelations(tree, only)));
			break;

		case ConstraintKind::PrimaryKey:
			{
				std::vector<int> scanned;
				std::vector<std::string> nullable;

				if (c.usingIndex)
				{
					notNullChecks(tree, c.usingIndexColumns, only, scanned, nullable);
					if (scanned.empty())
						break;
					Finding f = makeFinding(Rule::PrimaryKeyUsingIndex, Work::CheckNulls, index, -1, scanned);
					f.nullableColumns = nullable;
					findings.push_back(f);
					break;
				}
				scanned = indexedRelations(tree, only);
				notNullChecks(tree, c.keys, only, scanned, nullable);
				Finding f = makeFinding(Rule::PrimaryKey, Work::BuildIndex, index, -1, scanned);
				f.nullableColumns = nullable;
				findings.push_back(f);
			}
			break;

		case ConstraintKind::Exclusion:
			findings.push_back(
				makeFinding(Rule::ExclusionConstraint, Work::BuildIndex, index, -1, indexedRelations(tree, only)));
			break;

		case ConstraintKind::ForeignKey:
			if (c.foreignKey.notValid || !c.foreignKey.enforced || !c.foreignKey.referencedFound)
				break;
			findings.push_back(
				makeFinding(Rule::ForeignKey, Work::ValidateRows, index, -1, referencingRelations(tree, c.foreignKey)));
			break;

		case ConstraintKind::Other:
			break;
	}
}

void
columnFindings(const StatementFacts &facts, int index, std::vector<Finding> &findings)
{
	const RelationTree &tree = facts.table;
	const ColumnFacts &column = facts.alterTable.subcommands[index].column;

	if (column.skipped)
		return;

	for (int j = 0; j < static_cast<int>(column.constraints.size()); j++)
	{
		const ConstraintFacts &c = column.constraints[j];

		switch (c.kind)
		{
			case ConstraintKind::Unique:
				findings.push_back(
					makeFinding(Rule::UniqueConstraint, Work::BuildIndex, index, j, indexedRelations(tree, false)));
				break;

			case ConstraintKind::PrimaryKey:
				findings.push_back(
					makeFinding(Rule::PrimaryKey, Work::BuildIndex, index, j, indexedRelations(tree, false)));
				break;

			case ConstraintKind::ForeignKey:
				/*
				 * PostgreSQL skips validation only for a new column with no
				 * DEFAULT clause at all.  An identity column is the
				 * exception that proves nothing: no DEFAULT, so validation
				 * is skipped, yet every row gets a generated value.
				 */
				if (!c.foreignKey.referencedFound || !c.foreignKey.enforced || column.fill == ColumnFill::None)
					break;
				if (column.fill == ColumnFill::Identity)
					findings.push_back(makeFinding(Rule::IdentityForeignKey,
												   Work::RewriteTable,
												   index,
												   j,
												   referencingRelations(tree, c.foreignKey)));
				else
					findings.push_back(makeFinding(
						Rule::ForeignKey, Work::ValidateRows, index, j, referencingRelations(tree, c.foreignKey)));
				break;

			case ConstraintKind::Exclusion:
			case ConstraintKind::Other:
				break;
		}
	}
}

/*
 * VALIDATE CONSTRAINT takes only SHARE UPDATE EXCLUSIVE, which blocks
 * neither reads nor writes, so it is the safe second step.  But a lock the
 * transaction took before (ADD ... NOT VALID takes SHARE ROW EXCLUSIVE) is
 * held until the transaction ends: in the same transaction, the rows are
 * read while writes wait.
 */
void
validateFindings(const StatementFacts &facts, int index, std::vector<Finding> &findings)
{
	const LockMode held = facts.alterTable.heldLock;
	if (held < LockMode::Share)
		return;
	Finding f = makeFinding(
		Rule::ValidateUnderLock, Work::ValidateRows, index, -1, indexedRelations(facts.table, facts.alterTable.only));
	f.lock = held;
	findings.push_back(f);
}

} /* namespace */

std::vector<Finding>
findDangers(const StatementFacts &facts)
{
	std::vector<Finding> candidates;
	std::vector<Finding> findings;

	if (facts.table.relations.empty())
		return findings;

	if (facts.kind == StatementKind::CreateIndex)
		candidates.push_back(makeFinding(
			Rule::CreateIndex, Work::BuildIndex, -1, -1, indexedRelations(facts.table, facts.createIndex.only)));
	else
	{
		const auto &subcommands = facts.alterTable.subcommands;
		for (int i = 0; i < static_cast<int>(subcommands.size()); i++)
		{
			if (subcommands[i].kind == SubcommandKind::AddConstraint)
				tableConstraintFindings(facts, i, candidates);
			else if (subcommands[i].kind == SubcommandKind::AddColumn)
				columnFindings(facts, i, candidates);
			else if (subcommands[i].kind == SubcommandKind::ValidateConstraint)
				validateFindings(facts, i, candidates);
		}
	}

	for (auto &finding : candidates)
		if (assess(facts, finding))
			findings.push_back(finding);
	return findings;
}

const ConstraintFacts *
findingConstraint(const StatementFacts &facts, const Finding &finding)
{
	if (finding.subcommand < 0)
		return nullptr;
	const SubcommandFacts &sub = facts.alterTable.subcommands[finding.subcommand];
	if (finding.columnConstraint >= 0)
		return &sub.column.constraints[finding.columnConstraint];
	return &sub.constraint;
}

} /* namespace pgsafe */
