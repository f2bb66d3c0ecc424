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
	UniqueConstraint,        /* ADD UNIQUE, ADD COLUMN ... UNIQUE */
	PrimaryKey,              /* ADD PRIMARY KEY, ADD COLUMN ... PRIMARY KEY */
	PrimaryKeyUsingIndex,    /* ADD PRIMARY KEY USING INDEX on columns that may hold nulls */
	ForeignKey,              /* a FOREIGN KEY PostgreSQL validates by reading every row */
	IdentityForeignKey,      /* ADD COLUMN ... GENERATED AS IDENTITY REFERENCES */
	ExclusionConstraint,     /* ADD EXCLUDE */
	CreateIndex,             /* CREATE [UNIQUE] INDEX without CONCURRENTLY */
	ValidateUnderLock,       /* VALIDATE CONSTRAINT under a lock that blocks writes */
	DomainDefaultForeignKey, /* ADD COLUMN of a domain with a DEFAULT ... REFERENCES */
	AttachPartition          /* ATTACH PARTITION that builds the partitioned table's indexes */
};

/* Stable rule names, used in the server log and the documentation. */
const char *ruleName(Rule rule);

/* What the statement does to existing rows while it holds its lock. */
enum class Work
{
	BuildIndex,
	CheckNulls,
	ValidateRows,
	RewriteTable,
	SkipValidation /* no work, but existing rows get values nobody checks */
};

struct Finding
{
	Rule rule = Rule::CreateIndex;
	Work work = Work::BuildIndex;
	int subcommand = -1;                      /* in AlterTableFacts::subcommands; -1 for CREATE INDEX */
	int columnConstraint = -1;                /* in ColumnFacts::constraints, for ADD COLUMN */
	std::vector<int> scanned;                 /* relations whose rows are read, visible to other sessions */
	std::uint64_t bytes = 0;                  /* their size, TOAST included */
	std::uint64_t toastBytes = 0;             /* what of it is in TOAST tables */
	bool sizeUnknown = false;                 /* some size could not be read without waiting */
	LockMode lock = LockMode::None;           /* the blocking lock, when it is not the statement's own */
	bool lockFromStatement = false;           /* validate-under-lock: the same statement takes that lock */
	QualifiedName lockOn;                     /* validate-under-lock: where the lock is held, if not on the table */
	int missingIndex = -1;                    /* attach-partition: in AttachPartitionFacts::missingIndexes */
	std::vector<std::string> nullableColumns; /* key columns PostgreSQL must check for nulls */
};

/* The findings of one statement, in the order of its subcommands. */
std::vector<Finding> findDangers(const StatementFacts &facts);

/*
 * Relations whose rows a validated foreign key on the tree's target reads:
 * the table, or every leaf partition that neither holds an equivalent
 * validated key itself nor lies under a partitioned table that does
 * (PostgreSQL adopts that key, and does not descend below it).
 */
std::vector<int> referencingRelations(const RelationTree &tree, const ForeignKeyFacts &fk);

/* The constraint a finding is about (table constraint or column constraint). */
const ConstraintFacts *findingConstraint(const StatementFacts &facts, const Finding &finding);

} /* namespace pgsafe */
