/* papers-tag.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "papers-tag.h"

struct _PapersTag
{
  GObject  parent_instance;

  char    *name;
  char    *color;
  guint    n_papers;
};

G_DEFINE_FINAL_TYPE (PapersTag, papers_tag, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_COLOR,
  PROP_N_PAPERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
papers_tag_finalize (GObject *object)
{
  PapersTag *self = (PapersTag *) object;

  g_free (self->name);
  g_free (self->color);

  G_OBJECT_CLASS (papers_tag_parent_class)->finalize (object);
}

static void
papers_tag_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  PapersTag *self = PAPERS_TAG (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_COLOR:
      g_value_set_string (value, self->color);
      break;
    case PROP_N_PAPERS:
      g_value_set_uint (value, self->n_papers);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_tag_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PapersTag *self = PAPERS_TAG (object);

  switch (prop_id)
    {
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_COLOR:
      self->color = g_value_dup_string (value);
      break;
    case PROP_N_PAPERS:
      self->n_papers = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
papers_tag_class_init (PapersTagClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = papers_tag_finalize;
  object_class->get_property = papers_tag_get_property;
  object_class->set_property = papers_tag_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_COLOR] = g_param_spec_string ("color", NULL, NULL, NULL, flags);
  properties[PROP_N_PAPERS] = g_param_spec_uint ("n-papers", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
papers_tag_init (PapersTag *self)
{
}

/**
 * papers_tag_new:
 * @name: the tag as the user spelled it
 * @color: "#rrggbb"
 * @n_papers: how many papers carry it
 *
 * Returns: (transfer full): a new tag; tags are immutable snapshots, the
 *   store's "tags-changed" signal says when to list them again
 */
PapersTag *
papers_tag_new (const char *name,
                const char *color,
                guint       n_papers)
{
  return g_object_new (PAPERS_TYPE_TAG, "name", name, "color", color, "n-papers", n_papers, NULL);
}

const char *papers_tag_get_name (PapersTag *self) { return self->name; }
const char *papers_tag_get_color (PapersTag *self) { return self->color; }
guint papers_tag_get_n_papers (PapersTag *self) { return self->n_papers; }

/**
 * papers_tag_dup_key:
 * @name: a tag name
 *
 * Returns: (transfer full): the key under which tags are unique: the name
 *   normalized and case-folded, so "ML", "ml" and "Ｍｌ" are one tag
 */
char *
papers_tag_dup_key (const char *name)
{
  g_autofree char *normalized = NULL;
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  stripped = g_strstrip (g_strdup (name));
  normalized = g_utf8_normalize (stripped, -1, G_NORMALIZE_ALL);
  if (normalized == NULL)
    return NULL;
  return g_utf8_casefold (normalized, -1);
}

/**
 * papers_tag_default_color:
 * @name: a tag name
 *
 * Returns: (transfer full): a color from a fixed palette, the same for the
 *   same name
 */
char *
papers_tag_default_color (const char *name)
{
  /* The GNOME palette, the 3 shades that read on light and dark. */
  static const char * const palette[] = {
    "#3584e4", "#33d17a", "#f6d32d", "#ff7800", "#e01b24", "#9141ac", "#986a44", "#77767b",
  };
  g_autofree char *key = papers_tag_dup_key (name);

  return g_strdup (palette[g_str_hash (key ? key : "") % G_N_ELEMENTS (palette)]);
}

/**
 * papers_tag_color_is_valid:
 * @color: (nullable): a color
 *
 * Returns: whether @color is "#rrggbb"
 */
gboolean
papers_tag_color_is_valid (const char *color)
{
  if (color == NULL || strlen (color) != 7 || color[0] != '#')
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (color[i]))
      return FALSE;
  return TRUE;
}
