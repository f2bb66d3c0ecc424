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
 * ATTACH PARTITION then only attaches them.
 *
 * IDENTIFICATION
 *	  src/core/rules/attach_partition.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/advice/writer.hpp"
#include "core/interrupts.hpp"
#include "core/rules/behaviour.hpp"
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

void
adviseStatement(AdviceWriter &writer, const std::vector<Finding> &findings)
{
	for (const Finding &f : findings)
	{
		const MissingIndex &index = writer.facts().attachPartition.missingIndexes[f.missingIndex];
		const std::string label = index.primary ? "pkey" : index.unique && index.constraint ? "key" : "idx";

		std::vector<int> spelled = writer.spelledLeaves(f.scanned);
		for (int i : spelled)
		{
			checkInterrupts();
			std::string name = writer.defaultIndexName(i, index.columnNames, label, index.constraint);
			writer.add(StepKind::Concurrent,
					   std::string("CREATE ") + (index.unique ? "UNIQUE " : "") + "INDEX CONCURRENTLY " +
						   writer.ident(name) + " ON " + writer.table(i) + " " + index.definition + ";");
			writer.buildsConcurrently(writer.inSchemaOf(i, name));
			if (index.constraint)
				writer.add(StepKind::Brief,
						   "ALTER TABLE " + writer.table(i) + " ADD CONSTRAINT " + writer.ident(name) +
							   (index.primary ? " PRIMARY KEY" : " UNIQUE") + " USING INDEX " + writer.ident(name) +
							   ";");
		}
		if (spelled.size() < f.scanned.size())
			writer.add(StepKind::Comment,
					   "... and the same for each of the other " + std::to_string(f.scanned.size() - spelled.size()) +
						   " partitions that lack the index");
	}
	writer.say("Build the partitioned table's indexes on the table first, concurrently, so that ATTACH PARTITION finds "
			   "them and only attaches them.");
	if (!writer.facts().text.empty())
		writer.add(StepKind::Brief, compactSql(writer.facts().text) + ";");
	writer.add(StepKind::Comment,
			   "ATTACH PARTITION also reads every row to check the partition bound, unless a valid "
			   "CHECK constraint of the table implies it");
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
	adviseStatement,
};

} /* namespace pgsafe */
