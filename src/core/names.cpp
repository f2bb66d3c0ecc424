/*-------------------------------------------------------------------------
 *
 * names.cpp
 *		Quoting and default names, as PostgreSQL does them.
 *
 * IDENTIFICATION
 *	  src/core/names.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "core/names.hpp"

#include <unordered_set>

#include "core/interrupts.hpp"

#include "core/pure.hpp"

namespace pgsafe {

std::size_t
clipUtf8(const std::string &text, std::size_t limit)
{
	if (text.size() <= limit)
		return text.size();

	/* back up over continuation bytes (10xxxxxx) to a character start */
	std::size_t len = limit;
	while (len > 0 && (static_cast<unsigned char>(text[len]) & 0xC0) == 0x80)
		len--;
	return len;
}

/*
 * quote_identifier() from ruleutils.c: no quotes for a name that is all
 * lower-case letters, digits and underscores, does not start with a digit,
 * and is not a keyword PostgreSQL would misread.
 */
std::string
quoteIdentifier(const std::string &name, const CatalogOracle &oracle)
{
	bool safe = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');

	for (char c : name)
	{
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
		{
			safe = false;
			break;
		}
	}
	if (safe && oracle.isQuotedKeyword(name))
		safe = false;
	if (safe)
		return name;

	std::string quoted = "\"";
	for (char c : name)
	{
		if (c == '"')
			quoted += '"';
		quoted += c;
	}
	quoted += '"';
	return quoted;
}

std::string
quoteQualified(const QualifiedName &name, const CatalogOracle &oracle)
{
	if (name.schema.empty())
		return quoteIdentifier(name.name, oracle);
	return quoteIdentifier(name.schema, oracle) + "." + quoteIdentifier(name.name, oracle);
}

std::string
quoteIdentifierList(const std::vector<std::string> &names, const CatalogOracle &oracle)
{
	std::string list;
	for (const auto &name : names)
	{
		if (!list.empty())
			list += ", ";
		list += quoteIdentifier(name, oracle);
	}
	return list;
}

/*
 * quote_literal(): double the quotes, and use E'' when a backslash must be
 * doubled too, so the result reads the same whatever
 * standard_conforming_strings says.
 */
std::string
quoteLiteral(const std::string &value)
{
	bool hasBackslash = value.find('\\') != std::string::npos;
	std::string quoted = hasBackslash ? "E'" : "'";

	for (char c : value)
	{
		if (c == '\'' || c == '\\')
			quoted += c;
		quoted += c;
	}
	quoted += '\'';
	return quoted;
}

/*
 * makeObjectName() from indexcmds.c.  The label is never truncated; while
 * the two names are too long together, the longer one loses a byte; then
 * both are clipped back to a character boundary.
 */
std::string
makeObjectName(const std::string &name1, const std::optional<std::string> &name2,
			   const std::optional<std::string> &label, const CatalogOracle &oracle)
{
	std::size_t overhead = 0;
	std::size_t name1chars = name1.size();
	std::size_t name2chars = 0;

	if (name2)
	{
		name2chars = name2->size();
		overhead++;
	}
	if (label)
		overhead += label->size() + 1;

	std::size_t availchars = kNameDataLen - 1 - overhead;

	while (name1chars + name2chars > availchars)
	{
		if (name1chars > name2chars)
			name1chars--;
		else
			name2chars--;
	}

	name1chars = oracle.clipLength(name1, name1chars);
	if (name2)
		name2chars = oracle.clipLength(*name2, name2chars);

	std::string result = name1.substr(0, name1chars);
	if (name2)
		result += "_" + name2->substr(0, name2chars);
	if (label)
		result += "_" + *label;
	return result;
}

std::vector<std::string>
chooseIndexColumnNames(const std::vector<std::string> &names, const CatalogOracle &oracle)
{
	std::vector<std::string> result;
	std::unordered_set<std::string> taken;

	for (const auto &origname : names)
	{
		std::string curname = origname;

		for (int i = 1; taken.count(curname) > 0; i++)
		{
			checkInterrupts();
			std::string suffix = std::to_string(i);
			std::size_t len = oracle.clipLength(origname, kNameDataLen - 1 - suffix.size());
			curname = origname.substr(0, len) + suffix;
		}
		taken.insert(curname);
		result.push_back(curname);
	}
	return result;
}

/*
 * ChooseIndexNameAddition() and ChooseForeignKeyConstraintNameAddition():
 * the names joined by underscores, stopping once NAMEDATALEN is reached
 * (makeObjectName truncates the rest).
 */
std::string
nameAddition(const std::vector<std::string> &names)
{
	std::string buf;

	for (const auto &name : names)
	{
		if (!buf.empty())
			buf += '_';
		buf += name.substr(0, kNameDataLen - 1);
		if (buf.size() >= kNameDataLen)
			break;
	}
	return buf;
}

bool
NameChooser::handedOut(const std::string &schema, const std::string &name) const
{
	return handedOut_.count({schema, name}) > 0;
}

void
NameChooser::reserve(const std::string &schema, const std::string &name)
{
	handedOut_.insert({schema, name});
}

/*
 * Both choosers try label, label1, label2, ... as PostgreSQL does.  The
 * tries already made for the same name parts are remembered: every one of
 * them was handed out or taken, so a statement asking for a thousand
 * t_a_key names costs a thousand tries, not half a million.
 */
std::string
NameChooser::choose(const std::string &schema, const std::string &name1, const std::optional<std::string> &name2,
					const std::string &label, bool isRelation, bool isConstraint)
{
	const std::string key = schema + '\0' + name1 + '\0' + (name2 ? "+" + *name2 : "") + '\0' + label + '\0' +
							(isRelation ? 'r' : '-') + (isConstraint ? 'c' : '-');
	int &pass = nextPass_[key];

	for (;; pass++)
	{
		checkInterrupts();
		std::string modlabel = pass == 0 ? label : label + std::to_string(pass);
		std::string name = makeObjectName(name1, name2, modlabel, oracle_);

		bool collides = handedOut(schema, name) || (isRelation && oracle_.relationExists(schema, name)) ||
						(isConstraint && oracle_.constraintExists(schema, name));
		if (!collides)
		{
			reserve(schema, name);
			pass++;
			return name;
		}
	}
}

std::string
NameChooser::relationName(const std::string &schema, const std::string &name1, const std::optional<std::string> &name2,
						  const std::string &label, bool isConstraint)
{
	return choose(schema, name1, name2, label, true, isConstraint);
}

std::string
NameChooser::constraintName(const std::string &schema, const std::string &name1,
							const std::optional<std::string> &name2, const std::string &label)
{
	return choose(schema, name1, name2, label, false, true);
}

} /* namespace pgsafe */
