/*-------------------------------------------------------------------------
 *
 * catalogue.cpp
 *		The table of pgsafe's rules.
 *
 * One entry per rule.  Statement rules come first, in the order of enum
 * Rule, each with the behaviour its own file defines; then the rules of a
 * script check, which pgsafe.check() and pgsafe-lint raise while they
 * follow the script (src/adapter/linter.cpp, src/core/lint.cpp).  A new
 * rule is a line here, its file, and its tests; test/unit/catalogue_test.cpp
 * checks that every rule has a README entry and a regression test.
 *
 * IDENTIFICATION
 *	  src/core/rules/catalogue.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <algorithm>

#include "core/rules/behaviour.hpp"
#include "core/lint.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

const std::vector<RuleSpec> kCatalogue = {
	{"unique-constraint",
	 RuleScope::Statement,
	 RuleEffect::IndexBuild,
	 "ADD UNIQUE builds its index under an ACCESS EXCLUSIVE lock",
	 "ALTER TABLE ... ADD UNIQUE, ADD COLUMN ... UNIQUE",
	 true,
	 &kUniqueConstraintRule},
	{"primary-key",
	 RuleScope::Statement,
	 RuleEffect::IndexBuild,
	 "ADD PRIMARY KEY builds its index under an ACCESS EXCLUSIVE lock, after reading every row for nulls",
	 "ALTER TABLE ... ADD PRIMARY KEY, ADD COLUMN ... PRIMARY KEY",
	 true,
	 &kPrimaryKeyRule},
	{"primary-key-using-index",
	 RuleScope::Statement,
	 RuleEffect::Scan,
	 "PRIMARY KEY USING INDEX on nullable columns reads every row under ACCESS EXCLUSIVE",
	 "ALTER TABLE ... ADD PRIMARY KEY USING INDEX",
	 true,
	 &kPrimaryKeyUsingIndexRule},
	{"foreign-key",
	 RuleScope::Statement,
	 RuleEffect::Scan,
	 "a validated FOREIGN KEY reads every row under SHARE ROW EXCLUSIVE on both tables",
	 "ALTER TABLE ... ADD FOREIGN KEY, ADD COLUMN ... REFERENCES with a DEFAULT",
	 true,
	 &kForeignKeyRule},
	{"identity-foreign-key",
	 RuleScope::Statement,
	 RuleEffect::Rewrite,
	 "ADD COLUMN GENERATED AS IDENTITY REFERENCES rewrites the table and skips validation",
	 "ALTER TABLE ... ADD COLUMN ... GENERATED AS IDENTITY REFERENCES",
	 true,
	 &kIdentityForeignKeyRule},
	{"exclusion-constraint",
	 RuleScope::Statement,
	 RuleEffect::IndexBuild,
	 "ADD EXCLUDE builds its index under an ACCESS EXCLUSIVE lock",
	 "ALTER TABLE ... ADD EXCLUDE",
	 true,
	 &kExclusionConstraintRule},
	{"create-index",
	 RuleScope::Statement,
	 RuleEffect::IndexBuild,
	 "CREATE INDEX without CONCURRENTLY blocks writes while the index is built",
	 "CREATE [UNIQUE] INDEX without CONCURRENTLY",
	 true,
	 &kCreateIndexRule},
	{"validate-under-lock",
	 RuleScope::Statement,
	 RuleEffect::Scan,
	 "VALIDATE CONSTRAINT under a lock that blocks writes, its transaction's or its statement's",
	 "ALTER TABLE ... VALIDATE CONSTRAINT",
	 true,
	 &kValidateUnderLockRule},
	{"domain-default-foreign-key",
	 RuleScope::Statement,
	 RuleEffect::Unvalidated,
	 "ADD COLUMN of a domain with a DEFAULT and REFERENCES skips validation",
	 "ALTER TABLE ... ADD COLUMN <domain> REFERENCES",
	 true,
	 &kDomainDefaultForeignKeyRule},
	{"attach-partition",
	 RuleScope::Statement,
	 RuleEffect::IndexBuild,
	 "ATTACH PARTITION builds the partitioned table's indexes under ACCESS EXCLUSIVE",
	 "ALTER TABLE ... ATTACH PARTITION",
	 true,
	 &kAttachPartitionRule},
	{"alter-column-type",
	 RuleScope::Statement,
	 RuleEffect::Rewrite,
	 "ALTER COLUMN ... TYPE that rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE",
	 "ALTER TABLE ... ALTER COLUMN ... TYPE",
	 true,
	 &kAlterColumnTypeRule},
	{"alter-column-type-index",
	 RuleScope::Statement,
	 RuleEffect::IndexBuild,
	 "ALTER COLUMN ... TYPE that builds indexes on the column again under ACCESS EXCLUSIVE",
	 "ALTER TABLE ... ALTER COLUMN ... TYPE",
	 true,
	 &kAlterColumnTypeIndexRule},
	{"alter-column-type-check",
	 RuleScope::Statement,
	 RuleEffect::Scan,
	 "ALTER COLUMN ... TYPE that validates CHECK constraints on the column again under ACCESS EXCLUSIVE",
	 "ALTER TABLE ... ALTER COLUMN ... TYPE",
	 true,
	 &kAlterColumnTypeCheckRule},
	{"set-not-null",
	 RuleScope::Statement,
	 RuleEffect::Scan,
	 "SET NOT NULL reads every row under ACCESS EXCLUSIVE unless a validated CHECK proves the column NOT NULL",
	 "ALTER TABLE ... ALTER COLUMN ... SET NOT NULL",
	 true,
	 &kSetNotNullRule},
	{"add-check",
	 RuleScope::Statement,
	 RuleEffect::Scan,
	 "ADD CHECK without NOT VALID reads every row under ACCESS EXCLUSIVE to validate it",
	 "ALTER TABLE ... ADD CHECK, ADD COLUMN ... CHECK",
	 true,
	 &kAddCheckRule},
	{"add-column-rewrite",
	 RuleScope::Statement,
	 RuleEffect::Rewrite,
	 "ADD COLUMN with a volatile DEFAULT, serial, identity, STORED or a constrained domain rewrites the table",
	 "ALTER TABLE ... ADD COLUMN",
	 true,
	 &kAddColumnRewriteRule},
	{"reindex",
	 RuleScope::Statement,
	 RuleEffect::IndexBuild,
	 "REINDEX without CONCURRENTLY blocks writes, and nearly all reads, while it rebuilds the indexes",
	 "REINDEX INDEX, TABLE, SCHEMA, DATABASE, SYSTEM without CONCURRENTLY",
	 true,
	 &kReindexRule},
	{"refresh-materialized-view",
	 RuleScope::Statement,
	 RuleEffect::Rewrite,
	 "REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks reads of the view while it is rewritten",
	 "REFRESH MATERIALIZED VIEW without CONCURRENTLY",
	 true,
	 &kRefreshMaterializedViewRule},
	{"set-logged",
	 RuleScope::Statement,
	 RuleEffect::Rewrite,
	 "SET LOGGED or SET UNLOGGED rewrites the table and its indexes under an ACCESS EXCLUSIVE lock",
	 "ALTER TABLE ... SET LOGGED, SET UNLOGGED",
	 true,
	 &kSetLoggedRule},
	{"set-tablespace",
	 RuleScope::Statement,
	 RuleEffect::Rewrite,
	 "SET TABLESPACE copies the table to another tablespace under an ACCESS EXCLUSIVE lock",
	 "ALTER TABLE ... SET TABLESPACE, ALTER MATERIALIZED VIEW ... SET TABLESPACE, ALTER INDEX ... SET TABLESPACE",
	 true,
	 &kSetTablespaceRule},
	{"set-access-method",
	 RuleScope::Statement,
	 RuleEffect::Rewrite,
	 "SET ACCESS METHOD rewrites the table under an ACCESS EXCLUSIVE lock",
	 "ALTER TABLE ... SET ACCESS METHOD, ALTER MATERIALIZED VIEW ... SET ACCESS METHOD",
	 true,
	 &kSetAccessMethodRule},
	{"alter-domain",
	 RuleScope::Statement,
	 RuleEffect::Scan,
	 "ALTER DOMAIN ... ADD CHECK, SET NOT NULL or VALIDATE reads every column of the domain under SHARE on its tables",
	 "ALTER DOMAIN ... ADD CONSTRAINT, SET NOT NULL, VALIDATE CONSTRAINT",
	 true,
	 &kAlterDomainRule},
	{"vacuum-full",
	 RuleScope::Statement,
	 RuleEffect::Rewrite,
	 "VACUUM FULL blocks reads and writes of each table while it rewrites it",
	 "VACUUM FULL, VACUUM (FULL)",
	 true,
	 &kVacuumFullRule},
	{"cluster",
	 RuleScope::Statement,
	 RuleEffect::Rewrite,
	 "CLUSTER blocks reads and writes of each table while it rewrites it in index order",
	 "CLUSTER",
	 true,
	 &kClusterRule},
	{"attach-partition-scan",
	 RuleScope::Statement,
	 RuleEffect::Scan,
	 "ATTACH PARTITION reads the table under ACCESS EXCLUSIVE unless a validated CHECK implies the partition bound",
	 "ALTER TABLE ... ATTACH PARTITION",
	 true,
	 &kAttachPartitionScanRule},
	{"default-partition-scan",
	 RuleScope::Statement,
	 RuleEffect::Scan,
	 "a new partition's bound makes PostgreSQL read the DEFAULT partition under ACCESS EXCLUSIVE",
	 "ALTER TABLE ... ATTACH PARTITION, CREATE TABLE ... PARTITION OF",
	 true,
	 &kDefaultPartitionScanRule},
	{"set-expression",
	 RuleScope::Statement,
	 RuleEffect::Rewrite,
	 "SET EXPRESSION of a STORED generated column rewrites the table under an ACCESS EXCLUSIVE lock",
	 "ALTER TABLE ... ALTER COLUMN ... SET EXPRESSION",
	 true,
	 &kSetExpressionRule},
	{"enforce-constraint",
	 RuleScope::Statement,
	 RuleEffect::Scan,
	 "ALTER CONSTRAINT ... ENFORCED validates a NOT ENFORCED foreign key under an ACCESS EXCLUSIVE lock",
	 "ALTER TABLE ... ALTER CONSTRAINT ... ENFORCED",
	 true,
	 &kEnforceConstraintRule},

	{kRuleConcurrentlyInTransaction,
	 RuleScope::Script,
	 RuleEffect::None,
	 "a CONCURRENTLY statement that would run inside a transaction block",
	 "CREATE INDEX, DROP INDEX, REINDEX CONCURRENTLY, DETACH PARTITION CONCURRENTLY",
	 true,
	 nullptr},
	{kRuleUnknownRelation,
	 RuleScope::Script,
	 RuleEffect::None,
	 "a relation pgsafe cannot see, so it cannot tell the statement's cost",
	 "the statements the statement rules look at",
	 true,
	 nullptr},
	{kRuleNotChecked,
	 RuleScope::Script,
	 RuleEffect::None,
	 "a statement pgsafe could not check, so it cannot tell whether it blocks",
	 "the statements the statement rules look at",
	 true,
	 nullptr},
	{kRuleServerNotice,
	 RuleScope::Script,
	 RuleEffect::None,
	 "a NOTICE or WARNING the server raises while it parses the script, such as a truncated identifier",
	 "every statement, and the statements of DO blocks",
	 true,
	 nullptr},
	{kRuleMissingLockTimeout,
	 RuleScope::Script,
	 RuleEffect::None,
	 "a statement that would wait in the lock queue, stalling the queries behind it, with no lock timeout in force",
	 "the statements pgsafe.lock_timeout bounds, on relations that exist",
	 true,
	 nullptr},
	{kRuleSyntaxError,
	 RuleScope::Script,
	 RuleEffect::None,
	 "the script does not parse",
	 "every statement",
	 false,
	 nullptr},
	{kRuleInvalidSuppression,
	 RuleScope::Script,
	 RuleEffect::None,
	 "a pgsafe:ignore comment without a reason or with an unknown rule",
	 "comments",
	 false,
	 nullptr},
	{kRuleUnusedSuppression,
	 RuleScope::Script,
	 RuleEffect::None,
	 "a pgsafe:ignore comment that suppresses nothing",
	 "comments",
	 false,
	 nullptr},
};

} /* namespace */

const std::vector<RuleSpec> &
ruleCatalogue()
{
	return kCatalogue;
}

const RuleSpec &
ruleSpec(Rule rule)
{
	return kCatalogue[static_cast<std::size_t>(rule)];
}

const char *
ruleName(Rule rule)
{
	return ruleSpec(rule).name;
}

const char *
effectName(RuleEffect effect)
{
	switch (effect)
	{
		case RuleEffect::Rewrite:
			return "rewrite";
		case RuleEffect::IndexBuild:
			return "index build";
		case RuleEffect::Scan:
			return "scan";
		case RuleEffect::Unvalidated:
			return "unvalidated";
		case RuleEffect::None:
			break;
	}
	return nullptr;
}

std::vector<std::string>
ruleList(const std::string &value)
{
	std::vector<std::string> names;
	auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
	std::size_t start = 0;

	if (std::all_of(value.begin(), value.end(), blank))
		return names;
	while (start <= value.size())
	{
		std::size_t comma = std::min(value.find(',', start), value.size());
		std::size_t begin = start, end = comma;
		while (begin < end && blank(value[begin]))
			begin++;
		while (end > begin && blank(value[end - 1]))
			end--;
		std::string name = value.substr(begin, end - begin);
		for (char &c : name)
			if (c >= 'A' && c <= 'Z')
				c = static_cast<char>(c - 'A' + 'a');
		names.push_back(std::move(name));
		start = comma + 1;
	}
	return names;
}

bool
isDisablableRule(const std::string &name)
{
	const RuleSpec *spec = findRule(name);
	return spec && spec->suppressible;
}

bool
listsRule(const std::vector<std::string> &list, const std::string &name)
{
	return std::find(list.begin(), list.end(), name) != list.end();
}

const RuleSpec *
findRule(const std::string &name)
{
	for (const RuleSpec &spec : kCatalogue)
		if (name == spec.name)
			return &spec;
	return nullptr;
}

const RuleBehaviour &
behaviourOf(Rule rule)
{
	return *ruleSpec(rule).behaviour;
}

bool
rulesLookAt(StatementKind statement)
{
	for (const RuleSpec &spec : kCatalogue)
		if (spec.behaviour && spec.behaviour->statement == statement)
			return true;
	return false;
}

bool
rulesLookAt(SubcommandKind subcommand, ConstraintKind constraint)
{
	for (const RuleSpec &spec : kCatalogue)
	{
		const RuleBehaviour *b = spec.behaviour;
		if (b && b->statement == StatementKind::AlterTable && (b->subcommands & bitOf(subcommand)) &&
			(b->constraints == 0 || (b->constraints & bitOf(constraint))))
			return true;
	}
	return false;
}

} /* namespace pgsafe */
