/*-------------------------------------------------------------------------
 *
 * read_partition.cpp
 *		Read partition trees, ATTACH PARTITION and CREATE TABLE ... PARTITION
 *		OF: the relations a statement acts on, and the partition scans.
 *
 * IDENTIFICATION
 *	  src/adapter/read_partition.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "adapter/statement.hpp"

#include <algorithm>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "adapter/alter_type.hpp"
#include "adapter/catalog.hpp"
#include "adapter/hook.hpp"
#include "adapter/partition_indexes.hpp"
#include "adapter/partition_scan.hpp"
#include "adapter/pg_call.hpp"
#include "adapter/read_domain.hpp"
#include "adapter/read_maintenance.hpp"
#include "adapter/read_storage.hpp"
#include "adapter/settings.hpp"
#include "adapter/sqltext.hpp"
#include "adapter/statement_detail.hpp"
#include "core/rules/behaviour.hpp"

namespace pgsafe {

/*
 * ALTER TABLE parent ATTACH PARTITION t: the facts are about t, which
 * PostgreSQL locks ACCESS EXCLUSIVE and builds the parent's missing indexes
 * on; the parent takes only SHARE UPDATE EXCLUSIVE.
 */
CatalogRead
StatementReader::readAttachPartition(StatementFacts &facts, const PartitionCmd *attach, CatalogRead unseen)
{
	const Oid parent = relid_;
	const Oid attached = resolve(attach->name);

	if (!OidIsValid(attached))
		return unseen;
	if (policy_.script ? !currentUserMaySee(attached) : !currentUserOwns(attached))
		return policy_.script ? unseen : CatalogRead::Nothing;
	char relkind = relationKind(attached);
	if (relkind != RELKIND_RELATION && relkind != RELKIND_PARTITIONED_TABLE)
		return CatalogRead::Nothing;

	facts.kind = StatementKind::AttachPartition;
	facts.attachPartition.parent = relationName(parent);
	readTree(facts, attached, {}, true, false);
	if (facts.table.relations.empty())
		return CatalogRead::Nothing;
	const bool attachedFilled = anyFilled(facts.table);

	/* matching the indexes is work: only where a build could block anyone */
	if (attachedFilled)
	{
		std::unordered_map<Oid, int> indexOf = treeIndexOf();
		for (const IndexToBuild &build : indexesAttachBuilds(parent, attached))
		{
			MissingIndex missing;
			missing.parentIndex = relationName(build.parentIndex);
			missing.unique = build.unique;
			missing.primary = build.primary;
			missing.constraint = build.constraint;
			missing.columnNames = build.columnNames;
			for (Oid relid : build.buildIn)
			{
				auto at = indexOf.find(relid);
				if (at != indexOf.end())
					missing.buildIn.push_back(at->second);
			}
			facts.attachPartition.missingIndexes.push_back(missing);
			indexOids_.push_back(build.parentIndex);
		}
	}
	if (attach->bound)
		readPartitionScans(facts, parent, attached, attach->bound, attachedFilled);
	return anyFilled(facts.table) ? CatalogRead::Facts : CatalogRead::Nothing;
}

/*
 * CREATE TABLE ... PARTITION OF parent: PostgreSQL reads the parent's
 * DEFAULT partition (under ACCESS EXCLUSIVE) to check that none of its rows
 * belongs to the new bound.  The RelationTree is that partition and its
 * partitions; the new table takes no part.
 */
CatalogRead
StatementReader::readCreatePartition(StatementFacts &facts)
{
	const CreateStmt *stmt = (const CreateStmt *) pstmt_->utilityStmt;
	if (!createPartitionIsCandidate(pstmt_->utilityStmt))
		return CatalogRead::Nothing;

	const CatalogRead unseen = policy_.script ? CatalogRead::Unknown : CatalogRead::Nothing;
	const Oid parent = resolve((const RangeVar *) linitial(stmt->inhRelations));
	if (!OidIsValid(parent))
		return unseen;
	if (policy_.script ? !currentUserMaySee(parent) : !currentUserOwns(parent))
		return unseen;
	if (relationKind(parent) != RELKIND_PARTITIONED_TABLE)
		return CatalogRead::Nothing;
	/* CREATE TABLE IF NOT EXISTS of a table that exists does nothing */
	if (stmt->if_not_exists && OidIsValid(lookupRelation(stmt->relation)))
		return CatalogRead::Nothing;
	const Oid defaultPartition = defaultPartitionOf(parent);
	if (!OidIsValid(defaultPartition))
		return CatalogRead::Nothing;

	readSession(facts);
	facts.kind = StatementKind::AttachPartition;
	facts.attachPartition.create = true;
	facts.attachPartition.parent = relationName(parent);
	facts.attachPartition.partition = {stmt->relation->schemaname ? stmt->relation->schemaname : "",
									   stmt->relation->relname};
	readPartitionScans(facts, parent, InvalidOid, stmt->partbound, false);
	return facts.attachPartition.defaultPartition >= 0 && anyFilled(facts.table) ? CatalogRead::Facts
																				 : CatalogRead::Nothing;
}

/*
 * Append relid and every relation below it to the tree as a root of its
 * own (parent -1): the DEFAULT partition, read along with the table being
 * attached.  Its index, or -1 if it is gone.
 */
int
StatementReader::appendTree(StatementFacts &facts, Oid root)
{
	RelationFacts top;
	if (!readRelation(root, {}, top))
		return -1;
	const int rootIndex = static_cast<int>(facts.table.relations.size());
	facts.table.relations.push_back(top);
	relids_.push_back(root);
	if (top.kind != RelationKind::PartitionedTable || !relationHasChildren(root))
		return rootIndex;

	std::vector<Descendant> tree = descendants(root);
	std::vector<int> indexOf(tree.size(), -1);
	indexOf[0] = rootIndex;
	for (std::size_t i = 1; i < tree.size(); i++)
	{
		RelationFacts child;
		int parent = indexOf[tree[i].parent];

		checkForInterrupts();
		if (parent < 0 || !readRelation(tree[i].relid, {}, child))
			continue;
		child.parent = parent;
		indexOf[i] = static_cast<int>(facts.table.relations.size());
		facts.table.relations.push_back(child);
		relids_.push_back(tree[i].relid);
	}
	return rootIndex;
}

/*
 * What PostgreSQL reads to check the new bound: the table being attached
 * (when it holds anything) and the DEFAULT partition (appended to the tree,
 * when it holds anything), as RelationTree indexes of the leaves.
 */
void
StatementReader::readPartitionScans(StatementFacts &facts, Oid parent, Oid attached, const PartitionBoundSpec *bound,
									bool attachedFilled)
{
	AttachPartitionFacts &ap = facts.attachPartition;
	const Oid defaultPartition = defaultPartitionOf(parent);
	const bool hasDefault = OidIsValid(defaultPartition) && defaultPartition != attached && !bound->is_default;

	if (hasDefault)
	{
		ap.defaultPartition = appendTree(facts, defaultPartition);
		if (ap.defaultPartition >= 0)
		{
			bool filled = false;
			for (int leaf : facts.table.leavesUnder(ap.defaultPartition))
			{
				const RelationFacts &rel = facts.table.relations[leaf];
				filled = filled || (!rel.local && (rel.bytes > 0 || !rel.sizeKnown));
			}
			if (!filled)
			{
				/* nothing to read there: leave it out */
				facts.table.relations.resize(ap.defaultPartition);
				relids_.resize(ap.defaultPartition);
				ap.defaultPartition = -1;
			}
		}
	}
	if (!attachedFilled && ap.defaultPartition < 0)
		return;

	PartitionScans scans = partitionScans(parent, attached, bound);
	if (scans.refused)
		return;

	std::unordered_map<Oid, int> indexOf = treeIndexOf();
	auto toScan = [&](const ScanDecision &decision, int root, PartitionScan &out) {
		out.checked = decision.checked;
		out.unprovable = decision.unprovable;
		out.constraint = decision.constraint;
		for (Oid relid : decision.scanned)
		{
			auto at = indexOf.find(relid);
			if (at == indexOf.end() || root < 0)
				continue;
			for (int leaf : facts.table.leavesUnder(at->second))
				if (std::find(out.scanned.begin(), out.scanned.end(), leaf) == out.scanned.end())
					out.scanned.push_back(leaf);
		}
	};
	if (attachedFilled)
		toScan(scans.attached, 0, ap.attached);
	if (ap.defaultPartition >= 0 && scans.defaultPartition == defaultPartition)
		toScan(scans.defaultScan, ap.defaultPartition, ap.defaultScan);
}

/*
 * The root and, when the statement recurses, every relation below it.
 * Only partitioned tables, ADD PRIMARY KEY (whose SET NOT NULL reaches
 * inheritance children) and what else asks for it (VALIDATE of a check
 * constraint) need an inheritance parent's children.
 */
void
StatementReader::readTree(StatementFacts &facts, Oid root, const std::vector<std::string> &columns, bool recurse,
						  bool inheritanceChildren)
{
	RelationFacts target;

	facts.table.relations.clear();
	relids_.clear();
	if (!readRelation(root, columns, target))
		return;
	facts.table.relations.push_back(target);
	relids_.push_back(root);

	bool wantChildren = target.kind == RelationKind::PartitionedTable || !columns.empty() || inheritanceChildren;
	if (!recurse || !wantChildren || !relationHasChildren(root))
		return;

	std::vector<Descendant> tree = descendants(root);
	std::vector<int> indexOf(tree.size(), -1);
	indexOf[0] = 0;
	for (std::size_t i = 1; i < tree.size(); i++)
	{
		RelationFacts child;
		int parent = indexOf[tree[i].parent];

		checkForInterrupts();
		if (parent < 0 || !readRelation(tree[i].relid, columns, child))
			continue; /* dropped meanwhile, or under a dropped parent */
		child.parent = parent;
		indexOf[i] = static_cast<int>(facts.table.relations.size());
		facts.table.relations.push_back(child);
		relids_.push_back(tree[i].relid);
	}
}

/* Where each relation of the tree read is in RelationTree::relations, by OID. */
std::unordered_map<Oid, int>
StatementReader::treeIndexOf() const
{
	std::unordered_map<Oid, int> indexOf;
	for (std::size_t i = 0; i < relids_.size(); i++)
		indexOf[relids_[i]] = static_cast<int>(i);
	return indexOf;
}

} /* namespace pgsafe */
