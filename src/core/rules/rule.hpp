/*-------------------------------------------------------------------------
 *
 * rule.hpp
 *		The catalogue of pgsafe's rules, and what a finding is.
 *
 * Every rule has one entry in the catalogue (catalogue.cpp): its stable
 * name, whether the hook applies it to every statement or only a check of
 * a script does, a one-line summary, and what it looks at.  Everything
 * else is derived from that table: rule names in messages and logs,
 * pgsafe.rules(), the rule metadata of pgsafe-lint's SARIF output, the
 * rules a suppression comment may name, and which statements the adapter
 * reads at all.  A statement rule's behaviour -- detection, the message's
 * wording, the safe alternative -- lives in its own file beside this one.
 *
 * IDENTIFICATION
 *	  src/core/rules/rule.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/model.hpp"

namespace pgsafe {

/* The rules the hook and pgsafe.check() apply to each statement. */
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
	AttachPartition,         /* ATTACH PARTITION that builds the partitioned table's indexes */
	AlterColumnType,         /* ALTER COLUMN ... TYPE that rewrites the table */
	AlterColumnTypeIndex,    /* ALTER COLUMN ... TYPE that builds indexes again without a rewrite */
	AlterColumnTypeCheck,    /* ALTER COLUMN ... TYPE that validates CHECK constraints again */
	SetNotNull,              /* ALTER COLUMN ... SET NOT NULL not proven by a validated CHECK */
	AddCheck,                /* ADD CHECK without NOT VALID, ADD COLUMN ... CHECK */
	AddColumnRewrite,        /* ADD COLUMN that rewrites the table */
	Reindex,                 /* REINDEX without CONCURRENTLY */
	RefreshMaterializedView, /* REFRESH MATERIALIZED VIEW without CONCURRENTLY on a populated view */
	SetLogged,               /* SET LOGGED or SET UNLOGGED that changes the table's persistence */
	SetTablespace,           /* SET TABLESPACE that moves a table or materialized view */
	SetAccessMethod,         /* SET ACCESS METHOD that changes a table's or materialized view's method */
	AlterDomain,             /* ALTER DOMAIN that reads every column of the domain under SHARE */
	VacuumFull,              /* VACUUM FULL */
	Cluster,                 /* CLUSTER */
	AttachPartitionScan,     /* ATTACH PARTITION that reads the table to check the bound */
	DefaultPartitionScan,    /* ATTACH PARTITION, CREATE TABLE ... PARTITION OF that read the DEFAULT partition */
	SetExpression,           /* ALTER COLUMN ... SET EXPRESSION of a STORED generated column (PostgreSQL 17) */
	EnforceConstraint        /* ALTER CONSTRAINT ... ENFORCED of a NOT ENFORCED foreign key (PostgreSQL 18) */
};

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
	int subcommand = -1;            /* in AlterTableFacts::subcommands; -1 for CREATE INDEX */
	int columnConstraint = -1;      /* in ColumnFacts::constraints, for ADD COLUMN */
	std::vector<int> scanned;       /* relations whose rows are read, visible to other sessions */
	std::uint64_t bytes = 0;        /* their size, TOAST included */
	std::uint64_t toastBytes = 0;   /* what of it is in TOAST tables */
	bool sizeUnknown = false;       /* some size could not be read without waiting */
	LockMode lock = LockMode::None; /* the blocking lock, when it is not the statement's own */
	bool lockFromStatement = false; /* validate-under-lock: the same statement takes that lock */
	QualifiedName lockOn;           /* validate-under-lock: where the lock is held, if not on the table */
	int missingIndex = -1;          /* attach-partition: in AttachPartitionFacts::missingIndexes */
	int about = -1; /* the relation the finding is about when it is not the target (the DEFAULT partition) */
	std::vector<std::string> nullableColumns; /* key columns PostgreSQL must check for nulls */
};

enum class RuleScope
{
	Statement, /* decided on each statement: the hook, pgsafe.check(), pgsafe-lint */
	Script     /* about a script as a whole: pgsafe.check() and pgsafe-lint only */
};

/*
 * What PostgreSQL does to the existing rows of a statement a rule flags,
 * under a lock that blocks writes: the ground-truth test (sql/ground_truth.sql)
 * checks it against the relfilenode and pg_stat_xact_all_tables.seq_scan.
 */
enum class RuleEffect
{
	Rewrite,     /* writes a new copy of the table (new relfilenode) */
	IndexBuild,  /* reads every row to build an index */
	Scan,        /* reads every row to check them */
	Unvalidated, /* no read, but existing rows get values nobody checks */
	None         /* a script rule */
};

/* "rewrite", "index build", "scan", "unvalidated"; nullptr for None */
const char *effectName(RuleEffect effect);

struct RuleBehaviour; /* a statement rule's detection, wording and recipe (behaviour.hpp) */

struct RuleSpec
{
	const char *name;    /* stable: messages, logs, suppression comments, SARIF */
	RuleScope scope;     /* Statement rules have a behaviour */
	RuleEffect effect;   /* what a flagged statement does to the rows */
	const char *summary; /* one line, for pgsafe.rules() and SARIF */
	const char *looksAt; /* the statements it looks at, for pgsafe.rules() */
	bool suppressible;   /* may a pgsafe:ignore comment name it? */
	const RuleBehaviour *behaviour;
};

/* Every rule, statement rules first in the order of enum Rule. */
const std::vector<RuleSpec> &ruleCatalogue();

/* A statement rule's entry, and its name. */
const RuleSpec &ruleSpec(Rule rule);
const char *ruleName(Rule rule);

/* The entry with this name, or nullptr. */
const RuleSpec *findRule(const std::string &name);

/*
 * The names of a pgsafe.disabled_rules value: separated by commas, blanks
 * around each ignored, lower-cased (names are case-insensitive there, as
 * PostgreSQL's list settings are).  An empty value is no names.
 */
std::vector<std::string> ruleList(const std::string &value);

/* May pgsafe.disabled_rules name this rule?  The rules a suppression may name. */
bool isDisablableRule(const std::string &name);

/* Is name in the list?  The list of a pgsafe.disabled_rules value is short. */
bool listsRule(const std::vector<std::string> &list, const std::string &name);

} /* namespace pgsafe */
