/*-------------------------------------------------------------------------
 *
 * partition_bound.cpp
 *		The recipe of ATTACH PARTITION and CREATE TABLE ... PARTITION OF.
 *
 * The indexes ATTACH would build are built concurrently first
 * (attach-partition).  A partition constraint PostgreSQL would check by
 * reading every row is proven instead by a CHECK constraint written as
 * PostgreSQL builds the constraint (pg_get_expr() of it, so exactly what
 * PartConstraintImpliedByRelConstraint() will find), added NOT VALID and
 * validated under SHARE UPDATE EXCLUSIVE, which blocks neither reads nor
 * writes: on the table being attached, its own partition constraint
 * (attach-partition-scan); on the DEFAULT partition, its new constraint,
 * the negation of the new bound (default-partition-scan).  The statement
 * then reads nothing, and the CHECK constraints, redundant with the
 * partition constraints, are dropped.
 *
 * IDENTIFICATION
 *	  src/core/rules/partition_bound.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/rules/partition_bound.hpp"

#include "core/advice/writer.hpp"
#include "core/interrupts.hpp"
#include "core/rules/phrases.hpp"
#include "core/script.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

bool
has(const std::vector<Finding> &findings, Rule rule)
{
	for (const Finding &f : findings)
		if (f.rule == rule)
			return true;
	return false;
}

void
indexSteps(AdviceWriter &writer, const std::vector<Finding> &findings)
{
	for (const Finding &f : findings)
	{
		if (f.rule != Rule::AttachPartition)
			continue;
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
}

/* A CHECK constraint proving scan's constraint on relation index, added and validated; its name, or empty. */
std::string
proofSteps(AdviceWriter &writer, int index, const PartitionScan &scan)
{
	if (scan.constraint.empty())
		return "";
	const RelationFacts &rel = writer.rel(index);
	std::string name = writer.names().constraintName(rel.name.schema, rel.name.name, std::nullopt, "partition_check");
	writer.add(StepKind::Brief,
			   "ALTER TABLE " + writer.table(index) + " ADD CONSTRAINT " + writer.ident(name) + " CHECK (" +
				   scan.constraint + ") NOT VALID;");
	writer.add(StepKind::Validate,
			   "ALTER TABLE " + writer.table(index) + " VALIDATE CONSTRAINT " + writer.ident(name) + ";");
	return name;
}

} /* namespace */

std::string
partitionOperation(const StatementFacts &facts)
{
	return facts.attachPartition.create ? "CREATE TABLE ... PARTITION OF" : "ATTACH PARTITION";
}

void
advisePartitionBound(AdviceWriter &writer, const std::vector<Finding> &findings)
{
	const StatementFacts &facts = writer.facts();
	const AttachPartitionFacts &ap = facts.attachPartition;
	const bool indexes = has(findings, Rule::AttachPartition);
	const bool attachedScan = has(findings, Rule::AttachPartitionScan);
	const bool defaultScan = has(findings, Rule::DefaultPartitionScan) && ap.defaultPartition >= 0;

	if (indexes)
		indexSteps(writer, findings);

	std::string attachedCheck, defaultCheck;
	if (attachedScan)
	{
		attachedCheck = proofSteps(writer, 0, ap.attached);
		if (attachedCheck.empty())
			writer.say("pgsafe cannot write the partition constraint of \"" + display(writer.rel(0).name) +
					   "\" as SQL: add a CHECK constraint that implies it NOT VALID and validate it first.");
		else
			writer.say("Prove the partition constraint with a CHECK constraint on \"" + display(writer.rel(0).name) +
					   "\" first, added NOT VALID and validated under SHARE UPDATE EXCLUSIVE, which blocks no reads "
					   "or writes; " +
					   partitionOperation(facts) + " then finds it and reads nothing.");
	}
	if (defaultScan)
	{
		const std::string name = display(writer.rel(ap.defaultPartition).name);
		defaultCheck = proofSteps(writer, ap.defaultPartition, ap.defaultScan);
		if (defaultCheck.empty())
			writer.say("pgsafe cannot write the new bound as SQL: add a CHECK constraint to DEFAULT partition \"" +
					   name + "\" that excludes its rows NOT VALID and validate it first.");
		else
		{
			writer.say("Prove with a CHECK constraint on DEFAULT partition \"" + name +
					   "\", added NOT VALID and validated under SHARE UPDATE EXCLUSIVE, that it holds no row of the "
					   "new bound; " +
					   partitionOperation(facts) + " then reads nothing of it.");
			writer.add(StepKind::Comment,
					   "if VALIDATE fails, \"" + name +
						   "\" holds rows of the new bound, and the statement would fail too: move them out first, "
						   "in batches");
		}
	}

	if (!facts.text.empty())
		writer.add(StepKind::Brief, compactSql(facts.text) + ";");
	if (!attachedCheck.empty())
		writer.add(StepKind::Brief,
				   "ALTER TABLE " + writer.table(0) + " DROP CONSTRAINT " + writer.ident(attachedCheck) + ";");
	if (!defaultCheck.empty())
		writer.add(StepKind::Brief,
				   "ALTER TABLE " + writer.table(ap.defaultPartition) + " DROP CONSTRAINT " +
					   writer.ident(defaultCheck) + ";");
	if (indexes && !attachedScan)
		writer.add(StepKind::Comment,
				   "ATTACH PARTITION also reads every row to check the partition bound, unless a valid "
				   "CHECK constraint of the table implies it");
}

} /* namespace pgsafe */
