/*-------------------------------------------------------------------------
 *
 * repack.cpp
 *		The tables VACUUM FULL and CLUSTER rewrite, and the pg_repack
 *		command that rewrites them online.
 *
 * pg_repack (1.4) rewrites only permanent plain tables outside pg_catalog
 * and information_schema that have a PRIMARY KEY or a UNIQUE index, valid,
 * without a predicate or expressions, on NOT NULL columns (its views
 * repack.tables and repack.primary_keys); it skips the others with a
 * warning.  It runs as a superuser, from a shell, in a database where the
 * pg_repack extension is created.  The hint gives the command as psql's
 * \! line: runnable from psql, and plainly not SQL.
 *
 * IDENTIFICATION
 *	  src/core/rules/repack.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/rules/repack.hpp"

#include <algorithm>

#include "core/advice/writer.hpp"
#include "core/analysis.hpp"
#include "core/rules/phrases.hpp"
#include "core/rules/relations.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

/* How many tables the detail and the advice name. */
constexpr std::size_t kNamed = 5;

/* The largest first: those the user most needs to know about. */
std::string
namesOf(const StatementFacts &facts, std::vector<int> tables)
{
	std::stable_sort(tables.begin(), tables.end(), [&](int a, int b) {
		const RelationFacts &ra = facts.table.relations[a];
		const RelationFacts &rb = facts.table.relations[b];
		return ra.bytes + ra.toastBytes > rb.bytes + rb.toastBytes;
	});
	std::string names;
	for (std::size_t i = 0; i < tables.size() && i < kNamed; i++)
		names += std::string(i ? ", " : "") + "\"" + display(facts.table.relations[tables[i]].name) + "\"";
	if (tables.size() > kNamed)
		names += " and " + std::to_string(tables.size() - kNamed) + " more";
	return names;
}

} /* namespace */

std::vector<int>
rewrittenRelations(const RelationTree &tree)
{
	std::vector<int> result;
	for (int i = 1; i < static_cast<int>(tree.relations.size()); i++)
	{
		const RelationFacts &rel = tree.relations[i];
		/* an empty table is rewritten in a moment: only the others are worth naming */
		if (hasStorage(rel) && (!rel.sizeKnown || rel.bytes + rel.toastBytes > 0))
			result.push_back(i);
	}
	return result;
}

void
rewriteFinding(Rule rule, const StatementFacts &facts, std::vector<Finding> &findings)
{
	std::vector<int> rewritten = rewrittenRelations(facts.table);
	if (rewritten.empty())
		return;
	Finding finding = makeFinding(rule, Work::RewriteTable, -1, -1, rewritten);
	finding.lock = LockMode::AccessExclusive;
	findings.push_back(finding);
}

std::string
rewrittenObject(const StatementFacts &facts, const char *what)
{
	const RewriteFacts &r = facts.rewrite;
	if (!r.allTables && r.named.size() == 1)
	{
		const RelationFacts &rel = facts.table.relations[r.named.front()];
		return std::string(objectKind(rel.kind)) + " \"" + display(rel.name) + "\"";
	}
	return what;
}

std::string
rewriteSize(const StatementFacts &facts, const Finding &f)
{
	const RewriteFacts &r = facts.rewrite;
	if (!r.allTables && r.named.size() == 1 && f.scanned.size() == 1 && f.scanned.front() == r.named.front())
	{
		const RelationFacts &rel = facts.table.relations[f.scanned.front()];
		if (!rel.sizeKnown)
			return "The size of " + std::string(objectKind(rel.kind)) + " \"" + display(rel.name) +
				   "\" could not be read without waiting for a lock, so it is treated as not empty.";
		return "The " + std::string(objectKind(rel.kind)) + " \"" + display(rel.name) + "\" is not empty: it holds " +
			   prettySize(f.bytes) + ".";
	}

	std::vector<int> tables = f.scanned;
	std::stable_sort(tables.begin(), tables.end(), [&](int a, int b) {
		const RelationFacts &ra = facts.table.relations[a];
		const RelationFacts &rb = facts.table.relations[b];
		return ra.bytes + ra.toastBytes > rb.bytes + rb.toastBytes;
	});
	std::vector<int> largest;
	std::size_t unknown = 0;
	for (int i : tables)
	{
		const RelationFacts &rel = facts.table.relations[i];
		if (!rel.sizeKnown)
			unknown++;
		else if (largest.size() < kNamed && rel.bytes + rel.toastBytes > 0)
			largest.push_back(i);
	}
	const std::size_t n = tables.size();
	std::string sentence = "It rewrites " + std::to_string(n) + (n == 1 ? " relation" : " relations") + " holding " +
						   prettySize(f.bytes) + (n == 1 ? "" : " in all") + ".";
	if (n > 1 && !largest.empty())
	{
		std::string names;
		for (std::size_t k = 0; k < largest.size(); k++)
		{
			const RelationFacts &rel = facts.table.relations[largest[k]];
			names += std::string(k ? ", " : "") + "\"" + display(rel.name) + "\" (" +
					 prettySize(rel.bytes + rel.toastBytes) + ")";
		}
		sentence += std::string(largest.size() == 1 ? " The largest: " : " The largest ones: ") + names + ".";
	}
	if (unknown > 0)
		sentence += " The size of " + std::to_string(unknown) + (unknown == 1 ? " relation" : " relations") +
					" could not be read without waiting for a lock, so " + (unknown == 1 ? "it is" : "they are") +
					" treated as not empty.";
	return sentence;
}

std::string
shellQuote(const std::string &word)
{
	const bool safe = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
			   c == '-' || c == '=' || c == '/' || c == ',' || c == ':' || c == '+';
	});
	if (safe)
		return word;
	std::string quoted = "'";
	for (char c : word)
		quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
	return quoted + "'";
}

bool
repackSteps(AdviceWriter &writer, const Finding &f, const std::string &orderOptions)
{
	const StatementFacts &facts = writer.facts();
	const RewriteFacts &r = facts.rewrite;
	const RelationTree &tree = facts.table;
	std::vector<int> able, keyless, other;

	for (int i : f.scanned)
	{
		const bool repackable = i < static_cast<int>(r.repackable.size()) && r.repackable[i];
		const bool missingKey = i < static_cast<int>(r.missingKey.size()) && r.missingKey[i];
		(repackable ? able : missingKey ? keyless : other).push_back(i);
	}

	if (!able.empty())
	{
		/* the tables: the ones the statement names (a partitioned one with its partitions), or the database's */
		std::string targets;
		if (r.allTables && orderOptions == "--no-order")
			targets = "";
		else if (r.allTables)
			for (int i : able)
				targets += " --table=" + shellQuote(quoteQualified(tree.relations[i].name, writer.oracle()));
		else
			for (int i : r.named)
			{
				const bool partitioned = tree.relations[i].kind == RelationKind::PartitionedTable;
				if (!partitioned && std::find(able.begin(), able.end(), i) == able.end())
					continue;
				targets += std::string(partitioned ? " --parent-table=" : " --table=") +
						   shellQuote(quoteQualified(tree.relations[i].name, writer.oracle()));
			}
		if (!r.repackInstalled)
			writer.add(StepKind::Comment,
					   "pg_repack needs its extension in this database, created by a superuser: CREATE EXTENSION "
					   "pg_repack;");
		/* pgsafe.mode would refuse pg_repack's index builds on its copy, which no other session reads */
		writer.add(StepKind::Comment,
				   "in a shell, as a superuser, with this server's connection options; pgsafe is off for pg_repack's "
				   "session, whose index builds are on its own copy of the table:");
		writer.add(StepKind::Shell,
				   "PGOPTIONS='-c pgsafe.mode=off' pg_repack" + (orderOptions.empty() ? "" : " " + orderOptions) +
					   " --dbname=" + shellQuote(r.database) + targets);
		writer.say("Rewrite " + std::string(able.size() == 1 ? "it" : "them") +
				   " online with pg_repack: it copies the rows into a new table while a trigger records the writes "
				   "made meanwhile, replays them, and swaps the tables, holding ACCESS EXCLUSIVE only for a moment "
				   "at the start and at the end. It needs the pg_repack extension and free space for a second copy "
				   "of each table and its indexes.");
	}
	if (!keyless.empty())
		writer.say("pg_repack cannot rewrite " + namesOf(facts, keyless) +
				   ": it needs a PRIMARY KEY or a UNIQUE index without a WHERE clause on NOT NULL columns. Add a "
				   "primary key without a long lock first (CREATE UNIQUE INDEX CONCURRENTLY, then ALTER TABLE ... ADD "
				   "PRIMARY KEY USING INDEX), or accept the blocking rewrite in a maintenance window.");
	if (!other.empty())
		writer.say("pg_repack rewrites only permanent tables outside the system catalogs, not " +
				   namesOf(facts, other) + ": there is no online way to rewrite " +
				   (other.size() == 1 ? "it" : "them") + ", only the statement in a maintenance window.");
	return !able.empty();
}

} /* namespace pgsafe */
