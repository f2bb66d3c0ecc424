/*-------------------------------------------------------------------------
 *
 * lint.cpp
 *		Severities and suppression comments of the script check.
 *
 * IDENTIFICATION
 *	  src/core/lint.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/lint.hpp"

#include <algorithm>
#include <map>

#include "core/interrupts.hpp"
#include "core/rules/rule.hpp"

#include "core/pure.hpp"

namespace pgsafe {

namespace {

constexpr const char *kSuppressionMarker = "pgsafe:ignore";

bool
isBlank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string
trim(const std::string &text)
{
	std::size_t begin = 0, end = text.size();
	while (begin < end && isBlank(text[begin]))
		begin++;
	while (end > begin && isBlank(text[end - 1]))
		end--;
	return text.substr(begin, end - begin);
}

std::vector<std::string>
splitRules(const std::string &list)
{
	std::vector<std::string> rules;
	std::size_t start = 0;
	while (start <= list.size())
	{
		std::size_t comma = list.find(',', start);
		if (comma == std::string::npos)
			comma = list.size();
		rules.push_back(list.substr(start, comma - start));
		start = comma + 1;
	}
	return rules;
}

/* Parse a comment body; nullopt when it is not a suppression at all. */
std::optional<Suppression>
parseSuppression(const ScriptComment &comment)
{
	std::string body = trim(comment.body);
	if (body.compare(0, std::string(kSuppressionMarker).size(), kSuppressionMarker) != 0)
		return std::nullopt;

	Suppression s;
	s.offset = comment.begin;
	std::string rest = body.substr(std::string(kSuppressionMarker).size());
	if (!rest.empty() && !isBlank(rest.front()))
		return std::nullopt; /* "pgsafe:ignored", some other word */
	rest = trim(rest);

	std::size_t space = 0;
	while (space < rest.size() && !isBlank(rest[space]))
		space++;
	std::string ruleList = rest.substr(0, space);
	s.reason = trim(rest.substr(space));

	if (ruleList.empty())
	{
		s.problem = "It names no rule; write \"pgsafe:ignore <rule> <reason>\".";
		return s;
	}
	s.rules = splitRules(ruleList);
	for (const auto &rule : s.rules)
		if (!isSuppressibleRule(rule))
		{
			s.problem = "\"" + rule + "\" is not a pgsafe rule that can be suppressed.";
			return s;
		}
	if (s.reason.empty())
		s.problem = "It gives no reason; write \"pgsafe:ignore " + ruleList + " <reason>\".";
	return s;
}

std::string
joinRules(const std::vector<std::string> &rules)
{
	std::string text;
	for (const auto &rule : rules)
		text += (text.empty() ? "" : ", ") + rule;
	return text;
}

} /* namespace */

const char *
severityName(Severity severity)
{
	return severity == Severity::Error ? "error" : "warning";
}

bool
isSuppressibleRule(const std::string &name)
{
	const RuleSpec *rule = findRule(name);
	return rule && rule->suppressible;
}

std::vector<Suppression>
findSuppressions(const ScriptLayout &layout)
{
	std::vector<Suppression> suppressions;
	for (const auto &comment : layout.comments)
		if (std::optional<Suppression> s = parseSuppression(comment))
			suppressions.push_back(*s);
	return suppressions;
}

void
applySuppressions(std::vector<Suppression> &suppressions, std::size_t begin, std::size_t end,
				  std::vector<LintFinding> &findings, std::size_t firstFinding)
{
	auto first =
		std::lower_bound(suppressions.begin(), suppressions.end(), begin, [](const Suppression &s, std::size_t offset) {
			return s.offset < offset;
		});
	if (first == suppressions.end() || first->offset >= end)
		return;

	/* each rule's valid suppressions in the range, in order: the first that names a finding's rule takes it */
	std::map<std::string, std::vector<Suppression *>> byRule;
	for (auto s = first; s != suppressions.end() && s->offset < end; ++s)
	{
		checkInterrupts();
		if (!s->problem.empty())
			continue;
		for (const auto &rule : s->rules)
		{
			auto &list = byRule[rule];
			if (list.empty() || list.back() != &*s)
				list.push_back(&*s);
		}
	}

	for (std::size_t i = firstFinding; i < findings.size(); i++)
	{
		checkInterrupts();
		LintFinding &f = findings[i];
		auto named = byRule.find(f.rule);
		if (f.suppressed || named == byRule.end())
			continue;
		Suppression *s = named->second.front();
		f.suppressed = s->reason;
		s->used = true;
	}
}

std::vector<LintFinding>
suppressionFindings(const std::vector<Suppression> &suppressions, const LinePositions &positions, int scriptNumber)
{
	std::vector<LintFinding> findings;

	for (const auto &s : suppressions)
	{
		if (s.problem.empty() && s.used)
			continue;

		LintFinding f;
		f.script = scriptNumber;
		f.offset = s.offset;
		f.position = positions.at(s.offset);
		if (!s.problem.empty())
		{
			f.rule = kRuleInvalidSuppression;
			f.severity = Severity::Error;
			f.message = "invalid pgsafe:ignore comment";
			f.detail = s.problem;
		}
		else
		{
			f.rule = kRuleUnusedSuppression;
			f.severity = Severity::Warning;
			f.message = "pgsafe:ignore comment suppresses nothing";
			f.detail = "The statement it belongs to has no " + joinRules(s.rules) +
					   " finding. A suppression applies to the statement it precedes or is part of.";
			f.hint = "Remove the comment.";
		}
		findings.push_back(f);
	}
	return findings;
}

} /* namespace pgsafe */
