/*-------------------------------------------------------------------------
 *
 * reindex.cpp
 *		reindex: REINDEX without CONCURRENTLY holds SHARE on the table and
 *		ACCESS EXCLUSIVE on each index while it rebuilds it.
 *
 * SHARE blocks writes.  The index's ACCESS EXCLUSIVE lock blocks nearly
 * every read too: the planner locks every index of a table for any query
 * of it (get_relation_info()), whichever it then uses.  REINDEX SCHEMA and
 * DATABASE, and REINDEX of a partitioned table or index, take each table
 * in a transaction of its own (indexcmds.c, ReindexMultipleTables(),
 * ReindexPartitions()): one table blocked at a time, each for as long as
 * its indexes take.
 *
 * Safe: REINDEX ... CONCURRENTLY, outside a transaction block, with the
 * same options.  Not where PostgreSQL refuses it: system catalogs (every
 * form but DATABASE, which skips them with a warning) and the index of an
 * exclusion constraint (index_concurrently_create_copy()).  REINDEX TABLE
 * CONCURRENTLY also skips, with a warning, invalid indexes and those of
 * exclusion constraints: the advice says which.
 *
 * IDENTIFICATION
 *	  src/core/rules/reindex.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <algorithm>

#include "core/advice/writer.hpp"
#include "core/analysis.hpp"
#include "core/rules/behaviour.hpp"
#include "core/rules/phrases.hpp"
#include "core/rules/relations.hpp"
#include "core/script.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

/* How many of the tables a REINDEX SCHEMA or DATABASE rebuilds the message names. */
constexpr std::size_t kLargestNamed = 5;

bool
manyTables(const ReindexFacts &r)
{
	return r.target == ReindexTarget::Schema || r.target == ReindexTarget::Database ||
		   r.target == ReindexTarget::System;
}

void
detect(const StatementFacts &facts, int, std::vector<Finding> &findings)
{
	const RelationTree &tree = facts.table;
	std::vector<int> scanned;

	if (manyTables(facts.reindex))
		for (int i = 1; i < static_cast<int>(tree.relations.size()); i++)
			scanned.push_back(i);
	else
		for (int i = 0; i < static_cast<int>(tree.relations.size()); i++)
			if (hasStorage(tree.relations[i]))
				scanned.push_back(i);
	if (scanned.empty())
		return;
	Finding finding = makeFinding(Rule::Reindex, Work::BuildIndex, -1, -1, scanned);
	finding.lock = LockMode::AccessExclusive; /* on the indexes; SHARE on the table */
	findings.push_back(finding);
}

const char *
targetWord(ReindexTarget target)
{
	switch (target)
	{
		case ReindexTarget::Index:
			return "INDEX";
		case ReindexTarget::Table:
			return "TABLE";
		case ReindexTarget::Schema:
			return "SCHEMA";
		case ReindexTarget::Database:
			return "DATABASE";
		case ReindexTarget::System:
			return "SYSTEM";
	}
	return "TABLE";
}

std::string
operation(const StatementFacts &facts, const Finding &)
{
	return std::string("REINDEX ") + targetWord(facts.reindex.target);
}

std::string
message(const StatementFacts &facts, const Finding &f)
{
	const ReindexFacts &r = facts.reindex;
	const RelationFacts &target = facts.table.target();
	const std::string table = std::string(objectKind(target.kind)) + " \"" + display(target.name) + "\"";
	const std::string op = operation(facts, f);

	switch (r.target)
	{
		case ReindexTarget::Index:
			if (target.kind == RelationKind::PartitionedTable)
				return op + " \"" + display(r.index) + "\" takes, on each partition of " + table +
					   " in turn, a SHARE lock and an ACCESS EXCLUSIVE lock on its index, blocking writes and nearly "
					   "all reads of the partition while the index is rebuilt";
			return op + " \"" + display(r.index) + "\" takes a SHARE lock on " + table +
				   " and an ACCESS EXCLUSIVE lock on the index, blocking writes and nearly all reads of the table "
				   "while the index is rebuilt";
		case ReindexTarget::Table:
			if (target.kind == RelationKind::PartitionedTable)
				return op + " on " + table +
					   " takes, on each partition in turn, a SHARE lock and an ACCESS EXCLUSIVE lock on its indexes, "
					   "blocking writes and nearly all reads of the partition while they are rebuilt";
			return op + " on " + table +
				   " takes a SHARE lock on it and an ACCESS EXCLUSIVE lock on each of its indexes, blocking writes "
				   "and nearly all reads while they are rebuilt";
		case ReindexTarget::Schema:
		case ReindexTarget::Database:
		case ReindexTarget::System:
			break;
	}
	const std::string where = r.target == ReindexTarget::Schema
								  ? " \"" + r.objectName + "\" takes, on each of its tables"
							  : r.target == ReindexTarget::Database ? " \"" + r.objectName + "\" takes, on each table"
																	: " takes, on each system catalog";
	return op + where +
		   " in turn, a SHARE lock and an ACCESS EXCLUSIVE lock on its indexes, blocking writes and nearly all reads "
		   "of that table while they are rebuilt";
}

std::string
why(const StatementFacts &, const Finding &)
{
	return "The planner locks every index of a table for any query of it, so an ACCESS EXCLUSIVE lock on an index "
		   "blocks nearly every query of the table, not only those that use the index.";
}

/* SCHEMA, DATABASE, SYSTEM: how many tables, how much, and the largest, by name. */
std::string
size(const StatementFacts &facts, const Finding &f)
{
	if (!manyTables(facts.reindex))
		return "";

	std::vector<int> tables = f.scanned;
	std::stable_sort(tables.begin(), tables.end(), [&](int a, int b) {
		const RelationFacts &ra = facts.table.relations[a];
		const RelationFacts &rb = facts.table.relations[b];
		return ra.bytes + ra.toastBytes > rb.bytes + rb.toastBytes;
	});
	std::size_t unknown = 0;
	std::string largest;
	std::size_t named = 0;
	for (int i : tables)
	{
		const RelationFacts &rel = facts.table.relations[i];
		if (!rel.sizeKnown)
		{
			unknown++;
			continue;
		}
		if (named == kLargestNamed || rel.bytes == 0)
			continue;
		largest += std::string(named ? ", " : "") + "\"" + display(rel.name) + "\" (" +
				   prettySize(rel.bytes + rel.toastBytes) + ")";
		named++;
	}

	const std::size_t n = tables.size();
	std::string sentence = "It reindexes " + std::to_string(n) + (n == 1 ? " table" : " tables") + " holding " +
						   prettySize(f.bytes) + (n == 1 ? "" : " in all") + ".";
	if (!largest.empty())
		sentence += std::string(named == 1 ? " The largest: " : " The largest ones: ") + largest + ".";
	if (unknown > 0)
		sentence += " The size of " + std::to_string(unknown) + (unknown == 1 ? " table" : " tables") +
					" could not be read without waiting for a lock, so " + (unknown == 1 ? "it is" : "they are") +
					" treated as not empty.";
	return sentence;
}

/* "REINDEX [(VERBOSE, TABLESPACE t)] KIND" */
std::string
command(AdviceWriter &writer, const ReindexFacts &r)
{
	std::string options;
	if (r.verbose)
		options = "VERBOSE";
	if (r.tablespace)
		options += (options.empty() ? "" : ", ") + std::string("TABLESPACE ") + writer.ident(*r.tablespace);
	return "REINDEX " + (options.empty() ? "" : "(" + options + ") ") + targetWord(r.target);
}

std::string
objectOf(AdviceWriter &writer, const ReindexFacts &r)
{
	switch (r.target)
	{
		case ReindexTarget::Index:
			return quoteQualified(r.index, writer.oracle());
		case ReindexTarget::Table:
			return writer.table(0);
		default:
			return writer.ident(r.objectName);
	}
}

void
adviseStatement(AdviceWriter &writer, const std::vector<Finding> &)
{
	const ReindexFacts &r = writer.facts().reindex;
	const bool refused = (r.systemCatalogs && r.target != ReindexTarget::Database) ||
						 (r.target == ReindexTarget::Index && r.exclusionIndex);

	if (refused)
	{
		const std::string reason = r.systemCatalogs
									   ? "PostgreSQL cannot reindex system catalogs concurrently"
									   : "REINDEX CONCURRENTLY is refused for the index of an exclusion constraint";
		/* REINDEX SCHEMA, SYSTEM and of a partitioned table run outside a transaction block: no BEGIN around it */
		if (manyTables(r) || writer.partitioned())
		{
			writer.say(reason +
					   ", so there is no online way to rebuild these indexes: run the statement in a maintenance "
					   "window, outside a transaction block, as a superuser or a role granted SET on pgsafe.mode, "
					   "with the mode lowered for it.");
			return;
		}
		writer.add(StepKind::Comment, "no online alternative: " + reason);
		writer.add(StepKind::Blocking, compactSql(writer.facts().text) + ";");
		writer.say(reason + ", so there is no online way to rebuild " +
				   (r.target == ReindexTarget::Index ? "this index" : "these indexes") +
				   ": run the statement in a maintenance window.");
		return;
	}

	writer.add(StepKind::Concurrent, command(writer, r) + " CONCURRENTLY " + objectOf(writer, r) + ";");
	writer.add(StepKind::Comment,
			   "if REINDEX CONCURRENTLY fails, it leaves an invalid index whose name ends in _ccnew beside each "
			   "index it was rebuilding: drop those with DROP INDEX CONCURRENTLY, then run it again");
	writer.outsideTransaction("REINDEX CONCURRENTLY");
	writer.say("Rebuild the indexes concurrently: REINDEX CONCURRENTLY builds a new copy of each index beside the old "
			   "one and swaps them, holding SHARE UPDATE EXCLUSIVE, which blocks neither reads nor writes, and "
			   "ACCESS EXCLUSIVE only for the moment of each swap.");
	if (r.target == ReindexTarget::Database && r.systemCatalogs)
		writer.say("It skips the system catalogs, with a warning: PostgreSQL can only rebuild their indexes "
				   "blocking, with REINDEX SYSTEM, in a maintenance window.");
	if (r.skippedCount > 0)
	{
		std::string names;
		for (std::size_t i = 0; i < r.skippedConcurrently.size(); i++)
			names += std::string(i ? ", " : "") + "\"" + display(r.skippedConcurrently[i]) + "\"";
		if (r.skippedCount > r.skippedConcurrently.size())
			names += " and " + std::to_string(r.skippedCount - r.skippedConcurrently.size()) + " more";
		writer.say("It skips, with a warning, invalid indexes and the indexes of exclusion constraints, which the "
				   "statement would rebuild: " +
				   names +
				   ". Rebuild an invalid one with REINDEX INDEX CONCURRENTLY; an exclusion constraint's index can "
				   "only be rebuilt blocking.");
	}
}

} /* namespace */

const RuleBehaviour kReindexRule = {
	Rule::Reindex,
	StatementKind::Reindex,
	0,
	0,
	detect,
	operation,
	message,
	why,
	nullptr,
	nullptr,
	adviseStatement,
	size,
};

} /* namespace pgsafe */
