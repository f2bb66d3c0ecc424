/*-------------------------------------------------------------------------
 *
 * pure.hpp
 *		Compile-time guard that keeps PostgreSQL out of the decision layer.
 *
 * Every source file in src/core includes this header after its other
 * includes.  If a PostgreSQL header (postgres.h, c.h) slipped in, directly or
 * through another header, the build fails here: the rules and the advice
 * must stay plain C++ that unit tests can run without a server, and that can
 * never longjmp.
 *
 * IDENTIFICATION
 *	  src/core/pure.hpp
 *
 *-------------------------------------------------------------------------
 */
#if defined(POSTGRES_H) || defined(C_H) || defined(POSTGRES_FE_H)
#error "src/core must not include PostgreSQL headers"
#endif
