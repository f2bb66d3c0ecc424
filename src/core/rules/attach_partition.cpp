/*-------------------------------------------------------------------------
 *
 * attach_partition.cpp
 *		attach-partition: ALTER TABLE ... ATTACH PARTITION builds, on the
 *		table being attached, each index of the partitioned table it has no
 *		match for, under the ACCESS EXCLUSIVE lock it takes on that table.
 *
 * A partitioned table being attached gets the index in each of its
 * partitions that lacks it.  The adapter matches indexes as PostgreSQL
 * does (partition_indexes.cpp).  Safe: build each missing index on the
 * table first, concurrently, a constraint's index then added as the
 * constraint USING INDEX, under the names PostgreSQL would give them;
 * ATTACH PARTITION then only attaches them.  The recipe is shared with
 * the rules of the partition constraint's scans (partition_bound.cpp).
 *
 * IDENTIFICATION
 *	  src/core/rules/attach_partition.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/advice/writer.hpp"
#include "core/interrupts.hpp"
#include "core/rules/behaviour.hpp"
#include "core/rules/partition_bound.hpp"
#include "core/rules/phrases.hpp"
#include "core/rules/relations.hpp"
#include "core/script.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

void
detect(const StatementFacts &facts, int, std::vector<Finding> &findings)
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

std::string
operation(const StatementFacts &, const Finding &)
{
	return "ATTACH PARTITION";
}

std::string
message(const StatementFacts &facts, const Finding &f)
{
	const RelationFacts &target = facts.table.target();
	const MissingIndex &index = facts.attachPartition.missingIndexes[f.missingIndex];
	return operation(facts, f) + " of " + objectKind(target.kind) + " \"" + display(target.name) + "\" to \"" +
		   display(facts.attachPartition.parent) + "\" takes " + aLock(tableLock(facts, f)) +
		   " on it, blocking reads and writes while it builds the index of \"" + display(index.parentIndex) +
		   "\" on it";
}

std::string
why(const StatementFacts &, const Finding &)
{
	return "The partitioned table's index has no match among the table's own valid indexes, so PostgreSQL builds "
		   "one.";
}

} /* namespace */

const RuleBehaviour kAttachPartitionRule = {
	Rule::AttachPartition,
	StatementKind::AttachPartition,
	0,
	0,
	detect,
	operation,
	message,
	why,
	nullptr,
	nullptr,
	advisePartitionBound,
};

} /* namespace pgsafe */
