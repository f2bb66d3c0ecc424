/*-------------------------------------------------------------------------
 *
 * behaviour.hpp
 *		What a statement rule does, as the rule files define it.
 *
 * A statement rule is a RuleBehaviour: the statements and subcommands it
 * looks at, a detector that turns them into findings, the words of its
 * message, and the recipe of its safe alternative.  findDangers() calls
 * the detectors of the rules that look at each subcommand (a dispatch
 * table per statement kind, built from the catalogue); analyze() and the
 * advice writer call the rest.  Each rule file defines one behaviour and
 * the catalogue lists it.
 *
 * IDENTIFICATION
 *	  src/core/rules/behaviour.hpp
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

/* A set of subcommand kinds, or of constraint kinds, as bits. */
constexpr unsigned
bitOf(SubcommandKind kind)
{
	return 1u << static_cast<unsigned>(kind);
}
constexpr unsigned
bitOf(ConstraintKind kind)
{
	return 1u << static_cast<unsigned>(kind);
}

struct RuleBehaviour
{
	Rule rule;
	StatementKind statement;
	unsigned subcommands; /* ALTER TABLE: the subcommand kinds it looks at */
	unsigned constraints; /* of ADD CONSTRAINT and ADD COLUMN: the constraint kinds it looks at */

	/*
	 * Append the findings of subcommand (an index into the ALTER TABLE's
	 * subcommands; -1 for a statement without subcommands).  Each is still
	 * to be weighed: the caller keeps those on relations that are visible
	 * and large enough.
	 */
	void (*detect)(const StatementFacts &facts, int subcommand, std::vector<Finding> &findings);

	/* "ADD UNIQUE", "CREATE INDEX": the operation, as the message names it */
	std::string (*operation)(const StatementFacts &facts, const Finding &finding);

	/* the primary message, when the generic "<operation> on table t takes <lock> ..." does not fit; or nullptr */
	std::string (*message)(const StatementFacts &facts, const Finding &finding);

	/* why it blocks, for the detail; empty when the primary message says it all */
	std::string (*why)(const StatementFacts &facts, const Finding &finding);

	/* the recipe for a finding of an ALTER TABLE subcommand that is not ADD COLUMN */
	void (*adviseSubcommand)(AdviceWriter &writer, const SubcommandFacts &sub, const Finding &finding);

	/* the recipe for a constraint of ADD COLUMN, once the column is added */
	void (*adviseColumn)(AdviceWriter &writer, const ColumnFacts &column, const ConstraintFacts &constraint);

	/* the recipe for a statement without subcommands, given all its findings */
	void (*adviseStatement)(AdviceWriter &writer, const std::vector<Finding> &findings);

	/* the detail's size sentence, when the generic one does not fit (empty: the generic one); or nullptr */
	std::string (*size)(const StatementFacts &facts, const Finding &finding);
};

/* The statement rules' behaviours, one per rule file. */
extern const RuleBehaviour kUniqueConstraintRule;
extern const RuleBehaviour kPrimaryKeyRule;
extern const RuleBehaviour kPrimaryKeyUsingIndexRule;
extern const RuleBehaviour kForeignKeyRule;
extern const RuleBehaviour kIdentityForeignKeyRule;
extern const RuleBehaviour kExclusionConstraintRule;
extern const RuleBehaviour kCreateIndexRule;
extern const RuleBehaviour kValidateUnderLockRule;
extern const RuleBehaviour kDomainDefaultForeignKeyRule;
extern const RuleBehaviour kAttachPartitionRule;
extern const RuleBehaviour kAlterColumnTypeRule;
extern const RuleBehaviour kAlterColumnTypeIndexRule;
extern const RuleBehaviour kAlterColumnTypeCheckRule;
extern const RuleBehaviour kSetNotNullRule;
extern const RuleBehaviour kAddCheckRule;
extern const RuleBehaviour kAddColumnRewriteRule;
extern const RuleBehaviour kReindexRule;
extern const RuleBehaviour kRefreshMaterializedViewRule;
extern const RuleBehaviour kSetLoggedRule;
extern const RuleBehaviour kSetTablespaceRule;
extern const RuleBehaviour kSetAccessMethodRule;
extern const RuleBehaviour kAlterDomainRule;
extern const RuleBehaviour kVacuumFullRule;
extern const RuleBehaviour kClusterRule;
extern const RuleBehaviour kAttachPartitionScanRule;
extern const RuleBehaviour kDefaultPartitionScanRule;
extern const RuleBehaviour kSetExpressionRule;
extern const RuleBehaviour kEnforceConstraintRule;

/* A statement rule's behaviour. */
const RuleBehaviour &behaviourOf(Rule rule);

/* Do any rules look at this kind of statement, or of ALTER TABLE subcommand with this constraint kind? */
bool rulesLookAt(StatementKind statement);
bool rulesLookAt(SubcommandKind subcommand, ConstraintKind constraint);

} /* namespace pgsafe */
