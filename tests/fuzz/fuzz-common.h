/* fuzz-common.h: checks shared by the fuzz targets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "papers-paper.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* A parser returns papers or a typed error: never both, never neither. */
static inline void
fuzz_check_papers (GPtrArray    *papers,
                   const GError *error)
{
  g_assert_true ((papers == NULL) != (error == NULL));
  for (guint i = 0; papers != NULL && i < papers->len; i++)
    g_assert_true (PAPERS_IS_PAPER (g_ptr_array_index (papers, i)));
}
