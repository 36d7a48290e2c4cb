/* pln-application.h: the AdwApplication of Plenary. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PLN_TYPE_APPLICATION (pln_application_get_type ())
G_DECLARE_FINAL_TYPE (PlnApplication, pln_application, PLN, APPLICATION, AdwApplication)

PlnApplication *pln_application_new (const char *db_path);

G_END_DECLS
