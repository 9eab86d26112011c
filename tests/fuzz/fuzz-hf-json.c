/* fuzz-hf-json.c: libFuzzer target for the Hugging Face JSON parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "papers-hf-parser.h"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) paper_error = NULL;
  g_autoptr(GPtrArray) papers = NULL;
  g_autoptr(PapersPaper) paper = NULL;

  papers = papers_hf_parse_listing (body, "https://huggingface.co", "https://arxiv.org", &error);
  fuzz_check_papers (papers, error);

  paper = papers_hf_parse_paper (body, "https://huggingface.co", "https://arxiv.org", &paper_error);
  g_assert_true ((paper == NULL) != (paper_error == NULL));

  return 0;
}
