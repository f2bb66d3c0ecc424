/*-------------------------------------------------------------------------
 *
 * set_logged.cpp
 *		set-logged: ALTER TABLE ... SET LOGGED or SET UNLOGGED writes a new
 *		copy of the table, its TOAST table and its indexes under ACCESS
 *		EXCLUSIVE.
 *
 * PostgreSQL changes a table's persistence by rewriting it into a new
 * relfilenode (ATRewriteTables: the buffers must be marked permanent or
 * not, and the init fork created or dropped), then builds every index
 * again.  SET LOGGED also writes the whole new copy to the WAL (unless
 * wal_level is minimal), which every replica replays.  The adapter decides
 * as ATPrepChangePersistence() does: a table that already has that
 * persistence is a no-op (StorageChangeFacts::changes).  Neither recurses;
 * a partitioned table has no storage and nothing is written.
 *
 * There is no online way to do it: the advice runs the statement in a
 * maintenance window, under lock_timeout, and says what SET LOGGED costs
 * in WAL.
 *
 * IDENTIFICATION
 *	  src/core/rules/set_logged.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/advice/writer.hpp"
#include "core/rules/behaviour.hpp"
#include "core/rules/phrases.hpp"
#include "core/rules/relations.hpp"
#include "core/script.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

void
detect(const StatementFacts &facts, int index, std::vector<Finding> &findings)
{
	const StorageChangeFacts &s = facts.alterTable.subcommands[index].storage;

	if (!s.changes || facts.table.target().kind != RelationKind::Table)
		return;
	findings.push_back(makeFinding(Rule::SetLogged, Work::RewriteTable, index, -1, {0}));
}

std::string
operation(const StatementFacts &facts, const Finding &f)
{
	return facts.alterTable.subcommands[f.subcommand].storage.toLogged ? "SET LOGGED" : "SET UNLOGGED";
}

std::string
why(const StatementFacts &facts, const Finding &f)
{
	if (facts.alterTable.subcommands[f.subcommand].storage.toLogged)
		return "PostgreSQL writes a new copy of the table and its TOAST table and builds every index again, and "
			   "it writes all of that to the WAL too (unless wal_level is minimal), which every replica must "
			   "replay.";
	return "PostgreSQL writes a new copy of the table and its TOAST table and builds every index again; the "
		   "unlogged table is then emptied after a crash and is not replicated.";
}

void
adviseSubcommand(AdviceWriter &writer, const SubcommandFacts &sub, const Finding &)
{
	const bool toLogged = sub.storage.toLogged;

	writer.say(std::string("PostgreSQL has no online way to change a table's persistence: run it in a maintenance "
						   "window, under lock_timeout so that it does not queue behind long transactions and "
						   "block everyone behind it.") +
			   (toLogged ? " SET LOGGED writes the whole table and its indexes to the WAL: expect that much WAL, "
						   "and replication lag while replicas replay it; check the room in pg_wal first."
						 : ""));
	if (!sub.span.valid())
	{
		writer.partial();
		return;
	}
	writer.add(StepKind::Comment,
			   std::string("no online alternative: SET ") + (toLogged ? "LOGGED" : "UNLOGGED") + " rewrites the table");
	writer.add(StepKind::Blocking, writer.alterTarget() + " " + compactSql(writer.facts().slice(sub.span)) + ";");
}

} /* namespace */

const RuleBehaviour kSetLoggedRule = {
	Rule::SetLogged,
	StatementKind::AlterTable,
	bitOf(SubcommandKind::SetPersistence),
	0,
	detect,
	operation,
	nullptr,
	why,
	adviseSubcommand,
	nullptr,
	nullptr,
	nullptr,
};

} /* namespace pgsafe */
