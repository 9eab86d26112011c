/* papers-arxiv-id.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-arxiv-id.h"

/* Ids are short; anything longer than this is not one, and refusing it
 * early keeps hostile input (megabytes of text) away from the regexes. */
#define MAX_ID_INPUT 512

static GRegex *
id_regex (void)
{
  static GRegex *regex;

  if (g_once_init_enter_pointer (&regex))
    {
      /* New style: YYMM.NNNN (2007–2014) or YYMM.NNNNN (2015 on).
       * Old style: archive(.SUBJ)/YYMMNNN, e.g. hep-th/9603067, math.GT/0309136. */
      GRegex *r = g_regex_new ("^(?:"
                               "(?<new>[0-9]{4}\\.[0-9]{4,5})"
                               "|"
                               "(?<old>[a-z]+(?:-[a-z]+)?(?:\\.[A-Z]{2})?/[0-9]{7})"
                               ")(?:v(?<ver>[0-9]{1,4}))?$",
                               G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave_pointer (&regex, r);
    }

  return regex;
}

static gboolean
month_is_valid (const char *id)
{
  int month;

  /* The first four digits of a new-style id are YYMM. */
  if (!g_ascii_isdigit (id[0]) || id[4] != '.')
    return TRUE;
  month = (id[2] - '0') * 10 + (id[3] - '0');
  return month >= 1 && month <= 12;
}

static gboolean
match_bare (const char  *text,
            char       **id,
            int         *version)
{
  g_autoptr(GMatchInfo) info = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *old_id = NULL;
  g_autofree char *ver = NULL;

  if (!g_regex_match (id_regex (), text, 0, &info))
    return FALSE;

  new_id = g_match_info_fetch_named (info, "new");
  old_id = g_match_info_fetch_named (info, "old");
  ver = g_match_info_fetch_named (info, "ver");

  if (new_id != NULL && *new_id != '\0')
    {
      if (!month_is_valid (new_id))
        return FALSE;
      if (id)
        *id = g_steal_pointer (&new_id);
    }
  else if (id)
    *id = g_steal_pointer (&old_id);

  if (version)
    *version = (ver != NULL && *ver != '\0') ? atoi (ver) : 0;

  return TRUE;
}

/**
 * papers_arxiv_id_parse:
 * @text: what the user typed or pasted
 * @id: (out) (optional) (transfer full): the unversioned id
 * @version: (out) (optional): the version, or 0 when none was given
 *
 * Accepts `2401.01234`, `2401.01234v2`, `arXiv:2401.01234`,
 * `https://arxiv.org/abs/2401.01234v2`, `https://arxiv.org/pdf/2401.01234`,
 * `…/pdf/2401.01234v2.pdf`, `https://huggingface.co/papers/2401.01234` and
 * old-style ids such as `hep-th/9603067`, with surrounding white space.
 *
 * Returns: %TRUE if @text names an arXiv paper
 */
gboolean
papers_arxiv_id_parse (const char  *text,
                       char       **id,
                       int         *version)
{
  g_autofree char *s = NULL;
  const char *p;
  gsize len;

  if (id)
    *id = NULL;
  if (version)
    *version = 0;

  if (text == NULL)
    return FALSE;

  len = strnlen (text, MAX_ID_INPUT + 1);
  if (len > MAX_ID_INPUT || !g_utf8_validate_len (text, len, NULL))
    return FALSE;

  s = g_strstrip (g_strndup (text, len));
  p = s;

  if (g_ascii_strncasecmp (p, "arxiv:", 6) == 0)
    p += 6;
  else if (strstr (p, "://") != NULL)
    {
      g_autoptr(GUri) uri = g_uri_parse (p, G_URI_FLAGS_NONE, NULL);
      const char *host;
      const char *path;
      const char *rest = NULL;
      static const char * const prefixes[] = { "/abs/", "/pdf/", "/papers/", "/html/" };
      g_autofree char *tail = NULL;

      if (uri == NULL)
        return FALSE;

      host = g_uri_get_host (uri);
      path = g_uri_get_path (uri);
      if (host == NULL || path == NULL)
        return FALSE;
      if (!g_str_has_suffix (host, "arxiv.org") && !g_str_has_suffix (host, "huggingface.co"))
        return FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (prefixes) && rest == NULL; i++)
        if (g_str_has_prefix (path, prefixes[i]))
          rest = path + strlen (prefixes[i]);
      if (rest == NULL)
        return FALSE;

      tail = g_strdup (rest);
      if (g_str_has_suffix (tail, ".pdf"))
        tail[strlen (tail) - 4] = '\0';
      if (g_str_has_suffix (tail, "/"))
        tail[strlen (tail) - 1] = '\0';

      return match_bare (tail, id, version);
    }

  return match_bare (p, id, version);
}

/**
 * papers_arxiv_id_is_valid:
 * @id: an unversioned id
 *
 * Returns: %TRUE if @id is exactly an unversioned arXiv id
 */
gboolean
papers_arxiv_id_is_valid (const char *id)
{
  int version = -1;

  if (id == NULL || strstr (id, "://") != NULL || g_ascii_strncasecmp (id, "arxiv:", 6) == 0)
    return FALSE;

  return match_bare (id, NULL, &version) && version == 0;
}

/**
 * papers_arxiv_id_to_filename:
 * @id: a paper's key
 *
 * Derives a file name from a paper's key alone.  Only ASCII letters, digits,
 * '.' and '-' survive; '/' in old-style ids becomes '_'; everything else
 * becomes '_'.  Leading dots are replaced so the result is never hidden,
 * never "." or "..", and it is cut to a length every file system takes.
 *
 * Returns: (transfer full) (nullable): a safe file name stem, or %NULL for an
 *   empty @id
 */
char *
papers_arxiv_id_to_filename (const char *id)
{
  GString *out;

  if (id == NULL || *id == '\0')
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = id; *p != '\0' && out->len < 128; p++)
    {
      char c = *p;

      if (g_ascii_isalnum (c) || c == '-' || (c == '.' && out->len > 0))
        g_string_append_c (out, c);
      else
        g_string_append_c (out, '_');
    }

  return g_string_free (out, FALSE);
}
