/*-------------------------------------------------------------------------
 *
 * migrations.cpp
 *		Collect migration files; read what SQLx, Diesel, goose, dbmate and
 *		Flyway run of them on deploy, and whether in a transaction.
 *
 * Each tool's markers are read the way the tool itself reads them (goose
 * 3.19.1 and later, dbmate 2.29 and later), character for character: a
 * marker the tool would not take is not taken here either, and one it
 * takes is never missed, or pgsafe-lint would check a migration that does
 * not run as it says.  They are read by hand rather than with std::regex,
 * whose patterns are slow to build and slow to run over a large generated
 * migration, and which could not say "what Go's strings.TrimSpace trims"
 * anyway.
 *
 * IDENTIFICATION
 *	  cli/migrations.cpp
 *
 *-------------------------------------------------------------------------
 */
#include "migrations.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <string_view>
#include <unordered_set>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/script.hpp"

namespace fs = std::filesystem;

namespace pgsafe::lint {

namespace {

/* A whole file, read with as few system calls as its size allows. */
std::optional<std::string>
readFile(const fs::path &path)
{
	int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return std::nullopt;
	std::string text;
	struct stat st;
	if (::fstat(fd, &st) == 0 && st.st_size > 0)
		text.resize(static_cast<std::size_t>(st.st_size));
	std::size_t length = 0;
	for (;;)
	{
		if (length == text.size())
			text.resize(length + 8192); /* it grew, or fstat could not say */
		ssize_t n = ::read(fd, &text[length], text.size() - length);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
		{
			::close(fd);
			if (n < 0)
				return std::nullopt;
			text.resize(length);
			return text;
		}
		length += static_cast<std::size_t>(n);
	}
}

bool
isSql(const fs::path &path)
{
	return path.extension() == ".sql";
}

bool
isDigit(char c)
{
	return c >= '0' && c <= '9';
}

/* Two runs of digits by the numbers they write, of any length. */
int
compareNumbers(std::string_view a, std::string_view b)
{
	while (a.size() > 1 && a.front() == '0')
		a.remove_prefix(1);
	while (b.size() > 1 && b.front() == '0')
		b.remove_prefix(1);
	if (a.size() != b.size())
		return a.size() < b.size() ? -1 : 1;
	return a.compare(b) < 0 ? -1 : a.compare(b) > 0 ? 1 : 0;
}

/*
 * Names in the order of the numbers in them: "2_a" before "10_a".  goose,
 * golang-migrate, SQLx and Flyway order migrations by the number their name
 * starts with, not by its digits as text; for names whose numbers have the
 * same width (timestamps, zero-padded sequences) this is the plain order.
 */
int
compareNatural(std::string_view a, std::string_view b)
{
	std::size_t i = 0, j = 0;
	while (i < a.size() && j < b.size())
	{
		if (isDigit(a[i]) && isDigit(b[j]))
		{
			std::size_t ie = i, je = j;
			while (ie < a.size() && isDigit(a[ie]))
				ie++;
			while (je < b.size() && isDigit(b[je]))
				je++;
			if (int c = compareNumbers(a.substr(i, ie - i), b.substr(j, je - j)))
				return c;
			i = ie;
			j = je;
			continue;
		}
		if (a[i] != b[j])
			return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]) ? -1 : 1;
		i++;
		j++;
	}
	if (i < a.size() || j < b.size())
		return i < a.size() ? 1 : -1;
	return a.compare(b) < 0 ? -1 : a.compare(b) > 0 ? 1 : 0; /* "01" and "1": any fixed order */
}

/* Paths component by component, each in natural order. */
bool
naturalPathOrder(const fs::path &a, const fs::path &b)
{
	auto i = a.begin(), j = b.begin();
	for (; i != a.end() && j != b.end(); ++i, ++j)
		if (int c = compareNatural(i->string(), j->string()))
			return c < 0;
	return i == a.end() && j != b.end();
}

/* Sort paths in naturalPathOrder, splitting each into its components once. */
void
sortNaturally(std::vector<fs::path> &paths)
{
	std::vector<std::pair<std::vector<std::string>, fs::path>> keyed;
	keyed.reserve(paths.size());
	for (auto &path : paths)
	{
		std::vector<std::string> parts;
		for (const auto &part : path)
			parts.push_back(part.string());
		keyed.emplace_back(std::move(parts), std::move(path));
	}
	std::sort(keyed.begin(), keyed.end(), [](const auto &a, const auto &b) {
		const auto &x = a.first, &y = b.first;
		for (std::size_t i = 0; i < x.size() && i < y.size(); i++)
			if (int c = compareNatural(x[i], y[i]))
				return c < 0;
		return x.size() < y.size();
	});
	for (std::size_t i = 0; i < paths.size(); i++)
		paths[i] = std::move(keyed[i].second);
}

/*
 * A file name as Flyway reads it (default prefixes, "__" separator, .sql):
 * V<version>__<description>.sql a versioned migration, U<version>__... the
 * undo of one (Teams edition), R__<description>.sql a repeatable one.  The
 * version's parts are separated by dots or single underscores.
 */
struct FlywayName
{
	char kind = 0; /* 'V', 'U', 'R'; 0: not a Flyway migration's name */
	std::vector<std::string_view> version;
	std::string_view description;
};

FlywayName
flywayName(std::string_view name)
{
	FlywayName flyway;
	if (name.size() < 4 + 3 || name.substr(name.size() - 4) != ".sql")
		return flyway;
	name.remove_suffix(4);
	const char kind = name[0];
	std::size_t separator = name.find("__", 1);
	if (separator == std::string_view::npos || (kind != 'V' && kind != 'U' && kind != 'R'))
		return flyway;
	if (kind == 'R')
	{
		if (separator != 1)
			return flyway;
	}
	else
	{
		std::string_view version = name.substr(1, separator - 1);
		std::size_t part = 0;
		for (std::size_t i = 0; i <= version.size(); i++)
		{
			if (i < version.size() && isDigit(version[i]))
				continue;
			if (i == part || (i < version.size() && version[i] != '.' && version[i] != '_'))
				return FlywayName{}; /* empty part, or not a separator */
			flyway.version.push_back(version.substr(part, i - part));
			part = i + 1;
		}
	}
	flyway.kind = kind;
	flyway.description = name.substr(separator + 2);
	return flyway;
}

/*
 * Flyway's order, for a folder of Flyway migrations: versioned ones by
 * version, whatever subdirectory they are in (Flyway scans its locations
 * recursively and merges them), then repeatable ones by description.
 */
bool
flywayOrder(const fs::path &a, const fs::path &b)
{
	const std::string an = a.filename().string(), bn = b.filename().string();
	const FlywayName x = flywayName(an), y = flywayName(bn);
	if (x.kind != y.kind)
		return x.kind == 'V';
	for (std::size_t i = 0; i < std::max(x.version.size(), y.version.size()); i++)
	{
		/* a missing part counts as 0: 1 and 1.0 are one version */
		int c = compareNumbers(i < x.version.size() ? x.version[i] : "0", i < y.version.size() ? y.version[i] : "0");
		if (c)
			return c < 0;
	}
	if (int c = compareNatural(x.description, y.description))
		return c < 0;
	return naturalPathOrder(a, b);
}

/*
 * Diesel's down.sql, SQLx's and golang-migrate's *.down.sql and Flyway's
 * undo migrations run only when a migration is reverted, not on deploy: a
 * directory's are not checked.
 */
bool
isDownMigration(const fs::path &path)
{
	const std::string name = path.filename().string();
	const std::string suffix = ".down.sql";
	return name == "down.sql" ||
		   (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) ||
		   flywayName(name).kind == 'U';
}

bool
startsWith(std::string_view text, std::string_view prefix)
{
	return text.substr(0, prefix.size()) == prefix;
}

/* Go's regexp \s (RE2's Perl class): no vertical tab, nothing beyond ASCII. */
bool
isRegexpSpace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/*
 * The length of the white space character that starts at text[at], 0 if
 * none: what Go's unicode.IsSpace calls white space, which strings.TrimSpace
 * trims (a no-break space pasted from a web page is one).
 */
std::size_t
spaceAt(std::string_view text, std::size_t at)
{
	static constexpr std::string_view kWide[] = {"\xc2\x85",
												 "\xc2\xa0",
												 "\xe1\x9a\x80",
												 "\xe2\x80\x80",
												 "\xe2\x80\x81",
												 "\xe2\x80\x82",
												 "\xe2\x80\x83",
												 "\xe2\x80\x84",
												 "\xe2\x80\x85",
												 "\xe2\x80\x86",
												 "\xe2\x80\x87",
												 "\xe2\x80\x88",
												 "\xe2\x80\x89",
												 "\xe2\x80\x8a",
												 "\xe2\x80\xa8",
												 "\xe2\x80\xa9",
												 "\xe2\x80\xaf",
												 "\xe2\x81\x9f",
												 "\xe3\x80\x80"};
	const char c = text[at];
	if (c == ' ' || (c >= '\t' && c <= '\r'))
		return 1;
	if (static_cast<unsigned char>(c) < 0x80)
		return 0;
	for (std::string_view space : kWide)
		if (text.compare(at, space.size(), space) == 0)
			return space.size();
	return 0;
}

/* Go's strings.TrimSpace */
std::string_view
trimSpace(std::string_view text)
{
	while (!text.empty())
	{
		std::size_t n = spaceAt(text, 0);
		if (n == 0)
			break;
		text.remove_prefix(n);
	}
	while (!text.empty())
	{
		std::size_t n = 0;
		for (std::size_t len = 1; len <= 3 && len <= text.size() && n == 0; len++)
			if (spaceAt(text, text.size() - len) == len)
				n = len;
		if (n == 0)
			break;
		text.remove_suffix(n);
	}
	return text;
}

/*
 * ASCII letters without regard to case.  (Go's strings.EqualFold would also
 * take U+017F, the long s, for an "s"; nobody writes that.)
 */
bool
equalsIgnoringCase(std::string_view a, std::string_view b)
{
	if (a.size() != b.size())
		return false;
	for (std::size_t i = 0; i < a.size(); i++)
	{
		char x = a[i], y = b[i];
		if (x >= 'A' && x <= 'Z')
			x = static_cast<char>(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = static_cast<char>(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return true;
}

/* Replace every byte of text[from, to) but line breaks with a space. */
void
blankOut(std::string &text, std::size_t from, std::size_t to)
{
	for (std::size_t i = from; i < to && i < text.size(); i++)
		if (text[i] != '\n' && text[i] != '\r')
			text[i] = ' ';
}

/* The lines of a text, as [begin, end) without the '\n'. */
std::vector<std::pair<std::size_t, std::size_t>>
linesOf(const std::string &text)
{
	std::vector<std::pair<std::size_t, std::size_t>> lines;
	std::size_t begin = 0;
	while (begin < text.size())
	{
		std::size_t end = text.find('\n', begin);
		if (end == std::string::npos)
			end = text.size();
		lines.emplace_back(begin, end);
		begin = end + 1;
	}
	return lines;
}

enum class GooseAnnotation
{
	None, /* not an annotation: SQL, or a comment */
	Up,
	Down,
	StatementBegin,
	StatementEnd,
	NoTransaction,
	EnvsubOn,
	EnvsubOff,
	Refused /* goose fails the migration on it */
};

/*
 * What goose makes of a line (pressly/goose, internal/sqlparser/parser.go).
 * A line that, trimmed, starts with "--" and that contains "+goose" is an
 * annotation; goose refuses the migration when such a line starts with a
 * blank or a tab, has "+goose" twice, or names no annotation it knows.
 * The annotation is what is left once every "--" and the first "+goose" are
 * taken out and the ends trimmed, compared without regard to case ("NO
 * TRANSACTION" keeps its single space).  goose reads lines without their
 * "\r".
 */
GooseAnnotation
gooseAnnotation(std::string_view line)
{
	static constexpr std::pair<std::string_view, GooseAnnotation> kKnown[] = {
		{"Up", GooseAnnotation::Up},
		{"Down", GooseAnnotation::Down},
		{"StatementBegin", GooseAnnotation::StatementBegin},
		{"StatementEnd", GooseAnnotation::StatementEnd},
		{"NO TRANSACTION", GooseAnnotation::NoTransaction},
		{"ENVSUB ON", GooseAnnotation::EnvsubOn},
		{"ENVSUB OFF", GooseAnnotation::EnvsubOff},
	};

	if (!line.empty() && line.back() == '\r')
		line.remove_suffix(1);
	if (!startsWith(trimSpace(line), "--") || line.find("+goose") == std::string_view::npos)
		return GooseAnnotation::None;
	if (line.front() == ' ' || line.front() == '\t')
		return GooseAnnotation::Refused;

	std::string command;
	for (std::size_t i = 0; i < line.size();)
	{
		if (line.compare(i, 2, "--") == 0)
			i += 2;
		else
			command += line[i++];
	}
	std::size_t at = command.find("+goose");
	if (at != std::string::npos)
		command.erase(at, 6);
	if (command.find("+goose") != std::string::npos)
		return GooseAnnotation::Refused;
	std::string_view name = trimSpace(command);
	for (const auto &[known, annotation] : kKnown)
		if (equalsIgnoringCase(name, known))
			return annotation;
	return GooseAnnotation::Refused;
}

/*
 * A goose migration: the "-- +goose Down" section (up to the end of the file;
 * goose refuses an "Up" after it, which is linted again here) is blanked.
 * "NO TRANSACTION" counts wherever it is, the Down section included, as in
 * goose.  ENVSUB ON is left alone: the ${VAR} it would substitute reaches
 * the server as written, where it is a syntax error if outside a string.
 * nullopt: not a goose migration.
 */
std::optional<DeployedScript>
gooseScript(const std::string &text)
{
	/* only the lines with "+goose" can be annotations: look at those alone */
	std::size_t at = text.find("+goose");
	if (at == std::string::npos)
		return std::nullopt;

	DeployedScript script{text, std::nullopt, ""};
	bool goose = false;
	std::size_t down = std::string::npos; /* where the Down section being read starts */
	for (; at != std::string::npos; at = text.find("+goose", at))
	{
		std::size_t begin = text.rfind('\n', at);
		begin = begin == std::string::npos ? 0 : begin + 1;
		std::size_t end = std::min(text.find('\n', at), text.size());
		GooseAnnotation annotation = gooseAnnotation(std::string_view(text).substr(begin, end - begin));
		if (annotation == GooseAnnotation::Up && down != std::string::npos)
		{
			blankOut(script.text, down, begin);
			down = std::string::npos;
		}
		if (annotation == GooseAnnotation::Down && down == std::string::npos)
			down = end + 1;
		if (annotation != GooseAnnotation::None && annotation != GooseAnnotation::Refused)
			goose = true;
		if (annotation == GooseAnnotation::NoTransaction)
			script.inTransaction = false;
		at = end;
	}
	if (!goose)
		return std::nullopt;
	if (down != std::string::npos)
		blankOut(script.text, down, text.size());
	return script;
}

/*
 * Where dbmate's directives start (amacneil/dbmate, pkg/dbmate/migration.go):
 * "--" at the start of a line, white space (Go's \s, which may run over line
 * ends), the keyword, then white space or the end of the text.
 */
std::vector<std::size_t>
dbmateDirectives(const std::string &text, std::string_view keyword)
{
	std::vector<std::size_t> found;
	/* from each place the keyword is, back over white space to a "--" that starts a line */
	for (std::size_t at = text.find(keyword); at != std::string::npos; at = text.find(keyword, at + 1))
	{
		std::size_t after = at + keyword.size();
		if (after < text.size() && !isRegexpSpace(text[after]))
			continue;
		std::size_t dashes = at;
		while (dashes > 0 && isRegexpSpace(text[dashes - 1]))
			dashes--;
		if (dashes < 2 || text.compare(dashes - 2, 2, "--") != 0)
			continue;
		dashes -= 2;
		if (dashes == 0 || text[dashes - 1] == '\n')
			found.push_back(dashes);
	}
	return found;
}

/*
 * dbmate's options, from the first line of an up block: the line without its
 * "-- migrate:up", trimmed, split at white space into key:value pairs (a
 * word with no colon or two is ignored; a later pair wins).  dbmate runs the
 * block in a transaction unless transaction is "false".
 */
std::optional<bool>
dbmateTransaction(const std::string &text, std::size_t directive)
{
	std::string_view line(text);
	line = line.substr(directive, text.find('\n', directive) - directive);
	if (startsWith(line, "--"))
	{
		std::size_t at = 2;
		while (at < line.size() && isRegexpSpace(line[at]))
			at++;
		for (std::string_view keyword : {"migrate:up", "migrate:down"})
			if (line.compare(at, keyword.size(), keyword) == 0)
			{
				line.remove_prefix(at + keyword.size());
				break;
			}
	}
	line = trimSpace(line);

	std::optional<bool> inTransaction;
	while (!line.empty())
	{
		std::size_t end = 0;
		while (end < line.size() && !isRegexpSpace(line[end]))
			end++;
		std::string_view word = line.substr(0, end);
		std::size_t colon = word.find(':');
		if (colon != std::string_view::npos && word.find(':', colon + 1) == std::string_view::npos &&
			word.substr(0, colon) == "transaction")
			inTransaction = word.substr(colon + 1) != "false";
		while (end < line.size() && isRegexpSpace(line[end]))
			end++;
		line.remove_prefix(end);
	}
	return inTransaction;
}

/*
 * A dbmate migration: each "-- migrate:up" starts a section that runs to the
 * next one; its up block ends at the section's "-- migrate:down".  dbmate
 * applies the up blocks one after another, each in a transaction of its own
 * or none; each becomes a script here, in which everything else is blanked
 * (the comments before the first section, the only text dbmate allows there,
 * stay with the first).  nullopt: not a dbmate migration.
 */
std::optional<std::vector<DeployedScript>>
dbmateScripts(const std::string &text)
{
	if (text.find("migrate:up") == std::string::npos)
		return std::nullopt;
	std::vector<std::size_t> ups = dbmateDirectives(text, "migrate:up");
	if (ups.empty())
		return std::nullopt;
	std::vector<std::size_t> downs = dbmateDirectives(text, "migrate:down");

	std::vector<DeployedScript> scripts;
	for (std::size_t i = 0; i < ups.size(); i++)
	{
		std::size_t begin = ups[i];
		std::size_t end = i + 1 < ups.size() ? ups[i + 1] : text.size();
		auto down = std::find_if(downs.begin(), downs.end(), [&](std::size_t d) { return d > begin && d < end; });
		if (down != downs.end())
			end = *down;

		DeployedScript script{text, dbmateTransaction(text, begin), "dbmate"};
		if (i > 0)
			blankOut(script.text, 0, begin);
		blankOut(script.text, end, text.size());
		scripts.push_back(std::move(script));
	}
	return scripts;
}

/* "key = value" on a line of its own, value true or false: the first such line. */
std::optional<bool>
booleanSetting(const std::string &text, std::string_view key)
{
	for (const auto &[begin, end] : linesOf(text))
	{
		std::string_view line = trimSpace(std::string_view(text).substr(begin, end - begin));
		if (!startsWith(line, key))
			continue;
		line.remove_prefix(key.size());
		while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
			line.remove_prefix(1);
		if (line.empty() || line.front() != '=')
			continue;
		line.remove_prefix(1);
		while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
			line.remove_prefix(1);
		for (bool value : {true, false})
		{
			std::string_view word = value ? "true" : "false";
			if (startsWith(line, word) && (line.size() == word.size() || line[word.size()] == ' ' ||
										   line[word.size()] == '\t' || line[word.size()] == '#'))
				return value;
		}
	}
	return std::nullopt;
}

/*
 * The length of the well-formed UTF-8 sequence at text[at], 0 if it is not
 * one (Unicode's table of well-formed byte sequences: no overlong form, no
 * surrogate, nothing above U+10FFFF).
 */
std::size_t
utf8SequenceAt(const std::string &text, std::size_t at)
{
	const auto byte = [&](std::size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u; };
	const unsigned lead = byte(at);
	unsigned low = 0x80, high = 0xbf; /* the range of the second byte */
	std::size_t length;

	if (lead < 0x80)
		return 1;
	if (lead >= 0xc2 && lead <= 0xdf)
		length = 2;
	else if (lead >= 0xe0 && lead <= 0xef)
	{
		length = 3;
		if (lead == 0xe0)
			low = 0xa0;
		else if (lead == 0xed)
			high = 0x9f;
	}
	else if (lead >= 0xf0 && lead <= 0xf4)
	{
		length = 4;
		if (lead == 0xf0)
			low = 0x90;
		else if (lead == 0xf4)
			high = 0x8f;
	}
	else
		return 0;

	if (byte(at + 1) < low || byte(at + 1) > high)
		return 0;
	for (std::size_t i = 2; i < length; i++)
		if (byte(at + i) < 0x80 || byte(at + i) > 0xbf)
			return 0;
	return length;
}

/* The statements of a text as PostgreSQL would split it: [first token, end), empty ones left out. */
std::vector<std::pair<std::size_t, std::size_t>>
statementsOf(const std::string &text)
{
	std::vector<std::pair<std::size_t, std::size_t>> statements;
	std::size_t begin = 0;
	std::vector<std::size_t> ends = scanScript(text).semicolons;
	ends.push_back(text.size());
	for (std::size_t end : ends)
	{
		std::size_t first = skipBlanksAndComments(text, begin, end);
		if (first < end)
			statements.emplace_back(first, end);
		begin = end + 1;
	}
	return statements;
}

/*
 * Does Flyway run this migration outside a transaction of its own accord?
 * Its PostgreSQL parser (flyway-database-postgresql, PostgreSQLParser)
 * takes a statement that starts with these words as one that cannot run
 * in a transaction, and then runs the whole migration without one,
 * statement by statement (or refuses it, if it mixes both kinds and its
 * "mixed" setting is off).  ALTER TYPE ... ADD VALUE is on its list only
 * before PostgreSQL 12.
 */
bool
flywayNonTransactional(const std::string &text)
{
	static const std::vector<std::vector<std::vector<std::string_view>>> kStatements = {
		{{"CREATE", "DROP"}, {"DATABASE", "TABLESPACE", "SUBSCRIPTION"}},
		{{"ALTER"}, {"SYSTEM"}},
		{{"CREATE", "DROP"}, {"INDEX"}, {"CONCURRENTLY"}},
		{{"CREATE", "DROP"}, {"UNIQUE"}, {"INDEX"}, {"CONCURRENTLY"}},
		{{"REINDEX"}, {"SCHEMA", "DATABASE", "SYSTEM"}},
		{{"REINDEX"}, {"VERBOSE"}, {"SCHEMA", "DATABASE", "SYSTEM"}},
		{{"VACUUM"}},
		{{"DISCARD"}, {"ALL"}},
	};
	const auto isWordChar = [](char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || isDigit(c) || c == '$';
	};

	for (const auto &[first, end] : statementsOf(text))
	{
		/* the statement's first words, upper-cased */
		std::vector<std::string> words;
		for (std::size_t at = first; words.size() < 4 && at < end && isWordChar(text[at]) && !isDigit(text[at]);)
		{
			std::size_t wordEnd = at;
			while (wordEnd < end && isWordChar(text[wordEnd]))
				wordEnd++;
			std::string word = text.substr(at, wordEnd - at);
			for (char &c : word)
				if (c >= 'a' && c <= 'z')
					c = static_cast<char>(c - 'a' + 'A');
			words.push_back(std::move(word));
			at = skipBlanksAndComments(text, wordEnd, end);
		}
		for (const auto &pattern : kStatements)
		{
			bool matches = words.size() >= pattern.size();
			for (std::size_t i = 0; matches && i < pattern.size(); i++)
				matches = std::find(pattern[i].begin(), pattern[i].end(), words[i]) != pattern[i].end();
			if (matches)
				return true;
		}
	}
	return false;
}

} /* namespace */

std::optional<BadByte>
findBadByte(const std::string &text)
{
	/*
	 * Eight bytes at a time while they are plain ASCII without a NUL, which
	 * is nearly all of a migration; the line is counted only if a bad byte
	 * is found.
	 */
	constexpr std::uint64_t kHigh = 0x8080808080808080ULL, kOnes = 0x0101010101010101ULL;
	std::size_t at = 0;
	for (;;)
	{
		while (at + 8 <= text.size())
		{
			std::uint64_t word;
			std::memcpy(&word, text.data() + at, 8);
			if ((word & kHigh) != 0 || ((word - kOnes) & ~word & kHigh) != 0)
				break;
			at += 8;
		}
		if (at >= text.size())
			return std::nullopt;
		const unsigned char c = static_cast<unsigned char>(text[at]);
		if (c != 0 && c < 0x80)
			at++;
		else if (std::size_t length = c ? utf8SequenceAt(text, at) : 0)
			at += length;
		else
			break;
	}

	const unsigned char c = static_cast<unsigned char>(text[at]);
	const std::size_t lineStart = at == 0 ? 0 : text.rfind('\n', at - 1) + 1; /* npos + 1 is 0 */
	const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
	const int column = static_cast<int>(at - lineStart) + 1;
	if (c == 0)
		return BadByte{line, column, "a NUL byte (0x00), which no PostgreSQL text can hold"};

	/* the bytes PostgreSQL's message would show: as many as the first byte announces */
	std::size_t shown = c >= 0xf0 && c <= 0xf7 ? 4 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xc0 && c <= 0xdf ? 2 : 1;
	std::string message = "invalid byte sequence for encoding \"UTF8\":";
	for (std::size_t i = at; i < at + shown && i < text.size(); i++)
	{
		char hex[8];
		std::snprintf(hex, sizeof(hex), " 0x%02x", static_cast<unsigned char>(text[i]));
		message += hex;
	}
	return BadByte{line, column, message + " (pgsafe-lint sends files as UTF-8: save it as UTF-8)"};
}

int
statementCount(const std::string &text)
{
	return static_cast<int>(statementsOf(text).size());
}

std::vector<DeployedScript>
deployedScripts(std::string text, const std::optional<std::string> &dieselMetadata,
				const std::optional<std::string> &flywayConf, const std::string &fileName)
{
	if (std::optional<DeployedScript> goose = gooseScript(text))
		return {std::move(*goose)};
	if (std::optional<std::vector<DeployedScript>> dbmate = dbmateScripts(text))
		return std::move(*dbmate);

	std::optional<bool> inTransaction;
	std::string oneQueryBy;
	std::optional<bool> diesel = dieselMetadata ? booleanSetting(*dieselMetadata, "run_in_transaction") : std::nullopt;
	std::optional<bool> flyway = flywayConf ? booleanSetting(*flywayConf, "executeInTransaction") : std::nullopt;
	/* SQLx: the file's first bytes (sqlx-core: sql.starts_with("-- no-transaction")) */
	if (startsWith(text, "-- no-transaction"))
	{
		inTransaction = false;
		oneQueryBy = "SQLx";
	}
	/* Diesel: metadata.toml in the migration's directory */
	else if (diesel)
	{
		inTransaction = diesel;
		oneQueryBy = "Diesel";
	}
	/* Flyway: the script configuration file beside it, else what the migration holds */
	else if (flyway)
		inTransaction = flyway;
	else if (flywayName(fileName).kind && flywayNonTransactional(text))
		inTransaction = false;
	return {DeployedScript{std::move(text), inTransaction, std::move(oneQueryBy)}};
}

bool
collectMigrations(const std::vector<std::string> &paths, const RunDefaults &defaults,
				  std::vector<Migration> &migrations, std::vector<std::string> &unreadable, std::string &error)
{
	struct File
	{
		fs::path path;
		bool listed; /* found in a directory, whose files are all in present */
	};
	std::vector<File> files;
	std::unordered_set<std::string> present; /* every file of the directories: the sidecars there */

	for (const auto &given : paths)
	{
		std::error_code ec;
		fs::path path(given);
		if (fs::is_directory(path, ec))
		{
			std::vector<fs::path> found;
			for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
			{
				if (!it->is_regular_file(ec))
					continue;
				present.insert(it->path().string());
				if (isSql(it->path()) && !isDownMigration(it->path()))
					found.push_back(it->path());
			}
			if (ec)
			{
				error = "could not read directory \"" + given + "\": " + ec.message();
				return false;
			}
			bool flyway = std::all_of(found.begin(), found.end(), [](const fs::path &file) {
				return flywayName(file.filename().string()).kind;
			});
			if (flyway)
				std::sort(found.begin(), found.end(), flywayOrder);
			else
				sortNaturally(found);
			for (auto &file : found)
				files.push_back(File{std::move(file), true});
		}
		else if (fs::is_regular_file(path, ec))
			files.push_back(File{path, false});
		else
		{
			error = "could not open \"" + given + "\": no such file or directory";
			return false;
		}
	}

	/* a sidecar of a listed file is read only if the listing has it: no failed open per file */
	const auto sidecar = [&present](const File &file, const fs::path &sidecarPath) -> std::optional<std::string> {
		if (file.listed && present.count(sidecarPath.string()) == 0)
			return std::nullopt;
		return readFile(sidecarPath);
	};

	for (const auto &file : files)
	{
		const fs::path &path = file.path;
		const std::string reported = path.lexically_normal().string();
		std::optional<std::string> text = readFile(path);
		if (!text)
		{
			error = "could not read file \"" + path.string() + "\"";
			return false;
		}
		/* the whole file: one its tool could not apply, or revert, is worth fixing before anything */
		if (std::optional<BadByte> bad = findBadByte(*text))
		{
			unreadable.push_back(reported + ":" + std::to_string(bad->line) + ":" + std::to_string(bad->column) +
								 ": error: " + bad->message);
			continue;
		}
		for (DeployedScript &script : deployedScripts(*text,
													  sidecar(file, path.parent_path() / "metadata.toml"),
													  sidecar(file, fs::path(path.string() + ".conf")),
													  path.filename().string()))
		{
			Migration migration;
			migration.path = reported;
			migration.inTransaction = script.inTransaction.value_or(defaults.inTransaction);
			std::string oneQueryBy = script.inTransaction ? script.oneQueryBy
									 : defaults.oneQuery  ? "The migration runner (--one-query)"
														  : "";
			/* sent as one query, several statements: PostgreSQL's implicit transaction block */
			if (!migration.inTransaction && !oneQueryBy.empty() && statementCount(script.text) > 1)
			{
				migration.inTransaction = true;
				migration.implicitBlockBy = oneQueryBy;
			}
			migration.text = std::move(script.text);
			migrations.push_back(std::move(migration));
		}
	}
	return true;
}

} /* namespace pgsafe::lint */
