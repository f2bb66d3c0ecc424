/*-------------------------------------------------------------------------
 *
 * reporter.hpp
 *		Turn a finding into a WARNING, a LOG entry or an ERROR.
 *
 * IDENTIFICATION
 *	  src/report/reporter.hpp
 *
 *-------------------------------------------------------------------------
 */
#pragma once

#include "adapter/prelude.hpp"

/*
 * The SQLSTATE of every pgsafe report: class PS ("pgsafe") lies in the range
 * the SQL standard leaves to implementations and that PostgreSQL does not
 * use, so migration tools can catch pgsafe's rejections and nothing else.
 */
#define ERRCODE_PGSAFE_BLOCKING_DDL MAKE_SQLSTATE('P', 'S', '0', '0', '1')

/* A report ready for ereport: palloc'd strings, no C++ objects. */
typedef struct PgsafeReport
{
	char *message;
	char *detail;
	char *hint;
	char *rules;
} PgsafeReport;

/* Report per pgsafe.mode; in error mode this does not return. */
extern void pgsafe_report(const PgsafeReport *report, int mode);

/* pgsafe itself failed to analyse a statement. */
extern void pgsafe_report_failure(const char *what, int mode);
