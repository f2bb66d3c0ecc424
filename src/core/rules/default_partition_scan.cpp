/*-------------------------------------------------------------------------
 *
 * default_partition_scan.cpp
 *		default-partition-scan: ALTER TABLE ... ATTACH PARTITION and CREATE
 *		TABLE ... PARTITION OF read every row of the parent's DEFAULT
 *		partition, under ACCESS EXCLUSIVE on it, to check that none belongs
 *		to the new bound, unless its constraints already prove it.
 *
 * The DEFAULT partition's constraint becomes the negation of all other
 * bounds; PostgreSQL checks the negation of the new one
 * (get_proposed_default_constraint()) with its own proof first
 * (check_default_partition_contents() for CREATE TABLE, the queue of ATTACH
 * otherwise), and reads each leaf below the DEFAULT partition the proof
 * does not cover.  The adapter decides it the same way (partition_scan.cpp).
 * Safe: that negation as a CHECK on the DEFAULT partition, added NOT VALID
 * and validated (no reads or writes blocked), then the statement, which
 * then reads nothing of it, then the CHECK dropped.  Rows of the new bound
 * in the DEFAULT partition make VALIDATE fail, as they would make the
 * statement fail: they have to be moved out first.
 *
 * IDENTIFICATION
 *	  src/core/rules/default_partition_scan.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/analysis.hpp"
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
	const AttachPartitionFacts &ap = facts.attachPartition;
	if (ap.defaultPartition < 0 || !ap.defaultScan.checked || ap.defaultScan.scanned.empty())
		return;
	Finding f = makeFinding(Rule::DefaultPartitionScan, Work::ValidateRows, -1, -1, ap.defaultScan.scanned);
	f.lock = LockMode::AccessExclusive;
	f.about = ap.defaultPartition;
	findings.push_back(f);
}

std::string
operation(const StatementFacts &facts, const Finding &)
{
	return partitionOperation(facts);
}

std::string
message(const StatementFacts &facts, const Finding &f)
{
	const AttachPartitionFacts &ap = facts.attachPartition;
	return partitionOperation(facts) + " takes " + aLock(tableLock(facts, f)) + " on DEFAULT partition \"" +
		   display(facts.table.relations[ap.defaultPartition].name) + "\" of \"" + display(ap.parent) +
		   "\", blocking reads and writes while it reads every row to check that none belongs to the new partition";
}

std::string
why(const StatementFacts &facts, const Finding &)
{
	if (facts.attachPartition.defaultScan.unprovable)
		return "pgsafe could not ask PostgreSQL's proof that the DEFAULT partition's constraints exclude the new "
			   "bound without running code that is not built in (a partition key expression or a type or operator "
			   "class that is not built in, a bound value that is not a literal, a CHECK constraint calling a "
			   "function that is not built in) or without waiting for a lock, so it takes every row as read.";
	return "No validated CHECK constraint of the DEFAULT partition excludes the new bound, so PostgreSQL reads "
		   "every row to check that none belongs to the new partition.";
}

std::string
size(const StatementFacts &facts, const Finding &f)
{
	const RelationFacts &rel = facts.table.relations[facts.attachPartition.defaultPartition];
	const std::string name = display(rel.name);
	if (f.sizeUnknown)
		return "The size of DEFAULT partition \"" + name +
			   "\" could not be read without waiting for a lock, so it is treated as not empty.";
	if (f.scanned.size() == 1 && f.scanned.front() == facts.attachPartition.defaultPartition)
		return "The DEFAULT partition \"" + name + "\" is not empty: it holds " + prettySize(f.bytes) + ".";
	bool one = f.scanned.size() == 1;
	return "It reads " + std::to_string(f.scanned.size()) + (one ? " partition" : " partitions") +
		   " of DEFAULT partition \"" + name + "\" holding " + prettySize(f.bytes) + (one ? "." : " in all.");
}

} /* namespace */

const RuleBehaviour kDefaultPartitionScanRule = {
	Rule::DefaultPartitionScan,
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
	size,
};

} /* namespace pgsafe */
