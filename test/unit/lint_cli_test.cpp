/*-------------------------------------------------------------------------
 *
 * lint_cli_test.cpp
 *		pgsafe-lint without a server: options, the migration tools'
 *		"no transaction" conventions, and the escaping each output format
 *		needs.
 *
 * IDENTIFICATION
 *	  test/unit/lint_cli_test.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "migrations.hpp"
#include "options.hpp"
#include "report.hpp"

namespace pgsafe::lint {
namespace {

bool
parse(std::vector<std::string> args, Options &options, std::string &error)
{
	std::vector<char *> argv;
	static std::string name = "pgsafe-lint";
	argv.push_back(name.data());
	for (auto &arg : args)
		argv.push_back(arg.data());
	return parseOptions(static_cast<int>(argv.size()), argv.data(), options, error);
}

TEST(Options, PsqlStyleConnectionAndFormats)
{
	Options options;
	std::string error;
	ASSERT_TRUE(parse({"-h",
					   "db",
					   "--port=5433",
					   "-U",
					   "ci",
					   "-d",
					   "host=x dbname=y",
					   "--format",
					   "sarif",
					   "--severity=error",
					   "--no-transaction",
					   "migrations"},
					  options,
					  error))
		<< error;
	EXPECT_EQ(options.host, "db");
	EXPECT_EQ(options.port, "5433");
	EXPECT_EQ(options.user, "ci");
	EXPECT_EQ(options.dbname, "host=x dbname=y");
	EXPECT_EQ(options.format, Format::Sarif);
	EXPECT_FALSE(options.failOnWarning);
	EXPECT_FALSE(options.inTransaction);
	EXPECT_EQ(options.paths, std::vector<std::string>{"migrations"});
}

TEST(Options, HowFilesThatSayNothingRun)
{
	Options options;
	std::string error;
	ASSERT_TRUE(parse({"--one-query", "m"}, options, error));
	EXPECT_FALSE(options.inTransaction);
	EXPECT_TRUE(options.oneQuery);
	ASSERT_TRUE(parse({"--no-transaction", "m"}, options, error));
	EXPECT_FALSE(options.inTransaction);
	EXPECT_FALSE(options.oneQuery);
	ASSERT_TRUE(parse({"--one-query", "--single-transaction", "m"}, options, error));
	EXPECT_TRUE(options.inTransaction);
	EXPECT_FALSE(options.oneQuery);
}

TEST(Options, UsageErrors)
{
	Options options;
	std::string error;
	EXPECT_FALSE(parse({"--format=xml", "m"}, options, error));
	EXPECT_NE(error.find("unknown format \"xml\""), std::string::npos);
	EXPECT_FALSE(parse({"--severity=info", "m"}, options, error));
	EXPECT_FALSE(parse({"m", "-d"}, options, error));
	EXPECT_NE(error.find("needs a value"), std::string::npos);
	Options empty;
	EXPECT_FALSE(parse({}, empty, error));
	Options help;
	EXPECT_TRUE(parse({"--help"}, help, error));
	EXPECT_TRUE(help.help);
}

/* The transaction mode of a file that is one script */
std::optional<bool>
declared(const std::string &text, std::optional<std::string> diesel = std::nullopt,
		 std::optional<std::string> flyway = std::nullopt)
{
	std::vector<DeployedScript> scripts = deployedScripts(text, diesel, flyway);
	EXPECT_EQ(scripts.size(), 1u) << text;
	return scripts.empty() ? std::nullopt : scripts[0].inTransaction;
}

TEST(Conventions, EachToolsWayOfSayingNoTransaction)
{
	EXPECT_EQ(declared("-- no-transaction\nCREATE INDEX CONCURRENTLY ...;"), false);
	EXPECT_EQ(declared("SELECT 1;\n-- no-transaction\n"), std::nullopt); /* SQLx: the first bytes only */
	EXPECT_EQ(declared(" -- no-transaction\n"), std::nullopt);
	EXPECT_EQ(declared("-- no-transaction: CONCURRENTLY below\n"), false); /* as sql.starts_with() */
	EXPECT_EQ(declared("-- +goose Up\n-- +goose NO TRANSACTION\nCREATE ..."), false);
	EXPECT_EQ(declared("-- migrate:up transaction:false\nCREATE ...\n-- migrate:down\n"), false);
	EXPECT_EQ(declared("-- migrate:up transaction:true\nCREATE ...\n-- migrate:down\n"), true);
	EXPECT_EQ(declared("CREATE ...", std::string("run_in_transaction = false\n")), false);
	EXPECT_EQ(declared("CREATE ...", std::string("run_in_transaction = true\n")), true);
	EXPECT_EQ(declared("CREATE ...", std::string("# comment\nrun_in_transaction=false # why\n")), false);
	EXPECT_EQ(declared("CREATE ...", std::string("run_in_transaction = falsey\n")), std::nullopt);
	EXPECT_EQ(declared("CREATE ...", {}, std::string("executeInTransaction=false\n")), false);
	EXPECT_EQ(declared("CREATE ...", {}, std::string("encoding=UTF-8\nexecuteInTransaction = true\n")), true);
	EXPECT_EQ(declared("CREATE ..."), std::nullopt);
}

/* goose 3.19.1 and later: annotations without regard to case, and what goose refuses */
TEST(Conventions, GooseAnnotationsAsGooseReadsThem)
{
	for (const char *line : {"-- +goose NO TRANSACTION",
							 "-- +goose no transaction",
							 "-- +goose No Transaction",
							 "--+goose no transaction",
							 "-- +goose   NO TRANSACTION  \r",
							 "\xc2\xa0-- +goose no transaction", /* a no-break space: Go's TrimSpace */
							 "-- +goose no transaction --"})
		EXPECT_EQ(declared(std::string("-- +goose Up\n") + line + "\nCREATE ...;\n"), false) << line;
	for (const char *line : {" -- +goose NO TRANSACTION", /* goose refuses a leading blank */
							 "\t-- +goose no transaction",
							 "-- +goose NO  TRANSACTION", /* two spaces: not an annotation goose knows */
							 "-- +goose +goose NO TRANSACTION",
							 "-- +goose notransaction",
							 "-- goose NO TRANSACTION",
							 "SELECT 1; -- +goose NO TRANSACTION"})
		EXPECT_EQ(declared(std::string("-- +goose Up\n") + line + "\nCREATE ...;\n"), std::nullopt) << line;
	/* anywhere in the file, the Down section too */
	EXPECT_EQ(declared("-- +goose Up\nCREATE ...;\n-- +goose Down\n-- +goose no transaction\nDROP ...;\n"), false);
}

TEST(Conventions, GooseDownSectionIsBlankedKeepingLines)
{
	const std::string text = "-- +goose up\n"
							 "-- +goose StatementBegin\n"
							 "CREATE INDEX CONCURRENTLY i ON t (a);\n"
							 "-- +goose StatementEnd\n"
							 "-- +goose down\r\n"
							 "DROP INDEX \xc3\xa9;\r\n"
							 "-- +goose StatementBegin\n"
							 "ALTER TABLE t ADD UNIQUE (a);\n"
							 "-- +goose StatementEnd";
	std::vector<DeployedScript> scripts = deployedScripts(text, {}, {});
	ASSERT_EQ(scripts.size(), 1u);
	const std::string &sent = scripts[0].text;
	ASSERT_EQ(sent.size(), text.size());
	EXPECT_EQ(std::count(sent.begin(), sent.end(), '\n'), std::count(text.begin(), text.end(), '\n'));
	const std::size_t down = text.find("-- +goose down\r\n") + 16;
	EXPECT_EQ(sent.substr(0, down), text.substr(0, down));
	EXPECT_EQ(sent.substr(down),
			  "              \r\n"
			  "                        \n"
			  "                             \n"
			  "                      ");
	EXPECT_EQ(scripts[0].inTransaction, std::nullopt);

	/* the Down annotation as goose takes it: its name in any case, "+goose" as written, not after a blank */
	EXPECT_EQ(deployedScripts("-- +goose Up\nSELECT 1;\n-- +goose DOWN\nSELECT 2;\n", {}, {})[0].text,
			  "-- +goose Up\nSELECT 1;\n-- +goose DOWN\n         \n");
	EXPECT_EQ(deployedScripts("-- +goose Up\nSELECT 1;\n-- +GOOSE Down\nSELECT 2;\n", {}, {})[0].text,
			  "-- +goose Up\nSELECT 1;\n-- +GOOSE Down\nSELECT 2;\n");
	EXPECT_EQ(deployedScripts("-- +goose Up\nSELECT 1;\n  -- +goose Down\nSELECT 2;\n", {}, {})[0].text,
			  "-- +goose Up\nSELECT 1;\n  -- +goose Down\nSELECT 2;\n");
	/* goose refuses an Up after the Down; what follows it is checked */
	EXPECT_EQ(deployedScripts("-- +goose Up\nA;\n-- +goose Down\nB;\n-- +goose Up\nC;\n", {}, {})[0].text,
			  "-- +goose Up\nA;\n-- +goose Down\n  \n-- +goose Up\nC;\n");
	/* not a goose file: nothing is blanked */
	EXPECT_EQ(deployedScripts("SELECT 1;\n-- Down\nSELECT 2;\n", {}, {})[0].text, "SELECT 1;\n-- Down\nSELECT 2;\n");
}

/* dbmate 2.29 and later: several sections in a file, each with its own options */
TEST(Conventions, DbmateSectionsAndTheirDownBlocks)
{
	const std::string text = "-- the first comment\n"
							 "-- migrate:up transaction:false\n"
							 "CREATE INDEX CONCURRENTLY i ON t (a);\n"
							 "-- migrate:down\n"
							 "DROP INDEX i;\n"
							 "-- migrate:up\n"
							 "ALTER TABLE t ADD UNIQUE (a);\n"
							 "--migrate:down transaction:false\n"
							 "DROP INDEX CONCURRENTLY j;\n";
	std::vector<DeployedScript> scripts = deployedScripts(text, {}, {});
	ASSERT_EQ(scripts.size(), 2u);
	EXPECT_EQ(scripts[0].inTransaction, false);
	EXPECT_EQ(scripts[0].text,
			  "-- the first comment\n"
			  "-- migrate:up transaction:false\n"
			  "CREATE INDEX CONCURRENTLY i ON t (a);\n"
			  "               \n"
			  "             \n"
			  "             \n"
			  "                             \n"
			  "                                \n"
			  "                          \n");
	EXPECT_EQ(scripts[1].inTransaction, std::nullopt);
	EXPECT_EQ(scripts[1].text,
			  "                    \n"
			  "                               \n"
			  "                                     \n"
			  "               \n"
			  "             \n"
			  "-- migrate:up\n"
			  "ALTER TABLE t ADD UNIQUE (a);\n"
			  "                                \n"
			  "                          \n");

	/* dbmate's directive: "--" at the start of a line, then the keyword and a blank or the end */
	EXPECT_EQ(deployedScripts("-- migrate:up\nA;\n  -- migrate:down\nB;\n", {}, {})[0].text,
			  "-- migrate:up\nA;\n  -- migrate:down\nB;\n");
	EXPECT_EQ(deployedScripts("-- migrate:up\nA;\n-- migrate:downs\nB;\n", {}, {})[0].text,
			  "-- migrate:up\nA;\n-- migrate:downs\nB;\n");
	EXPECT_EQ(deployedScripts("-- migrate:up\nA;\n-- migrate:down", {}, {})[0].text,
			  "-- migrate:up\nA;\n               ");
	EXPECT_EQ(deployedScripts("--migrate:up\nA;\n-- MIGRATE:DOWN\nB;\n", {}, {})[0].text,
			  "--migrate:up\nA;\n-- MIGRATE:DOWN\nB;\n"); /* dbmate's directives have one case */
	/* the options: key:value words; transaction is off only when "false" */
	EXPECT_EQ(declared("-- migrate:up  foo:bar transaction:false \nA;\n"), false);
	EXPECT_EQ(declared("-- migrate:up transaction:false transaction:true\nA;\n"), true);
	EXPECT_EQ(declared("-- migrate:up transaction:FALSE\nA;\n"), true);
	EXPECT_EQ(declared("-- migrate:up transaction:false:x\nA;\n"), std::nullopt);
	EXPECT_EQ(declared("-- migrate:up\ntransaction:false\nA;\n"), std::nullopt); /* the directive's line only */
}

std::string
badByteAt(const std::string &text)
{
	std::optional<BadByte> bad = findBadByte(text);
	return bad ? std::to_string(bad->line) + ":" + std::to_string(bad->column) + " " + bad->message : "none";
}

TEST(Encoding, NulAndBytesThatAreNotUtf8)
{
	EXPECT_EQ(badByteAt("SELECT 1;\n"), "none");
	EXPECT_EQ(badByteAt(""), "none");
	/* two-, three- and four-byte characters, the last code point, the first after the surrogates */
	EXPECT_EQ(badByteAt("-- caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf \xee\x80\x80\n"), "none");

	EXPECT_EQ(badByteAt(std::string("SELECT 1;\nSELECT 'a\0b';\n", 23)),
			  "2:10 a NUL byte (0x00), which no PostgreSQL text can hold");
	const std::string hint = " (pgsafe-lint sends files as UTF-8: save it as UTF-8)";
	/* Latin-1: the column is in bytes, and the bytes shown are those the first one announces */
	EXPECT_EQ(badByteAt("SELECT 1;\r\n-- caf\xe9\nSELECT 2;\n"),
			  "2:7 invalid byte sequence for encoding \"UTF8\": 0xe9 0x0a 0x53" + hint);
	EXPECT_EQ(badByteAt("-- \xc3\xa9\x80\n"), "1:6 invalid byte sequence for encoding \"UTF8\": 0x80" + hint);
	EXPECT_EQ(badByteAt("\xc0\x80"),
			  "1:1 invalid byte sequence for encoding \"UTF8\": 0xc0 0x80" + hint); /* overlong */
	EXPECT_EQ(badByteAt("\xe0\x80\xaf"), "1:1 invalid byte sequence for encoding \"UTF8\": 0xe0 0x80 0xaf" + hint);
	EXPECT_EQ(badByteAt("\xed\xa0\x80"),
			  "1:1 invalid byte sequence for encoding \"UTF8\": 0xed 0xa0 0x80" + hint); /* a surrogate */
	EXPECT_EQ(badByteAt("\xf4\x90\x80\x80"),
			  "1:1 invalid byte sequence for encoding \"UTF8\": 0xf4 0x90 0x80 0x80" + hint); /* past U+10FFFF */
	EXPECT_EQ(badByteAt("\xf8\x88\x80\x80\x80"), "1:1 invalid byte sequence for encoding \"UTF8\": 0xf8" + hint);
	EXPECT_EQ(badByteAt("ab\xe2\x82"), "1:3 invalid byte sequence for encoding \"UTF8\": 0xe2 0x82" + hint); /* cut */
	EXPECT_EQ(badByteAt(std::string("\xe2\x82\0", 3)),
			  "1:1 invalid byte sequence for encoding \"UTF8\": 0xe2 0x82 0x00" + hint);
}

TEST(Conventions, WhoSendsAFileAsOneQuery)
{
	EXPECT_EQ(deployedScripts("-- no-transaction\nA;\n", {}, {})[0].oneQueryBy, "SQLx");
	EXPECT_EQ(deployedScripts("A;\n", std::string("run_in_transaction = false\n"), {})[0].oneQueryBy, "Diesel");
	EXPECT_EQ(deployedScripts("-- migrate:up transaction:false\nA;\n", {}, {})[0].oneQueryBy, "dbmate");
	/* goose and Flyway send the statements one by one */
	EXPECT_EQ(deployedScripts("-- +goose Up\n-- +goose NO TRANSACTION\nA;\n", {}, {})[0].oneQueryBy, "");
	EXPECT_EQ(deployedScripts("A;\n", {}, std::string("executeInTransaction=false\n"))[0].oneQueryBy, "");
}

TEST(Conventions, FlywayRunsSomeStatementsOutsideATransaction)
{
	const std::string cic = "-- the index\nCREATE INDEX CONCURRENTLY i ON t (a);\n";
	EXPECT_EQ(deployedScripts(cic, {}, {}, "V3__index.sql")[0].inTransaction, false);
	EXPECT_EQ(deployedScripts(cic, {}, {}, "R__index.sql")[0].inTransaction, false);
	EXPECT_EQ(deployedScripts(cic, {}, {}, "3_index.sql")[0].inTransaction, std::nullopt); /* not Flyway's */
	EXPECT_EQ(deployedScripts(cic, {}, std::string("executeInTransaction=true\n"), "V3__index.sql")[0].inTransaction,
			  true); /* the script configuration wins */
	for (const char *statement : {"create unique index concurrently i on t (a)",
								  "DROP INDEX CONCURRENTLY i",
								  "VACUUM t",
								  "vacuum",
								  "ALTER SYSTEM SET work_mem = '1MB'",
								  "CREATE DATABASE d",
								  "REINDEX VERBOSE SCHEMA s",
								  "DISCARD ALL"})
		EXPECT_EQ(deployedScripts(std::string("SELECT 1;\n") + statement + ";\n", {}, {}, "V1__x.sql")[0].inTransaction,
				  false)
			<< statement;
	/* not on Flyway's list: it runs them in its transaction, where PostgreSQL refuses some */
	for (const char *statement : {"CREATE INDEX i ON t (a)",
								  "REINDEX TABLE CONCURRENTLY t",
								  "ALTER TABLE t DETACH PARTITION p CONCURRENTLY",
								  "SELECT 'CREATE INDEX CONCURRENTLY'",
								  "-- CREATE INDEX CONCURRENTLY\nSELECT 1",
								  "ALTER TYPE e ADD VALUE 'x'"})
		EXPECT_EQ(deployedScripts(std::string(statement) + ";\n", {}, {}, "V1__x.sql")[0].inTransaction, std::nullopt)
			<< statement;
}

/* A scratch directory of empty files, removed at the end. */
class Folder
{
public:
	explicit Folder(std::vector<std::string> files)
	{
		root_ = std::filesystem::temp_directory_path() /
				("pgsafe-lint-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
				 ::testing::UnitTest::GetInstance()->current_test_info()->name());
		std::filesystem::remove_all(root_);
		for (const auto &file : files)
		{
			std::filesystem::create_directories((root_ / file).parent_path());
			std::ofstream(root_ / file) << "SELECT 1;\n";
		}
	}
	~Folder() { std::filesystem::remove_all(root_); }

	/* the files pgsafe-lint checks, in its order, relative to the folder */
	std::vector<std::string> order() const
	{
		std::vector<Migration> migrations;
		std::vector<std::string> unreadable;
		std::string error;
		EXPECT_TRUE(collectMigrations({root_.string()}, RunDefaults{}, migrations, unreadable, error)) << error;
		std::vector<std::string> paths;
		for (const auto &m : migrations)
			paths.push_back(std::filesystem::path(m.path).lexically_relative(root_).string());
		return paths;
	}

private:
	std::filesystem::path root_;
};

TEST(Order, NumbersInNamesAreComparedAsNumbers)
{
	Folder folder({"10_c.up.sql", "2_b.up.sql", "1_a.up.sql", "1_a.down.sql", "0003_c.up.sql"});
	EXPECT_EQ(folder.order(), (std::vector<std::string>{"1_a.up.sql", "2_b.up.sql", "0003_c.up.sql", "10_c.up.sql"}));
	Folder diesel({"2024-02-10-000000_b/up.sql", "2024-02-01-000000_a/up.sql", "2024-02-01-000000_a/down.sql"});
	EXPECT_EQ(diesel.order(), (std::vector<std::string>{"2024-02-01-000000_a/up.sql", "2024-02-10-000000_b/up.sql"}));
}

TEST(Order, FlywayVersionsAcrossFoldersThenRepeatables)
{
	Folder folder({"V10__j.sql",
				   "V2__b.sql",
				   "V1__a.sql",
				   "V1_1__a1.sql",
				   "later/V1.5__a5.sql",
				   "R__views.sql",
				   "R__functions.sql",
				   "U2__b.sql"});
	EXPECT_EQ(folder.order(),
			  (std::vector<std::string>{"V1__a.sql",
										"V1_1__a1.sql",
										"later/V1.5__a5.sql",
										"V2__b.sql",
										"V10__j.sql",
										"R__functions.sql",
										"R__views.sql"}));
	/* one file that is not Flyway's: paths in natural order, undo still left out */
	Folder mixed({"V2__b.sql", "V10__j.sql", "U2__b.sql", "README.sql"});
	EXPECT_EQ(mixed.order(), (std::vector<std::string>{"README.sql", "V2__b.sql", "V10__j.sql"}));
}

TEST(Statements, CountedAsPostgresSplitsAQuery)
{
	EXPECT_EQ(statementCount(""), 0);
	EXPECT_EQ(statementCount("-- only a comment\n/* and another; */\n"), 0);
	EXPECT_EQ(statementCount("CREATE INDEX CONCURRENTLY i ON t (a);"), 1);
	EXPECT_EQ(statementCount("CREATE INDEX CONCURRENTLY i ON t (a) -- no semicolon"), 1);
	EXPECT_EQ(statementCount("SELECT 1;;\n;"), 1); /* empty statements */
	EXPECT_EQ(statementCount("SELECT ';'; SELECT $$;$$; -- ;\nSELECT \"a;b\""), 3);
	EXPECT_EQ(statementCount("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $f$ SELECT 1; SELECT 2; $f$;\n"
							 "CREATE INDEX CONCURRENTLY i ON t (a);"),
			  2);
}

TEST(Escaping, JsonStrings)
{
	EXPECT_EQ(jsonString("a\"b\\c\nd\te\x01"), "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
	EXPECT_EQ(jsonString("\xc3\xa9"), "\"\xc3\xa9\""); /* UTF-8 passes through */
}

TEST(Escaping, GithubWorkflowCommands)
{
	EXPECT_EQ(githubData("100% done\r\nnext"), "100%25 done%0D%0Anext");
	EXPECT_EQ(githubProperty("a:b,c%"), "a%3Ab%2Cc%25");
}

Finding
finding(const std::string &rule, const std::string &severity, std::optional<std::string> suppressed = std::nullopt)
{
	Finding f;
	f.file = "m/001.sql";
	f.line = 3;
	f.column = 5;
	f.rule = rule;
	f.severity = severity;
	f.message = "message";
	f.detail = "Detail.";
	f.safeSql = "SELECT 1;\nSELECT 2;";
	f.suppressed = std::move(suppressed);
	return f;
}

TEST(Report, TextIsCompilerStyleAndLeavesSuppressedOut)
{
	std::vector<Finding> findings{finding("create-index", "error"),
								  finding("create-index", "error", "why"),
								  finding("unknown-relation", "warning")};
	Summary summary = summarize(findings, 2);
	EXPECT_EQ(summary.errors, 1);
	EXPECT_EQ(summary.warnings, 1);
	EXPECT_EQ(summary.suppressed, 1);

	std::ostringstream out;
	writeReport(out, Format::Text, findings, summary);
	EXPECT_EQ(out.str(),
			  "m/001.sql:3:5: error: message [create-index]\n"
			  "    Detail.\n"
			  "        SELECT 1;\n"
			  "        SELECT 2;\n"
			  "m/001.sql:3:5: warning: message [unknown-relation]\n"
			  "    Detail.\n"
			  "        SELECT 1;\n"
			  "        SELECT 2;\n"
			  "2 files checked: 1 error, 1 warning, 1 suppressed\n");
}

TEST(Report, GithubAnnotationsAreOneLineEach)
{
	std::vector<Finding> findings{finding("create-index", "error"), finding("unknown-relation", "warning")};
	std::ostringstream out;
	writeReport(out, Format::Github, findings, summarize(findings, 1));
	EXPECT_EQ(out.str(),
			  "::error file=m/001.sql,line=3,col=5,title=pgsafe create-index::message%0ADetail.%0ASELECT "
			  "1;%0ASELECT 2;\n"
			  "::warning file=m/001.sql,line=3,col=5,title=pgsafe unknown-relation::message%0ADetail.%0A"
			  "SELECT 1;%0ASELECT 2;\n"
			  "pgsafe-lint: 1 files checked, 1 errors, 1 warnings, 0 suppressed\n");
}

} /* namespace */
} /* namespace pgsafe::lint */
