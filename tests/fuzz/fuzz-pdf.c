/* fuzz-pdf.c: libFuzzer target for opening a PDF through the viewer's
 * document layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "papers-document.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static char *path;

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PapersDocument) document = NULL;

  /* The document layer opens files; one scratch file per fuzzing process. */
  if (path == NULL)
    path = g_strdup_printf ("%s/papers-fuzz-pdf-%d.pdf", g_get_tmp_dir (), (int) getpid ());
  g_assert_true (g_file_set_contents (path, (const char *) data, size, NULL));
  file = g_file_new_for_path (path);

  document = papers_document_load (file, NULL, NULL, &error);
  g_assert_true ((document == NULL) != (error == NULL));
  if (document != NULL)
    {
      int n = papers_document_get_n_pages (document);

      g_assert_cmpint (n, >=, 0);
      for (int i = 0; i < n && i < 8; i++)
        {
          double width = 0, height = 0;

          papers_document_get_page_size (document, i, &width, &height);
          g_assert_true (width >= 0 && height >= 0);
        }
    }

  return 0;
}
