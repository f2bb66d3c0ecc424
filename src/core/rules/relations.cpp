/*-------------------------------------------------------------------------
 *
 * relations.cpp
 *		Which relations a statement reads or builds in, as PostgreSQL
 *		recurses.
 *
 * An index on a partitioned table is built in every leaf partition, unless
 * ONLY was written, in which case the parent gets an invalid index and
 * nothing is built; an index on an inheritance parent covers the parent
 * alone; SET NOT NULL, which ADD PRIMARY KEY runs for every key column not
 * yet marked NOT NULL, recurses to partitions and inheritance children and
 * reads each one whose column is not already proven NOT NULL; a foreign key
 * on a partitioned table is validated in every leaf.
 *
 * IDENTIFICATION
 *	  src/core/rules/relations.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/rules/relations.hpp"

#include <algorithm>

#include "core/interrupts.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

/* Relation indexes as a set: marks over the tree, so adding to it costs no search. */
class RelationSet
{
public:
	explicit RelationSet(const RelationTree &tree) : marked_(tree.relations.size(), false) {}
	RelationSet(const RelationTree &tree, const std::vector<int> &members) : RelationSet(tree)
	{
		for (int i : members)
			add(i);
	}

	void add(int i)
	{
		if (i < 0 || i >= static_cast<int>(marked_.size()) || marked_[i])
			return;
		marked_[i] = true;
		members_.push_back(i);
	}
	bool contains(int i) const { return i >= 0 && i < static_cast<int>(marked_.size()) && marked_[i]; }
	const std::vector<int> &members() const { return members_; }

private:
	std::vector<bool> marked_;
	std::vector<int> members_;
};

} /* namespace */

bool
hasStorage(const RelationFacts &rel)
{
	return rel.kind == RelationKind::Table || rel.kind == RelationKind::MaterializedView;
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
 * Where CREATE INDEX builds: the tables indexedRelations() gives, less
 * those under a partition whose existing index it adopts instead (the
 * statement then only attaches, without reading a row).
 */
std::vector<int>
createIndexBuildsIn(const RelationTree &tree, bool only)
{
	std::vector<int> tables = indexedRelations(tree, only);
	if (tree.target().kind != RelationKind::PartitionedTable)
		return tables;

	/* parents come before their children */
	std::vector<char> adopted(tree.relations.size(), 0);
	for (std::size_t i = 1; i < tree.relations.size(); i++)
	{
		const RelationFacts &rel = tree.relations[i];
		adopted[i] = rel.adoptedIndex.has_value() || (rel.parent > 0 && adopted[rel.parent]);
	}
	std::vector<int> result;
	for (int i : tables)
		if (!adopted[i])
			result.push_back(i);
	return result;
}

std::vector<int>
referencingRelations(const RelationTree &tree, const ForeignKeyFacts &fk)
{
	std::vector<int> result;
	RelationSet adopted(tree, fk.validatedIn);

	for (int i : indexedRelations(tree, false))
	{
		bool covered = false;
		for (int r = i; r > 0 && !covered; r = tree.relations[r].parent)
			covered = adopted.contains(r);
		if (!covered)
			result.push_back(i);
	}
	return result;
}

/* The ADD COLUMN of the statement that adds column name, or nullptr. */
const ColumnFacts *
addedColumn(const StatementFacts &facts, const std::string &name)
{
	for (const auto &sub : facts.alterTable.subcommands)
		if (sub.kind == SubcommandKind::AddColumn && sub.column.name == name && !sub.column.skipped)
			return &sub.column;
	return nullptr;
}

/*
 * The relations SET NOT NULL reads for the given key columns, and the key
 * columns that make it read anything.  A column already marked NOT NULL on
 * the target generates no SET NOT NULL at all.
 */
void
notNullChecks(const StatementFacts &facts, const std::vector<std::string> &keys, bool only, std::vector<int> &scanned,
			  std::vector<std::string> &nullable)
{
	const RelationTree &tree = facts.table;
	RelationSet read(tree, scanned);

	for (const auto &key : keys)
	{
		const ColumnNullability *targetColumn = tree.target().column(key);
		bool reads = false;

		if (targetColumn && targetColumn->exists && targetColumn->markedNotNull)
			continue;
		if (!targetColumn || !targetColumn->exists)
		{
			/*
			 * Added by another subcommand of the same statement: NOT NULL
			 * there (written, serial, identity) is checked as the column is
			 * filled; a column added without it is null in every row.
			 */
			const ColumnFacts *added = addedColumn(facts, key);
			if (!added || !added->notNull)
				nullable.push_back(key);
			continue;
		}

		int count = only ? 1 : static_cast<int>(tree.relations.size());
		for (int i = 0; i < count; i++)
		{
			const RelationFacts &rel = tree.relations[i];
			const ColumnNullability *column = rel.column(key);

			checkInterrupts();
			if (!hasStorage(rel))
				continue;
			if (column && (column->markedNotNull || column->provenNotNull))
				continue;
			read.add(i);
			reads = true;
		}
		if (reads)
			nullable.push_back(key);
	}
	scanned = read.members();
}

/*
 * Statements PostgreSQL refuses on a partitioned table before it builds
 * anything: pgsafe says nothing, and PostgreSQL's own error comes.
 * (DefineIndex(): a unique index must hold every column of the partition
 * key of every partitioned table it is created on, none of them an
 * expression, and no partition may be a foreign table; a foreign key
 * cannot be added to a foreign table partition; an exclusion constraint
 * is refused on partitioned tables before PostgreSQL 17.)
 */
bool
refusedOnPartitions(const StatementFacts &facts, ConstraintKind kind, const std::vector<std::string> &keys, bool only)
{
	const RelationTree &tree = facts.table;
	if (tree.target().kind != RelationKind::PartitionedTable)
		return false;
	if (kind == ConstraintKind::Exclusion)
		return !facts.session.capabilities.exclusionOnPartitionedTables;

	const int count = only ? 1 : static_cast<int>(tree.relations.size());
	for (int i = 0; i < count; i++)
	{
		const RelationFacts &rel = tree.relations[i];
		checkInterrupts();
		if (rel.kind == RelationKind::ForeignTable && kind != ConstraintKind::Other)
			return true;
		if (rel.kind != RelationKind::PartitionedTable || kind == ConstraintKind::ForeignKey)
			continue;
		if (rel.partitionKeyExpression)
			return true;
		for (const auto &column : rel.partitionKey)
			if (std::find(keys.begin(), keys.end(), column) == keys.end())
				return true;
	}
	return false;
}

bool
addColumnRewrites(const ColumnFacts &column)
{
	return column.rewrite != ColumnRewrite::None && column.rewrite != ColumnRewrite::Unknown;
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
storageChangeFinding(Rule rule, const StatementFacts &facts, int index, std::vector<Finding> &findings)
{
	if (!facts.alterTable.subcommands[index].storage.changes || !hasStorage(facts.table.target()))
		return;
	findings.push_back(makeFinding(rule, Work::RewriteTable, index, -1, {0}));
}

} /* namespace pgsafe */
