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

#include "core/interrupts.hpp"

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
		case Rule::DomainDefaultForeignKey:
			return "domain-default-foreign-key";
		case Rule::AttachPartition:
			return "attach-partition";
	}
	return "unknown";
}

namespace {

bool
hasStorage(const RelationFacts &rel)
{
	return rel.kind == RelationKind::Table || rel.kind == RelationKind::MaterializedView;
}

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

} /* namespace */

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

namespace {

/*
 * The relations SET NOT NULL reads for the given key columns, and the key
 * columns that make it read anything.  A column already marked NOT NULL on
 * the target generates no SET NOT NULL at all.
 */
/* The ADD COLUMN of the statement that adds column name, or nullptr. */
const ColumnFacts *
addedColumn(const StatementFacts &facts, const std::string &name)
{
	for (const auto &sub : facts.alterTable.subcommands)
		if (sub.kind == SubcommandKind::AddColumn && sub.column.name == name && !sub.column.skipped)
			return &sub.column;
	return nullptr;
}

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
 * Keep only relations other sessions can see, and sum their sizes.  True
 * when the finding is worth reporting: some relation's size is unknown, or
 * the visible ones hold data and at least pgsafe.min_table_size of it.
 */
bool
assess(const StatementFacts &facts, Finding &finding)
{
	std::vector<int> visible;

	finding.bytes = 0;
	finding.toastBytes = 0;
	finding.sizeUnknown = false;
	for (int i : finding.scanned)
	{
		const RelationFacts &rel = facts.table.relations[i];
		if (rel.local)
			continue;
		visible.push_back(i);
		if (!rel.sizeKnown)
			finding.sizeUnknown = true;
		else if (rel.bytes > 0)
		{
			finding.bytes += rel.bytes + rel.toastBytes;
			finding.toastBytes += rel.toastBytes;
		}
	}
	finding.scanned = visible;

	if (finding.sizeUnknown)
		return true;
	return finding.bytes > 0 && finding.bytes >= facts.session.minTableBytes;
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
		return facts.session.serverVersionNum < 170000;

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

	/* PostgreSQL refuses ADD CONSTRAINT ... USING INDEX on a partitioned table */
	if (c.usingIndex && tree.target().kind == RelationKind::PartitionedTable)
		return;
	if ((c.kind == ConstraintKind::Unique || c.kind == ConstraintKind::PrimaryKey ||
		 c.kind == ConstraintKind::Exclusion || c.kind == ConstraintKind::ForeignKey) &&
		!c.usingIndex && refusedOnPartitions(facts, c.kind, c.keys, only))
		return;

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
					notNullChecks(facts, c.usingIndexColumns, only, scanned, nullable);
					if (scanned.empty())
						break;
					Finding f = makeFinding(Rule::PrimaryKeyUsingIndex, Work::CheckNulls, index, -1, scanned);
					f.nullableColumns = nullable;
					findings.push_back(f);
					break;
				}
				scanned = indexedRelations(tree, only);
				notNullChecks(facts, c.keys, only, scanned, nullable);
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

		case ConstraintKind::Check:
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
		if (refusedOnPartitions(facts, c.kind, {column.name}, false))
			continue;

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
				 * DEFAULT clause at all.  An identity column and a domain
				 * with a DEFAULT of its own are the exceptions that prove
				 * nothing: no DEFAULT clause, so validation is skipped, yet
				 * every row gets a value (a generated one, the domain's).
				 */
				if (!c.foreignKey.referencedFound || !c.foreignKey.enforced || column.fill == ColumnFill::None)
					break;
				if (column.fill == ColumnFill::Identity)
					findings.push_back(makeFinding(Rule::IdentityForeignKey,
												   Work::RewriteTable,
												   index,
												   j,
												   referencingRelations(tree, c.foreignKey)));
				else if (column.fill == ColumnFill::DomainDefault)
					findings.push_back(makeFinding(Rule::DomainDefaultForeignKey,
												   Work::SkipValidation,
												   index,
												   j,
												   referencingRelations(tree, c.foreignKey)));
				else
					findings.push_back(makeFinding(
						Rule::ForeignKey, Work::ValidateRows, index, j, referencingRelations(tree, c.foreignKey)));
				break;

			case ConstraintKind::Exclusion:
			case ConstraintKind::Check:
			case ConstraintKind::Other:
				break;
		}
	}
}

/*
 * VALIDATE CONSTRAINT takes only SHARE UPDATE EXCLUSIVE, which blocks
 * neither reads nor writes, so it is the safe second step.  But every lock
 * the transaction holds when it starts is held while it reads the rows: one
 * an earlier statement took (ADD ... NOT VALID takes SHARE ROW EXCLUSIVE,
 * and PostgreSQL holds it until the transaction ends), or the one the same
 * statement takes for its other subcommands (ALTER TABLE takes the
 * strongest lock any of its subcommands needs before it runs any).  The
 * locks that count are those on what the validation reads -- the table, the
 * children it recurses to, a foreign key's referenced table -- and on the
 * tables above the table, through which writes to it are routed.
 *
 * What is read follows ATExecValidateConstraint(): nothing if the
 * constraint is valid already; a foreign key on the table alone; a check
 * constraint also in every inheritance child and partition where it is not
 * yet valid, unless it is NO INHERIT.
 */
void
validateFindings(const StatementFacts &facts, int index, std::vector<Finding> &findings)
{
	const AlterTableFacts &alter = facts.alterTable;
	const ValidateFacts &validate = alter.subcommands[index].validate;

	if (validate.notValidIn.empty() || validate.notValidIn.front() != 0)
		return;

	std::vector<int> scanned;
	LockMode held = alter.heldLock;
	QualifiedName heldOn = alter.heldLockOn;
	for (int i : validate.notValidIn)
	{
		const bool recurses = validate.kind == ValidatedKind::Check && !validate.noInherit && !alter.only;
		const RelationFacts &rel = facts.table.relations[i];
		if ((i != 0 && !recurses) || !hasStorage(rel))
			continue;
		scanned.push_back(i);
		if (i != 0 && rel.heldLock > held)
		{
			held = rel.heldLock;
			heldOn = rel.name;
		}
	}
	if (validate.kind == ValidatedKind::ForeignKey && validate.referencedHeldLock > held)
	{
		held = validate.referencedHeldLock;
		heldOn = validate.referenced;
	}

	const LockMode strongest = std::max(held, alter.lock);
	if (strongest < LockMode::Share)
		return;
	Finding f = makeFinding(Rule::ValidateUnderLock, Work::ValidateRows, index, -1, scanned);
	f.lock = strongest;
	f.lockFromStatement = alter.lock > held;
	if (!f.lockFromStatement)
		f.lockOn = heldOn;
	findings.push_back(f);
}

/*
 * ATTACH PARTITION builds, on the table being attached, each index of the
 * partitioned table that the table has no matching index for, under the
 * ACCESS EXCLUSIVE lock it takes on that table; a partitioned table being
 * attached gets it in each of its partitions that lacks it.
 */
void
attachFindings(const StatementFacts &facts, std::vector<Finding> &findings)
{
	const auto &missing = facts.attachPartition.missingIndexes;
	for (int i = 0; i < static_cast<int>(missing.size()); i++)
	{
		checkInterrupts();
		Finding f = makeFinding(Rule::AttachPartition, Work::BuildIndex, -1, -1, missing[i].buildIn);
		f.lock = LockMode::AccessExclusive;
		f.missingIndex = i;
		findings.push_back(f);
	}
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
	{
		/* a plain index skips foreign partitions; a unique one is refused as a unique constraint is */
		if (!facts.createIndex.unique ||
			!refusedOnPartitions(facts, ConstraintKind::Unique, facts.createIndex.keyColumns, facts.createIndex.only))
		{
			std::vector<int> builds = createIndexBuildsIn(facts.table, facts.createIndex.only);
			/* ON ONLY, or every partition has a matching index: nothing is built */
			if (!builds.empty() || facts.table.target().kind != RelationKind::PartitionedTable)
				candidates.push_back(makeFinding(Rule::CreateIndex, Work::BuildIndex, -1, -1, builds));
		}
	}
	else if (facts.kind == StatementKind::AttachPartition)
		attachFindings(facts, candidates);
	else
	{
		const auto &subcommands = facts.alterTable.subcommands;
		for (int i = 0; i < static_cast<int>(subcommands.size()); i++)
		{
			checkInterrupts();
			if (subcommands[i].kind == SubcommandKind::AddConstraint)
				tableConstraintFindings(facts, i, candidates);
			else if (subcommands[i].kind == SubcommandKind::AddColumn)
				columnFindings(facts, i, candidates);
			else if (subcommands[i].kind == SubcommandKind::ValidateConstraint)
				validateFindings(facts, i, candidates);
		}
	}

	for (auto &finding : candidates)
	{
		checkInterrupts();
		if (assess(facts, finding))
			findings.push_back(std::move(finding));
	}
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
