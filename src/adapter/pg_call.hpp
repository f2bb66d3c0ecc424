/*-------------------------------------------------------------------------
 *
 * pg_call.hpp
 *		Call PostgreSQL from C++ code without letting an ERROR longjmp over it.
 *
 * An ereport(ERROR) is a siglongjmp to the nearest PG_TRY.  Jumping over a
 * C++ frame skips its destructors, so C++ code that holds strings or
 * vectors may call PostgreSQL only through pgCall(): the call runs inside
 * its own PG_TRY, and an ERROR comes back as a PgError exception that
 * unwinds the C++ frames normally.  The entry point that started the C++
 * work runs it through atBoundary(), which catches it, and re-raises the
 * original error with ReThrowError once no C++ object is alive any more.
 *
 * The function passed to pgCall must itself be C-style: plain PostgreSQL
 * calls on plain data, no objects with destructors, and it must return a
 * trivially destructible value.  It must be declared noexcept, which the
 * compiler checks: a C++ exception thrown between PG_TRY and PG_END_TRY
 * would leave PostgreSQL's error stack pointing into a dead frame, so a
 * lambda that might throw is refused at compile time rather than at run time.
 *
 * IDENTIFICATION
 *	  src/adapter/pg_call.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include <exception>
#include <type_traits>

#include "adapter/prelude.hpp"

namespace pgsafe {

/* A PostgreSQL ERROR in flight through C++ frames; data lives in the caller's memory context. */
class PgError
{
public:
	explicit PgError(ErrorData *data) : data_(data) {}
	ErrorData *data() const { return data_; }

private:
	ErrorData *data_;
};

/*
 * GCC cannot see that `result` is read only when no longjmp happened, and
 * warns that it might be clobbered; it is not.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wclobbered"

template <typename Fn>
auto
pgCall(Fn &&fn) -> decltype(fn())
{
	using Result = decltype(fn());
	static_assert(std::is_void_v<Result> || std::is_trivially_destructible_v<Result>, "pgCall returns plain data only");
	static_assert(std::is_nothrow_invocable_v<Fn &>, "pgCall runs noexcept functions only");

	MemoryContext callerContext = CurrentMemoryContext;
	ErrorData *volatile error = nullptr;

	if constexpr (std::is_void_v<Result>)
	{
		PG_TRY();
		{
			fn();
		}
		PG_CATCH();
		{
			MemoryContextSwitchTo(callerContext);
			error = CopyErrorData();
			FlushErrorState();
		}
		PG_END_TRY();
		if (error)
			throw PgError(error);
	}
	else
	{
		Result result{};

		PG_TRY();
		{
			result = fn();
		}
		PG_CATCH();
		{
			MemoryContextSwitchTo(callerContext);
			error = CopyErrorData();
			FlushErrorState();
		}
		PG_END_TRY();
		if (error)
			throw PgError(error);
		return result;
	}
}

#pragma GCC diagnostic pop

/*
 * CHECK_FOR_INTERRUPTS() for C++ loops: a query cancel, statement_timeout or
 * a terminate request arrives as a PgError, so the loop's frames unwind.
 * Reading the flag first keeps the common case free of PG_TRY.
 */
inline void
checkForInterrupts()
{
	if (INTERRUPTS_PENDING_CONDITION())
		pgCall([]() noexcept { CHECK_FOR_INTERRUPTS(); });
}

/* Errors that were meant for the statement, not for pgsafe: a query cancel, statement_timeout, lock_timeout. */
inline bool
isInterrupt(const ErrorData *error)
{
	return error->sqlerrcode == ERRCODE_QUERY_CANCELED || error->sqlerrcode == ERRCODE_LOCK_NOT_AVAILABLE;
}

/*
 * Run C++ work that calls PostgreSQL in an internal subtransaction, so
 * that a PostgreSQL error it raises leaves nothing half done: the
 * subtransaction is rolled back, releasing whatever the work held, and the
 * error comes back (nullptr when the work succeeded).  A cancel or timeout
 * is not pgsafe's to contain and is thrown on, as is a C++ exception; the
 * subtransaction is rolled back for them too.  The work allocates in the
 * caller's memory context, which outlives the subtransaction.
 */
template <typename Work>
ErrorData *
contained(Work &&work)
{
	MemoryContext context = CurrentMemoryContext;
	ResourceOwner owner = CurrentResourceOwner;
	auto end = [context, owner](bool commit) {
		if (commit)
			pgCall([]() noexcept { ReleaseCurrentSubTransaction(); });
		else
			pgCall([]() noexcept { RollbackAndReleaseCurrentSubTransaction(); });
		MemoryContextSwitchTo(context);
		CurrentResourceOwner = owner;
	};

	pgCall([]() noexcept { BeginInternalSubTransaction(NULL); });
	/* the subtransaction's resource owner tracks what the work acquires; its memory is the caller's */
	MemoryContextSwitchTo(context);
	try
	{
		work();
	}
	catch (const PgError &error)
	{
		end(false);
		if (isInterrupt(error.data()))
			throw;
		return error.data();
	}
	catch (...)
	{
		end(false);
		throw;
	}
	end(true);
	return nullptr;
}

/*
 * A memory context for the PostgreSQL allocations of one step of a long
 * loop (a statement of a script): enter() before the step, leave() after,
 * which empties it, so a script of 100 000 statements needs the memory of
 * one.  A step left by an error keeps what it allocated -- the error's own
 * data may be there -- until the parent context goes.
 */
class ScratchContext
{
public:
	ScratchContext()
		: context_(pgCall([]() noexcept {
			  return AllocSetContextCreate(CurrentMemoryContext, "pgsafe statement", ALLOCSET_DEFAULT_SIZES);
		  }))
	{
	}
	~ScratchContext()
	{
		if (outer_)
			MemoryContextSwitchTo(outer_);
	}
	ScratchContext(const ScratchContext &) = delete;
	ScratchContext &operator=(const ScratchContext &) = delete;

	void enter() { outer_ = MemoryContextSwitchTo(context_); }
	void leave()
	{
		MemoryContextSwitchTo(outer_);
		outer_ = nullptr;
		MemoryContext context = context_;
		pgCall([context]() noexcept { MemoryContextReset(context); });
	}

private:
	MemoryContext context_;
	MemoryContext outer_ = nullptr;
};

/*
 * check_stack_depth() for the recursions pgsafe runs itself, and a walk
 * that raises PostgreSQL's "stack depth limit exceeded" before a PostgreSQL
 * function without a check of its own (FigureIndexColname(), ...) is given
 * a raw expression too deep for the stack.  Both raise the error inside
 * pgCall, so it arrives as a PgError.
 */
void checkRawTreeDepth(Node *node);

/* How C++ work started from PostgreSQL ended: plain data, nothing to destroy. */
struct BoundaryOutcome
{
	ErrorData *pgError = nullptr; /* a PostgreSQL ERROR, to re-raise with ReThrowError */
	bool failed = false;          /* a C++ exception: failure says what */
	char failure[256] = "";
};
static_assert(std::is_trivially_destructible_v<BoundaryOutcome>, "nothing to destroy when an error is re-raised");

/*
 * Run C++ work from a C-style entry point.  No exception leaves it: the
 * caller, once this frame and the work's are gone, re-raises pgError or
 * reports failure.
 */
template <typename Work>
BoundaryOutcome
atBoundary(Work &&work) noexcept
{
	BoundaryOutcome outcome;

	try
	{
		work();
	}
	catch (const PgError &error)
	{
		outcome.pgError = error.data();
	}
	catch (const std::exception &exception)
	{
		outcome.failed = true;
		strlcpy(outcome.failure, exception.what(), sizeof(outcome.failure));
	}
	catch (...)
	{
		outcome.failed = true;
		strlcpy(outcome.failure, "unknown exception", sizeof(outcome.failure));
	}
	return outcome;
}

} /* namespace pgsafe */
