/*-------------------------------------------------------------------------
 *
 * rules.hpp
 *		Which parts of a statement would block other sessions.
 *
 * A finding is one subcommand (or one CREATE INDEX) that holds a lock
 * blocking reads or writes while it builds an index or reads every row of a
 * relation other sessions can see and that is not empty.  Operations on
 * empty, temporary or same-transaction relations are never findings: nobody
 * can be blocked long by them.
 *
 * IDENTIFICATION
 *	  src/core/rules.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <cstdint>
#include <vector>

#include "core/model.hpp"

namespace pgsafe {

enum class Rule
{
	UniqueConstraint,     /* ADD UNIQUE, ADD COLUMN ... UNIQUE */
	PrimaryKey,           /* ADD PRIMARY KEY, ADD COLUMN ... PRIMARY KEY */
	PrimaryKeyUsingIndex, /* ADD PRIMARY KEY USING INDEX on columns that may hold nulls */
	ForeignKey,           /* a FOREIGN KEY PostgreSQL validates by reading every row */
	IdentityForeignKey,   /* ADD COLUMN ... GENERATED AS IDENTITY REFERENCES */
	ExclusionConstraint,  /* ADD EXCLUDE */
	CreateIndex,          /* CREATE [UNIQUE] INDEX without CONCURRENTLY */
	ValidateUnderLock     /* VALIDATE CONSTRAINT in a transaction that already blocks writes */
};

/* Stable rule names, used in the server log and the documentation. */
const char *ruleName(Rule rule);

/* What the statement does to existing rows while it holds its lock. */
enum class Work
{
	BuildIndex,
	CheckNulls,
	ValidateRows,
	RewriteTable
};

struct Finding
{
	Rule rule = Rule::CreateIndex;
	Work work = Work::BuildIndex;
	int subcommand = -1;                      /* in AlterTableFacts::subcommands; -1 for CREATE INDEX */
	int columnConstraint = -1;                /* in ColumnFacts::constraints, for ADD COLUMN */
	std::vector<int> scanned;                 /* relations whose rows are read, visible to other sessions */
	std::uint64_t bytes = 0;                  /* their size */
	bool sizeUnknown = false;                 /* some size could not be read without waiting */
	LockMode lock = LockMode::None;           /* the blocking lock, when it is not the statement's own */
	std::vector<std::string> nullableColumns; /* key columns PostgreSQL must check for nulls */
};

/* The findings of one statement, in the order of its subcommands. */
std::vector<Finding> findDangers(const StatementFacts &facts);

/* The constraint a finding is about (table constraint or column constraint). */
const ConstraintFacts *findingConstraint(const StatementFacts &facts, const Finding &finding);

} /* namespace pgsafe */
