/* pln-catalog.c: see pln-catalog.h. The .mo layout: a header of 32-bit
 * words (magic, revision, count, offset of the original strings table,
 * offset of the translations table), each table holding (length, offset)
 * pairs. We copy the pairs into a hash table once at load. */
#define G_LOG_DOMAIN "plenary-portal"

#include "config.h"

#include <string.h>

#include "pln-catalog.h"

#define MO_MAGIC         0x950412deU
#define MO_MAGIC_SWAPPED 0xde120495U

struct _PlnCatalog
{
  GBytes     *bytes;
  GHashTable *strings;   /* msgid → msgstr, both pointing into bytes */
};

static gboolean
read_word (const guint8 *data,
           gsize         size,
           gsize         offset,
           gboolean      swapped,
           guint32      *value)
{
  guint32 v;

  if (offset > size || size - offset < 4)
    return FALSE;
  memcpy (&v, data + offset, 4);
  *value = swapped ? GUINT32_SWAP_LE_BE (v) : v;
  return TRUE;
}

/* A (length, offset) pair pointing at a NUL-terminated string inside the file. */
static const char *
read_string (const guint8 *data,
             gsize         size,
             gsize         entry,
             gboolean      swapped)
{
  guint32 length, offset;

  if (!read_word (data, size, entry, swapped, &length) ||
      !read_word (data, size, entry + 4, swapped, &offset))
    return NULL;
  if ((gsize) offset >= size || size - offset <= length || data[offset + length] != '\0')
    return NULL;
  return (const char *)data + offset;
}

static void
parse (PlnCatalog *catalog)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (catalog->bytes, &size);
  guint32 magic, count, originals, translations;
  gboolean swapped;

  if (!read_word (data, size, 0, FALSE, &magic))
    return;
  if (magic != MO_MAGIC && magic != MO_MAGIC_SWAPPED)
    return;
  swapped = magic == MO_MAGIC_SWAPPED;

  if (!read_word (data, size, 8, swapped, &count) ||
      !read_word (data, size, 12, swapped, &originals) ||
      !read_word (data, size, 16, swapped, &translations))
    return;
  /* Both tables must fit in the file: a damaged count must not make us
   * loop four billion times (found by tests/fuzz/fuzz-catalog.c). */
  if (count > size / 8 ||
      (gsize) originals > size - 8 * (gsize) count ||
      (gsize) translations > size - 8 * (gsize) count)
    return;

  for (guint32 i = 0; i < count; i++)
    {
      const char *msgid = read_string (data, size, (gsize) originals + 8 * (gsize) i, swapped);
      const char *msgstr = read_string (data, size, (gsize) translations + 8 * (gsize) i, swapped);

      /* The empty msgid is the catalogue's header; plural and context
       * entries (with NULs or EOT inside) are looked up by their first form. */
      if (msgid == NULL || msgstr == NULL || *msgid == '\0' || *msgstr == '\0')
        continue;
      g_hash_table_insert (catalog->strings, (gpointer) msgid, (gpointer) msgstr);
    }
}

PlnCatalog *
pln_catalog_new_from_bytes (GBytes *bytes)
{
  PlnCatalog *catalog = g_new0 (PlnCatalog, 1);

  catalog->strings = g_hash_table_new (g_str_hash, g_str_equal);
  catalog->bytes = g_bytes_ref (bytes);
  parse (catalog);
  return catalog;
}

PlnCatalog *
pln_catalog_load (const char *localedir,
                  const char *domain,
                  const char *lang)
{
  g_autofree char *filename = NULL;
  g_autofree char *mo = g_strconcat (domain, ".mo", NULL);
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;

  filename = g_build_filename (localedir, lang, "LC_MESSAGES", mo, NULL);
  mapped = g_mapped_file_new (filename, FALSE, NULL);
  bytes = mapped ? g_mapped_file_get_bytes (mapped) : g_bytes_new_static ("", 0);
  return pln_catalog_new_from_bytes (bytes);
}

void
pln_catalog_free (PlnCatalog *catalog)
{
  if (catalog == NULL)
    return;
  g_hash_table_unref (catalog->strings);
  g_bytes_unref (catalog->bytes);
  g_free (catalog);
}

const char *
pln_catalog_lookup (PlnCatalog *catalog,
                    const char *msgid)
{
  const char *msgstr;

  if (catalog == NULL)
    return msgid;
  msgstr = g_hash_table_lookup (catalog->strings, msgid);
  return msgstr != NULL ? msgstr : msgid;
}

gboolean
pln_catalog_is_empty (PlnCatalog *catalog)
{
  return catalog == NULL || g_hash_table_size (catalog->strings) == 0;
}
