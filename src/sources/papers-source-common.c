/* papers-source-common.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "papers-source-common.h"
#include "papers-text.h"

G_DEFINE_QUARK (papers-source-error-quark, papers_source_error)

/**
 * papers_source_clean_text:
 * @text: (nullable): a title or an abstract as a service sends it
 * @len: the length of @text in bytes, or -1 if it is nul-terminated
 *
 * Services hard-wrap titles and abstracts ("…Scaling for\n  Contrastive
 * Loss") and pad them with white space.  Every run of white space becomes
 * one space and the ends are trimmed; invalid UTF-8 is replaced, so what
 * comes out is always safe to show and store, and text encoded twice
 * ("WÃ¼bben") is repaired (papers_text_repair_double_utf8()).
 *
 * Returns: (transfer full) (nullable): the cleaned text, or %NULL when
 *   nothing but white space is left
 */
char *
papers_source_clean_text (const char *text,
                          gssize      len)
{
  g_autofree char *repaired = NULL;
  g_autofree char *decoded = NULL;
  const char *p, *end;
  char *out, *o;

  if (text == NULL)
    return NULL;

  if (len < 0)
    len = strlen (text);
  if (!g_utf8_validate_len (text, len, NULL))
    {
      repaired = g_utf8_make_valid (text, len);
      text = repaired;
      len = strlen (repaired);
    }
  decoded = papers_text_repair_double_utf8 (text, len);
  if (decoded != NULL)
    {
      text = decoded;
      len = strlen (decoded);
    }

  /* One pass into a buffer of the input's size: this runs for every title,
   * abstract and author of every listing. */
  out = o = g_malloc (len + 1);
  end = text + len;
  for (p = text; p < end && *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          if (o > out && o[-1] != ' ')
            *o++ = ' ';
        }
      else
        *o++ = *p;
    }
  if (o > out && o[-1] == ' ')
    o--;
  *o = '\0';

  if (o == out)
    {
      g_free (out);
      return NULL;
    }

  return out;
}

/**
 * papers_source_set_bad_response:
 * @error: return location for a #GError
 * @service: the service's name as users know it ("Hugging Face", "arXiv")
 * @format: printf-style detail for the debug log
 *
 * Sets a %PAPERS_SOURCE_ERROR_BAD_RESPONSE error with a message a user
 * understands; the technical detail goes to the debug log only.
 */
void
papers_source_set_bad_response (GError     **error,
                                const char  *service,
                                const char  *format,
                                ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_debug ("%s: bad response: %s", service, detail);
  g_set_error (error, PAPERS_SOURCE_ERROR, PAPERS_SOURCE_ERROR_BAD_RESPONSE,
               /* Translators: %s is a service, "Hugging Face" or "arXiv" */
               _("%s sent an answer Papers does not understand. Try again later."),
               service);
}
