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

	for (const auto &origname : names)
	{
		std::string curname = origname;

		for (int i = 1;; i++)
		{
			bool conflict = false;
			for (const auto &earlier : result)
				if (earlier == curname)
					conflict = true;
			if (!conflict)
				break;

			std::string suffix = std::to_string(i);
			std::size_t len = oracle.clipLength(origname, kNameDataLen - 1 - suffix.size());
			curname = origname.substr(0, len) + suffix;
		}
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

std::string
NameChooser::relationName(const std::string &schema, const std::string &name1, const std::optional<std::string> &name2,
						  const std::string &label, bool isConstraint)
{
	std::string modlabel = label;

	for (int pass = 1;; pass++)
	{
		std::string name = makeObjectName(name1, name2, modlabel, oracle_);

		bool collides = handedOut(schema, name) || oracle_.relationExists(schema, name) ||
						(isConstraint && oracle_.constraintExists(schema, name));
		if (!collides)
		{
			reserve(schema, name);
			return name;
		}
		modlabel = label + std::to_string(pass);
	}
}

std::string
NameChooser::constraintName(const std::string &schema, const std::string &name1,
							const std::optional<std::string> &name2, const std::string &label)
{
	std::string modlabel = label;

	for (int pass = 1;; pass++)
	{
		std::string name = makeObjectName(name1, name2, modlabel, oracle_);

		if (!handedOut(schema, name) && !oracle_.constraintExists(schema, name))
		{
			reserve(schema, name);
			return name;
		}
		modlabel = label + std::to_string(pass);
	}
}

} /* namespace pgsafe */
