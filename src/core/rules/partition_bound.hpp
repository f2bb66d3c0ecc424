/*-------------------------------------------------------------------------
 *
 * partition_bound.hpp
 *		The recipe shared by the rules of ATTACH PARTITION and CREATE TABLE
 *		... PARTITION OF: attach-partition, attach-partition-scan and
 *		default-partition-scan.
 *
 * A statement's advice is written by the rule of its first finding, for
 * all of them; the three rules of one statement must make one script:
 * first the indexes, then the proofs of the partition constraints, then
 * the statement, then the proofs dropped again.
 *
 * IDENTIFICATION
 *	  src/core/rules/partition_bound.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <string>
#include <vector>

#include "core/rules/rule.hpp"

namespace pgsafe {

class AdviceWriter;

/* "ATTACH PARTITION" or "CREATE TABLE ... PARTITION OF" */
std::string partitionOperation(const StatementFacts &facts);

/* The whole recipe of an ATTACH PARTITION or CREATE TABLE ... PARTITION OF, for all its findings. */
void advisePartitionBound(AdviceWriter &writer, const std::vector<Finding> &findings);

} /* namespace pgsafe */
