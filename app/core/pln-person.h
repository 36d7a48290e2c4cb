/* pln-person.h: a member of staff or a delegate, belonging to a site. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS
#define PLN_TYPE_PERSON (pln_person_get_type ())
G_DECLARE_FINAL_TYPE (PlnPerson, pln_person, PLN, PERSON, GObject)

PlnPerson *pln_person_new (void);
gint64 pln_person_get_id (PlnPerson *self);
void pln_person_set_id (PlnPerson *self, gint64 id);
const char *pln_person_get_staff_number (PlnPerson *self);
void pln_person_set_staff_number (PlnPerson *self, const char *staff_number);
const char *pln_person_get_name (PlnPerson *self);
void pln_person_set_name (PlnPerson *self, const char *name);
const char *pln_person_get_title (PlnPerson *self);
void pln_person_set_title (PlnPerson *self, const char *title);
gint64 pln_person_get_site_id (PlnPerson *self);
void pln_person_set_site_id (PlnPerson *self, gint64 site_id);
const char *pln_person_get_site_name (PlnPerson *self);
void pln_person_set_site_name (PlnPerson *self, const char *site_name);
const char *pln_person_get_phone (PlnPerson *self);
void pln_person_set_phone (PlnPerson *self, const char *phone);
const char *pln_person_get_email (PlnPerson *self);
void pln_person_set_email (PlnPerson *self, const char *email);
const char *pln_person_get_signin_code (PlnPerson *self);
void pln_person_set_signin_code (PlnPerson *self, const char *signin_code);

G_END_DECLS
