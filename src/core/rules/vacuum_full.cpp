/*-------------------------------------------------------------------------
 *
 * vacuum_full.cpp
 *		vacuum-full: VACUUM FULL writes a new copy of each table under
 *		ACCESS EXCLUSIVE, blocking its reads and writes meanwhile.
 *
 * vacuum.c, vacuum_rel(): FULL locks the table ACCESS EXCLUSIVE and calls
 * cluster_rel() without an index; each table in a transaction of its own.
 * With a table list it rewrites each table named, a partitioned one as its
 * partitions (expand_vacuum_rel()); without one, every table and
 * materialized view of the database the role may vacuum
 * (get_all_vacuum_rels()), system catalogs included.  VACUUM (FULL false),
 * plain VACUUM and ANALYZE are not flagged; nor are empty tables or those
 * created in the same transaction.  VACUUM cannot run in a transaction
 * block: PostgreSQL refuses it there, so pgsafe says nothing.
 *
 * Safe: pg_repack --no-order, the online VACUUM FULL (repack.cpp).  And
 * plain VACUUM, when the point is to let PostgreSQL reuse the space of dead
 * rows rather than return it to the operating system.
 *
 * IDENTIFICATION
 *	  src/core/rules/vacuum_full.cpp
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
	rewriteFinding(Rule::VacuumFull, facts, findings);
}

std::string
operation(const StatementFacts &, const Finding &)
{
	return "VACUUM FULL";
}

std::string
message(const StatementFacts &facts, const Finding &)
{
	const RewriteFacts &r = facts.rewrite;
	if (!r.allTables && r.named.size() == 1 &&
		facts.table.relations[r.named.front()].kind != RelationKind::PartitionedTable)
		return "VACUUM FULL takes an ACCESS EXCLUSIVE lock on " + rewrittenObject(facts, "") +
			   ", blocking reads and writes of it while it is rewritten";
	const std::string where = r.allTables           ? "each table of database \"" + r.database + "\""
							  : r.named.size() == 1 ? "each partition of " + rewrittenObject(facts, "")
													: "each table it names";
	return "VACUUM FULL takes, on " + where + " in turn, an ACCESS EXCLUSIVE lock, blocking reads and writes of that " +
		   (r.allTables || r.named.size() > 1 ? "table" : "partition") + " while it is rewritten";
}

std::string
why(const StatementFacts &, const Finding &)
{
	return "VACUUM FULL writes a new copy of the table and its indexes, holding the lock until the copy replaces the "
		   "old one.";
}

void
adviseStatement(AdviceWriter &writer, const std::vector<Finding> &findings)
{
	const StatementFacts &facts = writer.facts();
	const RewriteFacts &r = facts.rewrite;
	if (findings.empty())
		return;
	if (!repackSteps(writer, findings.front(), "--no-order"))
		writer.say("PostgreSQL has no online VACUUM FULL: run the statement in a maintenance window.");

	std::string vacuum = "VACUUM";
	if (!r.allTables)
		for (std::size_t i = 0; i < r.named.size(); i++)
			vacuum += (i ? ", " : " ") + quoteQualified(facts.table.relations[r.named[i]].name, writer.oracle());
	writer.say("If the point is to let PostgreSQL reuse the space of dead rows rather than to return it to the "
			   "operating system, plain VACUUM does that and blocks neither reads nor writes: " +
			   vacuum + ";");
}

} /* namespace */

const RuleBehaviour kVacuumFullRule = {
	Rule::VacuumFull,
	StatementKind::VacuumFull,
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
