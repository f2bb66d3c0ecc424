/*-------------------------------------------------------------------------
 *
 * set_tablespace.cpp
 *		set-tablespace: ALTER TABLE, ALTER MATERIALIZED VIEW or ALTER INDEX
 *		... SET TABLESPACE copies the relation, block by block, to another
 *		tablespace under ACCESS EXCLUSIVE.
 *
 * ATExecSetTableSpace() copies every fork of the relation and of its
 * TOAST table into a new relfilenode in the new tablespace; the indexes
 * stay where they are.  The adapter decides as CheckRelationTableSpaceMove()
 * does: the tablespace the relation is in already is a no-op, and so is
 * the database's default when reltablespace is 0 (pg_default in a
 * database whose default it is).  A partitioned table has no storage: SET
 * TABLESPACE only sets where its future partitions go, and moves nothing.
 *
 * Safe: pg_repack moves a table online (--table with --tablespace), from
 * a shell, as a superuser, once its extension is created, on a table with
 * a primary key or a unique index on NOT NULL columns; the advice says so
 * when the table has none, and for a materialized view, which pg_repack
 * does not process.  Otherwise, and as the fallback, the statement in a
 * maintenance window under lock_timeout.
 *
 * ALTER INDEX ... SET TABLESPACE copies the index the same way, holding
 * ACCESS EXCLUSIVE on it; every query planned on its table opens all the
 * table's indexes (get_relation_info()), so it blocks them all, and every
 * write.  A partitioned index has no storage and is not read.  Safe, from
 * PostgreSQL 14: REINDEX (TABLESPACE ...) INDEX CONCURRENTLY builds a copy
 * in the new tablespace and swaps it in (ReindexRelationConcurrently()),
 * outside a transaction block; it refuses an exclusion constraint's index
 * (index_concurrently_create_copy()), for which only the maintenance
 * window is left.  System catalogs are refused by both and never read.
 *
 * IDENTIFICATION
 *	  src/core/rules/set_tablespace.cpp
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
	storageChangeFinding(Rule::SetTablespace, facts, index, findings);
}

std::string
operation(const StatementFacts &, const Finding &)
{
	return "SET TABLESPACE";
}

/* ALTER INDEX's index, schema-qualified as its table */
QualifiedName
indexName(const StatementFacts &facts, const StorageChangeFacts &s)
{
	return QualifiedName{facts.table.target().name.schema, s.indexName};
}

std::string
message(const StatementFacts &facts, const Finding &f)
{
	const RelationFacts &target = facts.table.target();
	const LockMode lock = tableLock(facts, f);
	const StorageChangeFacts &s = facts.alterTable.subcommands[f.subcommand].storage;
	if (s.index)
		return "SET TABLESPACE on index \"" + display(indexName(facts, s)) + "\" takes " + aLock(lock) +
			   " on it, blocking every query on " + std::string(objectKind(target.kind)) + " \"" +
			   display(target.name) + "\" while it is copied to tablespace \"" + s.target + "\"";
	return "SET TABLESPACE on " + std::string(objectKind(target.kind)) + " \"" + display(target.name) + "\" takes " +
		   aLock(lock) + ", blocking " + blocked(lock, target.kind) + " while it is copied to tablespace \"" +
		   facts.alterTable.subcommands[f.subcommand].storage.target + "\"";
}

std::string
why(const StatementFacts &facts, const Finding &f)
{
	const StorageChangeFacts &s = facts.alterTable.subcommands[f.subcommand].storage;
	if (s.index)
		return "PostgreSQL copies every block of the index from tablespace \"" + s.current + "\" to a new file in \"" +
			   s.target +
			   "\" while it holds the lock, and every query on the table opens all of its indexes when it "
			   "is planned, and every write updates them.";
	return "PostgreSQL copies every block of it and of its TOAST table from tablespace \"" + s.current +
		   "\" to a new file in \"" + s.target + "\" while it holds the lock; its indexes stay where they are.";
}

/* a word for a POSIX shell: as it is when it is plain, else in single quotes */
std::string
shellWord(const std::string &word)
{
	bool plain = !word.empty();
	for (char c : word)
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
			  c == '-' || c == '/'))
			plain = false;
	if (plain)
		return word;
	std::string quoted = "'";
	for (char c : word)
		quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
	return quoted + "'";
}

/* the statement's own ALTER TABLE, ALTER MATERIALIZED VIEW or ALTER INDEX, as the advice runs it */
std::string
alterTarget(const AdviceWriter &writer, const SubcommandFacts &sub)
{
	if (sub.storage.index)
		return "ALTER INDEX " + writer.inSchemaOf(0, sub.storage.indexName);
	if (writer.rel(0).kind == RelationKind::MaterializedView)
		return "ALTER MATERIALIZED VIEW " + writer.table(0);
	return writer.alterTarget();
}

void
blockingStep(AdviceWriter &writer, const SubcommandFacts &sub, const char *comment)
{
	if (!sub.span.valid())
	{
		writer.partial();
		return;
	}
	writer.add(StepKind::Comment, comment);
	writer.add(StepKind::Blocking, alterTarget(writer, sub) + " " + compactSql(writer.facts().slice(sub.span)) + ";");
}

/* ALTER INDEX ... SET TABLESPACE: REINDEX CONCURRENTLY into the new tablespace */
void
adviseIndex(AdviceWriter &writer, const SubcommandFacts &sub)
{
	const StorageChangeFacts &s = sub.storage;
	const std::string index = writer.inSchemaOf(0, s.indexName);

	if (s.exclusionIndex)
	{
		writer.say("Index \"" + display(QualifiedName{writer.rel(0).name.schema, s.indexName}) +
				   "\" is an exclusion constraint's, which REINDEX CONCURRENTLY refuses, and PostgreSQL has no "
				   "other online way to move it: run it in a maintenance window, under lock_timeout so that it "
				   "does not queue behind long transactions.");
		return blockingStep(writer, sub, "no online alternative: SET TABLESPACE copies the index");
	}
	writer.say("Move it with REINDEX CONCURRENTLY and its TABLESPACE option: it builds a new copy of the index in "
			   "the new tablespace while reads and writes go on, holding SHARE UPDATE EXCLUSIVE, and swaps it in "
			   "under ACCESS EXCLUSIVE only for a moment.");
	writer.add(StepKind::Concurrent,
			   "REINDEX (TABLESPACE " + writer.ident(s.target) + ") INDEX CONCURRENTLY " + index + ";");
	writer.add(StepKind::Comment,
			   "if REINDEX CONCURRENTLY fails, it leaves an invalid index whose name ends in _ccnew beside the "
			   "index: drop it with DROP INDEX CONCURRENTLY, then run it again");
	writer.outsideTransaction("REINDEX CONCURRENTLY");
}

void
adviseSubcommand(AdviceWriter &writer, const SubcommandFacts &sub, const Finding &)
{
	const StorageChangeFacts &s = sub.storage;
	const RelationFacts &target = writer.rel(0);

	if (s.index)
		return adviseIndex(writer, sub);
	if (target.kind == RelationKind::MaterializedView)
	{
		writer.say("PostgreSQL has no online way to move a materialized view, and pg_repack does not process "
				   "them: run it in a maintenance window, under lock_timeout so that it does not queue behind "
				   "long transactions.");
		return blockingStep(writer, sub, "no online alternative: SET TABLESPACE copies the materialized view");
	}
	if (!s.repackKey)
	{
		writer.say("Table \"" + display(target.name) +
				   "\" has no primary key and no unique index on NOT NULL columns, which pg_repack needs to move "
				   "it online, and PostgreSQL itself has no online way: run it in a maintenance window, under "
				   "lock_timeout so that it does not queue behind long transactions.");
		return blockingStep(writer, sub, "no online alternative: SET TABLESPACE copies the table");
	}

	/* pg_repack reads --table as a relation name, qualified and quoted as in SQL */
	const std::string command = "pg_repack --dbname=" + shellWord(s.database) +
								" --table=" + shellWord(writer.table(0)) + " --tablespace=" + shellWord(s.target);
	std::string sentence = "pg_repack moves the table online: it copies it to the new tablespace while writes "
						   "go on, and holds ACCESS EXCLUSIVE only for a moment at the start and at the end. Run it "
						   "from a shell, as a superuser (add --moveidx to move the indexes too, which SET "
						   "TABLESPACE leaves where they are).";
	if (!s.repackInstalled)
		sentence += " It needs the pg_repack package on the server and CREATE EXTENSION pg_repack in the "
					"database first.";
	writer.say(sentence + " Without pg_repack, run the statement in a maintenance window, under lock_timeout.");
	if (!s.repackInstalled)
		writer.add(StepKind::Comment, "not SQL: once, CREATE EXTENSION pg_repack; then, from a shell:");
	else
		writer.add(StepKind::Comment, "not SQL: from a shell:");
	writer.add(StepKind::Comment, command);
	blockingStep(writer, sub, "or, without pg_repack, in a maintenance window:");
}

} /* namespace */

const RuleBehaviour kSetTablespaceRule = {
	Rule::SetTablespace,
	StatementKind::AlterTable,
	bitOf(SubcommandKind::SetTablespace),
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
