/* pln-importer.h: all-or-nothing CSV import of sites and people. */
#pragma once

#include "pln-store.h"

G_BEGIN_DECLS

#define PLN_IMPORT_ERROR (pln_import_error_quark ())

typedef enum
{
  PLN_IMPORT_ERROR_FORMAT,    /* not CSV, or not UTF-8: the file as a whole */
  PLN_IMPORT_ERROR_HEADER,    /* a missing, unknown or repeated column */
  PLN_IMPORT_ERROR_ROWS,      /* one or more rows are wrong: all are listed */
} PlnImportError;

typedef struct
{
  guint inserted;
  guint updated;
} PlnImportStats;

/* The header the files use, and the export writes. */
#define PLN_SITES_CSV_HEADER  "code,name,level,parent_code,district_code,address"
#define PLN_PEOPLE_CSV_HEADER "staff_number,name,title,site_code,phone,email"

GQuark   pln_import_error_quark (void);

/* Reads a sites CSV (header code,name,level,parent_code,district_code,
 * address; columns in any order, parent_code, district_code and address
 * may be left out) and writes it in one transaction: existing codes are
 * updated, new ones inserted, and every site's district is worked out.
 * A parent may be defined later in the file or be in the database already.
 * district_code, when given, must match the district the parents lead to.
 *
 * Every row is checked before anything is written; when a row is wrong
 * nothing is written and @error (PLN_IMPORT_ERROR_ROWS) lists every wrong
 * row, one per line: "row 4: level 'comune' is not one of …". */
gboolean pln_import_sites       (PlnStore        *store,
                                 const char      *data,
                                 gsize            length,
                                 PlnImportStats  *stats,
                                 GError         **error);

/* Reads a people CSV (header staff_number,name,title,site_code,phone,
 * email and optionally signin_code) the same way, keyed by staff number.
 * A person without a sign-in code keeps the one they have, and a new person
 * gets a new random one: PLN_SIGNIN_CODE_LENGTH characters of
 * PLN_SIGNIN_CODE_ALPHABET from the system's random source, unique
 * in the database. */
gboolean pln_import_people      (PlnStore        *store,
                                 const char      *data,
                                 gsize            length,
                                 PlnImportStats  *stats,
                                 GError         **error);

/* The portal signs people in by the code alone, so new codes are long
 * enough not to be guessed (about 49 bits) and have no look-alikes. A code
 * given in the file must have at least 8 characters. */
#define PLN_SIGNIN_CODE_ALPHABET "23456789abcdefghjkmnpqrstuvwxyz"
#define PLN_SIGNIN_CODE_LENGTH   10

/* A new random sign-in code from the system's random source. */
char    *pln_import_new_signin_code (void);

G_END_DECLS
