/*-------------------------------------------------------------------------
 *
 * report.cpp
 *		Render findings for people, for programs and for code scanning.
 *
 * Suppressed findings (accepted with a pgsafe:ignore comment and its
 * reason) are counted in every format; JSON and SARIF carry them with
 * their reason, text and GitHub annotations leave them out.
 *
 * IDENTIFICATION
 *	  cli/report.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "report.hpp"

#include "core/rules/rule.hpp"

#include <cstdio>
#include <set>

namespace pgsafe::lint {

namespace {

const char *const kVersion = "1.0";

/* Message, detail, hint and safe SQL on lines of their own: for formats with one text field. */
std::string
fullText(const Finding &f)
{
	std::string text = f.message;
	for (const auto *part : {&f.detail, &f.hint, &f.safeSql})
		if (*part)
			text += "\n" + **part;
	return text;
}

std::string
indent(const std::string &text, const std::string &prefix)
{
	std::string result = prefix;
	for (char c : text)
	{
		result += c;
		if (c == '\n')
			result += prefix;
	}
	return result;
}

void
writeText(std::ostream &out, const std::vector<Finding> &findings, const Summary &summary)
{
	for (const auto &f : findings)
	{
		if (f.suppressed)
			continue;
		out << f.file << ":" << f.line << ":" << f.column << ": " << f.severity << ": " << f.message << " [" << f.rule
			<< "]\n";
		if (f.detail)
			out << indent(*f.detail, "    ") << "\n";
		if (f.hint)
			out << indent("hint: " + *f.hint, "    ") << "\n";
		if (f.safeSql)
			out << indent(*f.safeSql, "        ") << "\n";
	}
	out << summary.files << (summary.files == 1 ? " file" : " files") << " checked: " << summary.errors
		<< (summary.errors == 1 ? " error, " : " errors, ") << summary.warnings
		<< (summary.warnings == 1 ? " warning" : " warnings");
	if (summary.suppressed > 0)
		out << ", " << summary.suppressed << " suppressed";
	out << "\n";
}

std::string
jsonOptional(const std::optional<std::string> &value)
{
	return value ? jsonString(*value) : "null";
}

void
writeJson(std::ostream &out, const std::vector<Finding> &findings, const Summary &summary)
{
	out << "{\"version\":" << jsonString(kVersion) << ",\"findings\":[";
	for (std::size_t i = 0; i < findings.size(); i++)
	{
		const Finding &f = findings[i];
		out << (i ? "," : "") << "\n{\"file\":" << jsonString(f.file) << ",\"line\":" << f.line
			<< ",\"column\":" << f.column << ",\"statement\":" << f.statement
			<< ",\"statement_text\":" << jsonOptional(f.statementText) << ",\"rule\":" << jsonString(f.rule)
			<< ",\"severity\":" << jsonString(f.severity) << ",\"relation\":" << jsonOptional(f.relation)
			<< ",\"relation_size\":" << (f.relationSize ? std::to_string(*f.relationSize) : "null")
			<< ",\"lock\":" << jsonOptional(f.lock) << ",\"blocks\":" << jsonOptional(f.blocks)
			<< ",\"message\":" << jsonString(f.message) << ",\"detail\":" << jsonOptional(f.detail)
			<< ",\"hint\":" << jsonOptional(f.hint) << ",\"safe_sql\":" << jsonOptional(f.safeSql)
			<< ",\"suppressed\":" << jsonOptional(f.suppressed) << "}";
	}
	out << "\n],\"summary\":{\"files\":" << summary.files << ",\"errors\":" << summary.errors
		<< ",\"warnings\":" << summary.warnings << ",\"suppressed\":" << summary.suppressed << "}}\n";
}

void
writeSarif(std::ostream &out, const std::vector<Finding> &findings)
{
	std::set<std::string> used;
	for (const auto &f : findings)
		used.insert(f.rule);

	out << "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{"
		<< "\"tool\":{\"driver\":{\"name\":\"pgsafe-lint\",\"version\":" << jsonString(kVersion) << ",\"rules\":[";
	bool first = true;
	for (const auto &rule : used)
	{
		/* the server's catalogue, linked in; a rule only a newer server knows keeps its name */
		const pgsafe::RuleSpec *spec = pgsafe::findRule(rule);
		out << (first ? "" : ",") << "\n{\"id\":" << jsonString(rule)
			<< ",\"shortDescription\":{\"text\":" << jsonString(spec ? spec->summary : rule) << "}}";
		first = false;
	}
	out << "]}},\"results\":[";
	for (std::size_t i = 0; i < findings.size(); i++)
	{
		const Finding &f = findings[i];
		std::string text = fullText(f);
		out << (i ? "," : "") << "\n{\"ruleId\":" << jsonString(f.rule) << ",\"level\":" << jsonString(f.severity)
			<< ",\"message\":{\"text\":" << jsonString(text) << "},\"locations\":[{\"physicalLocation\":{"
			<< "\"artifactLocation\":{\"uri\":" << jsonString(f.file) << "},\"region\":{\"startLine\":" << f.line
			<< ",\"startColumn\":" << f.column << "}}}]";
		if (f.suppressed)
			out << ",\"suppressions\":[{\"kind\":\"inSource\",\"justification\":" << jsonString(*f.suppressed) << "}]";
		out << "}";
	}
	out << "\n]}]}\n";
}

void
writeGithub(std::ostream &out, const std::vector<Finding> &findings, const Summary &summary)
{
	for (const auto &f : findings)
	{
		if (f.suppressed)
			continue;
		std::string text = fullText(f);
		out << "::" << (f.severity == "error" ? "error" : "warning") << " file=" << githubProperty(f.file)
			<< ",line=" << f.line << ",col=" << f.column << ",title=" << githubProperty("pgsafe " + f.rule)
			<< "::" << githubData(text) << "\n";
	}
	out << "pgsafe-lint: " << summary.files << " files checked, " << summary.errors << " errors, " << summary.warnings
		<< " warnings, " << summary.suppressed << " suppressed\n";
}

} /* namespace */

std::string
jsonString(const std::string &text)
{
	std::string out = "\"";
	for (unsigned char c : text)
	{
		switch (c)
		{
			case '"':
				out += "\\\"";
				break;
			case '\\':
				out += "\\\\";
				break;
			case '\n':
				out += "\\n";
				break;
			case '\r':
				out += "\\r";
				break;
			case '\t':
				out += "\\t";
				break;
			default:
				if (c < 0x20)
				{
					char buffer[8];
					std::snprintf(buffer, sizeof(buffer), "\\u%04x", c);
					out += buffer;
				}
				else
					out += static_cast<char>(c); /* UTF-8 passes through */
		}
	}
	return out + "\"";
}

/* GitHub workflow commands: data escapes %, CR and LF; properties also : and , */
std::string
githubData(const std::string &text)
{
	std::string out;
	for (char c : text)
	{
		if (c == '%')
			out += "%25";
		else if (c == '\r')
			out += "%0D";
		else if (c == '\n')
			out += "%0A";
		else
			out += c;
	}
	return out;
}

std::string
githubProperty(const std::string &text)
{
	std::string out;
	for (char c : githubData(text))
	{
		if (c == ':')
			out += "%3A";
		else if (c == ',')
			out += "%2C";
		else
			out += c;
	}
	return out;
}

Summary
summarize(const std::vector<Finding> &findings, int files)
{
	Summary summary;
	summary.files = files;
	for (const auto &f : findings)
	{
		if (f.suppressed)
			summary.suppressed++;
		else if (f.severity == "error")
			summary.errors++;
		else
			summary.warnings++;
	}
	return summary;
}

void
writeReport(std::ostream &out, Format format, const std::vector<Finding> &findings, const Summary &summary)
{
	switch (format)
	{
		case Format::Text:
			writeText(out, findings, summary);
			break;
		case Format::Json:
			writeJson(out, findings, summary);
			break;
		case Format::Sarif:
			writeSarif(out, findings);
			break;
		case Format::Github:
			writeGithub(out, findings, summary);
			break;
	}
}

} /* namespace pgsafe::lint */
