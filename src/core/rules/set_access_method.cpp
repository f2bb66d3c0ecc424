/*-------------------------------------------------------------------------
 *
 * set_access_method.cpp
 *		set-access-method: ALTER TABLE or ALTER MATERIALIZED VIEW ... SET
 *		ACCESS METHOD writes every row again into the new table access
 *		method under ACCESS EXCLUSIVE.
 *
 * ATPrepSetAccessMethod() asks for a rewrite unless the method is the
 * relation's own; the rewrite builds every index again.  From PostgreSQL
 * 17, SET ACCESS METHOD DEFAULT names default_table_access_method, and a
 * partitioned table only records the method its future partitions get,
 * writing nothing.  The adapter decides as PostgreSQL does
 * (StorageChangeFacts::changes).
 *
 * There is no online way to do it: the advice runs the statement in a
 * maintenance window, under lock_timeout.
 *
 * IDENTIFICATION
 *	  src/core/rules/set_access_method.cpp
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
	storageChangeFinding(Rule::SetAccessMethod, facts, index, findings);
}

std::string
operation(const StatementFacts &, const Finding &)
{
	return "SET ACCESS METHOD";
}

std::string
message(const StatementFacts &facts, const Finding &f)
{
	const RelationFacts &target = facts.table.target();
	const LockMode lock = tableLock(facts, f);
	return "SET ACCESS METHOD on " + std::string(objectKind(target.kind)) + " \"" + display(target.name) + "\" takes " +
		   aLock(lock) + ", blocking " + blocked(lock, target.kind) + " while it is rewritten";
}

std::string
why(const StatementFacts &facts, const Finding &f)
{
	const StorageChangeFacts &s = facts.alterTable.subcommands[f.subcommand].storage;
	return "PostgreSQL writes every row again from access method \"" + s.current + "\" into a new copy in \"" +
		   s.target + "\", and builds every index again.";
}

/* the statement's own ALTER TABLE or ALTER MATERIALIZED VIEW, as the advice runs it */
std::string
alterTarget(const AdviceWriter &writer)
{
	if (writer.rel(0).kind == RelationKind::MaterializedView)
		return "ALTER MATERIALIZED VIEW " + writer.table(0);
	return writer.alterTarget();
}

void
adviseSubcommand(AdviceWriter &writer, const SubcommandFacts &sub, const Finding &)
{
	writer.say("PostgreSQL has no online way to change an access method: run it in a maintenance "
			   "window, under lock_timeout so that it does not queue behind long transactions and block everyone "
			   "behind it.");
	if (!sub.span.valid())
	{
		writer.partial();
		return;
	}
	writer.add(StepKind::Comment, "no online alternative: SET ACCESS METHOD rewrites the table");
	writer.add(StepKind::Blocking, alterTarget(writer) + " " + compactSql(writer.facts().slice(sub.span)) + ";");
}

} /* namespace */

const RuleBehaviour kSetAccessMethodRule = {
	Rule::SetAccessMethod,
	StatementKind::AlterTable,
	bitOf(SubcommandKind::SetAccessMethod),
	0,
	detect,
	operation,
	message,
	why,
	adviseSubcommand,
	nullptr,
	nullptr,
	nullptr,
};

} /* namespace pgsafe */
