/*-------------------------------------------------------------------------
 *
 * create_index.cpp
 *		create-index: CREATE [UNIQUE] INDEX without CONCURRENTLY holds SHARE
 *		while the index is built, blocking writes (on a materialized view,
 *		REFRESH).
 *
 * On a partitioned table the index is built in every leaf, except where a
 * partition has a matching index, which PostgreSQL adopts (DefineIndex()).
 * Safe: CREATE INDEX CONCURRENTLY, the definition kept as written; on a
 * partitioned table, where CONCURRENTLY is refused, the index ON ONLY each
 * partitioned table, built concurrently in each leaf, then attached.  A
 * foreign-table partition takes no index, so there the index could never
 * become valid: no online path.
 *
 * IDENTIFICATION
 *	  src/core/rules/create_index.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <algorithm>
#include <map>

#include "core/advice/writer.hpp"
#include "core/rules/behaviour.hpp"
#include "core/rules/relations.hpp"
#include "core/script.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

void
detect(const StatementFacts &facts, int, std::vector<Finding> &findings)
{
	const CreateIndexFacts &ci = facts.createIndex;

	/* a plain index skips foreign partitions; a unique one is refused as a unique constraint is */
	if (ci.unique && refusedOnPartitions(facts, ConstraintKind::Unique, ci.keyColumns, ci.only))
		return;
	std::vector<int> builds = createIndexBuildsIn(facts.table, ci.only);
	/* ON ONLY, or every partition has a matching index: nothing is built */
	if (builds.empty() && facts.table.target().kind == RelationKind::PartitionedTable)
		return;
	findings.push_back(makeFinding(Rule::CreateIndex, Work::BuildIndex, -1, -1, builds));
}

std::string
operation(const StatementFacts &facts, const Finding &)
{
	return facts.createIndex.unique ? "CREATE UNIQUE INDEX" : "CREATE INDEX";
}

std::string
why(const StatementFacts &, const Finding &)
{
	return "";
}

void
adviseStatement(AdviceWriter &writer, const std::vector<Finding> &)
{
	const CreateIndexFacts &ci = writer.facts().createIndex;
	const std::string unique = ci.unique ? "UNIQUE " : "";

	if (!ci.definition.valid())
	{
		writer.partial();
		writer.say("Add CONCURRENTLY to the statement and run it outside a transaction block.");
		return;
	}
	const std::string definition = compactSql(writer.facts().slice(ci.definition));

	if (!writer.partitioned())
	{
		std::string name = ci.name ? *ci.name : writer.defaultIndexName(0, ci.columnNames, "idx", false);
		writer.add(StepKind::Concurrent,
				   "CREATE " + unique + "INDEX CONCURRENTLY " + (ci.ifNotExists ? "IF NOT EXISTS " : "") +
					   writer.ident(name) + " ON " + writer.table(0) + " " + definition + ";");
		writer.buildsConcurrently(writer.inSchemaOf(0, name));
		writer.say("Build the index concurrently.");
		return;
	}

	std::map<int, std::string> indexNames;
	indexNames[0] = ci.name ? *ci.name : writer.defaultIndexName(0, ci.columnNames, "idx", false);

	/*
	 * A foreign-table partition takes no index, so an index created ON ONLY
	 * the partitioned table never has all its partitions attached and stays
	 * invalid; the statement itself skips such partitions.  No online path.
	 */
	for (int leaf : writer.tree().leavesUnder(0))
		if (writer.rel(leaf).kind == RelationKind::ForeignTable)
		{
			writer.add(StepKind::Comment, "no online alternative: " + writer.table(leaf) + " is a foreign table");
			writer.add(StepKind::Blocking,
					   "CREATE " + unique + "INDEX " + (ci.ifNotExists ? "IF NOT EXISTS " : "") +
						   writer.ident(indexNames[0]) + " ON " + writer.table(0) + " " + definition + ";");
			writer.say(
				"A partition is a foreign table, which cannot have an index: an index created on the partitioned "
				"table alone would never become valid, so PostgreSQL has no online way to build this one.");
			return;
		}

	/*
	 * A partition's existing index that matches is attached as it is, as
	 * the statement itself would adopt it; nothing below it is touched.
	 */
	std::vector<char> belowAdopted(writer.tree().relations.size(), 0);
	for (std::size_t i = 1; i < writer.tree().relations.size(); i++)
	{
		int parent = writer.rel(static_cast<int>(i)).parent;
		belowAdopted[i] = parent > 0 && (belowAdopted[parent] || writer.rel(parent).adoptedIndex.has_value());
		if (!belowAdopted[i] && writer.rel(static_cast<int>(i)).adoptedIndex)
			indexNames[static_cast<int>(i)] = *writer.rel(static_cast<int>(i)).adoptedIndex;
	}

	std::vector<int> leaves;
	for (int leaf : writer.tree().leavesUnder(0))
		if (hasStorage(writer.rel(leaf)) && !belowAdopted[leaf] && !writer.rel(leaf).adoptedIndex)
			leaves.push_back(leaf);
	std::vector<int> spelled = writer.spelledLeaves(leaves);

	std::vector<int> parents = writer.tree().partitionedUnder(0);
	std::reverse(parents.begin(), parents.end());
	for (int p : parents)
	{
		if (belowAdopted[p] || writer.rel(p).adoptedIndex)
			continue;
		if (!indexNames.count(p))
			indexNames[p] = writer.defaultIndexName(p, ci.columnNames, "idx", false);
		writer.add(StepKind::Brief,
				   "CREATE " + unique + "INDEX " + writer.ident(indexNames[p]) + " ON ONLY " + writer.table(p) + " " +
					   definition + ";");
	}
	for (int leaf : spelled)
	{
		indexNames[leaf] = writer.defaultIndexName(leaf, ci.columnNames, "idx", false);
		writer.add(StepKind::Concurrent,
				   "CREATE " + unique + "INDEX CONCURRENTLY " + writer.ident(indexNames[leaf]) + " ON " +
					   writer.table(leaf) + " " + definition + ";");
		writer.buildsConcurrently(writer.inSchemaOf(leaf, indexNames[leaf]));
	}
	if (spelled.size() < leaves.size())
		writer.add(StepKind::Comment,
				   "... and the same statement for each of the other " +
					   std::to_string(leaves.size() - spelled.size()) +
					   " partitions, then attach their indexes as below");
	for (int i = 1; i < static_cast<int>(writer.tree().relations.size()); i++)
	{
		if (!indexNames.count(i))
			continue;
		int parent = writer.rel(i).parent;
		writer.add(StepKind::Brief,
				   "ALTER INDEX " + writer.inSchemaOf(parent, indexNames[parent]) + " ATTACH PARTITION " +
					   writer.inSchemaOf(i, indexNames[i]) + ";");
	}
	writer.say("CREATE INDEX CONCURRENTLY is refused on a partitioned table: create the index on each partitioned "
			   "table alone, build each partition's index concurrently, then attach them.");
	if (std::any_of(writer.tree().relations.begin() + 1, writer.tree().relations.end(), [](const RelationFacts &r) {
			return r.adoptedIndex.has_value();
		}))
		writer.say("A partition's existing index that matches is attached as it is, as the statement would.");
}

} /* namespace */

const RuleBehaviour kCreateIndexRule = {
	Rule::CreateIndex,
	StatementKind::CreateIndex,
	0,
	0,
	detect,
	operation,
	nullptr,
	why,
	nullptr,
	nullptr,
	adviseStatement,
};

} /* namespace pgsafe */
