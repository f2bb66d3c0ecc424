/*-------------------------------------------------------------------------
 *
 * analysis.cpp
 *		Phrase findings and advice as a PostgreSQL message.
 *
 * IDENTIFICATION
 *	  src/core/analysis.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/analysis.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "core/advice.hpp"
#include "core/interrupts.hpp"
#include "core/names.hpp"
#include "core/rules.hpp"
#include "core/rules/behaviour.hpp"
#include "core/rules/phrases.hpp"
#include "core/script.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

std::string
operation(const StatementFacts &facts, const Finding &f)
{
	return behaviourOf(f.rule).operation(facts, f);
}

/* "<operation> on table t takes <lock>, blocking <what> while <work>", unless the rule words it otherwise */
std::string
primaryMessage(const StatementFacts &facts, const Finding &f)
{
	if (const auto message = behaviourOf(f.rule).message)
		return message(facts, f);

	const RelationFacts &target = facts.table.target();
	const LockMode lock = tableLock(facts, f);
	return operation(facts, f) + " on " + objectKind(target.kind) + " \"" + display(target.name) + "\" takes " +
		   aLock(lock) + ", blocking " + blocked(lock, target.kind) + " while " + activity(f.work);
}

std::string
sizeSentence(const StatementFacts &facts, const Finding &f)
{
	if (const auto size = behaviourOf(f.rule).size)
	{
		std::string sentence = size(facts, f);
		if (!sentence.empty())
			return sentence;
	}
	const RelationFacts &target = facts.table.target();
	const std::string name = display(target.name);

	if (f.sizeUnknown)
		return "The size of " +
			   std::string(f.scanned.size() == 1 && f.scanned.front() == 0 ? "" : "a relation under ") +
			   objectKind(target.kind) + " \"" + name +
			   "\" could not be read without waiting for a lock, so it is treated as not empty.";

	/* what was counted: the TOAST tables too, when they hold anything */
	const std::string toast = f.toastBytes == 0       ? ""
							  : f.scanned.size() == 1 ? " with its TOAST table"
													  : " with their TOAST tables";

	if (f.scanned.size() == 1 && f.scanned.front() == 0)
		return "The " + std::string(objectKind(target.kind)) + " \"" + name + "\" is not empty: it holds " +
			   prettySize(f.bytes) + toast + ".";

	bool partitions = target.kind == RelationKind::PartitionedTable;
	bool one = f.scanned.size() == 1;
	return "It reads " + std::to_string(f.scanned.size()) +
		   (partitions ? (one ? " partition" : " partitions") : (one ? " relation" : " relations")) + " of " +
		   objectKind(target.kind) + " \"" + name + "\" holding " + prettySize(f.bytes) + toast +
		   (one ? "." : " in all.");
}

std::string
whySentence(const StatementFacts &facts, const Finding &f)
{
	return behaviourOf(f.rule).why(facts, f);
}

/*
 * "The same statement also runs ..." for the findings after the first: one
 * sentence per kind of finding, with a count, so that a statement of a
 * thousand subcommands gets a detail of a few lines.
 */
std::vector<std::string>
alsoSentences(const StatementFacts &facts, const std::vector<Finding> &findings)
{
	std::vector<std::string> kinds;
	std::vector<std::size_t> counts;
	std::map<std::string, std::size_t> indexOf;

	for (std::size_t i = 1; i < findings.size(); i++)
	{
		const Finding &f = findings[i];
		checkInterrupts();
		std::string kind = operation(facts, f) + "|, blocking " +
						   blocked(tableLock(facts, f), facts.table.target().kind) + " while " + activity(f.work) + ".";
		auto [at, added] = indexOf.emplace(kind, kinds.size());
		if (added)
		{
			kinds.push_back(kind);
			counts.push_back(0);
		}
		counts[at->second]++;
	}

	std::vector<std::string> sentences;
	for (std::size_t k = 0; k < kinds.size(); k++)
	{
		std::size_t bar = kinds[k].find('|');
		std::string times = counts[k] > 1 ? " " + std::to_string(counts[k]) + " times" : "";
		sentences.push_back("The same statement also runs " + kinds[k].substr(0, bar) + times +
							kinds[k].substr(bar + 1));
	}
	return sentences;
}

/* The advice for a statement of an extension's script: run the script on purpose, the advice cannot be applied. */
void
extensionAdvice(const SessionFacts &session, const CatalogOracle &oracle, Report &report)
{
	std::string command = compactSql(session.extensionCommand);
	if (command.empty())
		command = "ALTER EXTENSION " + quoteIdentifier(session.extension, oracle) + " UPDATE";
	if (command.back() != ';')
		command += ';';

	report.advice = "The statement is part of the script of extension \"" + session.extension +
					"\", which cannot be changed to follow a safe alternative. Run the extension's script in a "
					"maintenance window, with pgsafe.mode lowered for its transaction by a role allowed to set it:";
	report.script =
		"BEGIN;\nSET LOCAL pgsafe.mode = 'warn';\nSET LOCAL lock_timeout = " + std::string(kBriefLockTimeout) + ";\n" +
		command + "\nCOMMIT;";
}

std::string
runInstruction(const StatementFacts &facts, const Advice &advice)
{
	const SessionFacts &session = facts.session;
	const bool blocking = std::any_of(
		advice.steps.begin(), advice.steps.end(), [](const Step &step) { return step.kind == StepKind::Blocking; });

	/* the blocking step is rejected again in error mode: only a role allowed to lower the mode runs it */
	if (blocking)
		return std::string(advice.concurrentIndexes.empty() && !advice.separateTransactions
							   ? "Run it"
							   : "Run these statements one at a time") +
			   "; pgsafe rejects the blocking one again in error mode, so a superuser or a role granted SET on "
			   "pgsafe.mode runs it, with the mode lowered for its transaction:";

	if (!advice.concurrentIndexes.empty() || advice.outsideTransaction)
		return session.canRunConcurrently()
				   ? "Run these statements one at a time, outside a transaction block:"
				   : std::string(advice.outsideTransaction ? advice.outsideTransaction : "CREATE INDEX CONCURRENTLY") +
						 " cannot run in a transaction block or a function, so run these statements one at a time, "
						 "outside both:";
	if (advice.separateTransactions)
		return session.canRunConcurrently()
				   ? "Run these statements one at a time:"
				   : "Run these statements one at a time, each in a transaction of its own, so that no lock is held "
					 "while rows are read:";
	return "Run:";
}

void
append(std::string &text, const std::string &sentence)
{
	if (sentence.empty())
		return;
	if (!text.empty())
		text += ' ';
	text += sentence;
}

} /* namespace */

std::string
prettySize(std::uint64_t bytes)
{
	/* pg_size_pretty(): switch units below 10240, rounding half up on the extra bit kept */
	static const char *const units[] = {"kB", "MB", "GB", "TB", "PB"};
	const std::uint64_t limit = 10 * 1024;

	if (bytes < limit)
		return std::to_string(bytes) + " bytes";

	std::uint64_t size = bytes >> 9; /* keep one extra bit for rounding */
	for (int i = 0; i < 5; i++)
	{
		if (size < limit * 2 - 1 || i == 4)
			return std::to_string((size + 1) / 2) + " " + units[i];
		size >>= 10;
	}
	return std::to_string(bytes) + " bytes";
}

namespace {

/* Does a step build an index CONCURRENTLY: CREATE [UNIQUE] INDEX CONCURRENTLY, REINDEX ... CONCURRENTLY? */
bool
buildsIndexConcurrently(const Advice &advice)
{
	for (const Step &step : advice.steps)
	{
		if (step.kind != StepKind::Concurrent)
			continue;
		const std::string &t = step.text;
		if ((t.rfind("CREATE ", 0) == 0 && t.find(" INDEX CONCURRENTLY ") != std::string::npos) ||
			(t.rfind("REINDEX ", 0) == 0 && t.find(" CONCURRENTLY ") != std::string::npos))
			return true;
	}
	return false;
}

} /* namespace */

std::optional<Report>
analyze(const StatementFacts &facts, const CatalogOracle &oracle, ScriptLength length)
{
	return analyze(facts, findDangers(facts), oracle, length);
}

std::optional<Report>
analyze(const StatementFacts &facts, std::vector<Finding> findings, const CatalogOracle &oracle, ScriptLength length)
{
	if (findings.empty())
		return std::nullopt;

	Advice advice = adviseFor(facts, findings, oracle, length);
	const Finding &first = findings.front();
	Report report;

	report.message = primaryMessage(facts, first);

	append(report.detail, sizeSentence(facts, first));
	append(report.detail, whySentence(facts, first));
	for (const auto &sentence : alsoSentences(facts, findings))
		append(report.detail, sentence);

	if (!facts.session.extension.empty())
		extensionAdvice(facts.session, oracle, report);
	else
	{
		for (const auto &sentence : advice.sentences)
			append(report.advice, sentence);
		if (facts.session.capabilities.concurrentBuildsCorrupt && buildsIndexConcurrently(advice))
			append(report.advice,
				   "This server runs PostgreSQL 14.0 to 14.3, where CREATE INDEX CONCURRENTLY and REINDEX "
				   "CONCURRENTLY can corrupt the index they build (fixed in 14.4): upgrade to the latest 14 minor "
				   "release before running these steps, and rebuild any index built concurrently on this version.");
		report.script = renderScript(advice);
		bool cut = false;
		if (length == ScriptLength::Bounded)
			report.script = boundScript(report.script, kMaxBoundedScriptBytes, &cut);
		if (cut || advice.shortened)
			append(report.advice, "This script is shortened; pgsafe.check() of the statement returns it whole.");
		if (!report.script.empty())
			append(report.advice, runInstruction(facts, advice));
	}
	report.hint = report.advice;
	if (!report.script.empty())
		report.hint += "\n" + report.script;

	const RelationFacts &target = facts.table.target();
	std::set<Rule> named;
	for (const auto &f : findings)
	{
		checkInterrupts();
		const LockMode lock = tableLock(facts, f);
		std::string name = ruleName(f.rule);
		if (named.insert(f.rule).second)
			report.rules += (report.rules.empty() ? "" : ",") + name;

		/* the relation it is about: the target, or another one of the tree (a DEFAULT partition) */
		const RelationFacts &about = f.about >= 0 && f.about < static_cast<int>(facts.table.relations.size())
										 ? facts.table.relations[f.about]
										 : target;
		FindingReport item;
		item.rule = name;
		item.relation = display(about.name);
		item.bytes = f.bytes;
		item.sizeKnown = !f.sizeUnknown;
		item.lock = lockName(lock);
		item.blocks = blocked(lock, about.kind);
		item.message = primaryMessage(facts, f);
		append(item.detail, sizeSentence(facts, f));
		append(item.detail, whySentence(facts, f));
		report.findings.push_back(item);
	}
	return report;
}

} /* namespace pgsafe */
