/*-------------------------------------------------------------------------
 *
 * cluster.cpp
 *		cluster: CLUSTER writes a new copy of each table in the order of an
 *		index under ACCESS EXCLUSIVE, blocking its reads and writes.
 *
 * cluster.c, cluster(): CLUSTER t [USING index] rewrites the table (a
 * partitioned one: each partition, in a transaction of its own, USING
 * required) and marks the index as its clustered index; CLUSTER without a
 * table rewrites every table with an index marked clustered that the role
 * may cluster (get_tables_to_cluster()).  Empty tables and those created in
 * the same transaction are not flagged.
 *
 * Safe: pg_repack, the online CLUSTER (repack.cpp).  By default it orders a
 * table by its clustered btree index; for CLUSTER t USING an index that is
 * not yet the clustered one, ALTER TABLE ... CLUSTER ON (SHARE UPDATE
 * EXCLUSIVE: blocks neither reads nor writes) marks it first, as CLUSTER
 * would.  For a partitioned table, whose partitions' indexes have names of
 * their own, --order-by with the index's key.  pg_repack cannot order by
 * an index that is not a btree.
 *
 * IDENTIFICATION
 *	  src/core/rules/cluster.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/advice/writer.hpp"
#include "core/analysis.hpp"
#include "core/rules/behaviour.hpp"
#include "core/rules/phrases.hpp"
#include "core/rules/relations.hpp"
#include "core/rules/repack.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

void
detect(const StatementFacts &facts, int, std::vector<Finding> &findings)
{
	rewriteFinding(Rule::Cluster, facts, findings);
}

std::string
operation(const StatementFacts &, const Finding &)
{
	return "CLUSTER";
}

std::string
message(const StatementFacts &facts, const Finding &)
{
	const RewriteFacts &r = facts.rewrite;
	if (r.allTables)
		return "CLUSTER takes, on each clustered table of database \"" + r.database +
			   "\" in turn, an ACCESS EXCLUSIVE lock, blocking reads and writes of that table while it is rewritten";
	if (facts.table.relations[r.named.front()].kind == RelationKind::PartitionedTable)
		return "CLUSTER takes, on each partition of " + rewrittenObject(facts, "") +
			   " in turn, an ACCESS EXCLUSIVE lock, blocking reads and writes of that partition while it is rewritten";
	return "CLUSTER takes an ACCESS EXCLUSIVE lock on " + rewrittenObject(facts, "") +
		   ", blocking reads and writes of it while it is rewritten";
}

std::string
why(const StatementFacts &, const Finding &)
{
	return "CLUSTER writes a new copy of the table, sorted in the index's order, and of its indexes, holding the lock "
		   "until the copy replaces the old one.";
}

void
adviseStatement(AdviceWriter &writer, const std::vector<Finding> &findings)
{
	const StatementFacts &facts = writer.facts();
	const RewriteFacts &r = facts.rewrite;
	if (findings.empty())
		return;

	if (!r.indexBtree)
	{
		writer.say("pg_repack, the online CLUSTER, orders only by a btree index, and \"" + display(*r.index) +
				   "\" is not one: there is no online way to cluster by it. pg_repack --no-order compacts the table "
				   "online without ordering it; otherwise run the statement in a maintenance window.");
		return;
	}

	std::string order;
	if (!r.allTables && facts.table.relations[r.named.front()].kind == RelationKind::PartitionedTable)
	{
		if (r.orderBy.empty())
		{
			writer.say("pg_repack, the online CLUSTER, cannot order the partitions by the key of \"" +
					   display(*r.index) + "\": run the statement in a maintenance window.");
			return;
		}
		order = "--order-by=" + shellQuote(r.orderBy);
	}
	else if (!r.allTables && r.index && !r.indexClustered)
		writer.add(StepKind::Brief,
				   "ALTER TABLE " + writer.table(r.named.front()) + " CLUSTER ON " + writer.ident(r.index->name) + ";");

	if (!repackSteps(writer, findings.front(), order))
	{
		writer.say("PostgreSQL has no online CLUSTER: run the statement in a maintenance window.");
		return;
	}
	if (!r.allTables && r.index && !r.indexClustered && order.empty())
		writer.say("ALTER TABLE ... CLUSTER ON marks \"" + display(*r.index) +
				   "\" as the clustered index, as CLUSTER would, under a SHARE UPDATE EXCLUSIVE lock that blocks "
				   "neither reads nor writes; pg_repack then orders the table by it.");
	else if (!order.empty())
		writer.say("pg_repack orders each partition by the key of \"" + display(*r.index) +
				   "\"; unlike CLUSTER, it does not mark the partitions' indexes as clustered.");
	else
		writer.say("pg_repack orders each table by its clustered index, as CLUSTER does.");
}

} /* namespace */

const RuleBehaviour kClusterRule = {
	Rule::Cluster,
	StatementKind::Cluster,
	0,
	0,
	detect,
	operation,
	message,
	why,
	nullptr,
	nullptr,
	adviseStatement,
	rewriteSize,
};

} /* namespace pgsafe */
