/* papers-download.h: PDFs from arXiv, in the background, resumable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "papers-source-client.h"
#include "papers-store.h"

G_BEGIN_DECLS

typedef void (*PapersDownloadProgress) (goffset  received,
                                        goffset  total,
                                        gpointer user_data);

typedef struct
{
  char    *path;
  goffset  size;
  char    *sha256;
} PapersDownloadResult;

void                  papers_download_result_free             (PapersDownloadResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PapersDownloadResult, papers_download_result_free)

char                 *papers_download_default_directory       (void);
char                 *papers_download_path_for_id             (const char           *directory,
                                                               const char           *id);

void                  papers_source_client_download_pdf_async  (PapersSourceClient     *self,
                                                                const char             *id,
                                                                int                     version,
                                                                const char             *directory,
                                                                PapersDownloadProgress  progress,
                                                                gpointer                progress_data,
                                                                GCancellable           *cancellable,
                                                                GAsyncReadyCallback     callback,
                                                                gpointer                user_data);
PapersDownloadResult *papers_source_client_download_pdf_finish (PapersSourceClient     *self,
                                                                GAsyncResult           *result,
                                                                GError                **error);

void                  papers_source_download_to_library_async  (PapersSourceClient     *client,
                                                                PapersStore            *store,
                                                                PapersPaper            *paper,
                                                                PapersDownloadProgress  progress,
                                                                gpointer                progress_data,
                                                                GCancellable           *cancellable,
                                                                GAsyncReadyCallback     callback,
                                                                gpointer                user_data);
PapersDownloadResult *papers_source_download_to_library_finish (PapersSourceClient     *client,
                                                                GAsyncResult           *result,
                                                                GError                **error);

G_END_DECLS
