/*-------------------------------------------------------------------------
 *
 * advice.hpp
 *		The safe alternative to a flagged statement, as runnable SQL.
 *
 * Each finding becomes a recipe of steps (build the index concurrently and
 * attach it, add the foreign key NOT VALID and validate it, prove columns
 * NOT NULL with a validated CHECK first, ...), with the names PostgreSQL
 * would have chosen.  The statement's other subcommands are kept, in their
 * order, as ALTER TABLE steps of their own.
 *
 * Steps carry what kind of lock they need, so the script can set
 * lock_timeout before every step that takes a strong lock briefly and clear
 * it before CREATE INDEX CONCURRENTLY, which must not be cancelled halfway.
 *
 * IDENTIFICATION
 *	  src/core/advice.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <string>
#include <vector>

#include "core/catalog_oracle.hpp"
#include "core/model.hpp"
#include "core/rules.hpp"

namespace pgsafe {

enum class StepKind
{
	Brief,      /* takes a strong lock for a moment: run under lock_timeout */
	Concurrent, /* CREATE INDEX CONCURRENTLY: outside a transaction block, no lock_timeout */
	Validate,   /* reads every row under a lock that blocks neither reads nor writes */
	Backfill,   /* updates existing rows: long, row locks only */
	Blocking,   /* PostgreSQL has no online alternative: a maintenance window */
	Comment,    /* a line for the reader */
	Shell       /* a command for the shell, not SQL (pg_repack): psql's \! line, which runs it from psql too */
};

struct Step
{
	StepKind kind;
	std::string text; /* one SQL statement ending in ';', comment text, or a shell command line */
};

struct Advice
{
	std::vector<Step> steps;
	std::vector<std::string> sentences;         /* what to do, in words */
	std::vector<std::string> concurrentIndexes; /* qualified names built CONCURRENTLY */
	bool separateTransactions = false;          /* a VALIDATE follows an ADD ... NOT VALID */
	bool partial = false;                       /* some steps could not be written out */
	bool shortened = false;                     /* partitions past the cap were left to a comment */
	const char *outsideTransaction =
		nullptr; /* a step that cannot run in a transaction block: "REINDEX CONCURRENTLY" */
};

/*
 * How much of the script a report carries.  The hook's messages go to the
 * client and the server log for every statement: bounded.  pgsafe.check()
 * and pgsafe-lint are asked for the advice: the whole script.
 */
enum class ScriptLength
{
	Bounded,
	Whole
};

/* The lock_timeout the script sets before every brief step. */
constexpr const char *kBriefLockTimeout = "'5s'";

/* Cap on the partitions a bounded script spells out; beyond it a comment says what to repeat. */
constexpr int kMaxPartitionsSpelledOut = 64;

/* Cap on a bounded script's length: past it, the statements left are counted in a comment. */
constexpr std::size_t kMaxBoundedScriptBytes = 8192;

Advice adviseFor(const StatementFacts &facts, const std::vector<Finding> &findings, const CatalogOracle &oracle,
				 ScriptLength length);

/* The steps as a psql script: SET/RESET lock_timeout around them, comments as "--". */
std::string renderScript(const Advice &advice);

/*
 * script cut after the last whole line ending a statement that fits in
 * budget bytes, and a comment counting the statements left; as it is if
 * it fits.  *cut says whether it was cut.
 */
std::string boundScript(const std::string &script, std::size_t budget, bool *cut);

} /* namespace pgsafe */
