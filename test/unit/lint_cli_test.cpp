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

TEST(Conventions, EachToolsWayOfSayingNoTransaction)
{
	EXPECT_EQ(declaredTransaction("-- no-transaction\nCREATE INDEX CONCURRENTLY ...;", {}, {}), false);
	EXPECT_EQ(declaredTransaction("SELECT 1;\n-- no-transaction\n", {}, {}), std::nullopt); /* SQLx: first line only */
	EXPECT_EQ(declaredTransaction("-- +goose Up\n-- +goose NO TRANSACTION\nCREATE ...", {}, {}), false);
	EXPECT_EQ(declaredTransaction("-- migrate:up transaction:false\nCREATE ...", {}, {}), false);
	EXPECT_EQ(declaredTransaction("CREATE ...", std::string("run_in_transaction = false\n"), {}), false);
	EXPECT_EQ(declaredTransaction("CREATE ...", std::string("run_in_transaction = true\n"), {}), true);
	EXPECT_EQ(declaredTransaction("CREATE ...", {}, std::string("executeInTransaction=false\n")), false);
	EXPECT_EQ(declaredTransaction("CREATE ...", {}, {}), std::nullopt);
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
