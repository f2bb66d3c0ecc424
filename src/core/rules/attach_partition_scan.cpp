/*-------------------------------------------------------------------------
 *
 * attach_partition_scan.cpp
 *		attach-partition-scan: ALTER TABLE ... ATTACH PARTITION reads every
 *		row of the table being attached to check the partition constraint,
 *		under the ACCESS EXCLUSIVE lock it takes on that table, unless the
 *		table's validated CHECK constraints and NOT NULL columns imply it.
 *
 * The adapter decides it with PostgreSQL's own proof
 * (PartConstraintImpliedByRelConstraint(), partition_scan.cpp), on the
 * constraint PostgreSQL builds: the bound's, and the parent's own if the
 * parent is a partition.  A partitioned table being attached is proven at
 * the top, or else in each partition (QueuePartitionConstraintValidation()):
 * the leaves not proven are read.  When pgsafe cannot ask the proof without
 * running code that is not built in, every leaf is taken as read.  Safe:
 * the same constraint as a CHECK, added NOT VALID and validated (SHARE
 * UPDATE EXCLUSIVE, no reads or writes blocked), then ATTACH, which reads
 * nothing, then the CHECK dropped (partition_bound.cpp).
 *
 * IDENTIFICATION
 *	  src/core/rules/attach_partition_scan.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/rules/behaviour.hpp"
#include "core/rules/partition_bound.hpp"
#include "core/rules/phrases.hpp"
#include "core/rules/relations.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

void
detect(const StatementFacts &facts, int, std::vector<Finding> &findings)
{
	const PartitionScan &scan = facts.attachPartition.attached;
	if (facts.attachPartition.create || !scan.checked || scan.scanned.empty())
		return;
	Finding f = makeFinding(Rule::AttachPartitionScan, Work::ValidateRows, -1, -1, scan.scanned);
	f.lock = LockMode::AccessExclusive;
	findings.push_back(f);
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
	return "ATTACH PARTITION of " + std::string(objectKind(target.kind)) + " \"" + display(target.name) + "\" to \"" +
		   display(facts.attachPartition.parent) + "\" takes " + aLock(tableLock(facts, f)) +
		   " on it, blocking reads and writes while it reads every row to check the partition constraint";
}

std::string
why(const StatementFacts &facts, const Finding &)
{
	const PartitionScan &scan = facts.attachPartition.attached;
	if (scan.unprovable)
		return "pgsafe could not ask PostgreSQL's proof that the table's constraints imply the partition constraint "
			   "without running code that is not built in (a partition key expression or a type or operator class "
			   "that is not built in, a bound value that is not a literal, a CHECK constraint calling a function "
			   "that is not built in) or without waiting for a lock, so it takes every row as read.";
	return "No validated CHECK constraint or NOT NULL column of the table implies the partition constraint, so "
		   "PostgreSQL reads every row to check it.";
}

} /* namespace */

const RuleBehaviour kAttachPartitionScanRule = {
	Rule::AttachPartitionScan,
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
	nullptr,
};

} /* namespace pgsafe */
