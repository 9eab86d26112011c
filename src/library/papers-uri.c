/* papers-uri.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-uri.h"

/**
 * papers_uri_is_web:
 * @uri: (nullable): an address from a listing, a paper's links or a PDF
 *
 * Links come from the network and from documents, so anything but a
 * well-formed http or https address with a host is refused: no file:,
 * javascript:, data:, smb: or desktop-specific schemes, and nothing a URI
 * launcher could misread.
 *
 * Returns: whether Papers may open @uri
 */
gboolean
papers_uri_is_web (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  const char *scheme;
  const char *host;

  if (uri == NULL || *uri == '\0' || strlen (uri) > 8192)
    return FALSE;

  /* Control characters and white space have no place in an address. */
  for (const char *p = uri; *p != '\0'; p++)
    if ((guchar) *p <= 0x20 || *p == 0x7f)
      return FALSE;

  parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
  if (parsed == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (parsed);
  host = g_uri_get_host (parsed);
  return scheme != NULL && host != NULL && *host != '\0' &&
         (g_ascii_strcasecmp (scheme, "https") == 0 || g_ascii_strcasecmp (scheme, "http") == 0);
}
