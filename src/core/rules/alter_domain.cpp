/*-------------------------------------------------------------------------
 *
 * alter_domain.cpp
 *		alter-domain: ALTER DOMAIN ... ADD CHECK without NOT VALID, SET NOT
 *		NULL and VALIDATE CONSTRAINT read every column of the domain in every
 *		table, holding SHARE on each of them.
 *
 * PostgreSQL checks a domain's new constraint against the values already
 * stored (typecmds.c, AlterDomainAddConstraint(), AlterDomainNotNull(),
 * AlterDomainValidateConstraint()): get_rels_with_domain() finds every
 * column of the domain, and of every domain over it, opens each table and
 * materialized view with ShareLock, and the validation reads all their
 * rows.  SHARE blocks writes, not reads, and is held to the end of the
 * transaction, on all the tables at once.  VALIDATE CONSTRAINT takes the
 * same SHARE (15, 17 and 18 alike; not the SHARE UPDATE EXCLUSIVE of ALTER
 * TABLE ... VALIDATE), and reads the tables even when the constraint is
 * valid already.
 *
 * Safe, as far as PostgreSQL allows: ADD CONSTRAINT ... NOT VALID, which
 * reads nothing and checks new and updated values at once; then VALIDATE
 * CONSTRAINT at a quiet time, which still blocks writes while it reads.
 * There is no NOT VALID form of a domain's NOT NULL (17 and 18 refuse it in
 * the grammar): a CHECK (VALUE IS NOT NULL) constraint does the same work,
 * without marking the domain NOT NULL.
 *
 * Not flagged: NOT VALID; a domain already NOT NULL; a domain no table
 * uses, or only empty or new ones; a domain stored inside an array,
 * composite or range column, which PostgreSQL refuses to alter; DROP
 * CONSTRAINT, RENAME and the other forms, which read nothing.
 *
 * IDENTIFICATION
 *	  src/core/rules/alter_domain.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <algorithm>

#include "core/advice/writer.hpp"
#include "core/analysis.hpp"
#include "core/interrupts.hpp"
#include "core/rules/behaviour.hpp"
#include "core/rules/phrases.hpp"
#include "core/rules/relations.hpp"
#include "core/script.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

/* How many of the tables the detail names, largest first. */
constexpr std::size_t kLargestNamed = 5;

void
detect(const StatementFacts &facts, int, std::vector<Finding> &findings)
{
	const AlterDomainFacts &d = facts.alterDomain;
	std::vector<int> scanned;

	if (d.change == DomainChange::Validate && !facts.session.capabilities.domainValidateBlocksWrites)
		return;
	for (const DomainColumns &use : d.columns)
		if (use.relation > 0 && use.relation < static_cast<int>(facts.table.relations.size()))
			scanned.push_back(use.relation);
	if (scanned.empty())
		return;
	Finding finding = makeFinding(Rule::AlterDomain,
								  d.change == DomainChange::SetNotNull ? Work::CheckNulls : Work::ValidateRows,
								  -1,
								  -1,
								  scanned);
	finding.lock = LockMode::Share;
	findings.push_back(finding);
}

std::string
operation(const StatementFacts &facts, const Finding &)
{
	const AlterDomainFacts &d = facts.alterDomain;
	switch (d.change)
	{
		case DomainChange::AddCheck:
			return "ALTER DOMAIN ... ADD CHECK";
		case DomainChange::SetNotNull:
			return d.notNullConstraint ? "ALTER DOMAIN ... ADD NOT NULL" : "ALTER DOMAIN ... SET NOT NULL";
		case DomainChange::Validate:
			return "ALTER DOMAIN ... VALIDATE CONSTRAINT";
	}
	return "ALTER DOMAIN";
}

std::string
message(const StatementFacts &facts, const Finding &f)
{
	const AlterDomainFacts &d = facts.alterDomain;
	return operation(facts, f) + " on domain \"" + display(d.domain) +
		   "\" takes a SHARE lock on every table with a column of the domain, blocking writes to them while it "
		   "reads every row " +
		   (d.change == DomainChange::SetNotNull ? "to check for nulls" : "to validate the constraint");
}

std::string
why(const StatementFacts &facts, const Finding &)
{
	if (facts.alterDomain.change == DomainChange::Validate)
		return std::string("Unlike ALTER TABLE ... VALIDATE CONSTRAINT, validating a domain's constraint locks every "
						   "table that uses the domain in SHARE mode until the end of the transaction") +
			   (facts.alterDomain.alreadyValid ? ", and reads them even when the constraint is valid already." : ".");
	return "PostgreSQL checks the values already stored in every column of the domain, and of the domains over it, "
		   "holding the lock on all these tables until the end of the transaction.";
}

/* "It reads 3 tables holding 10 MB in all. The largest ones: ..." */
std::string
size(const StatementFacts &facts, const Finding &f)
{
	std::vector<int> tables = f.scanned;
	std::stable_sort(tables.begin(), tables.end(), [&](int a, int b) {
		const RelationFacts &ra = facts.table.relations[a];
		const RelationFacts &rb = facts.table.relations[b];
		return ra.bytes + ra.toastBytes > rb.bytes + rb.toastBytes;
	});
	auto columnsOf = [&](int relation) -> const std::vector<std::string> * {
		for (const DomainColumns &use : facts.alterDomain.columns)
			if (use.relation == relation)
				return &use.columns;
		return nullptr;
	};

	std::size_t unknown = 0;
	std::size_t named = 0;
	std::size_t filled = 0;
	std::string largest;
	for (int i : tables)
	{
		const RelationFacts &rel = facts.table.relations[i];
		checkInterrupts();
		if (!rel.sizeKnown)
		{
			unknown++;
			continue;
		}
		if (rel.bytes == 0)
			continue;
		filled++;
		if (named == kLargestNamed)
			continue;
		std::string columns;
		if (const std::vector<std::string> *names = columnsOf(i))
			columns = std::string(names->size() == 1 ? ", column " : ", columns ") + columnList(*names);
		largest += std::string(named ? ", " : "") + "\"" + display(rel.name) + "\" (" +
				   prettySize(rel.bytes + rel.toastBytes) + columns + ")";
		named++;
	}

	const std::size_t n = tables.size();
	std::string sentence = "It reads " + std::to_string(n) + (n == 1 ? " table" : " tables") + " holding " +
						   prettySize(f.bytes) + (n == 1 ? "" : " in all");
	if (!largest.empty())
	{
		sentence += ": " + largest;
		if (filled > named)
			sentence += " and " + std::to_string(filled - named) + " more";
	}
	sentence += ".";
	if (unknown > 0)
		sentence += " The size of " + std::to_string(unknown) + (unknown == 1 ? " table" : " tables") +
					" could not be read without waiting for a lock, so " + (unknown == 1 ? "it is" : "they are") +
					" treated as not empty.";
	return sentence;
}

const char *const kValidateBlocks = "PostgreSQL has no way to validate a domain's constraint without blocking writes: "
									"VALIDATE CONSTRAINT takes SHARE on every table that uses the domain while it "
									"reads them (reads go on), so run it at a quiet time";

void
adviseStatement(AdviceWriter &writer, const std::vector<Finding> &)
{
	const AlterDomainFacts &d = writer.facts().alterDomain;
	const std::string domain = quoteQualified(d.domain, writer.oracle());

	if (d.change == DomainChange::Validate)
	{
		if (d.alreadyValid)
		{
			writer.say("The constraint is valid already: the statement would read every table again and change "
					   "nothing, so leave it out.");
			return;
		}
		writer.add(StepKind::Comment, "no online alternative: validating a domain's constraint blocks writes");
		writer.add(StepKind::Blocking, compactSql(writer.facts().text) + ";");
		writer.say(std::string(kValidateBlocks) +
				   ", or leave the constraint NOT VALID: new and updated values are checked against it already.");
		return;
	}

	std::string name;
	std::string body;
	if (d.change == DomainChange::AddCheck)
	{
		if (!d.checkBody.valid())
		{
			writer.partial();
			writer.say("Add the constraint NOT VALID, which reads nothing, then validate it at a quiet time.");
			return;
		}
		name = d.constraintName ? *d.constraintName
								: writer.names().constraintName(d.domain.schema, d.domain.name, std::nullopt, "check");
		body = compactSql(writer.facts().slice(d.checkBody));
	}
	else
	{
		name = d.constraintName
				   ? *d.constraintName
				   : writer.names().constraintName(d.domain.schema, d.domain.name, std::nullopt, "not_null");
		body = "CHECK (VALUE IS NOT NULL)";
	}

	writer.add(StepKind::Brief,
			   "ALTER DOMAIN " + domain + " ADD CONSTRAINT " + writer.ident(name) + " " + body + " NOT VALID;");
	writer.add(StepKind::Blocking, "ALTER DOMAIN " + domain + " VALIDATE CONSTRAINT " + writer.ident(name) + ";");
	writer.needsSeparateTransactions();
	if (d.change == DomainChange::AddCheck)
		writer.say("Add the constraint NOT VALID, which reads nothing: new and updated values are checked against "
				   "it at once.");
	else
		writer.say("PostgreSQL cannot add a domain's NOT NULL as NOT VALID. A CHECK (VALUE IS NOT NULL) constraint "
				   "added NOT VALID reads nothing and rejects new nulls at once; it is a check constraint, so the "
				   "domain is not marked NOT NULL (pg_type.typnotnull), and a later SET NOT NULL reads every table "
				   "again.");
	writer.say(std::string(kValidateBlocks) + ", or leave the constraint NOT VALID.");
}

} /* namespace */

const RuleBehaviour kAlterDomainRule = {
	Rule::AlterDomain,
	StatementKind::AlterDomain,
	0,
	0,
	detect,
	operation,
	message,
	why,
	nullptr,
	nullptr,
	adviseStatement,
	size,
};

} /* namespace pgsafe */
