/*-------------------------------------------------------------------------
 *
 * repack.hpp
 *		What vacuum-full and cluster share: the tables they rewrite, the
 *		detail's size sentence, and the online rewrite, pg_repack.
 *
 * Both statements rewrite each table under ACCESS EXCLUSIVE (cluster.c,
 * cluster_rel()); PostgreSQL has no online form of either.  pg_repack
 * copies the table beside the original while a trigger logs the writes,
 * replays them, and swaps the files under a moment's ACCESS EXCLUSIVE.
 *
 * IDENTIFICATION
 *	  src/core/rules/repack.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <string>
#include <vector>

#include "core/model.hpp"
#include "core/rules/rule.hpp"

namespace pgsafe {

class AdviceWriter;

/* The relations with storage under relations[0] that are not empty: what the statement rewrites. */
std::vector<int> rewrittenRelations(const RelationTree &tree);

/* rule's finding, under ACCESS EXCLUSIVE, for the relations the statement rewrites, if any */
void rewriteFinding(Rule rule, const StatementFacts &facts, std::vector<Finding> &findings);

/* "table "t"", or, for several, how the statement takes them: the message's object. */
std::string rewrittenObject(const StatementFacts &facts, const char *what);

/* The size sentence: how many tables, how much, the largest by name. */
std::string rewriteSize(const StatementFacts &facts, const Finding &finding);

/* A word for a POSIX shell: as it is when it is safe, else in single quotes. */
std::string shellQuote(const std::string &word);

/*
 * The pg_repack command for the finding's tables, as a Shell step, with
 * the extension it needs and the tables it cannot rewrite in words.
 * orderOptions: "--no-order" for VACUUM FULL, "" for pg_repack's own
 * ordering by each table's clustered index, or "--order-by=..." for a key.
 * Returns whether it wrote a command (pg_repack can rewrite some table).
 */
bool repackSteps(AdviceWriter &writer, const Finding &finding, const std::string &orderOptions);

} /* namespace pgsafe */
