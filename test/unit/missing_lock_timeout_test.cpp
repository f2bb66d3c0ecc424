/*-------------------------------------------------------------------------
 *
 * missing_lock_timeout_test.cpp
 *		The missing-lock-timeout rule: how lock_timeout, pgsafe.lock_timeout
 *		and pgsafe.mode are followed over a script's transactions, and when
 *		a statement that would queue for its lock is reported.
 *
 * IDENTIFICATION
 *	  test/unit/missing_lock_timeout_test.cpp
 *
 *-------------------------------------------------------------------------
 */
#include <gtest/gtest.h>

#include "core/rules/missing_lock_timeout.hpp"

namespace pgsafe {
namespace {

LockTimeoutStart
unbounded()
{
	LockTimeoutStart start;
	start.lockTimeout = {0, "the server's"};
	start.pgsafeLockTimeout = {0, "the server's"};
	start.pgsafeMode = {1, "the server's"};
	start.role = "migrator";
	return start;
}

LockWait
alterTable(bool inBlock = true)
{
	LockWait wait;
	wait.operation = "ALTER TABLE";
	wait.relation = "public.orders";
	wait.lock = LockMode::AccessExclusive;
	wait.inBlock = inBlock;
	return wait;
}

TEST(FollowedSetting, SetLastsIfItsTransactionCommits)
{
	FollowedSetting s(0);
	s.set(2000, false, true);
	EXPECT_EQ(s.value(), 2000);
	EXPECT_TRUE(s.setByScript());
	s.transactionEnded(false);
	EXPECT_EQ(s.value(), 0);
	EXPECT_FALSE(s.setByScript());
	s.set(2000, false, true);
	s.transactionEnded(true);
	EXPECT_EQ(s.value(), 2000);
}

TEST(FollowedSetting, SetLocalEndsWithItsTransactionAndDoesNothingOutsideOne)
{
	FollowedSetting s(0);
	s.set(2000, true, false);
	EXPECT_EQ(s.value(), 0);
	s.set(2000, true, true);
	EXPECT_EQ(s.value(), 2000);
	s.transactionEnded(true);
	EXPECT_EQ(s.value(), 0);
}

TEST(FollowedSetting, SetAfterSetLocalWinsAndResetGoesBackToTheStart)
{
	FollowedSetting s(500);
	s.set(2000, true, true);
	s.set(3000, false, true);
	EXPECT_EQ(s.value(), 3000);
	s.transactionEnded(true);
	EXPECT_EQ(s.value(), 3000);
	s.set(std::nullopt, false, false);
	EXPECT_EQ(s.value(), 500);
	EXPECT_FALSE(s.setByScript());
}

TEST(MissingLockTimeout, TheFirstStatementOfAStretchIsReported)
{
	LockTimeoutFollower follower(unbounded());
	std::optional<LintFinding> f = follower.check(alterTable());
	ASSERT_TRUE(f);
	EXPECT_EQ(f->rule, kRuleMissingLockTimeout);
	EXPECT_EQ(f->severity, Severity::Warning);
	EXPECT_EQ(f->message,
			  "ALTER TABLE would wait for an ACCESS EXCLUSIVE lock on \"public.orders\" without a lock timeout");
	EXPECT_EQ(*f->lock, "ACCESS EXCLUSIVE");
	EXPECT_EQ(*f->blocks, "reads and writes");
	EXPECT_NE(f->detail->find("lock_timeout is 0 (the server's)"), std::string::npos);
	EXPECT_NE(f->hint->find("\nSET LOCAL lock_timeout = '5s';\n"), std::string::npos);
	EXPECT_NE(f->hint->find("ALTER ROLE migrator SET pgsafe.lock_timeout = '5s';"), std::string::npos);
	/* the rest of the stretch is not */
	EXPECT_FALSE(follower.check(alterTable()));
	/* a new script starts a new one */
	follower.scriptStarted();
	EXPECT_TRUE(follower.check(alterTable()));
}

TEST(MissingLockTimeout, OutsideATransactionTheHintSetsForTheSession)
{
	LockTimeoutFollower follower(unbounded());
	std::optional<LintFinding> f = follower.check(alterTable(false));
	ASSERT_TRUE(f);
	EXPECT_NE(f->hint->find("\nSET lock_timeout = '5s';\n"), std::string::npos);
}

TEST(MissingLockTimeout, ALockTimeoutOrPgsafesBoundIsEnough)
{
	LockTimeoutFollower follower(unbounded());
	follower.set(LockSetting::LockTimeout, 2000, false, false);
	EXPECT_TRUE(follower.bounded());
	EXPECT_FALSE(follower.check(alterTable()));
	follower.set(LockSetting::LockTimeout, 0, false, false);
	follower.set(LockSetting::PgsafeLockTimeout, 2000, false, false);
	EXPECT_TRUE(follower.bounded());
	/* pgsafe.mode off: pgsafe does not apply its bound */
	follower.set(LockSetting::PgsafeMode, 0, false, false);
	EXPECT_FALSE(follower.bounded());
	std::optional<LintFinding> f = follower.check(alterTable());
	ASSERT_TRUE(f);
	EXPECT_NE(f->detail->find("lock_timeout is 0 (set by the script)"), std::string::npos);
	EXPECT_NE(f->detail->find("pgsafe.lock_timeout (2s) because pgsafe.mode is off (set by the script)"),
			  std::string::npos);
}

TEST(MissingLockTimeout, StoredSettingsAreTheStart)
{
	LockTimeoutStart start = unbounded();
	start.lockTimeout = {4000, "stored for role \"migrator\""};
	LockTimeoutFollower follower(start);
	EXPECT_FALSE(follower.check(alterTable()));
	/* RESET goes back to the stored value */
	follower.set(LockSetting::LockTimeout, 0, false, false);
	EXPECT_FALSE(follower.bounded());
	follower.set(LockSetting::LockTimeout, std::nullopt, false, false);
	EXPECT_TRUE(follower.bounded());
}

TEST(MissingLockTimeout, AStretchEndsWhenABoundComesOrGoes)
{
	LockTimeoutFollower follower(unbounded());
	EXPECT_TRUE(follower.check(alterTable()));
	/* SET LOCAL in a transaction, then its end: reported again after it */
	follower.set(LockSetting::LockTimeout, 2000, true, true);
	EXPECT_FALSE(follower.check(alterTable()));
	follower.transactionEnded(true);
	EXPECT_TRUE(follower.check(alterTable()));
	/* a commit that changes nothing continues the stretch */
	follower.transactionEnded(true);
	EXPECT_FALSE(follower.check(alterTable()));
	/* RESET ALL starts a new one */
	follower.resetAll(false);
	EXPECT_TRUE(follower.check(alterTable()));
}

TEST(MissingLockTimeout, DurationsAreWrittenAsShowWritesThem)
{
	LockTimeoutStart start = unbounded();
	start.pgsafeLockTimeout = {90000, "stored for role \"migrator\""};
	start.pgsafeMode = {0, "stored for role \"migrator\""};
	LockTimeoutFollower follower(start);
	std::optional<LintFinding> f = follower.check(alterTable());
	ASSERT_TRUE(f);
	EXPECT_NE(f->detail->find("pgsafe.lock_timeout (90s) because pgsafe.mode is off (stored for role"),
			  std::string::npos);
}

} /* namespace */
} /* namespace pgsafe */
